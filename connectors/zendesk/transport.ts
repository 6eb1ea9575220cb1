import { VendorError } from '../types';
import { networkError, toVendorError } from './errors';

/**
 * The HTTP layer node-zendesk runs on (its `transportConfig`): plain fetch, no
 * retries (Temporal is the retry layer; node-zendesk itself only throttles
 * when `throttle` is set, which we never do). It
 * - turns every >= 400 into a VendorError before node-zendesk sees it (the SDK
 *   otherwise *returns* an Error for any response carrying Retry-After);
 * - keeps the parsed body on the adapted response, because the SDK's resource
 *   clients unwrap `{users: [...]}` and drop `meta`, `after_cursor`, `end_of_stream`;
 * - feeds a proactive per-minute budget from X-Rate-Limit-Remaining /
 *   ratelimit-reset, refusing locally (429 + Retry-After) once it is spent.
 */

export class RateBudget {
  private remaining: number | null = null;
  private resetAt = 0;

  constructor(private readonly now: () => number) {}

  /** Throws a local 429 when the last response said the minute's budget is spent. */
  check(): void {
    const now = this.now();
    if (this.remaining !== null && this.remaining <= 0 && now < this.resetAt) {
      throw new VendorError('Zendesk rate budget spent for this minute (local)', 'zendesk', 429, Math.max(1, Math.ceil((this.resetAt - now) / 1000)), 'LocalRateBudget');
    }
  }

  record(headers: Headers): void {
    const remaining = headers.get('x-rate-limit-remaining') ?? headers.get('ratelimit-remaining');
    const reset = headers.get('ratelimit-reset');
    if (remaining !== null && /^\d+$/.test(remaining)) this.remaining = Number(remaining);
    if (reset !== null && /^\d+$/.test(reset)) this.resetAt = this.now() + Number(reset) * 1000;
  }

  /** After a 429 the vendor's Retry-After wins. */
  exhaust(seconds: number): void {
    this.remaining = 0;
    this.resetAt = this.now() + seconds * 1000;
  }
}

export interface AdaptedResponse {
  json(): Promise<unknown>;
  status: number;
  headers: { get(name: string): string | null };
  statusText: string;
  /** The parsed body, pagination metadata included. */
  body: Promise<unknown>;
}

interface TransportOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function createTransport(budget: RateBudget, fetchImpl: typeof fetch = fetch) {
  return {
    async transportFn(uri: string, options: TransportOptions): Promise<Response> {
      budget.check();
      let res: Response;
      try {
        res = await fetchImpl(uri, { method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.body !== undefined ? { body: options.body } : {}) });
      } catch (err) {
        throw networkError(err);
      }
      budget.record(res.headers);
      if (res.status >= 400) {
        const text = await res.text().catch(() => '');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        const err = toVendorError(res.status, res.headers.get('retry-after'), body);
        if (res.status === 429 && err.retryAfterSeconds !== null) budget.exhaust(err.retryAfterSeconds);
        throw err;
      }
      return res;
    },
    responseAdapter(res: Response): AdaptedResponse {
      const isJson = res.status !== 204 && (res.headers.get('content-type') ?? '').includes('application/json');
      const body: Promise<unknown> = isJson ? res.json() : Promise.resolve(null);
      body.catch(() => undefined);
      return { json: () => body, body, status: res.status, headers: { get: (n) => res.headers.get(n) }, statusText: res.statusText };
    },
  };
}
