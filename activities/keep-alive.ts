import { Context } from '@temporalio/activity';

/**
 * Activities heartbeat on a timer while they run, because their vendor
 * calls can wait on a rate budget shared with other work (a catalog
 * reconciliation draining Shopify's query bucket) for longer than their
 * heartbeat timeout: the wait is progress, not a dead worker. A worker that
 * dies still stops heartbeating, and a call that hangs still meets the
 * start-to-close timeout.
 *
 * The timer re-sends the details of the activity's last heartbeatWith (or,
 * before its first one, the details the attempt started from), so an activity
 * that resumes from its heartbeat details never has them overwritten.
 */

const lastDetails = new WeakMap<Context, { details: unknown }>();

/** A heartbeat carrying resume details, which the keep-alive timer repeats. */
export function heartbeatWith(details: unknown): void {
  const ctx = Context.current();
  lastDetails.set(ctx, { details });
  ctx.heartbeat(details);
}

export async function withKeepAlive<T>(fn: () => Promise<T>, everyMs = 5_000): Promise<T> {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return fn(); // not running as an activity
  }
  const timer = setInterval(() => {
    const last = lastDetails.get(ctx);
    ctx.heartbeat(last ? last.details : ctx.info.heartbeatDetails);
  }, everyMs);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

type Activity = (...args: never[]) => unknown;
export type KeptAlive<A extends Record<string, Activity>> = { [K in keyof A]: (...args: Parameters<A[K]>) => Promise<Awaited<ReturnType<A[K]>>> };

/** Every activity of a set, run under withKeepAlive. */
export function keptAlive<A extends Record<string, Activity>>(activities: A, everyMs = 5_000): KeptAlive<A> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    out[name] = (...args: never[]) => withKeepAlive(async () => fn(...args), everyMs);
  }
  return out as KeptAlive<A>;
}
