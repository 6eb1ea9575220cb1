import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { ShopifyLimits } from '../sandboxes/shopify';
import type { RateLimits } from '../sandboxes/square';
import { backfillWorkflowId } from '../engine/router';
import { freePort, startDevServer, type DevServer } from '../temporal/dev-server';
import type { BackfillProgress } from '../workflows/catalog-backfill';
import type { SandboxMessage, SandboxRequestMsg, VendorStats } from './catalog-backfill-sandboxes';
import { BENCH_SECRETS, benchConfigYaml, FLOW_ID } from './catalog-backfill-config';
import { WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '../engine/memory';
import { askOf, forkBenchChild, nextOf, stopChild } from './catalog-backfill-ipc';
import type { WorkerMessage } from './catalog-backfill-worker';
import { foreignShare, reniceProcess, snapshotCpu, type CpuSnapshot } from './machine-load';

/**
 * The processes of `bench catalog-backfill` and their lifecycles: sandboxes
 * (one child), the Temporal dev server, the worker (another child) and a
 * Temporal client here in the parent, which only starts and watches.
 */

export const TASK_QUEUE = 'bench-catalog';
export const say = (line: string): void => void process.stdout.write(`${line}\n`);
export const r2 = (n: number): number => Math.round(n * 100) / 100;

export interface HarnessOptions {
  cpuProfDir?: string;
  /** Extra Node/V8 flags for the engine child (e.g. heap sizing), space-separated. */
  workerNodeFlags?: string[];
  temporalNice: number;
}

export class Harness {
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  readonly dir = mkdtempSync(path.join(tmpdir(), 'switchyard-bench-catalog-'));
  sandboxes: ChildProcess | null = null;
  shop = { url: '', products: 0, variants: 0 };
  temporal: DevServer | null = null;
  client: Client | null = null;

  constructor(readonly opts: HarnessOptions) {
    this.cleanups.push(() => rmSync(this.dir, { recursive: true, force: true }));
  }

  async close(): Promise<void> {
    for (const fn of this.cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    this.cleanups.length = 0;
  }

  async startSandboxes(products: number, seed: number, shopify: ShopifyLimits, square: RateLimits): Promise<void> {
    // The Square seller of a 1M-variant run (its catalog plus every idempotent response) outgrows V8's default 4 GB heap.
    const child = forkBenchChild('catalog-backfill-sandboxes.ts', {
      BENCH_PRODUCTS: String(products),
      BENCH_SEED: String(seed),
      BENCH_SHOPIFY_LIMITS: JSON.stringify(shopify),
      BENCH_SQUARE_LIMITS: JSON.stringify(square),
    }, { cpuProfDir: this.opts.cpuProfDir, nodeFlags: ['--max-old-space-size=12288'] });
    this.cleanups.push(() => stopChild(child, 10_000));
    const ready = await nextOf<SandboxMessage, 'ready'>(child, 'ready', 120_000);
    this.sandboxes = child;
    this.shop = { url: ready.shopifyUrl, products: ready.products, variants: ready.variants };
  }

  ask<T extends SandboxMessage['type']>(request: SandboxRequestMsg, reply: T, timeoutMs = 60_000) {
    if (!this.sandboxes) throw new Error('sandboxes not started');
    return askOf<SandboxMessage, T>(this.sandboxes, request, reply, timeoutMs);
  }

  async newSquare(name: string): Promise<string> {
    return (await this.ask({ type: 'square', name }, 'square-ready')).url;
  }

  async stats(): Promise<{ shopify: VendorStats; square: Record<string, VendorStats> }> {
    return this.ask({ type: 'stats' }, 'stats');
  }

  async startTemporal(): Promise<Client> {
    const temporal = await startDevServer();
    this.cleanups.push(() => temporal.stop());
    if (this.opts.temporalNice !== 0 && temporal.process.pid !== undefined) reniceProcess(temporal.process.pid, this.opts.temporalNice);
    const connection = await Connection.connect({ address: temporal.address });
    this.cleanups.push(() => connection.close());
    this.temporal = temporal;
    this.client = new Client({ connection });
    return this.client;
  }

  configYaml(squareUrl: string, pageSize: number, ingressPort?: number, squareBudget?: { requestsPerSecond: number; burst: number }): string {
    return benchConfigYaml({ storePath: path.join(this.dir, `store-${Date.now()}.db`), taskQueue: TASK_QUEUE, shopifyUrl: this.shop.url, squareUrl, pageSize, ingressPort, squareBudget });
  }

  /** Forks the engine child (worker or plain loop); resolves once it is ready. */
  async startEngine(role: 'worker' | 'plain', yaml: string, opts: { ingress?: boolean; maxPages?: number } = {}): Promise<{ child: ChildProcess; ingressUrl: string | null }> {
    const child = forkBenchChild(
      'catalog-backfill-worker.ts',
      {
        ...BENCH_SECRETS,
        // The worker runs as the launchers start it (package.json scripts, bin/switchyard).
        ...WORKER_PROCESS_ENV,
        BENCH_ROLE: role,
        BENCH_CONFIG_YAML: yaml,
        BENCH_TEMPORAL_ADDRESS: this.temporal?.address ?? '',
        BENCH_INGRESS: opts.ingress ? '1' : '0',
        ...(opts.maxPages ? { BENCH_MAX_PAGES: String(opts.maxPages) } : {}),
      },
      // As the launchers start a worker; flags given to the bench come after, so they win.
      { cpuProfDir: this.opts.cpuProfDir, nodeFlags: [...WORKER_NODE_FLAGS, ...(this.opts.workerNodeFlags ?? [])] },
    );
    this.cleanups.push(() => stopChild(child));
    const ready = await nextOf<WorkerMessage, 'ready'>(child, 'ready', 120_000);
    return { child, ingressUrl: ready.ingressUrl };
  }

  async stopWorker(child: ChildProcess): Promise<{ timings: string[]; cpuMs: number }> {
    const stopped = await askOf<WorkerMessage, 'stopped'>(child, { type: 'stop' }, 'stopped', 60_000);
    await stopChild(child);
    return stopped;
  }

  pids(...more: (number | undefined)[]): (number | undefined)[] {
    return [process.pid, this.sandboxes?.pid, this.temporal?.process.pid, ...more];
  }

  freePort(): Promise<number> {
    return freePort();
  }
}

/** Runs the real catalogBackfill workflow to the end; `onProgress` sees the progress query every `pollMs`. */
export async function runBackfill(client: Client, onProgress?: (p: BackfillProgress, seconds: number) => void, pollMs = 500): Promise<{ seconds: number; progress: BackfillProgress }> {
  const t0 = performance.now();
  const handle = await client.workflow.start('catalogBackfill', { workflowId: backfillWorkflowId(FLOW_ID), taskQueue: TASK_QUEUE, args: [{ flowId: FLOW_ID }] });
  let done = false;
  const watcher = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, pollMs));
      if (done || !onProgress) continue;
      try {
        // The latest run (continue-as-new moves the id to a new run).
        onProgress(await client.workflow.getHandle(handle.workflowId).query<BackfillProgress>('progress'), (performance.now() - t0) / 1000);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) continue;
      }
    }
  })();
  const progress = (await handle.result()) as BackfillProgress;
  const seconds = (performance.now() - t0) / 1000;
  done = true;
  await watcher;
  return { seconds, progress };
}

