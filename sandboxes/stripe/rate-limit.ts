/**
 * https://docs.stripe.com/rate-limits: "Live mode: 100 operations" and
 * "Sandbox: 25 operations" per second, per account. 'realistic' applies the
 * limit of the key's mode; `{ requestsPerSecond }` sets a custom one. Burst
 * capacity is one second's worth.
 */
export type RateLimits = 'off' | 'realistic' | { requestsPerSecond: number };

export const LIVE_RPS = 100;
export const TEST_RPS = 25;

export class TokenBucket {
  private tokens = 0;
  private last = 0;
  private rate = Infinity;

  constructor(
    limits: RateLimits,
    private readonly live: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.configure(limits);
  }

  configure(limits: RateLimits): void {
    if (limits === 'off') this.rate = Infinity;
    else {
      const rps = limits === 'realistic' ? (this.live ? LIVE_RPS : TEST_RPS) : limits.requestsPerSecond;
      if (!(rps > 0)) throw new Error('requestsPerSecond must be > 0');
      this.rate = rps;
    }
    this.tokens = this.capacity();
    this.last = this.now();
  }

  private capacity(): number {
    return Math.max(1, this.rate);
  }

  take(): boolean {
    if (this.rate === Infinity) return true;
    const t = this.now();
    this.tokens = Math.min(this.capacity(), this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  describe(): { requests_per_second: number | null } {
    return { requests_per_second: this.rate === Infinity ? null : this.rate };
  }
}
