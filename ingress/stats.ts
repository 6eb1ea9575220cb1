/**
 * Ingress counters. Rejections are counted by a fixed set of reasons (not by
 * the verifier's free-text reason) so the stats stay bounded under attack.
 */

export const REJECT_REASONS = [
  'not_found',
  'unknown_connector',
  'method_not_allowed',
  'body_too_large',
  'bad_signature',
  'malformed',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** 5xx outcomes: our failure, the vendor retries later; nothing was acked. */
export const FAILURE_REASONS = ['store_unavailable', 'verifier_failed', 'route_failed'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface IngressStats {
  /** Every HTTP request seen, health checks included. */
  received: number;
  /** Verified deliveries newly written to the outbox (acked 200). */
  accepted: number;
  /** Verified deliveries whose event id was already taken (acked 200, nothing enqueued). */
  duplicate: number;
  /** Verified deliveries no flow cares about (acked 200, nothing enqueued). */
  ignored: number;
  rejected: Record<RejectReason, number>;
  failed: Record<FailureReason, number>;
  /** Request streams that broke before a response (client hung up mid-body). */
  aborted: number;
}

export function emptyStats(): IngressStats {
  return {
    received: 0,
    accepted: 0,
    duplicate: 0,
    ignored: 0,
    rejected: zeroes(REJECT_REASONS),
    failed: zeroes(FAILURE_REASONS),
    aborted: 0,
  };
}

export function copyStats(s: IngressStats): IngressStats {
  return { ...s, rejected: { ...s.rejected }, failed: { ...s.failed } };
}

export function totalRejected(s: IngressStats): number {
  let n = 0;
  for (const r of REJECT_REASONS) n += s.rejected[r];
  return n;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}
