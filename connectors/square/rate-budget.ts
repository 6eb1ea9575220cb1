/**
 * A proactive request budget for one Square account, so a backfill that
 * uploads thousands of image files spends Square's rate limit instead of
 * hitting it. Square does not publish its limits; it answers 429
 * RATE_LIMITED and asks for backoff. When the operator sets `rateBudget`
 * on the connector, every SDK request first takes a token from this bucket
 * (`requestsPerSecond` refill, `burst` capacity), first come first served.
 * Without it, requests go out at once and 429s are retried by the activity.
 *
 * https://developer.squareup.com/docs/build-basics/handling-errors#rate-limit-errors
 */
export class SquareRateBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly requestsPerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(requestsPerSecond > 0) || !(burst >= 1)) throw new Error('rateBudget: requestsPerSecond must be > 0 and burst ≥ 1');
    this.tokens = burst;
    this.last = this.now();
  }

  /** Waits until this request may go. Tokens are reserved in call order, so waiters leave in that order. */
  async take(): Promise<void> {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.requestsPerSecond);
    this.last = t;
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await this.sleep((-this.tokens / this.requestsPerSecond) * 1000);
  }

  /** `fetch` that takes a token before each request (the SDK's `fetch` option). */
  pace(inner: typeof fetch = (...a) => globalThis.fetch(...a)): typeof fetch {
    return async (input, init) => {
      await this.take();
      return inner(input, init);
    };
  }
}
