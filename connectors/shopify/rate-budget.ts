/**
 * Local estimate of Shopify's GraphQL leaky bucket, so we wait *before* a
 * query that wouldn't fit instead of spending a round trip on THROTTLED.
 * Every response's `extensions.cost.throttleStatus` resets the estimate;
 * between responses the bucket refills at `restoreRate` points per second.
 *
 * https://shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** A single query may never request more than this, whatever the plan's bucket size. */
export const SINGLE_QUERY_MAX_COST = 1000;

export class RateBudget {
  private status: ThrottleStatus | null;
  private at: number;

  constructor(
    initial: { restoreRate: number; maximumAvailable: number } | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.status = initial ? { ...initial, currentlyAvailable: initial.maximumAvailable } : null;
    this.at = now();
  }

  /** Points available now by our estimate; null until the first response (or configured budget). */
  available(): number | null {
    if (!this.status) return null;
    const elapsed = Math.max(0, this.now() - this.at) / 1000;
    return Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + elapsed * this.status.restoreRate);
  }

  /** Largest cost a single query may request against this bucket. */
  maxQueryCost(): number {
    return Math.min(SINGLE_QUERY_MAX_COST, this.status?.maximumAvailable ?? SINGLE_QUERY_MAX_COST);
  }

  get restoreRate(): number | null {
    return this.status?.restoreRate ?? null;
  }

  /** Seconds to wait before a query requesting `cost` fits; 0 when it fits now or we know nothing yet. */
  waitSeconds(cost: number): number {
    const available = this.available();
    if (available === null || !this.status || cost > this.status.maximumAvailable) return 0;
    const deficit = cost - available;
    return deficit > 0 ? deficit / this.status.restoreRate : 0;
  }

  /** Reserves points locally so concurrent queries in this process don't all see the same headroom. */
  spend(cost: number): void {
    const available = this.available();
    if (available === null || !this.status) return;
    this.status = { ...this.status, currentlyAvailable: available - cost };
    this.at = this.now();
  }

  /** Shopify's word replaces our estimate. */
  observe(status: ThrottleStatus): void {
    this.status = { ...status };
    this.at = this.now();
  }
}
