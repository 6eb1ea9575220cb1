import { type RateLimitProblem } from './errors';

/**
 * Xero API limits (https://developer.xero.com/documentation/guides/oauth2/limits/):
 * per tenant 5 concurrent calls, 60 calls per minute and 5,000 per day; per app
 * 10,000 calls per minute across tenants. Every response carries
 * X-DayLimit-Remaining, X-MinLimit-Remaining and X-AppMinLimit-Remaining; a breach
 * answers 429 with X-Rate-Limit-Problem and (minute/day) Retry-After seconds.
 *
 * Our model: the minute limits are rolling 60 s windows, the day limit a fixed
 * 24 h window that opens with the tenant's first call ("resets at a different
 * time per tenant"). Rejected calls do not count. Time comes from the sandbox clock.
 */

export type XeroLimits = 'off' | 'realistic' | { perMinute: number; perDay: number; concurrent: number; appPerMinute?: number };

interface Resolved {
  perMinute: number;
  perDay: number;
  concurrent: number;
  appPerMinute: number;
}

export const REALISTIC_LIMITS: Resolved = { perMinute: 60, perDay: 5000, concurrent: 5, appPerMinute: 10_000 };

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface RateDecision {
  ok: boolean;
  problem?: RateLimitProblem;
  retryAfterSeconds?: number | null;
  headers: Record<string, string>;
}

interface TenantWindow {
  minute: number[];
  dayStart: number | null;
  dayCount: number;
  inFlight: number;
}

export class XeroRateLimiter {
  private limits: Resolved | null = null;
  private readonly tenants = new Map<string, TenantWindow>();
  private app: number[] = [];

  constructor(limits: XeroLimits, private readonly now: () => number) {
    this.configure(limits);
  }

  configure(limits: XeroLimits): void {
    this.limits = limits === 'off' ? null : limits === 'realistic' ? REALISTIC_LIMITS : { ...limits, appPerMinute: limits.appPerMinute ?? REALISTIC_LIMITS.appPerMinute };
    this.tenants.clear();
    this.app = [];
  }

  describe(): Resolved | 'off' {
    return this.limits ?? 'off';
  }

  private window(tenantId: string): TenantWindow {
    let w = this.tenants.get(tenantId);
    if (!w) {
      w = { minute: [], dayStart: null, dayCount: 0, inFlight: 0 };
      this.tenants.set(tenantId, w);
    }
    return w;
  }

  private prune(w: TenantWindow, t: number): void {
    while (w.minute.length && (w.minute[0] ?? 0) <= t - MINUTE) w.minute.shift();
    while (this.app.length && (this.app[0] ?? 0) <= t - MINUTE) this.app.shift();
    if (w.dayStart !== null && t >= w.dayStart + DAY) {
      w.dayStart = null;
      w.dayCount = 0;
    }
  }

  /** Admits one call (call `release` when it finishes) or says which limit it breaks. */
  acquire(tenantId: string): RateDecision {
    const lim = this.limits ?? { ...REALISTIC_LIMITS, perMinute: Infinity, perDay: Infinity, concurrent: Infinity, appPerMinute: Infinity };
    const t = this.now();
    const w = this.window(tenantId);
    this.prune(w, t);
    const fail = (problem: RateLimitProblem, retryAfterSeconds: number | null): RateDecision => ({ ok: false, problem, retryAfterSeconds, headers: this.headers(w, lim) });
    if (w.inFlight >= lim.concurrent) return fail('concurrent', null);
    if (w.dayCount >= lim.perDay) return fail('day', Math.max(1, Math.ceil(((w.dayStart ?? t) + DAY - t) / 1000)));
    if (w.minute.length >= lim.perMinute) return fail('minute', Math.max(1, Math.ceil(((w.minute[0] ?? t) + MINUTE - t) / 1000)));
    if (this.app.length >= lim.appPerMinute) return fail('appminute', Math.max(1, Math.ceil(((this.app[0] ?? t) + MINUTE - t) / 1000)));
    w.minute.push(t);
    this.app.push(t);
    w.dayStart ??= t;
    w.dayCount++;
    w.inFlight++;
    return { ok: true, headers: this.headers(w, lim) };
  }

  release(tenantId: string): void {
    const w = this.window(tenantId);
    w.inFlight = Math.max(0, w.inFlight - 1);
  }

  /** With limits off the headers still appear, showing the realistic maxima (nothing is being used up). */
  private headers(w: TenantWindow, lim: Resolved): Record<string, string> {
    const left = (limit: number, used: number, shown: number): string => String(Number.isFinite(limit) ? Math.max(0, limit - used) : shown);
    return {
      'x-minlimit-remaining': left(lim.perMinute, w.minute.length, REALISTIC_LIMITS.perMinute),
      'x-daylimit-remaining': left(lim.perDay, w.dayCount, REALISTIC_LIMITS.perDay),
      'x-appminlimit-remaining': left(lim.appPerMinute, this.app.length, REALISTIC_LIMITS.appPerMinute),
    };
  }

}
