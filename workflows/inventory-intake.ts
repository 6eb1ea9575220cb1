import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';

/**
 * A stock webhook about a vendor inventory item the id map doesn't link yet
 * (e.g. a variant created since the last inventory pass): ask the vendor
 * which variant it is, link it, and hand the event to that SKU × location's
 * entity workflow. An item that maps to no synced variant is recorded in
 * quarantine with the reason, and the next reconciliation picks it up.
 */

type Activities = ReturnType<typeof createActivities>;

const { forwardInventoryIntake } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: ['ConfigurationError'] },
});

export interface InventoryIntakeInput {
  flowId: string;
  connector: string;
  itemId: string;
  location: string;
}

export async function inventoryIntake(input: InventoryIntakeInput): Promise<{ variantId: string | null }> {
  // The signal that started us only says "look"; its content is in the input.
  wf.setHandler(wf.defineSignal<[unknown]>('observed'), () => undefined);
  const r = await forwardInventoryIntake(input);
  await wf.condition(wf.allHandlersFinished);
  return r;
}
