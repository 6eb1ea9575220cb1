import v8 from 'node:v8';

/**
 * Memory settings for a process that hosts a worker.
 *
 * - Heap growth: V8 sizes the next full-GC threshold from the live heap by a
 *   factor of up to 4 when memory looks plentiful, so a worker whose live heap
 *   is ~95 MB swells to ~400 MB between collections during a backfill. 1.5×
 *   keeps it near the live size for a few percent more GC time (measured with
 *   `npm run bench -- catalog-backfill --mode rss`). It is a growth factor,
 *   not a cap: a bigger live heap still fits.
 * - glibc malloc arenas: the Temporal core, libuv and V8 threads each get an
 *   arena by default, ~65 MB of RSS in a worker; two are enough. glibc reads
 *   this variable at process start, so the launchers (package.json scripts,
 *   bin/switchyard, the bench) set it.
 * - Young generation: 8 MB semi-spaces instead of V8's 16 MB. Image uploads
 *   (a download, a multipart body and the SDK's promises per file) churn the
 *   young generation; at 16 MB a 200,000-variant backfill peaked at 392 MB,
 *   at 8 MB at 362 MB, for 2% fewer variants/s (4 MB was no better: 430 MB at
 *   1,000,000 variants, on a busier machine). V8 sizes it when the process
 *   starts, so it is a command-line flag the launchers pass (WORKER_NODE_FLAGS).
 */
export const HEAP_GROWING_PERCENT = 50;
export const WORKER_PROCESS_ENV = { MALLOC_ARENA_MAX: '2' } as const;
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=8'] as const;

let tuned = false;
export function tuneWorkerHeap(): void {
  if (tuned) return;
  tuned = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
