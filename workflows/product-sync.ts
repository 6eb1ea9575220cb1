import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { coalescingSync, type ChangeSignal, type EntitySyncStatus } from './entity-sync';

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

export type { ChangeSignal } from './entity-sync';

export interface ProductSyncInput {
  flowId: string;
  /** Vendor id in the flow's source system (e.g. a Shopify product gid). */
  externalId: string;
  /** Wait this long for more signals before finishing (default 5 s). */
  lingerMs?: number;
}

export type ProductSyncStatus = EntitySyncStatus;

export const changedSignal = wf.defineSignal<[ChangeSignal]>('changed');
export const statusQuery = wf.defineQuery<ProductSyncStatus>('status');

export async function productSync(input: ProductSyncInput): Promise<ProductSyncStatus> {
  return coalescingSync({
    signal: changedSignal,
    query: statusQuery,
    lingerMs: input.lingerMs ?? 5000,
    sync: () => syncProduct({ flowId: input.flowId, externalId: input.externalId }),
    continueAsNew: () => wf.continueAsNew<typeof productSync>(input),
  });
}
