import { Context, heartbeat } from '@temporalio/activity';
import type { PageResult } from './catalog';

/**
 * Several catalog pages in one activity, read one ahead: while page n is
 * mapped and written to the destinations, page n+1 is already being fetched
 * from the owner, so the vendor's response time and our own work overlap
 * instead of adding up. Each page is still checkpointed by `write` (the store
 * cursor) and reported in the heartbeat, so a retried attempt resumes after
 * the last page written, with the counts so far. Only cursors and counts
 * leave the activity; records never do.
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

export async function pipelinePages<P extends { nextCursor: string | null }>(
  input: CatalogPagesInput,
  read: (cursor: string | null) => Promise<P>,
  write: (page: P) => Promise<PageResult>,
): Promise<CatalogPagesResult> {
  const resumed = resumeDetails();
  const totals: CatalogPagesResult = resumed?.totals ?? { pages: 0, read: 0, written: 0, unchanged: 0, quarantined: 0, nextCursor: input.cursor };
  const started = Date.now();
  const maxMs = input.maxMs ?? DEFAULT_MAX_MS;
  const maxPages = input.maxPages ?? DEFAULT_MAX_PAGES;
  const ahead = (cursor: string | null): Promise<P> => {
    const p = read(cursor);
    p.catch(() => undefined); // awaited below; never an unhandled rejection if the write fails first
    return p;
  };

  // The previous attempt wrote the last page and only failed to report it.
  if (resumed && resumed.cursor === null) return totals;
  let next: Promise<P> | null = ahead(resumed ? resumed.cursor : input.cursor);
  while (next) {
    const page: P = await next;
    const more = page.nextCursor !== null && totals.pages + 1 < maxPages && Date.now() - started < maxMs;
    next = more ? ahead(page.nextCursor) : null;
    const r = await write(page);
    totals.pages += 1;
    totals.read += r.read;
    totals.written += r.written;
    totals.unchanged += r.unchanged;
    totals.quarantined += r.quarantined;
    totals.nextCursor = r.nextCursor;
    heartbeat({ cursor: r.nextCursor, totals } satisfies Resume);
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
