import { Client, Connection } from '@temporalio/client';
import { recordedSignalsOf } from '../ingress/signal-audit';

/**
 * "Delivered" for the bench means verified in Temporal: every accepted event
 * id must be a signal in its workflow's history (read back with
 * fetchHistory, 32 workflows at a time), not merely marked in the outbox.
 */
export interface Verification {
  workflows: number;
  signals: number;
  /** Accepted event ids found as signals. */
  found: number;
  /** Accepted event ids with no signal: the LOST count. */
  lost: number;
  /** Signals for an event id already seen (at-least-once re-sends), not an error. */
  redelivered: number;
  seconds: number;
}

export async function verifyInTemporal(address: string, acceptedByWorkflow: Map<string, Set<string>>): Promise<Verification> {
  const started = Date.now();
  const connection = await Connection.connect({ address });
  try {
    const signals = await recordedSignalsOf(new Client({ connection }), acceptedByWorkflow.keys(), 32);
    const v: Verification = { workflows: acceptedByWorkflow.size, signals: 0, found: 0, lost: 0, redelivered: 0, seconds: 0 };
    for (const [workflowId, expected] of acceptedByWorkflow) {
      const seen = new Set<string>();
      for (const s of signals.get(workflowId) ?? []) {
        v.signals++;
        const eventId = (s.args[0] as { eventId?: unknown } | undefined)?.eventId;
        if (typeof eventId !== 'string') continue;
        if (seen.has(eventId)) v.redelivered++;
        seen.add(eventId);
      }
      for (const id of expected) {
        if (seen.has(id)) v.found++;
        else v.lost++;
      }
    }
    v.seconds = (Date.now() - started) / 1000;
    return v;
  } finally {
    await connection.close();
  }
}
