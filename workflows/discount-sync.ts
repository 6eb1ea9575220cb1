import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { runBackfillPages } from './backfill-pages';
import type { BackfillProgress } from './catalog-backfill';
import { coalescingSync, type ChangeSignal, type EntitySyncStatus } from './entity-sync';

/**
 * Discount flows. `discountBackfill` pages through every discount of the
 * owner (one page per activity, checkpoint in the store, continue-as-new
 * before the history grows long), then sweeps for discounts deleted at the
 * owner whose webhook never arrived; `discountSync` is one workflow per
 * discount (workflow id = entity key) that webhook signals wake: a burst of
 * deliveries collapses into one re-read and one write, and a discount gone
 * from its owner is deleted everywhere. Only ids and counts pass through
 * history.
 */

type Activities = ReturnType<typeof createActivities>;

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ConfigurationError'] };

const { syncDiscountPage, loadDiscountCheckpoint, clearDiscountCheckpoint, sweepDeletedDiscounts } = wf.proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '2 minutes', retry });
const { syncDiscount } = wf.proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry });

export interface DiscountBackfillInput {
  flowId: string;
  /** Carried across continue-as-new; absent on a fresh start (then the store checkpoint is used). */
  cursor?: string | null;
  progress?: DiscountBackfillProgress;
  /** Continue-as-new once history reaches this many events (default 1,500). */
  maxHistoryEvents?: number;
}

/** The catalog backfill's progress plus the discounts found deleted at the owner by the final sweep. */
export interface DiscountBackfillProgress extends BackfillProgress {
  deleted: number;
}

/** Same name and shape as the catalog backfill's, so `switchyard backfill` shows either. */
export const discountProgressQuery = wf.defineQuery<DiscountBackfillProgress>('progress');

export async function discountBackfill(input: DiscountBackfillInput): Promise<DiscountBackfillProgress> {
  const progress: DiscountBackfillProgress = input.progress ?? { flowId: input.flowId, pages: 0, records: 0, written: 0, quarantined: 0, deleted: 0, total: null, done: false, continuedAsNew: 0 };
  wf.setHandler(discountProgressQuery, () => progress);
  const cursor = input.progress ? (input.cursor ?? null) : await loadDiscountCheckpoint({ flowId: input.flowId });
  await runBackfillPages({
    progress,
    cursor,
    maxHistoryEvents: input.maxHistoryEvents ?? 1500,
    page: async (at) => ({ ...(await syncDiscountPage({ flowId: input.flowId, cursor: at })), pages: 1 }),
    continueAsNew: (at, carried) => wf.continueAsNew<typeof discountBackfill>({ flowId: input.flowId, cursor: at, progress: carried, maxHistoryEvents: input.maxHistoryEvents }),
  });
  // Deletions whose webhook never came: what earlier runs saw and this one didn't, confirmed gone at the owner.
  progress.deleted = (await sweepDeletedDiscounts({ flowId: input.flowId })).deleted;
  await clearDiscountCheckpoint({ flowId: input.flowId });
  progress.done = true;
  return progress;
}

export interface DiscountSyncInput {
  flowId: string;
  /** Vendor id in the flow's source system (a Shopify DiscountCodeNode gid). */
  externalId: string;
  /** Wait this long for more signals before finishing (default 5 s). */
  lingerMs?: number;
}

export type DiscountSyncStatus = EntitySyncStatus;

/** Same signal name as productSync's, so the ingress's start spec shape is shared. */
export const discountChangedSignal = wf.defineSignal<[ChangeSignal]>('changed');
export const discountStatusQuery = wf.defineQuery<DiscountSyncStatus>('status');

export async function discountSync(input: DiscountSyncInput): Promise<DiscountSyncStatus> {
  return coalescingSync({
    signal: discountChangedSignal,
    query: discountStatusQuery,
    lingerMs: input.lingerMs ?? 5000,
    sync: () => syncDiscount({ flowId: input.flowId, externalId: input.externalId }),
    continueAsNew: () => wf.continueAsNew<typeof discountSync>(input),
  });
}
