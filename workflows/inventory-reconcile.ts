import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';

/**
 * A bulk pass over every SKU × location of an inventory flow: the first sync
 * (keys never seen are initialised from the flow's source) and the scheduled
 * reconciliation (keys whose channels drifted from the canonical state are
 * handed to their entity workflow, which repairs them per policy). Started by
 * `switchyard backfill <flow>` or by the flow's Temporal Schedule.
 */

type Activities = ReturnType<typeof createActivities>;

const { syncInventoryPage, inventorySummary } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // How soon a page whose worker died is retried elsewhere (its keys stay leased meanwhile).
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ConfigurationError'] },
});

export interface InventoryReport {
  flowId: string;
  pages: number;
  keys: number;
  initialised: number;
  inSync: number;
  drifted: number;
  writes: number;
  unlinked: number;
  /** Oversells recorded for the flow so far (canonical event stream). */
  oversells: number | null;
  done: boolean;
}

export interface InventoryReconcileInput {
  flowId: string;
  cursor?: string | null;
  report?: InventoryReport;
  pageSize?: number;
}

export const reportQuery = wf.defineQuery<InventoryReport>('report');

export async function inventoryReconcile(input: InventoryReconcileInput): Promise<InventoryReport> {
  const report: InventoryReport = input.report ?? { flowId: input.flowId, pages: 0, keys: 0, initialised: 0, inSync: 0, drifted: 0, writes: 0, unlinked: 0, oversells: null, done: false };
  wf.setHandler(reportQuery, () => report);
  let cursor = input.cursor ?? null;
  for (;;) {
    const page = await syncInventoryPage({ flowId: input.flowId, cursor, pageSize: input.pageSize, runId: wf.workflowInfo().runId });
    report.pages += 1;
    report.keys += page.keys;
    report.initialised += page.initialised;
    report.inSync += page.inSync;
    report.drifted += page.drifted;
    report.writes += page.writes;
    report.unlinked += page.unlinked;
    wf.setCurrentDetails(summary(report));
    cursor = page.nextCursor;
    if (cursor === null) break;
    if (wf.workflowInfo().continueAsNewSuggested || wf.workflowInfo().historyLength > 1500) {
      await wf.continueAsNew<typeof inventoryReconcile>({ ...input, cursor, report });
    }
  }
  report.oversells = (await inventorySummary({ flowId: input.flowId })).oversold;
  report.done = true;
  wf.setCurrentDetails(summary(report));
  wf.upsertMemo({ summary: summary(report) });
  return report;
}

function summary(r: InventoryReport): string {
  return `**Inventory ${r.flowId}**: ${r.keys} SKU×location checked · ${r.inSync} in sync · ${r.initialised} initialised · ${r.drifted} drifted (repaired by their entity workflow) · ${r.writes} writes · ${r.unlinked} not linked everywhere${r.oversells !== null ? ` · ${r.oversells} oversells recorded` : ''}`;
}
