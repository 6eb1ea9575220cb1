import { isGrpcServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

/**
 * Reads back what actually reached Temporal: the signals recorded in a
 * workflow's history, decoded. The bench and the tests use it to prove
 * "accepted ⇒ delivered" against Temporal itself rather than the outbox's
 * own delivered flag; operators can use it to answer "did webhook X arrive?".
 */
/** gRPC status NOT_FOUND: fetchHistory surfaces the raw service error, not WorkflowNotFoundError. */
const GRPC_NOT_FOUND = 5;

export interface RecordedSignal {
  name: string;
  args: unknown[];
}

/** Signals in the history of the latest run of `workflowId`; [] when there is no such workflow. */
export async function recordedSignals(client: Client, workflowId: string): Promise<RecordedSignal[]> {
  let history;
  try {
    history = await client.workflow.getHandle(workflowId).fetchHistory();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND)) return [];
    throw err;
  }
  const out: RecordedSignal[] = [];
  for (const event of history.events ?? []) {
    const attrs = event.workflowExecutionSignaledEventAttributes;
    if (!attrs) continue;
    const args = (attrs.input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload<unknown>(p));
    out.push({ name: attrs.signalName ?? '', args });
  }
  return out;
}

/** recordedSignals over many workflows with bounded concurrency; map keyed by workflow id. */
export async function recordedSignalsOf(
  client: Client,
  workflowIds: Iterable<string>,
  concurrency = 16,
): Promise<Map<string, RecordedSignal[]>> {
  const ids = [...new Set(workflowIds)];
  const out = new Map<string, RecordedSignal[]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        out.set(id, await recordedSignals(client, id));
      }
    }),
  );
  return out;
}
