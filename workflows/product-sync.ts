import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { SA_CANONICAL_ID } from '../temporal/search-attributes';

/**
 * One workflow per product (workflow id = entity key), fed by webhook
 * signals. Webhooks are notifications, not truth: every burst of signals
 * collapses into one re-read of the product from its owner and one write to
 * each destination, so order and duplicates of deliveries don't matter.
 */

type Activities = ReturnType<typeof createActivities>;

const { syncProduct } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ConfigurationError'] },
});

export interface ChangeSignal {
  eventId: string;
  topic: string;
  action: 'upsert' | 'delete';
  occurredAt: string | null;
}

export interface ProductSyncInput {
  flowId: string;
  /** Vendor id in the flow's source system (e.g. a Shopify product gid). */
  externalId: string;
  /** Wait this long for more signals before finishing (default 5 s). */
  lingerMs?: number;
}

export interface ProductSyncStatus {
  signals: number;
  syncs: number;
  lastOutcome: string | null;
  canonicalId: string | null;
}

export const changedSignal = wf.defineSignal<[ChangeSignal]>('changed');
export const statusQuery = wf.defineQuery<ProductSyncStatus>('status');

export async function productSync(input: ProductSyncInput): Promise<ProductSyncStatus> {
  const status: ProductSyncStatus = { signals: 0, syncs: 0, lastOutcome: null, canonicalId: null };
  let pending = false;
  wf.setHandler(changedSignal, () => {
    status.signals += 1;
    pending = true;
  });
  wf.setHandler(statusQuery, () => status);

  const linger = input.lingerMs ?? 5000;
  for (;;) {
    // A signal usually arrives with the start (signalWithStart); after a sync, linger briefly so bursts coalesce.
    const more = await wf.condition(() => pending, linger);
    if (!more) break;
    pending = false;
    const result = await syncProduct({ flowId: input.flowId, externalId: input.externalId });
    status.syncs += 1;
    status.lastOutcome = result.outcome;
    if (result.canonicalId && result.canonicalId !== status.canonicalId) {
      status.canonicalId = result.canonicalId;
      wf.upsertSearchAttributes([{ key: SA_CANONICAL_ID, value: result.canonicalId }]);
    }
    if (wf.workflowInfo().continueAsNewSuggested || wf.workflowInfo().historyLength > 1000) {
      await wf.condition(wf.allHandlersFinished);
      await wf.continueAsNew<typeof productSync>(input);
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return status;
}
