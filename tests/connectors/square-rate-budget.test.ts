import { describe, expect, it } from 'vitest';
import { SquareRateBudget } from '../../connectors/square/rate-budget';

/** The Square request budget on a simulated clock: requests leave no faster than the rate once the burst is spent, in call order. */

function simulated() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: t + ms, resolve })),
    /** Advances the clock to each pending timer in turn, letting its waiter run. */
    async drain(): Promise<void> {
      while (timers.length) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        t = next.at;
        next.resolve();
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

describe('Square rate budget', () => {
  it('given 20 requests/s with a burst of 5, when 25 requests start at once, then 5 go at once and the other 20 leave 50 ms apart, in call order', async () => {
    const clock = simulated();
    const budget = new SquareRateBudget(20, 5, clock.now, clock.sleep);
    const left: { i: number; at: number }[] = [];
    const all = Array.from({ length: 25 }, (_, i) => budget.take().then(() => left.push({ i, at: clock.now() })));
    await new Promise((r) => setImmediate(r));
    await clock.drain();
    await Promise.all(all);
    expect(left.map((l) => l.i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(left.slice(0, 5).every((l) => l.at === 0)).toBe(true);
    expect(left.slice(5).map((l) => Math.round(l.at))).toEqual(Array.from({ length: 20 }, (_, k) => 50 * (k + 1)));
  });

  it('given an idle second, when requests come, then the burst is available again but never more than the burst', async () => {
    const clock = simulated();
    const budget = new SquareRateBudget(10, 3, clock.now, clock.sleep);
    for (let i = 0; i < 3; i++) await budget.take();
    const later = clock.now();
    clock.sleep(10_000); // an idle stretch: the bucket refills to the burst, not to 100
    await clock.drain();
    const t0 = clock.now();
    expect(t0).toBeGreaterThan(later);
    const times: number[] = [];
    const all = Array.from({ length: 5 }, () => budget.take().then(() => times.push(clock.now() - t0)));
    await new Promise((r) => setImmediate(r));
    await clock.drain();
    await Promise.all(all);
    expect(times.map(Math.round)).toEqual([0, 0, 0, 100, 200]);
  });
});
