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
/**
 * Share of the bucket a bulk query (a backfill or reconciliation page) leaves
 * for interactive ones (a webhook's sync of one product or stock level): a
 * page goes only when the bucket holds its cost plus this much.
 */
export const BULK_HEADROOM_SHARE = 0.2;

export class RateBudget {
  private status: ThrottleStatus | null;
  private at: number;
  /** Points of queries reserved and not answered yet: Shopify's throttleStatus does not count them. */
  private unanswered = 0;

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

  /**
   * Points a bulk query requesting `cost` leaves in the bucket for interactive
   * ones: a fifth of the bucket, less where the two would not fit together.
   */
  headroomFor(cost: number): number {
    if (!this.status) return 0;
    return Math.max(0, Math.min(this.status.maximumAvailable * BULK_HEADROOM_SHARE, this.status.maximumAvailable - cost));
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

  /**
   * Reserves `cost` for a query about to go (it waits the returned seconds
   * first). Reserving before the wait makes concurrent queries queue: the
   * next one sees this one's points gone and waits longer, instead of every
   * waiter seeing the same headroom and all going at once.
   */
  reserve(cost: number): number {
    const wait = this.waitSeconds(cost);
    this.spend(cost);
    this.unanswered += cost;
    return wait;
  }

  /** The query reserved with `cost` was answered (or never sent): observe its answer after this. */
  release(cost: number): void {
    this.unanswered = Math.max(0, this.unanswered - cost);
  }

  /**
   * Shopify's word replaces our estimate, less what queries still unanswered
   * have reserved: its bucket does not know of them yet. Without that, every
   * answer handed their points out again, and a crowd of concurrent queries
   * (hundreds of stock workflows after an outage) kept the bucket THROTTLED.
   */
  observe(status: ThrottleStatus): void {
    this.status = { ...status, currentlyAvailable: status.currentlyAvailable - this.unanswered };
    this.at = this.now();
  }
}
