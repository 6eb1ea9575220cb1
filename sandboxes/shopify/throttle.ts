/**
 * The GraphQL Admin API leaky bucket, per app and shop. A query needs its
 * requested cost available before it runs; afterwards the difference between
 * requested and actual cost is refunded. The bucket refills continuously at
 * restoreRate points per second up to maximumAvailable.
 * https://shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits
 * https://shopify.dev/docs/api/usage/limits#the-leaky-bucket-algorithm
 */

export type ShopifyLimits = 'off' | 'realistic' | { maximumAvailable: number; restoreRate: number };

/** Standard plan: 100 points/second; the bucket holds 20 seconds' worth (2,000). */
export const STANDARD_PLAN = { maximumAvailable: 2000, restoreRate: 100 } as const;

/** A single query may not request more than this, whatever the bucket holds. */
export const SINGLE_QUERY_MAX_COST = 1000;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private maximumAvailable: number = STANDARD_PLAN.maximumAvailable;
  private restoreRate: number = STANDARD_PLAN.restoreRate;
  private available: number = STANDARD_PLAN.maximumAvailable;
  private enforced = true;
  private last: number;

  constructor(
    limits: ShopifyLimits = 'realistic',
    private readonly clock: () => number = Date.now,
  ) {
    this.last = clock();
    this.setLimits(limits);
  }

  setLimits(limits: ShopifyLimits): void {
    this.enforced = limits !== 'off';
    const cfg = typeof limits === 'object' ? limits : STANDARD_PLAN;
    if (!(cfg.maximumAvailable > 0) || !(cfg.restoreRate >= 0)) throw new Error('limits need maximumAvailable > 0 and restoreRate >= 0');
    this.maximumAvailable = cfg.maximumAvailable;
    this.restoreRate = cfg.restoreRate;
    this.available = cfg.maximumAvailable;
    this.last = this.clock();
  }

  get limits(): ShopifyLimits {
    return this.enforced ? { maximumAvailable: this.maximumAvailable, restoreRate: this.restoreRate } : 'off';
  }

  /** Takes `cost` from the bucket; false (and nothing taken) when it does not hold enough. */
  tryTake(cost: number): boolean {
    this.refill();
    if (!this.enforced) return true;
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    if (!this.enforced || points <= 0) return;
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: this.enforced ? Math.floor(this.available) : this.maximumAvailable,
      restoreRate: this.restoreRate,
    };
  }

  private refill(): void {
    const now = this.clock();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.available = Math.min(this.maximumAvailable, this.available + elapsed * this.restoreRate);
  }
}
