/**
 * Wall time per method of an object whose methods return promises (a Store,
 * a connector's catalog): where a backfill page spends its time. Calls that
 * overlap (pipelining, concurrent activities) each count their own wall time.
 */

export interface MethodTiming {
  calls: number;
  totalMs: number;
}

export type Timings = Record<string, MethodTiming>;

export function timed<T extends object>(target: T, prefix: string, into: Timings): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...a: unknown[]) => unknown;
      return (...args: unknown[]): unknown => {
        const t0 = performance.now();
        const out = fn.apply(obj, args);
        if (!(out instanceof Promise)) return out;
        const done = (): void => {
          const t = (into[`${prefix}.${prop}`] ??= { calls: 0, totalMs: 0 });
          t.calls++;
          t.totalMs += performance.now() - t0;
        };
        return out.finally(done);
      };
    },
  });
}

/** "shop.listProducts 1430 calls 8.2 s (5.7 ms each)" lines, biggest first. */
export function describeTimings(t: Timings): string[] {
  return Object.entries(t)
    .sort((a, b) => b[1].totalMs - a[1].totalMs)
    .map(([name, { calls, totalMs }]) => `${name} ${calls} calls ${(totalMs / 1000).toFixed(2)} s (${(totalMs / Math.max(1, calls)).toFixed(2)} ms each)`);
}
