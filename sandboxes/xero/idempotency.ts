import { type SandboxResponse } from '../framework/server';

/**
 * Idempotency-Key on PUT/POST (https://developer.xero.com/documentation/guides/idempotent-requests/idempotency):
 * at most 128 characters; a retry with the same key and the same request gets
 * the original response back without the write happening again; the same key on
 * a different request (method, path, query or body) is refused. Keys are kept
 * for 24 hours. Only committed (2xx) outcomes are remembered, so a request that
 * failed validation can be corrected and retried under the same key.
 */

export const IDEMPOTENCY_KEY_MAX = 128;
const RETENTION_MS = 24 * 3600 * 1000;

interface Remembered {
  fingerprint: string;
  response: SandboxResponse;
  atMs: number;
}

/** Canonical JSON (sorted keys), so key order in the SDK's serialisation never matters. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as { [k: string]: unknown };
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export type IdempotencyOutcome = { kind: 'replay'; response: SandboxResponse } | { kind: 'conflict' } | { kind: 'new' };

export class IdempotencyStore {
  private readonly seen = new Map<string, Remembered>();

  check(key: string, fingerprint: string, nowMs: number): IdempotencyOutcome {
    const prior = this.seen.get(key);
    if (!prior || nowMs - prior.atMs > RETENTION_MS) return { kind: 'new' };
    if (prior.fingerprint !== fingerprint) return { kind: 'conflict' };
    return { kind: 'replay', response: structuredClone(prior.response) };
  }

  remember(key: string, fingerprint: string, response: SandboxResponse, nowMs: number): void {
    if (response.status >= 200 && response.status < 300) this.seen.set(key, { fingerprint, response: structuredClone(response), atMs: nowMs });
  }

  clear(): void {
    this.seen.clear();
  }

  get size(): number {
    return this.seen.size;
  }
}
