import { Worker } from 'node:worker_threads';
import type { Store } from '../store/types';
import type { ForwarderOptions, OutboxStore } from './forwarder';
import { describeError, stderrLog, type LogEntry, type LogFn } from './log';

/**
 * Runs the outbox forwarder's Temporal side on a worker thread next to the ingress.
 *
 * Why not createForwarder() on the ingress event loop: the forwarder is
 * gRPC-heavy (about as much CPU per delivery as the ack path itself), and the
 * Temporal client wraps every call in AsyncLocalStorage.run, which on Node 20
 * turns on promise hooks for the whole isolate (~3x slower awaits, measured).
 *
 * Store calls are NOT made from the thread: they are proxied back to this
 * thread and run on the ingress's own Store. A second SQLite connection
 * writing (markDelivered) would contend for the write lock, and SQLite's busy
 * handler makes the loser *sleep* (1, 2, 5, 10 ms...) — on the ack path. With
 * the thread also niced, that became priority inversion. One writer, no locks.
 */

type ThreadOptions = Pick<ForwarderOptions, 'batchSize' | 'concurrency' | 'idleMs' | 'callTimeoutMs'>;

export interface ForwarderThreadOptions {
  /** The ingress's store: the thread's outbox reads and marks run on it, on this thread. */
  store: Store;
  temporal: { address: string; namespace?: string };
  options?: ThreadOptions;
  /**
   * Nice value of the forwarder thread (Linux only; 0 = same as the ingress).
   * Default 10: acks are latency-critical, delivery is background work the
   * outbox buffers, so under CPU contention the ack path wins and the
   * forwarder (and the Temporal work it causes) catches up when load drops.
   */
  niceness?: number;
  log?: LogFn;
}

export interface ForwarderThread {
  /** Cheap to call per request: at most one wake-up message is in flight. */
  poke(): void;
  drain(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

export class ForwarderThreadError extends Error {
  override readonly name = 'ForwarderThreadError';
}

/** @internal the wire between the two threads */
export interface ThreadInit {
  temporal: { address: string; namespace?: string };
  options: ThreadOptions;
  niceness: number;
  pokeFlag: SharedArrayBuffer;
}
export type StoreCall =
  | { method: 'pendingOutbox'; args: Parameters<OutboxStore['pendingOutbox']> }
  | { method: 'markDelivered'; args: Parameters<OutboxStore['markDelivered']> }
  | { method: 'markAttempted'; args: Parameters<OutboxStore['markAttempted']> }
  | { method: 'countOutbox'; args: Parameters<OutboxStore['countOutbox']> };
export type ToThread =
  | { type: 'poke' }
  | { type: 'drain'; id: number; timeoutMs: number }
  | { type: 'stop' }
  | { type: 'store-result'; id: number; ok: true; value: unknown }
  | { type: 'store-result'; id: number; ok: false; error: string };
export type FromThread =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'log'; entry: LogEntry }
  | { type: 'drained'; id: number; ok: boolean }
  | { type: 'store-call'; id: number; call: StoreCall }
  | { type: 'stopped' };

export async function startForwarderThread(opts: ForwarderThreadOptions): Promise<ForwarderThread> {
  const log = opts.log ?? stderrLog;
  const { store } = opts;
  const pokeFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(pokeFlag);
  const init: ThreadInit = { temporal: opts.temporal, options: opts.options ?? {}, niceness: opts.niceness ?? 10, pokeFlag };
  const worker = spawnWorker(init);
  const send = (m: ToThread): void => worker.postMessage(m);
  const drains = new Map<number, (ok: boolean) => void>();
  let nextDrain = 0;
  let stopped: (() => void) | null = null;
  let exited = false;

  function runStoreCall(id: number, call: StoreCall): void {
    let result: Promise<unknown>;
    switch (call.method) {
      case 'pendingOutbox': result = store.pendingOutbox(...call.args); break;
      case 'markDelivered': result = store.markDelivered(...call.args); break;
      case 'markAttempted': result = store.markAttempted(...call.args); break;
      case 'countOutbox': result = store.countOutbox(...call.args); break;
    }
    result.then(
      (value) => send({ type: 'store-result', id, ok: true, value }),
      (err: unknown) => send({ type: 'store-result', id, ok: false, error: describeError(err) }),
    );
  }

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromThread) => {
      switch (m.type) {
        case 'store-call': return runStoreCall(m.id, m.call);
        case 'log': return log(m.entry);
        case 'ready': return resolve();
        case 'failed': return reject(new ForwarderThreadError(`forwarder thread failed to start: ${m.error}`));
        case 'drained':
          drains.get(m.id)?.(m.ok);
          drains.delete(m.id);
          return;
        case 'stopped': return stopped?.();
      }
    });
    worker.once('error', (err) => reject(new ForwarderThreadError(`forwarder thread crashed: ${err.message}`)));
    worker.once('exit', (code) => {
      exited = true;
      reject(new ForwarderThreadError(`forwarder thread exited (code ${code}) before it was ready`));
      for (const done of drains.values()) done(false);
      drains.clear();
      stopped?.();
    });
  });
  try {
    await ready;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  worker.on('error', (err) => log({ level: 'error', msg: 'forwarder thread crashed', error: err.message }));

  return {
    poke() {
      // The thread clears the flag when it takes the poke: one message per round, not per request.
      if (Atomics.exchange(flag, 0, 1) === 0) send({ type: 'poke' });
    },
    drain(timeoutMs) {
      if (exited) return Promise.resolve(false);
      const id = nextDrain++;
      return new Promise<boolean>((resolve) => {
        drains.set(id, resolve);
        send({ type: 'drain', id, timeoutMs });
      });
    },
    async stop() {
      if (exited) return;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      send({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 15_000);
      await done;
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

/**
 * Run from TypeScript source (tsx, vitest), the worker needs the tsx loader,
 * and on Node 20 `--import` in a Worker's execArgv is not honoured: a tiny
 * eval'd bootstrap registers tsx's ESM hooks, then imports the real entry.
 * Compiled to .js, the entry is loaded directly.
 */
function spawnWorker(init: ThreadInit): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./forwarder-worker${fromSource ? '.ts' : '.js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: init });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}
