import { Context } from '@temporalio/activity';
import { heartbeatWith } from './keep-alive';
import type { PageResult } from './catalog';

/**
 * Several catalog pages in one activity, read ahead and written several at a
 * time: while page n is mapped and written to the destinations, the next
 * pages are already being fetched from the owner and written too, so vendor
 * response times, the store's thread and our own work overlap instead of
 * adding up.
 *
 * Pages are committed in order whatever order their writes finish in: page
 * n's cursor is checkpointed (`commit`, the store cursor) and reported in
 * the heartbeat only once pages 1..n are all written, so a retried attempt
 * resumes after the last page of an unbroken run, with the counts so far. A
 * later page that was already written is written again on the retry, which
 * is a no-op (content hashes and the same idempotency keys). Only cursors and
 * counts leave the activity; records never do.
 */

export interface CatalogPagesInput {
  flowId: string;
  cursor: string | null;
  /** Start no new page after this long (default 5 s): keeps progress and cancellation responsive. */
  maxMs?: number;
  /** At most this many pages per activity (default 200). */
  maxPages?: number;
}

export interface CatalogPagesResult extends PageResult {
  pages: number;
}

interface Resume {
  cursor: string | null;
  totals: CatalogPagesResult;
}

const DEFAULT_MAX_MS = 5_000;
const DEFAULT_MAX_PAGES = 200;
/** Page writes in flight at once (measured with `npm run bench -- catalog-backfill`). */
const WRITES_IN_FLIGHT = 4;
/** Pages read ahead of the writes. */
const READ_AHEAD = 4;

export async function pipelinePages<P extends { nextCursor: string | null }>(
  input: CatalogPagesInput,
  read: (cursor: string | null) => Promise<P>,
  write: (page: P) => Promise<PageResult>,
  /** Checkpoints a cursor once every page before it is written (called in page order). */
  commit: (cursor: string | null) => Promise<void>,
): Promise<CatalogPagesResult> {
  const resumed = resumeDetails();
  const totals: CatalogPagesResult = resumed?.totals ?? { pages: 0, read: 0, written: 0, unchanged: 0, quarantined: 0, nextCursor: input.cursor };
  const started = Date.now();
  const maxMs = input.maxMs ?? DEFAULT_MAX_MS;
  const maxPages = input.maxPages ?? DEFAULT_MAX_PAGES;
  const quiet = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined); // awaited below; never an unhandled rejection while another await is pending
    return p;
  };
  const inFlight: Promise<PageResult>[] = [];

  /** Waits for the oldest write, then checkpoints and counts it. */
  const settleOldest = async (): Promise<void> => {
    const r = await inFlight.shift()!;
    await commit(r.nextCursor);
    totals.pages += 1;
    totals.read += r.read;
    totals.written += r.written;
    totals.unchanged += r.unchanged;
    totals.quarantined += r.quarantined;
    totals.nextCursor = r.nextCursor;
    heartbeatWith({ cursor: r.nextCursor, totals } satisfies Resume);
  };

  // The previous attempt wrote the last page and only failed to report it.
  if (resumed && resumed.cursor === null) return totals;

  // Reads run in a chain of their own (each needs the previous page's cursor), up to READ_AHEAD
  // pages ahead of the writes; a slot resolves to null once there is no page to read.
  let issued = totals.pages + 1;
  let tail: Promise<P | null> = quiet(read(resumed ? resumed.cursor : input.cursor));
  const reads: Promise<P | null>[] = [tail];
  const topUp = (): void => {
    while (reads.length < READ_AHEAD) {
      tail = quiet(
        tail.then((p) => {
          if (!p || p.nextCursor === null || issued >= maxPages || Date.now() - started >= maxMs) return null;
          issued += 1;
          return read(p.nextCursor);
        }),
      );
      reads.push(tail);
    }
  };
  try {
    for (;;) {
      topUp();
      const page = await reads.shift()!;
      if (!page) break;
      inFlight.push(quiet(write(page)));
      if (inFlight.length >= WRITES_IN_FLIGHT) await settleOldest();
    }
    while (inFlight.length) await settleOldest();
  } catch (err) {
    // Nothing keeps writing after the attempt has failed.
    await Promise.allSettled(inFlight);
    throw err;
  }
  return totals;
}

/** The last heartbeat of a previous attempt: where to pick up and what it already counted. */
function resumeDetails(): Resume | null {
  let details: unknown;
  try {
    details = Context.current().info.heartbeatDetails;
  } catch {
    return null; // not running as an activity (unit tests calling it directly)
  }
  if (!details || typeof details !== 'object' || !('totals' in details) || !('cursor' in details)) return null;
  return details as Resume;
}
