/**
 * Square publishes no numeric rate limits: it answers 429 RATE_LIMITED "if your
 * application sends a high number of requests to Square APIs in a short period
 * of time" and asks clients to back off exponentially with jitter
 * (https://developer.squareup.com/reference/square/objects/ErrorCategory).
 *
 * 'realistic' is therefore our model, not Square's number: a token bucket of
 * 20 requests/second with a burst of 40, which is in the range developers
 * report hitting on Catalog endpoints and strict enough to exercise a
 * connector's backoff. A custom `{ requestsPerSecond }` gets a burst of one
 * second's worth (at least 1). 'off' never limits.
 */

export type RateLimits = 'off' | 'realistic' | { requestsPerSecond: number; burst?: number };

export const REALISTIC = { requestsPerSecond: 20, burst: 40 } as const;

export class TokenBucket {
  private tokens = 0;
  private last = 0;
  private rate = 0;
  private capacity = 0;

  constructor(limits: RateLimits, private readonly now: () => number = () => performance.now()) {
    this.configure(limits);
  }

  configure(limits: RateLimits): void {
    if (limits === 'off') {
      this.rate = Infinity;
      this.capacity = Infinity;
    } else {
      const { requestsPerSecond, burst } = limits === 'realistic' ? REALISTIC : limits;
      if (!(requestsPerSecond > 0)) throw new Error('requestsPerSecond must be > 0');
      this.rate = requestsPerSecond;
      this.capacity = Math.max(1, burst ?? requestsPerSecond);
    }
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Takes one token; false means answer 429. */
  take(): boolean {
    if (this.rate === Infinity) return true;
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  describe(): { requests_per_second: number | null; burst: number | null } {
    return this.rate === Infinity ? { requests_per_second: null, burst: null } : { requests_per_second: this.rate, burst: this.capacity };
  }
}
