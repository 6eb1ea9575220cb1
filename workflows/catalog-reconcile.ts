import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';

/**
 * Reconciliation of a product flow, started by the flow's Temporal Schedule
 * (engine/schedules.ts) or `switchyard reconcile <flow>`. Two paged passes:
 * - the source pass pages through the owner like the backfill; each page is
 *   converged (a change whose webhook was lost reaches the canonical record)
 *   and every destination is compared with what the canonical record and
 *   field ownership say it should hold — objects deleted there are
 *   recreated, fields it doesn't own edited behind our back are written back;
 * - the orphan pass pages over the canonical products: those this run did not
 *   see at the source are re-read there and, when gone, deleted everywhere.
 * The report is the `report` query, the result, the Web UI details (during
 * and after) and the memo. Only cursors and counts pass through history.
 */

type Activities = ReturnType<typeof createActivities>;

const { reconcileCatalogPage, reconcileCatalogOrphans } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // A page whose worker died is retried elsewhere after this (pages heartbeat after each vendor read and each destination).
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ConfigurationError'] },
});

export interface CatalogReport {
  flowId: string;
  /** Source pages read. */
  pages: number;
  /** Source products read. */
  products: number;
  /** Products that needed nothing anywhere. */
  inSync: number;
  /** Products whose canonical copy was behind their owners (a missed webhook, a new product), or whose source held other values for fields it doesn't own. */
  sourceDrift: number;
  /** Products a destination lost (or lost variants of), or edited behind our back in fields it doesn't own; plus objects left for deleted products. */
  destinationDrift: number;
  /** Drifted products brought back in line everywhere. */
  repaired: number;
  /** Canonical products the source no longer has (a missed delete), deleted everywhere. */
  deleted: number;
  quarantined: number;
  /** Product writes made to vendors (upserts, source write-backs, deletions): 0 when everything was in sync. */
  writes: number;
  done: boolean;
}

export interface CatalogReconcileInput {
  flowId: string;
  /** Carried across continue-as-new: which pass, where it stands, what it counted, and the run's marker. */
  phase?: 'source' | 'orphans';
  cursor?: string | null;
  report?: CatalogReport;
  marker?: string;
  /** Continue-as-new once history reaches this many events (default 1,500). */
  maxHistoryEvents?: number;
}

export const catalogReportQuery = wf.defineQuery<CatalogReport>('report');

export async function catalogReconcile(input: CatalogReconcileInput): Promise<CatalogReport> {
  const report: CatalogReport = input.report ?? { flowId: input.flowId, pages: 0, products: 0, inSync: 0, sourceDrift: 0, destinationDrift: 0, repaired: 0, deleted: 0, quarantined: 0, writes: 0, done: false };
  wf.setHandler(catalogReportQuery, () => report);
  // Marks the canonical products this run saw at the source; the same across continue-as-new.
  const marker = input.marker ?? wf.workflowInfo().runId;
  let phase = input.phase ?? 'source';
  let cursor = input.cursor ?? null;
  const maxHistory = input.maxHistoryEvents ?? 1500;
  wf.setCurrentDetails(summary(report, phase));

  const continueIfLong = async () => {
    const info = wf.workflowInfo();
    if (info.historyLength < maxHistory && !info.continueAsNewSuggested) return;
    await wf.condition(wf.allHandlersFinished);
    await wf.continueAsNew<typeof catalogReconcile>({ flowId: input.flowId, phase, cursor, report, marker, maxHistoryEvents: input.maxHistoryEvents });
  };

  while (phase === 'source') {
    const page = await reconcileCatalogPage({ flowId: input.flowId, cursor, marker });
    report.pages += 1;
    report.products += page.products;
    report.inSync += page.inSync;
    report.sourceDrift += page.sourceDrift;
    report.destinationDrift += page.destinationDrift;
    report.repaired += page.repaired;
    report.quarantined += page.quarantined;
    report.writes += page.writes;
    cursor = page.nextCursor;
    if (cursor === null) phase = 'orphans';
    wf.setCurrentDetails(summary(report, phase));
    await continueIfLong();
  }
  for (;;) {
    const page = await reconcileCatalogOrphans({ flowId: input.flowId, afterId: cursor, marker });
    report.deleted += page.deleted;
    report.destinationDrift += page.destinationDrift;
    report.repaired += page.destinationDrift;
    report.writes += page.writes;
    cursor = page.nextAfterId;
    wf.setCurrentDetails(summary(report, phase));
    if (cursor === null) break;
    await continueIfLong();
  }

  report.done = true;
  wf.setCurrentDetails(summary(report, 'done'));
  wf.upsertMemo({ summary: summary(report, 'done') });
  return report;
}

function summary(r: CatalogReport, phase: 'source' | 'orphans' | 'done'): string {
  const stage = phase === 'done' ? '' : phase === 'source' ? ` (comparing, ${r.pages} pages so far)` : ' (looking for products gone from the source)';
  return (
    `**Catalog ${r.flowId}**${stage}: ${r.products} products checked · ${r.inSync} in sync · ${r.sourceDrift} drifted at the source · ` +
    `${r.destinationDrift} drifted in a destination · ${r.repaired} repaired · ${r.deleted} deleted (gone from the source) · ${r.quarantined} quarantined · ${r.writes} writes`
  );
}
