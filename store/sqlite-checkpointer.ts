import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop. better-sqlite3 is synchronous, and
 * SQLite runs its automatic checkpoint inside the commit that crosses the
 * threshold: it copies the WAL into the database file and, with
 * synchronous=NORMAL, fsyncs both — the event loop stands still meanwhile
 * (tens of ms per checkpoint under a backfill's write volume, every few pages).
 *
 * Here a worker thread with its own connection runs PASSIVE checkpoints every
 * CHECKPOINT_EVERY_MS, and back to back while writes keep coming. PASSIVE
 * never blocks writers or readers; once a pass has caught up, the next commit
 * starts the WAL over, so the file stays small.
 * The connection's own automatic checkpoint stays on with a larger threshold
 * as a safety valve should the thread ever fall behind. Durability is what
 * synchronous=NORMAL in WAL mode always gave: commits survive a crash of the
 * process; a power cut can lose the latest ones, never corrupt the file.
 */

const CHECKPOINT_EVERY_MS = 100;
/** Pages (4 KiB) of WAL before the writing connection checkpoints by itself. */
export const SAFETY_AUTOCHECKPOINT_PAGES = 16_384;
/** Bytes the WAL file is truncated to after a checkpoint let it restart. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

// Plain CommonJS, so it runs the same under tsx, vitest and compiled JS.
const THREAD = `
const Database = require(workerData.driver);
const { parentPort, workerData } = require('node:worker_threads');
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma('synchronous = NORMAL');
let timer = null;
let stopped = false;
function pass() {
  timer = null;
  if (stopped) return;
  let behind = false;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    // Frames written meanwhile: go again at once; the WAL restarts only once a pass has caught up.
    behind = r.busy === 0 && r.checkpointed < r.log;
  } catch { /* busy or closing: next tick */ }
  timer = behind ? setImmediate(pass) : setTimeout(pass, workerData.everyMs);
}
pass();
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  if (timer) { clearTimeout(timer); clearImmediate(timer); }
  try { db.close(); } catch { /* already closed */ }
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the thread and closes its connection (idempotent). */
  stop(): void;
}

export function startCheckpointer(path: string, busyTimeoutMs: number): Checkpointer {
  // The driver is resolved here: an eval'd thread would resolve it from the working directory.
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { driver, path, busyTimeoutMs, everyMs: CHECKPOINT_EVERY_MS } });
  // Never keeps the process alive, and a failure of the thread only means SQLite's own checkpoints take over.
  worker.unref();
  worker.on('error', () => undefined);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage('stop');
    },
  };
}
