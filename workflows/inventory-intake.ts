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

/** Deliveries that arrive during a lookup get a lookup of their own (runs started before it looked up once). */
export const INTAKE_LATE_DELIVERIES_PATCH = 'intake-late-deliveries';

export async function inventoryIntake(input: InventoryIntakeInput): Promise<{ variantId: string | null }> {
  // A signal only says "look" (its content is in the input); what counts is how many came. The one that
  // started the run is buffered and handled right here, when the handler is set.
  let deliveries = 0;
  wf.setHandler(wf.defineSignal<[unknown]>('observed'), () => void (deliveries += 1));
  let looked = deliveries;
  let r = await forwardInventoryIntake(input);
  // A delivery routed here while the lookup ran (the link wasn't stored yet) may report a change the
  // forwarded pass read before it happened: forward again, until a lookup saw no delivery come in.
  if (wf.patched(INTAKE_LATE_DELIVERIES_PATCH)) {
    while (deliveries > looked) {
      looked = deliveries;
      r = await forwardInventoryIntake(input);
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return r;
}
