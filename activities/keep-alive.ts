import { heartbeat } from '@temporalio/activity';

/**
 * Heartbeats every `everyMs` while `fn` runs. For activities whose vendor
 * calls can wait on a rate budget shared with other work (a catalog
 * reconciliation draining Shopify's query bucket) for longer than their
 * heartbeat timeout: the wait is progress, not a dead worker. A worker that
 * dies still stops heartbeating, and a call that hangs still meets the
 * start-to-close timeout. Only for activities that heartbeat without details:
 * these heartbeats carry none.
 */
export async function withKeepAlive<T>(fn: () => Promise<T>, everyMs = 5_000): Promise<T> {
  const timer = setInterval(() => heartbeat(), everyMs);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
