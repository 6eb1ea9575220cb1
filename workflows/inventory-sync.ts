import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';

/**
 * One workflow per SKU × location (workflow id = the key), fed by signals:
 * every channel's stock webhook for the key and every drift reconciliation
 * finds land here, and are applied one pass at a time. Two channels selling
 * the last unit are therefore never applied concurrently: the second pass
 * sees the first one's result, takes stock below zero, records the oversell
 * and applies the flow's policy.
 *
 * Only connector ids and counts pass through history.
 */

type Activities = ReturnType<typeof createActivities>;

const { applyInventory } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: ['ConfigurationError'] },
});

export interface InventorySyncInput {
  flowId: string;
  variantId: string;
  /** Our location name (a key of the flow's `locations`). */
  location: string;
  /** Wait this long for more signals before finishing (default 10 s). */
  lingerMs?: number;
}

export interface ObservedSignal {
  /** Connectors whose level may have moved: each is re-read (webhooks are notifications, not truth). */
  connectors: string[];
  eventId: string;
  reason: 'webhook' | 'reconcile' | 'manual';
}

export interface InventorySyncStatus {
  signals: number;
  passes: number;
  writes: number;
  canonical: number | null;
  levels: Record<string, number>;
  oversold: boolean;
  /** Facts recorded in the canonical event stream by this run: type → count. */
  events: Record<string, number>;
  unlinked: string[];
}

export const observedSignal = wf.defineSignal<[ObservedSignal]>('observed');
export const inventoryStatusQuery = wf.defineQuery<InventorySyncStatus>('inventoryStatus');

export async function inventorySync(input: InventorySyncInput): Promise<InventorySyncStatus> {
  const status: InventorySyncStatus = { signals: 0, passes: 0, writes: 0, canonical: null, levels: {}, oversold: false, events: {}, unlinked: [] };
  const pending = new Set<string>();
  let wake = false;
  wf.setHandler(observedSignal, (s) => {
    status.signals += 1;
    for (const c of s.connectors) pending.add(c);
    wake = true;
  });
  wf.setHandler(inventoryStatusQuery, () => status);

  const linger = input.lingerMs ?? 10_000;
  for (;;) {
    const more = await wf.condition(() => wake, linger);
    if (!more) break;
    wake = false;
    const connectors = [...pending];
    pending.clear();
    const r = await applyInventory({ flowId: input.flowId, variantId: input.variantId, location: input.location, connectors });
    status.passes += 1;
    status.writes += r.writes;
    status.canonical = r.canonical;
    status.levels = r.levels;
    status.unlinked = r.unlinked;
    for (const e of r.events) status.events[e] = (status.events[e] ?? 0) + 1;
    if (r.oversold !== status.oversold) {
      status.oversold = r.oversold;
      wf.upsertMemo({ oversold: r.oversold });
    }
    wf.setCurrentDetails(
      `**Stock** ${r.canonical ?? '—'} shared · ${Object.entries(r.levels).map(([c, q]) => `${c} ${q}`).join(' · ')}${r.oversold ? ' · **OVERSOLD**' : ''}`,
    );
    if (wf.workflowInfo().continueAsNewSuggested || wf.workflowInfo().historyLength > 1000) {
      await wf.condition(wf.allHandlersFinished);
      await wf.continueAsNew<typeof inventorySync>(input);
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return status;
}
