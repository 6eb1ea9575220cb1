/**
 * Zendesk's account rate limits, https://developer.zendesk.com/api-reference/introduction/rate-limits/:
 * requests per minute by plan (Team 200, Growth 400, Professional 400,
 * Enterprise 700, Enterprise Plus 2500, High Volume API add-on 2500), and the
 * incremental export endpoints at 10 requests per minute (30 with the High
 * Volume add-on). Counters reset every minute, which is what `ratelimit-reset`
 * (seconds until the window resets) and `Retry-After` report.
 */

export type ZendeskPlan = 'team' | 'growth' | 'professional' | 'enterprise' | 'enterprise_plus' | 'high_volume';

export const PLAN_LIMITS: Readonly<Record<ZendeskPlan, number>> = {
  team: 200,
  growth: 400,
  professional: 400,
  enterprise: 700,
  enterprise_plus: 2500,
  high_volume: 2500,
};

export type ZendeskLimits = 'off' | 'realistic' | { perMinute: number; incrementalPerMinute?: number };

interface Window {
  limit: number;
  used: number;
  start: number;
}

export interface LimitDecision {
  ok: boolean;
  headers: Record<string, string>;
  retryAfterSeconds: number;
  incremental: boolean;
}

export class RateLimiter {
  private account: Window = { limit: Infinity, used: 0, start: 0 };
  private incremental: Window = { limit: Infinity, used: 0, start: 0 };

  constructor(limits: ZendeskLimits, private plan: ZendeskPlan, private readonly now: () => number) {
    this.configure(limits, plan);
  }

  configure(limits: ZendeskLimits, plan: ZendeskPlan = this.plan): void {
    this.plan = plan;
    let perMinute = Infinity;
    let incremental = Infinity;
    if (limits === 'realistic') {
      perMinute = PLAN_LIMITS[plan];
      incremental = plan === 'high_volume' || plan === 'enterprise_plus' ? 30 : 10;
    } else if (limits !== 'off') {
      if (!(limits.perMinute > 0)) throw new Error('perMinute must be > 0');
      perMinute = limits.perMinute;
      incremental = limits.incrementalPerMinute ?? Math.min(10, perMinute);
    }
    const start = this.windowStart();
    this.account = { limit: perMinute, used: 0, start };
    this.incremental = { limit: incremental, used: 0, start };
  }

  describe(): { plan: ZendeskPlan; per_minute: number | null; incremental_per_minute: number | null } {
    const n = (v: number): number | null => (Number.isFinite(v) ? v : null);
    return { plan: this.plan, per_minute: n(this.account.limit), incremental_per_minute: n(this.incremental.limit) };
  }

  /** Counts one request; `incremental` also counts against the export limit. */
  take(incremental: boolean): LimitDecision {
    const start = this.windowStart();
    for (const w of [this.account, this.incremental]) {
      if (w.start !== start) {
        w.start = start;
        w.used = 0;
      }
    }
    const reset = Math.max(1, Math.ceil((start + 60_000 - this.now()) / 1000));
    const acct = this.account;
    const overAccount = acct.used >= acct.limit;
    const overIncremental = incremental && this.incremental.used >= this.incremental.limit;
    if (!overAccount && !overIncremental) {
      acct.used++;
      if (incremental) this.incremental.used++;
    }
    const headers: Record<string, string> = {};
    if (Number.isFinite(acct.limit)) {
      const remaining = String(Math.max(0, acct.limit - acct.used));
      headers['x-rate-limit'] = String(acct.limit);
      headers['x-rate-limit-remaining'] = remaining;
      headers['ratelimit-limit'] = String(acct.limit);
      headers['ratelimit-remaining'] = remaining;
      headers['ratelimit-reset'] = String(reset);
    }
    return { ok: !overAccount && !overIncremental, headers, retryAfterSeconds: reset, incremental: !overAccount && overIncremental };
  }

  private windowStart(): number {
    const t = this.now();
    return t - (t % 60_000);
  }
}