/** Samples a process's memory from /proc: current RSS and the kernel's high-water mark (MB). */
export function memoryOf(pid: number | undefined): { rssMb: number; hwmMb: number } | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 1024), hwmMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system, all threads) a process has used so far; null when unreadable. */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ
  } catch {
    return null;
  }
}

/** CPU seconds each named process spends between construction and `finish()`. */
export class CpuMeter {
  private readonly before: Map<string, number | null>;
  constructor(private readonly pids: Record<string, number | undefined>) {
    this.before = new Map(Object.entries(pids).map(([k, pid]) => [k, cpuSecondsOf(pid)]));
  }
  finish(): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    for (const [k, pid] of Object.entries(this.pids)) {
      const a = this.before.get(k);
      const b = cpuSecondsOf(pid);
      out[k] = a === null || a === undefined || b === null ? null : r2(b - a);
    }
    return out;
  }
}

/** Machine load around a measured span: the 1-minute load average and the CPU share of processes that are not ours. */
export class LoadMeter {
  private readonly before: CpuSnapshot | null;
  readonly load1Before = loadavg()[0] ?? 0;
  constructor(private readonly pids: (number | undefined)[]) {
    this.before = snapshotCpu(pids);
  }
  finish(): { foreignCpuPct: number | null; load1: number; ourCpuShare: number | null } {
    const after = snapshotCpu(this.pids);
    const foreign = foreignShare(this.before, after);
    const ours = this.before && after ? (after.ours - this.before.ours) / Math.max(1, after.machineTotal - this.before.machineTotal) : null;
    return { foreignCpuPct: foreign === null ? null : Math.round(foreign * 100), load1: r2(loadavg()[0] ?? 0), ourCpuShare: ours === null ? null : r2(ours) };
  }
}
