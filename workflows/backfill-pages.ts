import * as wf from '@temporalio/workflow';
import type { BackfillProgress } from './catalog-backfill';

/** What one page activity reports: counts and where to go on, never records. */
export interface PageCounts {
  pages: number;
  read: number;
  written: number;
  quarantined: number;
  nextCursor: string | null;
}

/**
 * The paging loop every backfill shares: runs `page` from `cursor` until the
 * source is exhausted, adding its counts to `progress`, and continues as new
 * (after in-flight handlers finish) once the history reaches
 * `maxHistoryEvents` or the server suggests it. `continueAsNew` receives the
 * cursor to resume at and the progress to carry.
 */
export async function runBackfillPages<P extends BackfillProgress>(opts: {
  progress: P;
  cursor: string | null;
  maxHistoryEvents: number;
  page: (cursor: string | null) => Promise<PageCounts>;
  continueAsNew: (cursor: string, progress: P) => Promise<never>;
}): Promise<void> {
  const { progress } = opts;
  let cursor = opts.cursor;
  for (;;) {
    const page = await opts.page(cursor);
    progress.pages += page.pages;
    progress.records += page.read;
    progress.written += page.written;
    progress.quarantined += page.quarantined;
    cursor = page.nextCursor;
    if (cursor === null) return;
    const info = wf.workflowInfo();
    if (info.historyLength >= opts.maxHistoryEvents || info.continueAsNewSuggested) {
      await wf.condition(wf.allHandlersFinished);
      await opts.continueAsNew(cursor, { ...progress, continuedAsNew: progress.continuedAsNew + 1 });
    }
  }
}
