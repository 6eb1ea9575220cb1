import { type SandboxResponse } from '../framework/server';
import { idempotencyEndpointMismatch, idempotencyMismatch, StripeApiError } from './errors';

/**
 * Idempotent requests (https://docs.stripe.com/api/idempotent_requests):
 * - only POST requests take an `Idempotency-Key` (GET and DELETE are idempotent by definition);
 * - the first result is saved, status code and body, "including 500 errors",
 *   and replayed for the same key (with `Idempotent-Replayed: true`);
 * - "Results are only saved if an API endpoint started executing": requests
 *   that fail parameter validation or are rate-limited are not saved;
 * - the same key with different parameters is an `idempotency_error`;
 * - keys are at most 255 characters and "can be removed ... after they're at least 24 hours old".
 */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

interface Saved {
  endpoint: string;
  params: string;
  response: SandboxResponse;
  requestId: string;
  savedAt: number;
}

export class IdempotencyStore {
  private readonly saved = new Map<string, Saved>();

  constructor(private readonly now: () => number) {}

  /** The saved response for `key`, or null to execute; throws idempotency_error on misuse. */
  lookup(key: string, endpoint: string, params: string): { response: SandboxResponse; requestId: string } | null {
    if (key.length > 255) throw new StripeApiError(400, { type: 'invalid_request_error', message: 'Idempotency-Key must be at most 255 characters long.' });
    const prior = this.saved.get(key);
    if (!prior) return null;
    if (this.now() - prior.savedAt >= IDEMPOTENCY_TTL_SECONDS) {
      this.saved.delete(key);
      return null;
    }
    if (prior.endpoint !== endpoint) throw idempotencyEndpointMismatch(key, prior.endpoint, endpoint);
    if (prior.params !== params) throw idempotencyMismatch(key);
    return { response: structuredClone(prior.response), requestId: prior.requestId };
  }

  save(key: string, endpoint: string, params: string, response: SandboxResponse, requestId: string): void {
    this.saved.set(key, { endpoint, params, response: structuredClone(response), requestId, savedAt: this.now() });
  }

  clear(): void {
    this.saved.clear();
  }

  get size(): number {
    return this.saved.size;
  }
}

/** Parameters compared order-insensitively: SDKs may serialise the same params in another order. */
export function canonicalParams(params: URLSearchParams): string {
  return [...params].map(([k, v]) => `${k}=${v}`).sort().join('&');
}
