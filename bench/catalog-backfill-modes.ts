import type { ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { REALISTIC as SQUARE_REALISTIC } from '../sandboxes/square/rate-limit';
import type { VendorStats } from './catalog-backfill-sandboxes';
import { SHOPIFY_PLANS, type ShopifyPlan } from './catalog-backfill-config';
import { CpuMeter, LoadMeter, memoryOf, r2, runBackfill, say, type Harness } from './catalog-backfill-harness';
import { nextOf, stopChild } from './catalog-backfill-ipc';
import type { WorkerMessage } from './catalog-backfill-worker';

export interface ModeOptions {
  harness: Harness;
  shop: { products: number; variants: number; prefix: Uint32Array };
  seed: number;
  pageSize: number;
  plan: ShopifyPlan;
  plain: boolean;
  /** throughput: plain loop and worker run this many times each, alternating; the figures are the medians. */
  rounds?: number;
}

export interface ModeResult {
  bench: 'catalog-backfill';
  mode: string;
  pass: boolean;
  [figure: string]: unknown;
}

/** Peak memory of a process sampled every 250 ms (VmRSS), plus the kernel's own high-water mark (VmHWM). */
function sampleMemory(pid: number | undefined): { stop(): { peakRssMb: number; hwmMb: number } } {
  let peak = 0;
  let hwm = 0;
  const tick = (): void => {
    const m = memoryOf(pid);
    if (m) {
      peak = Math.max(peak, m.rssMb);
      hwm = Math.max(hwm, m.hwmMb);
    }
  };
  const timer = setInterval(tick, 250);
  return {
    stop() {
      tick();
      clearInterval(timer);
      return { peakRssMb: peak, hwmMb: hwm };
    },
  };
}

const perK = (seconds: number | null | undefined, variants: number): number | null => (seconds === null || seconds === undefined ? null : Math.round((seconds * 1e6) / variants));

/** The real backfill into a fresh Square seller; checks every product and variant arrived. */
async function temporalRun(o: ModeOptions, client: Client, name: string, onProgress?: Parameters<typeof runBackfill>[1], squareBudget?: { requestsPerSecond: number; burst: number }) {
  const h = o.harness;
  const url = await h.newSquare(name);
  const { child } = await h.startEngine('worker', h.configYaml(url, o.pageSize, undefined, squareBudget));
  await h.ask({ type: 'reset-stats' }, 'stats-reset');
  const atStart = memoryOf(child.pid);
  say(`worker ready (pid ${child.pid}): RSS ${atStart?.rssMb ?? 'n/a'} MB, peak so far (VmHWM, includes bundling the workflow code) ${atStart?.hwmMb ?? 'n/a'} MB`);
  const memory = sampleMemory(child.pid);
  const meter = new LoadMeter(h.pids(child.pid));
  const cpu = new CpuMeter({ worker: child.pid, sandboxes: h.sandboxes?.pid, temporal: h.temporal?.process.pid });
  const run = await runBackfill(client, onProgress);
  const cpuS = cpu.finish();
  const load = meter.finish();
  const mem = memory.stop();
  const counts = await h.ask({ type: 'square-counts', name }, 'square-counts');
  const stats = await h.stats();
  const stopped = await h.stopWorker(child);
  const missing = o.shop.variants - counts.variations;
  say(`temporal: ${run.progress.records} products (${run.progress.pages} pages, ${run.progress.continuedAsNew} continue-as-new) in ${run.seconds.toFixed(1)} s; Square holds ${counts.items} items, ${counts.variations} variations, ${counts.images} image files; quarantined ${run.progress.quarantined}`);
  say(`worker: peak RSS ${mem.peakRssMb} MB (VmHWM ${mem.hwmMb} MB); CPU during the run: worker ${cpuS.worker} s, sandboxes ${cpuS.sandboxes} s, Temporal server ${cpuS.temporal} s (${perK(cpuS.worker, o.shop.variants)} / ${perK(cpuS.sandboxes, o.shop.variants)} / ${perK(cpuS.temporal, o.shop.variants)} ms per 1,000 variants); machine: load ${load.load1}, other processes ${load.foreignCpuPct ?? 'n/a'}% of CPU`);
  say(`worker time by call (wall, overlapping calls each counted):\n  ${stopped.timings.join('\n  ')}`);
  return { run, load, mem, cpu: cpuS, counts, stats: { shopify: stats.shopify, square: stats.square[name]! }, failed: run.progress.quarantined + Math.max(0, missing) + Math.max(0, o.shop.products - counts.items) };
}

export async function throughputMode(o: ModeOptions): Promise<ModeResult> {
  const h = o.harness;
  await h.startSandboxes(o.shop.products, o.seed, 'off', 'off');
  const client = await h.startTemporal();
  {
    // Warm-up, not measured: the sandboxes' JIT and lazily built indexes, so neither run below pays for them.
    const url = await h.newSquare('warm-up');
    const { child } = await h.startEngine('plain', h.configYaml(url, o.pageSize), { maxPages: 30 });
    const done = await nextOf<WorkerMessage, 'plain-done'>(child, 'plain-done', 600_000);
    await stopChild(child);
    await h.ask({ type: 'drop-square', name: 'warm-up' }, 'dropped');
    say(`warm-up (not measured): ${done.pages} pages, ${done.variants} variants in ${done.seconds.toFixed(1)} s`);
  }
  // Rounds alternate the plain loop and the worker, so a slow spell of the machine falls on both; medians are quoted.
  const rounds = Math.max(1, o.rounds ?? 1);
  const perRound: { plain: { seconds: number; rate: number; cpu: Record<string, number | null> } | null; t: Awaited<ReturnType<typeof temporalRun>>; rate: number; ratio: number | null }[] = [];
  for (let i = 0; i < rounds; i++) {
    const suffix = rounds > 1 ? `-${i + 1}` : '';
    if (rounds > 1) say(`round ${i + 1} of ${rounds}`);
    const plain = o.plain ? await plainRun(o, `plain${suffix}`) : null;
    const t = await temporalRun(o, client, `temporal${suffix}`);
    // The sandboxes hold every round's Square (images included) until dropped.
    if (i < rounds - 1) await h.ask({ type: 'drop-square', name: `temporal${suffix}` }, 'dropped');
    const rate = o.shop.variants / t.run.seconds;
    const ratio = plain ? rate / plain.rate : null;
    say(`temporal: ${Math.round(rate)} variants/s${ratio === null ? '' : `, ${ratio.toFixed(2)}× the plain loop`}`);
    perRound.push({ plain, t, rate, ratio });
  }
  // The median round by ratio (by rate without a plain loop) gives every figure below, so they belong together.
  const byFigure = [...perRound].sort((x, y) => (x.ratio ?? x.rate) - (y.ratio ?? y.rate));
  const { plain, t, rate, ratio } = byFigure[Math.floor((byFigure.length - 1) / 2)]!;
  if (rounds > 1) say(`median of ${rounds} rounds: ${Math.round(rate)} variants/s${ratio === null ? '' : `, ${ratio.toFixed(2)}× the plain loop`} (ratios ${perRound.map((r) => r.ratio?.toFixed(2) ?? 'n/a').join(', ')})`);
  const target = { variants_per_s: 5000, ratio_to_plain: 0.8 };
  return {
    bench: 'catalog-backfill',
    mode: 'throughput',
    products: o.shop.products,
    variants: o.shop.variants,
    page_size: o.pageSize,
    seconds: r2(t.run.seconds),
    variants_per_s: Math.round(rate),
    plain_seconds: plain ? r2(plain.seconds) : null,
    plain_variants_per_s: plain ? Math.round(plain.rate) : null,
    ratio_to_plain: ratio === null ? null : r2(ratio),
    failed: perRound.reduce((n, r) => n + r.t.failed, 0),
    square_images: t.counts.images,
    shopify_requests: t.stats.shopify.requests,
    square_requests: t.stats.square.requests,
    cpu_ms_per_1k_variants: { worker: perK(t.cpu.worker, o.shop.variants), sandboxes: perK(t.cpu.sandboxes, o.shop.variants), temporal: perK(t.cpu.temporal, o.shop.variants) },
    plain_cpu_ms_per_1k_variants: plain ? { loop: perK(plain.cpu.plain, o.shop.variants), sandboxes: perK(plain.cpu.sandboxes, o.shop.variants) } : null,
    worker_peak_rss_mb: t.mem.peakRssMb,
    load1: t.load.load1,
    foreign_cpu_pct: t.load.foreignCpuPct,
    ...(rounds > 1 ? { rounds: perRound.map((r) => ({ variants_per_s: Math.round(r.rate), plain_variants_per_s: r.plain ? Math.round(r.plain.rate) : null, ratio_to_plain: r.ratio === null ? null : r2(r.ratio) })) } : {}),
    target,
    pass: rate >= target.variants_per_s && (ratio === null || ratio >= target.ratio_to_plain) && perRound.every((r) => r.t.failed === 0),
  };
}

/** One plain SDK loop over the whole shop into a fresh Square, dropped afterwards. */
async function plainRun(o: ModeOptions, name: string): Promise<{ seconds: number; rate: number; cpu: Record<string, number | null> }> {
  const h = o.harness;
  const url = await h.newSquare(name);
  const { child } = await h.startEngine('plain', h.configYaml(url, o.pageSize));
  const meter = new LoadMeter(h.pids(child.pid));
  const cpu = new CpuMeter({ plain: child.pid, sandboxes: h.sandboxes?.pid });
  const done = await nextOf<WorkerMessage, 'plain-done'>(child, 'plain-done', 3_600_000);
  const cpuS = cpu.finish();
  const load = meter.finish();
  await stopChild(child);
  await h.ask({ type: 'drop-square', name }, 'dropped');
  const rate = done.variants / done.seconds;
  say(`plain SDK loop: ${done.products} products, ${done.variants} variants, ${done.pages} pages in ${done.seconds.toFixed(1)} s = ${Math.round(rate)} variants/s (failed ${done.failed})`);
  say(`  CPU: loop ${cpuS.plain} s, sandboxes ${cpuS.sandboxes} s (${perK(cpuS.plain, done.variants)} / ${perK(cpuS.sandboxes, done.variants)} ms per 1,000 variants); machine: load ${load.load1}, other processes ${load.foreignCpuPct ?? 'n/a'}% of CPU`);
  say(`plain time by call:\n  ${done.timings.join('\n  ')}`);
  return { seconds: done.seconds, rate, cpu: cpuS };
}

/**
 * The floor the vendors' limits allow, from what this run actually asked of them:
 * - Shopify's leaky bucket starts full (B points) and refills at R points/s; every query
 *   finally costs its actualQueryCost (the requested cost is held, the rest refunded). Spending
 *   C = Σ actualQueryCost points therefore takes at least (C − B) / R seconds.
 * - Square (modelled as a token bucket of r requests/s with a burst of b): n requests take at
 *   least (n − b) / r seconds.
 * Reads and writes can overlap, so the floor is the larger of the two, not their sum.
 */
export function limitsFloor(shopifyActualCost: number, shopify: { maximumAvailable: number; restoreRate: number }, squareRequests: number, square: { requestsPerSecond: number; burst: number }) {
  const shopifyS = Math.max(0, shopifyActualCost - shopify.maximumAvailable) / shopify.restoreRate;
  const squareS = Math.max(0, squareRequests - square.burst) / square.requestsPerSecond;
  return { seconds: Math.max(shopifyS, squareS), shopifyS, squareS };
}

const throttledShare = (s: VendorStats[]): number => s.reduce((n, x) => n + x.throttled, 0) / Math.max(1, s.reduce((n, x) => n + x.requests, 0));

export async function realisticMode(o: ModeOptions): Promise<ModeResult> {
  const h = o.harness;
  const limits = SHOPIFY_PLANS[o.plan];
  await h.startSandboxes(o.shop.products, o.seed, limits, 'realistic');
  const client = await h.startTemporal();
  say(`limits: Shopify ${o.plan} plan (bucket ${limits.maximumAvailable} points, restore ${limits.restoreRate} points/s); Square ${SQUARE_REALISTIC.requestsPerSecond} requests/s, burst ${SQUARE_REALISTIC.burst}`);
  // The operator's budget for a Square account limited like this one: 95% of its rate, a small burst (image uploads are one request per file).
  const budget = { requestsPerSecond: SQUARE_REALISTIC.requestsPerSecond * 0.95, burst: 10 };
  say(`worker's Square rateBudget: ${budget.requestsPerSecond} requests/s, burst ${budget.burst}`);
  const t = await temporalRun(
    o,
    client,
    'realistic',
    (p, s) => {
      if (p.pages % 100 === 0) say(`  … ${p.records} products after ${s.toFixed(0)} s`);
    },
    budget,
  );
  const floor = limitsFloor(t.stats.shopify.actualCost, limits, t.stats.square.requests, SQUARE_REALISTIC);
  const share = throttledShare([t.stats.shopify, t.stats.square]);
  const vsFloor = t.run.seconds / floor.seconds;
  say(`Shopify: ${t.stats.shopify.requests} queries, Σ actualQueryCost ${t.stats.shopify.actualCost} (Σ requested ${t.stats.shopify.requestedCost}), ${t.stats.shopify.throttled} THROTTLED; Square: ${t.stats.square.requests} requests, ${t.stats.square.throttled} 429`);
  say(`floor = max((Σ actual cost − bucket) / restore rate, (Square requests − burst) / rate) = max(${floor.shopifyS.toFixed(1)} s, ${floor.squareS.toFixed(1)} s) = ${floor.seconds.toFixed(1)} s`);
  say(`wall ${t.run.seconds.toFixed(1)} s = ${vsFloor.toFixed(3)}× the floor; failed ${t.failed}; throttled ${(share * 100).toFixed(2)}% of calls`);
  const target = { wall_vs_floor: 1.1, failed: 0, throttled_share: 0.01 };
  return {
    bench: 'catalog-backfill',
    mode: 'realistic',
    plan: o.plan,
    shopify_limits: limits,
    square_limits: SQUARE_REALISTIC,
    products: o.shop.products,
    variants: o.shop.variants,
    page_size: o.pageSize,
    seconds: r2(t.run.seconds),
    floor_seconds: r2(floor.seconds),
    floor_shopify_seconds: r2(floor.shopifyS),
    floor_square_seconds: r2(floor.squareS),
    wall_vs_floor: r2(vsFloor),
    variants_per_s: Math.round(o.shop.variants / t.run.seconds),
    failed: t.failed,
    square_images: t.counts.images,
    shopify_requests: t.stats.shopify.requests,
    shopify_actual_cost: t.stats.shopify.actualCost,
    shopify_requested_cost: t.stats.shopify.requestedCost,
    square_requests: t.stats.square.requests,
    throttled: t.stats.shopify.throttled + t.stats.square.throttled,
    throttled_share: Math.round(share * 10000) / 10000,
    worker_peak_rss_mb: t.mem.peakRssMb,
    load1: t.load.load1,
    foreign_cpu_pct: t.load.foreignCpuPct,
    target,
    pass: vsFloor <= target.wall_vs_floor && t.failed === 0 && share <= target.throttled_share,
  };
}

export async function rssMode(o: ModeOptions): Promise<ModeResult> {
  const h = o.harness;
  await h.startSandboxes(o.shop.products, o.seed, 'off', 'off');
  const client = await h.startTemporal();
  // 100k and 300k while running; the last reading is the end of the run (1M with the default --variants).
  const marks = [100_000, 300_000].filter((m) => m < o.shop.variants);
  marks.push(o.shop.variants);
  const at: { variants: number; rssMb: number; hwmMb: number; seconds: number }[] = [];
  const url = await h.newSquare('rss');
  const { child } = await h.startEngine('worker', h.configYaml(url, o.pageSize));
  const workerPid = child.pid;
  const memory = sampleMemory(workerPid);
  const meter = new LoadMeter(h.pids(workerPid));
  const run = await runBackfill(client, (p, s) => {
    const variants = o.shop.prefix[Math.min(p.records, o.shop.products)] ?? 0;
    while (at.length < marks.length && variants >= marks[at.length]!) {
      const m = memoryOf(workerPid) ?? { rssMb: NaN, hwmMb: NaN };
      at.push({ variants, ...m, seconds: r2(s) });
      say(`  ${variants} variants after ${s.toFixed(0)} s: worker RSS ${m.rssMb} MB, peak (VmHWM) ${m.hwmMb} MB`);
    }
  });
  const end = memoryOf(workerPid) ?? { rssMb: NaN, hwmMb: NaN };
  while (at.length < marks.length) at.push({ variants: o.shop.variants, ...end, seconds: r2(run.seconds) });
  const mem = memory.stop();
  const load = meter.finish();
  const counts = await h.ask({ type: 'square-counts', name: 'rss' }, 'square-counts');
  await stopWorkerQuietly(h, child);
  const peak = Math.max(mem.hwmMb, ...at.map((a) => a.hwmMb));
  const base = at.find((a) => a.variants >= 300_000) ?? at[0]!;
  const growth = peak - base.hwmMb;
  say(`${o.shop.variants.toLocaleString('en-US')}-variant run: ${run.seconds.toFixed(0)} s, ${Math.round(o.shop.variants / run.seconds)} variants/s; Square holds ${counts.variations} variations; quarantined ${run.progress.quarantined}`);
  say(`worker peak RSS ${peak} MB; growth after ${base.variants} variants: ${growth} MB; machine: load ${load.load1}, other processes ${load.foreignCpuPct ?? 'n/a'}% of CPU`);
  const target = { peak_rss_mb: 400, growth_after_300k_mb: 40 };
  return {
    bench: 'catalog-backfill',
    mode: 'rss',
    products: o.shop.products,
    variants: o.shop.variants,
    page_size: o.pageSize,
    seconds: r2(run.seconds),
    variants_per_s: Math.round(o.shop.variants / run.seconds),
    rss_at: at.map((a) => ({ variants: a.variants, rss_mb: a.rssMb, peak_mb: a.hwmMb })),
    peak_rss_mb: peak,
    growth_after_300k_mb: growth,
    failed: run.progress.quarantined + Math.max(0, o.shop.variants - counts.variations),
    load1: load.load1,
    foreign_cpu_pct: load.foreignCpuPct,
    target,
    pass: peak <= target.peak_rss_mb && growth <= target.growth_after_300k_mb && counts.variations === o.shop.variants,
  };
}

export async function stopWorkerQuietly(h: Harness, child: ChildProcess): Promise<void> {
  try {
    await h.stopWorker(child);
  } catch {
    await stopChild(child);
  }
}
