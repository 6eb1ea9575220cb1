import type { Store } from '../store/types';

/**
 * Wraps a Store so the bench can say where ack-path stalls come from: the
 * wall time of every call on the ingress thread, by method (better-sqlite3
 * is synchronous, so a slow call here is time the event loop stood still).
 */
export interface StoreTiming {
  calls: number;
  maxMs: number;
  /** Calls slower than SLOW_MS. */
  slow: number;
}

export const SLOW_MS = 10;
const TIMED = ['acceptWebhook', 'pendingOutbox', 'markDelivered', 'markAttempted', 'countOutbox'] as const;
type Timed = (typeof TIMED)[number];

export function timedStore(store: Store): { store: Store; timings: () => Record<string, StoreTiming>; reset: () => void } {
  let stats = fresh();
  const timed = new Map<string | symbol, (...args: unknown[]) => Promise<unknown>>();
  for (const method of TIMED) {
    const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
    timed.set(method, async (...args: unknown[]): Promise<unknown> => {
      const t0 = performance.now();
      try {
        return await original(...args);
      } finally {
        const ms = performance.now() - t0;
        const s = stats[method];
        s.calls++;
        if (ms > s.maxMs) s.maxMs = ms;
        if (ms > SLOW_MS) s.slow++;
      }
    });
  }
  // A Proxy, not a subclass: the store keeps private fields, so every other method must run on it.
  const wrapped = new Proxy(store, {
    get(target, prop) {
      const t = timed.get(prop);
      if (t) return t;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    store: wrapped,
    timings: () => Object.fromEntries(TIMED.map((m) => [m, { ...stats[m], maxMs: Math.round(stats[m].maxMs * 100) / 100 }])),
    reset: () => void (stats = fresh()),
  };
}

function fresh(): Record<Timed, StoreTiming> {
  return Object.fromEntries(TIMED.map((m) => [m, { calls: 0, maxMs: 0, slow: 0 }])) as Record<Timed, StoreTiming>;
}
