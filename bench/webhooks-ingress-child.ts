import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { createForwarder } from '../ingress/forwarder';
import { startForwarderThread } from '../ingress/forwarder-thread';
import type { LogEntry } from '../ingress/log';
import { createIngress } from '../ingress/server';
import type { IngressStats } from '../ingress/stats';
import { createStore } from '../store';
import type { Store } from '../store/types';
import { createShopifyWebhookVerifier } from '../connectors/shopify/webhooks';
import { timedStore, type StoreTiming } from './timed-store';
import { benchRouter } from './webhooks-shopify';

/**
 * The system under test for `bench webhooks`: ingress + SQLite outbox +
 * forwarder in their own process, as in production, so the load generator
 * never shares this event loop. Driven over IPC by bench/webhooks.ts.
 * Configuration comes from the environment (the secret must not be in argv).
 *
 * BENCH_FORWARDER: `thread` (default: forwarder on a worker thread),
 * `inline` (same event loop as the ingress, for comparison) or `off`
 * (ack path only; nothing reaches Temporal).
 */

export type ForwarderMode = 'thread' | 'inline' | 'off';
export type ChildRequest = { type: 'status' } | { type: 'reset-meters' } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; baseUrl: string }
  | { type: 'status'; stats: IngressStats; outboxPending: number; logCounts: Record<string, number> }
  | { type: 'meters-reset' }
  | {
      type: 'stopped';
      peakRssMb: number;
      cpuMs: number;
      ingressThreadCpuMs: number | null;
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
      storeTimings: Record<string, StoreTiming>;
    };

interface RunningForwarder {
  poke(): void;
  stop(): Promise<void>;
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`bench child: ${name} is not set`);
  return v;
}

/** CPU of the whole process (all threads), ms. */
function processCpuMs(): number {
  const u = process.resourceUsage();
  return (u.userCPUTime + u.systemCPUTime) / 1000;
}

/** CPU of this (the ingress) thread alone, from /proc on Linux; null elsewhere. */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat) in clock ticks, USER_HZ = 100 on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function send(m: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(m, undefined, undefined, () => resolve());
  });
}

async function startForwarder(mode: ForwarderMode, store: Store, log: (e: LogEntry) => void): Promise<RunningForwarder | null> {
  const address = env('BENCH_TEMPORAL_ADDRESS');
  const options = { batchSize: 200, concurrency: 32 };
  if (mode === 'off') return null;
  if (mode === 'thread') return startForwarderThread({ store, temporal: { address }, options, log });
  const connection = await Connection.connect({ address });
  const forwarder = createForwarder({ ...options, store, client: new Client({ connection }), log });
  forwarder.start();
  return {
    poke: () => forwarder.poke(),
    async stop() {
      await forwarder.stop();
      await connection.close();
    },
  };
}

async function main(): Promise<void> {
  const mode = (process.env.BENCH_FORWARDER ?? 'thread') as ForwarderMode;
  const rawStore = await createStore({ kind: 'sqlite', path: env('BENCH_STORE_PATH') });
  const timing = timedStore(rawStore);
  const store = timing.store;

  // Count log lines instead of printing them: rejections are part of the load, and
  // stderr writes to a pipe are synchronous. Errors still go out at once.
  const logCounts: Record<string, number> = {};
  const log = (e: LogEntry): void => {
    const key = `${e.level}:${e.reason ?? e.msg}`;
    logCounts[key] = (logCounts[key] ?? 0) + 1;
    if (e.level === 'error') process.stderr.write(`[ingress] ${JSON.stringify(e)}\n`);
  };

  const forwarder = await startForwarder(mode, store, log);
  const ingress = createIngress({
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 1024 * 1024,
    verifiers: new Map([['shop', createShopifyWebhookVerifier(env('BENCH_WEBHOOK_SECRET'))]]),
    store,
    route: benchRouter,
    log,
    onAccepted: forwarder ? () => forwarder.poke() : undefined,
  });
  const baseUrl = await ingress.listen();
  // CPU from the last reset on is the cost of the measured traffic (start-up and warm-up excluded).
  let cpuAtReset = processCpuMs();
  let ingressThreadAtReset = mainThreadCpuMs();
  // Event-loop delay of the ingress thread: tells "our loop was busy/blocked" apart from
  // "the OS didn't schedule us" when ack latency is high.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();

  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    loopDelay.disable();
    await ingress.close();
    await forwarder?.stop();
    await rawStore.close();
    // maxRSS is the process's high-water mark (KiB on Linux), not a sample; CPU covers all threads.
    await send({
      type: 'stopped',
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuMs: Math.round(processCpuMs() - cpuAtReset),
      ingressThreadCpuMs: ingressThreadAtReset === null ? null : (mainThreadCpuMs() ?? 0) - ingressThreadAtReset,
      loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
      loopDelayMaxMs: Math.round(loopDelay.max / 1e4) / 100,
      storeTimings: timing.timings(),
    });
  }

  process.on('message', (m: ChildRequest) => {
    if (m.type === 'status') {
      void store
        .countOutbox({ delivered: false })
        .then((outboxPending) => send({ type: 'status', stats: ingress.stats(), outboxPending, logCounts: { ...logCounts } }));
    } else if (m.type === 'reset-meters') {
      cpuAtReset = processCpuMs();
      ingressThreadAtReset = mainThreadCpuMs();
      loopDelay.reset();
      timing.reset();
      void send({ type: 'meters-reset' });
    } else if (m.type === 'stop') {
      void stop().then(() => process.exit(0));
    }
  });
  // The parent died without asking: don't linger as an orphan holding the port.
  process.on('disconnect', () => {
    if (!stopping) void stop().finally(() => process.exit(1));
  });
  await send({ type: 'ready', baseUrl });
}

main().catch((err: unknown) => {
  process.stderr.write(`[ingress] failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
