import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { totalRejected } from '../ingress/stats';
import { startDevServer } from '../temporal/dev-server';
import { foreignShare, reniceProcess, snapshotCpu } from './machine-load';
import { ask, exitOf, killChild, nextMessage } from './webhooks-child-ipc';
import type { ForwarderMode } from './webhooks-ingress-child';
import { p99BySecond, percentiles, runLoad, type LoadOptions, type LoadResult } from './webhooks-load';
import { SLOW_MS } from './timed-store';
import { verifyInTemporal } from './webhooks-verify';

/**
 * `npm run bench -- webhooks [--rate 1000] [--seconds 20] [--products 500]`
 *
 * Vendor-shaped load against the real ingress (own process) with a SQLite
 * outbox and the forwarder feeding an in-memory Temporal dev server. Reports
 * ack latency, then proves no acked delivery was lost by reading every
 * touched workflow's history back from Temporal.
 *
 * A short warm-up at the same rate runs first (JIT, connection pool, the
 * first workflow start of every product) and is drained before measuring;
 * its latencies are reported apart, but its deliveries count for LOST too.
 */

const TARGET = { p99_ms: 25, lost: 0 } as const;
const DRAIN_TIMEOUT_MS = 120_000;
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'webhooks-ingress-child.ts');

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '20' },
      products: { type: 'string', default: '500' },
      warmup: { type: 'string', default: '3' },
      'bad-share': { type: 'string', default: '0.01' },
      'dup-share': { type: 'string', default: '0.01' },
      sockets: { type: 'string', default: '64' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      /** thread (default) | inline (forwarder on the ingress event loop) | off (ack path only: nothing reaches Temporal, pass is false). */
      forwarder: { type: 'string', default: 'thread' },
      /**
       * Nice value for the co-located Temporal dev server (default 0). On a small box the
       * dev server is the biggest CPU user; 10 models "acks first, delivery catches up".
       */
      // Same priority as the dev server `switchyard start` embeds (see temporal/dev-server.ts).
      'temporal-nice': { type: 'string', default: '10' },
      /** Write V8 CPU profiles of the ingress child's threads here (open in Chrome DevTools). */
      'cpu-prof-dir': { type: 'string' },
    },
  });
  const rate = positive(values.rate, 'rate');
  const seconds = positive(values.seconds, 'seconds');
  const warmup = Number(values.warmup);
  const forwarderMode = values.forwarder as ForwarderMode;
  if (!['thread', 'inline', 'off'].includes(forwarderMode)) throw new Error('--forwarder must be thread, inline or off');
  const say = (line: string): void => void process.stdout.write(`${line}\n`);

  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    cleanups.length = 0;
  };
  const onSignal = (): void => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const load1 = loadavg()[0] as number;
    say(`bench webhooks: rate=${rate}/s seconds=${seconds} (+${warmup} s warm-up) products=${values.products} forwarder=${forwarderMode}; load average ${load1.toFixed(2)} on ${availableParallelism()} cores`);
    const temporal = await startDevServer();
    cleanups.push(() => temporal.stop());
    const temporalNice = Number(values['temporal-nice']);
    if (temporalNice !== 0 && temporal.process.pid !== undefined) {
      say(`reniced ${reniceProcess(temporal.process.pid, temporalNice)} Temporal dev server threads to nice ${temporalNice}`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-bench-webhooks-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const secret = randomBytes(24).toString('hex');

    const profile = values['cpu-prof-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof-dir'])}`] : [];
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx', ...profile],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // The secret travels in the environment, never in argv (visible in ps).
      env: { ...process.env, BENCH_STORE_PATH: path.join(dir, 'store.db'), BENCH_TEMPORAL_ADDRESS: temporal.address, BENCH_WEBHOOK_SECRET: secret, BENCH_FORWARDER: forwarderMode },
    });
    cleanups.push(() => killChild(child));
    const { baseUrl } = await nextMessage(child, 'ready', 60_000);
    say(`ingress child pid ${child.pid} at ${baseUrl}; Temporal at ${temporal.address}`);

    const seed = Number(values.seed);
    const common: Omit<LoadOptions, 'seconds' | 'seed'> = {
      baseUrl,
      secret,
      rate,
      products: Math.floor(positive(values.products, 'products')),
      badShare: Number(values['bad-share']),
      dupShare: Number(values['dup-share']),
      agent: new http.Agent({ keepAlive: true, maxSockets: Math.floor(positive(values.sockets, 'sockets')) }),
    };
    cleanups.push(() => common.agent.destroy());
    let warm: LoadResult | null = null;
    if (warmup > 0) {
      warm = await runLoad({ ...common, seconds: warmup, seed: seed + 1 });
      const [wp99] = percentiles(warm.latenciesMs, [99]);
      // Start the measured run from steady state: every product's workflow exists and the
      // warm-up's deliveries are in Temporal (else their workflow starts land in the window).
      const drainedIn = await waitForDrain(child, forwarderMode === 'off' ? 0 : DRAIN_TIMEOUT_MS / 2);
      say(`warm-up: ${warm.sent} sent, ${warm.accepted} accepted, p99 ${round2(wp99 ?? NaN)} ms, outbox drained in ${drainedIn ?? 'n/a (timeout)'} s (not in the figures below)`);
      await ask(child, { type: 'reset-meters' }, 'meters-reset');
    }
    const ourPids = [process.pid, child.pid, temporal.process.pid];
    const cpuBefore = snapshotCpu(ourPids);
    const load = await runLoad({ ...common, seconds, seed });
    const loadEnd = Date.now();
    const foreign = foreignShare(cpuBefore, snapshotCpu(ourPids));
    const foreignPct = foreign === null ? null : Math.round(foreign * 100);
    const [p50, p90, p99, max] = percentiles(load.latenciesMs, [50, 90, 99, 100]).map(round2) as [number, number, number, number];
    say(`sent ${load.sent} in ${load.sendSeconds.toFixed(1)} s → achieved ${(load.sent / load.sendSeconds).toFixed(0)} req/s (generator lag max ${load.maxScheduleLagMs.toFixed(1)} ms)`);
    say(`ack latency ms: p50 ${p50}  p90 ${p90}  p99 ${p99}  max ${max}`);
    say(`ack p99 by second, ms: ${p99BySecond(load).join(' ')}`);
    say(`other processes on this machine used ${foreignPct ?? 'n/a'}% of its CPU during the measured run`);
    say(`accepted ${load.accepted}  duplicate ${load.duplicate}  rejected ${load.rejected}  errors ${load.errors}`);

    // Drain: the outbox empties once every accepted row got a successful signalWithStart.
    const drainS = await waitForDrain(child, forwarderMode === 'off' ? 0 : DRAIN_TIMEOUT_MS, loadEnd);
    const drained = drainS !== null;
    const status = await ask(child, { type: 'status' }, 'status');
    say(`outbox ${drained ? `drained ${drainS} s after the load` : `NOT drained (${status.outboxPending} pending)`}`);
    const st = status.stats;
    say(`ingress counted: accepted ${st.accepted} duplicate ${st.duplicate} rejected ${totalRejected(st)} ${JSON.stringify(st.rejected)} failed ${JSON.stringify(st.failed)}`);

    const accepted = new Map(load.acceptedByWorkflow);
    for (const [wf, ids] of warm?.acceptedByWorkflow ?? []) accepted.set(wf, new Set([...(accepted.get(wf) ?? []), ...ids]));
    const acceptedTotal = load.accepted + (warm?.accepted ?? 0);
    const v = await verifyInTemporal(temporal.address, accepted);
    say(`Temporal: ${v.workflows} workflows, ${v.signals} signals (${v.redelivered} re-deliveries); accepted ${acceptedTotal} (incl. warm-up), found ${v.found}, LOST ${v.lost} (verified in ${v.seconds.toFixed(1)} s)`);

    child.send({ type: 'stop' });
    const stopped = await nextMessage(child, 'stopped', 30_000);
    await exitOf(child, 15_000); // let it exit on its own (a CPU profile is written at exit)
    const perRequest = (ms: number | null): number | null => (ms === null ? null : round2(ms / Math.max(1, load.sent)));
    say(
      `ingress child: peak RSS ${stopped.peakRssMb} MB; CPU/request ${perRequest(stopped.cpuMs)} ms all threads, ` +
        `${perRequest(stopped.ingressThreadCpuMs) ?? 'n/a'} ms ingress thread; event-loop delay p99 ${stopped.loopDelayP99Ms} ms, max ${stopped.loopDelayMaxMs} ms`,
    );
    const storeLine = Object.entries(stopped.storeTimings)
      .filter(([, t]) => t.calls > 0)
      .map(([m, t]) => `${m} ${t.calls} calls max ${t.maxMs} ms (${t.slow} > ${SLOW_MS} ms)`);
    say(`store calls on the ingress thread: ${storeLine.join('; ')}`);

    const pass = p99 <= TARGET.p99_ms && v.lost === TARGET.lost && drained && load.errors === 0;
    const summary = {
      bench: 'webhooks',
      rate,
      seconds,
      sent: load.sent,
      achieved_rate: Math.round(load.sent / load.sendSeconds),
      accepted: load.accepted,
      duplicate: load.duplicate,
      rejected: load.rejected,
      errors: load.errors,
      lost: v.lost,
      p50_ms: p50,
      p90_ms: p90,
      p99_ms: p99,
      max_ms: max,
      drain_s: drained ? drainS : null,
      ingress_peak_rss_mb: stopped.peakRssMb,
      ingress_cpu_ms_per_req: perRequest(stopped.cpuMs),
      foreign_cpu_pct: foreignPct,
      temporal_nice: temporalNice,
      target: TARGET,
      pass,
    };
    say(JSON.stringify(summary));
    return pass ? 0 : 1;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Seconds from `since` until the child's outbox is empty, or null if `timeoutMs` passes first. */
async function waitForDrain(child: ChildProcess, timeoutMs: number, since = Date.now()): Promise<number | null> {
  for (;;) {
    const { outboxPending } = await ask(child, { type: 'status' }, 'status');
    if (outboxPending === 0) return round2((Date.now() - since) / 1000);
    if (Date.now() - since >= timeoutMs) return null;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function positive(text: string | undefined, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${text}`);
  return n;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
