import * as wf from '@temporalio/workflow';
import type { QueryDefinition, SignalDefinition } from '@temporalio/workflow';
import { SA_CANONICAL_ID } from '../temporal/search-attributes';

/**
 * The loop every per-record workflow (one per product, one per discount…)
 * runs: webhook signals only set a flag, so a burst of deliveries collapses
 * into one re-read and one write; after a sync it lingers briefly for more,
 * then finishes. The canonical id found is recorded as a search attribute.
 * Only ids and outcomes pass through history.
 */

export interface EntitySyncStatus {
  signals: number;
  syncs: number;
  lastOutcome: string | null;
  canonicalId: string | null;
}

export interface ChangeSignal {
  eventId: string;
  topic: string;
  action: 'upsert' | 'delete';
  occurredAt: string | null;
}

export async function coalescingSync(opts: {
  signal: SignalDefinition<[ChangeSignal]>;
  query: QueryDefinition<EntitySyncStatus>;
  lingerMs: number;
  /** Re-reads the record from its owner and converges every destination on it. */
  sync: () => Promise<{ outcome: string; canonicalId: string | null }>;
  /** Starts a fresh run of the same workflow with the same input. */
  continueAsNew: () => Promise<never>;
}): Promise<EntitySyncStatus> {
  const status: EntitySyncStatus = { signals: 0, syncs: 0, lastOutcome: null, canonicalId: null };
  let pending = false;
  wf.setHandler(opts.signal, () => {
    status.signals += 1;
    pending = true;
  });
  wf.setHandler(opts.query, () => status);

  for (;;) {
    // A signal usually arrives with the start (signalWithStart); after a sync, linger briefly so bursts coalesce.
    const more = await wf.condition(() => pending, opts.lingerMs);
    if (!more) break;
    pending = false;
    const result = await opts.sync();
    status.syncs += 1;
    status.lastOutcome = result.outcome;
    if (result.canonicalId && result.canonicalId !== status.canonicalId) {
      status.canonicalId = result.canonicalId;
      wf.upsertSearchAttributes([{ key: SA_CANONICAL_ID, value: result.canonicalId }]);
    }
    if (wf.workflowInfo().continueAsNewSuggested || wf.workflowInfo().historyLength > 1000) {
      await wf.condition(wf.allHandlersFinished);
      await opts.continueAsNew();
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return status;
}
