import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { runBackfillPages } from './backfill-pages';

/**
 * Paged catalog backfill for one flow: pages are read and written by
 * activities, each page checkpointed in the store, continue-as-new well
 * before the history gets long. Only cursors and counts pass through
 * history — never records.
 *
 * Since the `catalog-backfill-page-runs` patch one activity runs several
 * pages for a few seconds, reading the next page while it writes the current
 * one (activities/catalog-pages.ts); runs recorded before it keep one page per
 * activity.
 */
export const PAGE_RUNS_PATCH = 'catalog-backfill-page-runs';

type Activities = ReturnType<typeof createActivities>;

const { syncCatalogPage, syncCatalogPages, countSourceProducts, loadCheckpoint, clearCheckpoint } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // A worker that dies mid-page (OOM, SIGKILL, a lost host) stops heartbeating: its page is
  // retried elsewhere after this, not after the whole start-to-close. Pages heartbeat as they
  // finish, and one page waits at most ~10 s for Shopify's cost bucket.
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    // Bad credentials or a broken flow definition won't fix themselves.
    nonRetryableErrorTypes: ['ConfigurationError'],
  },
});

export interface BackfillProgress {
  flowId: string;
  pages: number;
  /** Source records read. */
  records: number;
  /** Records written to at least one destination (unchanged ones are skipped). */
  written: number;
  quarantined: number;
  /** Source record count when the backfill started (null until counted). */
  total: number | null;
  done: boolean;
  continuedAsNew: number;
}

export interface BackfillInput {
  flowId: string;
  /** Carried across continue-as-new; absent on a fresh start (then the store checkpoint is used). */
  cursor?: string | null;
  progress?: BackfillProgress;
  /** Continue-as-new once history reaches this many events (default 1,500, below the ~2,000 guidance). */
  maxHistoryEvents?: number;
  /** At most this many pages per activity (default: as many as a few seconds allow, see activities/catalog-pages.ts). */
  pagesPerActivity?: number;
}

export const progressQuery = wf.defineQuery<BackfillProgress>('progress');

export async function catalogBackfill(input: BackfillInput): Promise<BackfillProgress> {
  const progress: BackfillProgress = input.progress ?? {
    flowId: input.flowId,
    pages: 0,
    records: 0,
    written: 0,
    quarantined: 0,
    total: null,
    done: false,
    continuedAsNew: 0,
  };
  wf.setHandler(progressQuery, () => progress);

  let cursor: string | null;
  if (input.progress) {
    cursor = input.cursor ?? null;
  } else {
    // A fresh run resumes from the store's checkpoint if a previous run was cut off.
    cursor = await loadCheckpoint({ flowId: input.flowId });
    progress.total = await countSourceProducts({ flowId: input.flowId });
  }
  await runBackfillPages({
    progress,
    cursor,
    maxHistoryEvents: input.maxHistoryEvents ?? 1500,
    page: async (at) =>
      wf.patched(PAGE_RUNS_PATCH)
        ? await syncCatalogPages({ flowId: input.flowId, cursor: at, maxPages: input.pagesPerActivity })
        : { ...(await syncCatalogPage({ flowId: input.flowId, cursor: at })), pages: 1 },
    continueAsNew: (at, carried) =>
      wf.continueAsNew<typeof catalogBackfill>({
        flowId: input.flowId,
        cursor: at,
        progress: carried,
        maxHistoryEvents: input.maxHistoryEvents,
        pagesPerActivity: input.pagesPerActivity,
      }),
  });
  await clearCheckpoint({ flowId: input.flowId });
  progress.done = true;
  return progress;
}
