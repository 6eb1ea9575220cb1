import { VendorError } from '../types';

/**
 * A proactive budget for one Xero tenant, so 429s stay rare
 * (https://developer.xero.com/documentation/guides/oauth2/limits/): at most 5
 * calls in flight and 60 calls in any rolling minute. The X-MinLimit-Remaining
 * header of each response tightens the local count when other clients share the
 * tenant; X-DayLimit-Remaining 0 stops calls (the day window's reset is not
 * announced). Time and sleeping are injectable for tests.
 */

const MINUTE = 60_000;

export interface RateBudgetOptions {
  perMinute?: number;
  concurrent?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class XeroRateBudget {
  private readonly perMinute: number;
  private readonly concurrent: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private calls: number[] = [];
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private dayExhausted = false;

  constructor(opts: RateBudgetOptions = {}) {
    this.perMinute = opts.perMinute ?? 60;
    this.concurrent = opts.concurrent ?? 5;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Waits for a slot; returns the release function. */
  async acquire(): Promise<() => void> {
    if (this.dayExhausted) throw new VendorError('Xero: daily call limit reached for this tenant', 'xero', 429, null, 'day');
    while (this.inFlight >= this.concurrent) await new Promise<void>((r) => this.waiters.push(r));
    this.inFlight++;
    try {
      for (;;) {
        const t = this.now();
        this.calls = this.calls.filter((c) => c > t - MINUTE);
        if (this.calls.length < this.perMinute) break;
        await this.sleep(Math.max(1, (this.calls[0] ?? t) + MINUTE - t));
      }
      this.calls.push(this.now());
    } catch (err) {
      this.release();
      throw err;
    }
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.release();
      }
    };
  }

  private release(): void {
    this.inFlight--;
    this.waiters.shift()?.();
  }

  /** Aligns the local view with what Xero says is left. */
  observe(remaining: { minute: number | null; day: number | null }): void {
    if (remaining.day !== null) this.dayExhausted = remaining.day <= 0;
    if (remaining.minute === null) return;
    const t = this.now();
    this.calls = this.calls.filter((c) => c > t - MINUTE);
    const used = this.perMinute - remaining.minute;
    while (this.calls.length < used) this.calls.push(t);
  }

  /** After a minute-limit 429: nothing more until Retry-After has passed. */
  blockFor(seconds: number): void {
    const until = this.now() + seconds * 1000;
    this.calls = Array.from({ length: this.perMinute }, () => until - MINUTE);
  }
}
