import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { ChangeSignal } from './product-sync';

/**
 * One workflow per flow × destination (workflow id = that key) for change
 * notifications that name no record — Square's catalog.version.updated says
 * only "the catalog has a new version". Every burst of notifications
 * collapses into one delta read from the cursor kept in the store; the
 * activity drops our own echoes and converges what really changed. Only
 * counts pass through history.
 */

type Activities = ReturnType<typeof createActivities>;

const { pullCatalogChanges } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ConfigurationError'] },
});

export interface CatalogChangesInput {
  flowId: string;
  /** The destination connector whose catalog changed. */
  connector: string;
  /** Wait this long for more notifications before finishing (default 5 s). */
  lingerMs?: number;
}

export interface CatalogChangesStatus {
  signals: number;
  /** Delta reads run (one per burst of notifications). */
  passes: number;
  changed: number;
  echoes: number;
  converged: number;
  written: number;
  quarantined: number;
  unlinked: number;
}

export const catalogChangedSignal = wf.defineSignal<[ChangeSignal]>('changed');
export const catalogChangesQuery = wf.defineQuery<CatalogChangesStatus>('status');

/** What a run hands the next across continue-as-new. */
export interface CatalogChangesCarry {
  status: CatalogChangesStatus;
  /** A notification arrived after the last read started: the next run reads again at once. */
  pending: boolean;
  notBefore: string | null;
}

export async function catalogChanges(input: CatalogChangesInput, carried?: CatalogChangesCarry): Promise<CatalogChangesStatus> {
  const status: CatalogChangesStatus = carried?.status ?? { signals: 0, passes: 0, changed: 0, echoes: 0, converged: 0, written: 0, quarantined: 0, unlinked: 0 };
  let pending = carried?.pending ?? false;
  // The oldest notification time of the burst: where a first read (no cursor yet) starts.
  let notBefore: string | null = carried?.notBefore ?? null;
  wf.setHandler(catalogChangedSignal, (s) => {
    status.signals += 1;
    pending = true;
    if (s.occurredAt && (notBefore === null || s.occurredAt < notBefore)) notBefore = s.occurredAt;
  });
  wf.setHandler(catalogChangesQuery, () => status);

  const linger = input.lingerMs ?? 5000;
  for (;;) {
    const more = await wf.condition(() => pending, linger);
    if (!more) break;
    pending = false;
    const hint = notBefore;
    notBefore = null;
    for (;;) {
      const r = await pullCatalogChanges({ flowId: input.flowId, connector: input.connector, notBefore: hint });
      status.changed += r.changed;
      status.echoes += r.echoes;
      status.converged += r.converged;
      status.written += r.written;
      status.quarantined += r.quarantined;
      status.unlinked += r.unlinked;
      if (!r.more) break;
    }
    status.passes += 1;
    if (wf.workflowInfo().continueAsNewSuggested || wf.workflowInfo().historyLength > 1000) {
      await wf.condition(wf.allHandlersFinished);
      await wf.continueAsNew<typeof catalogChanges>(input, { status, pending, notBefore });
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return status;
}
