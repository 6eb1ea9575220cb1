/**
 * Mailchimp's only published Marketing API limit: "each user account is
 * permitted up to 10 simultaneous connections", answered with 429 Too Many
 * Requests beyond that (https://mailchimp.com/developer/marketing/docs/fundamentals/#api-limits).
 * There is no per-second quota to model, so this counts requests in flight.
 *
 * A request occupies its connection for `holdMs` (the sandbox answers in
 * microseconds; real calls take a few hundred ms), so concurrency is observable:
 * 'realistic' = 10 connections held 25 ms; a custom limit may set its own hold.
 */

export type MailchimpLimits = 'off' | 'realistic' | { concurrent: number; holdMs?: number };

export const REALISTIC = { concurrent: 10, holdMs: 25 } as const;

export class ConcurrencyLimiter {
  limit = Infinity;
  private holdMs = 0;
  private inFlight = 0;
  /** Highest concurrency seen (tests, /_sandbox/state). */
  peak = 0;
  rejected = 0;

  constructor(limits: MailchimpLimits) {
    this.configure(limits);
  }

  configure(limits: MailchimpLimits): void {
    if (limits === 'off') {
      this.limit = Infinity;
      this.holdMs = 0;
      return;
    }
    const { concurrent, holdMs } = limits === 'realistic' ? REALISTIC : limits;
    if (!(Number.isInteger(concurrent) && concurrent > 0)) throw new Error('concurrent must be a positive integer');
    this.limit = concurrent;
    this.holdMs = holdMs ?? REALISTIC.holdMs;
  }

  acquire(): boolean {
    if (this.inFlight >= this.limit) {
      this.rejected++;
      return false;
    }
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    return true;
  }

  async hold(): Promise<void> {
    if (this.holdMs > 0) await new Promise((r) => setTimeout(r, this.holdMs));
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  describe(): { concurrent: number | null; hold_ms: number; in_flight: number; rejected: number } {
    return { concurrent: Number.isFinite(this.limit) ? this.limit : null, hold_ms: this.holdMs, in_flight: this.inFlight, rejected: this.rejected };
  }
}
