import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Runtime } from '../engine/runtime';
import { backfillWorkflowId } from '../engine/router';
import { SA_CONNECTOR, SA_ENTITY, SA_RUN_KIND } from '../temporal/search-attributes';
import type { BackfillProgress } from '../workflows/catalog-backfill';
import { createProgressPrinter } from './progress';
import { runReconcile } from './reconcile';
import { workflowUrl } from './runtime-file';

export class UnknownFlowError extends Error {
  override name = 'UnknownFlowError';
}

/**
 * Starts (or joins, if one is already running) the backfill of a flow and,
 * with `wait`, shows a progress bar fed by the workflow's `progress` query.
 */
export async function runBackfill(
  rt: Runtime,
  flowId: string,
  opts: { wait: boolean; uiUrl: string | null; out?: NodeJS.WriteStream },
): Promise<BackfillProgress | null> {
  const flow = rt.flows.get(flowId);
  if (!flow) throw new UnknownFlowError(`no flow "${flowId}"; configured flows: ${[...rt.flows.keys()].join(', ') || 'none'}`);
  if (flow.entity === 'inventory') {
    // An inventory flow's first sync is its bulk pass: keys never seen are initialised from the source.
    // Fresh: a scheduled run that began before the catalog finished linking its variants would miss some.
    await runReconcile(rt, flowId, { wait: opts.wait, uiUrl: opts.uiUrl, runKind: 'backfill', out: opts.out, fresh: true });
    return null;
  }
  const out = opts.out ?? process.stdout;
  // A discount flow pages through discounts; every other paged flow is a catalog backfill. Both answer `progress`.
  const handle = await rt.client.workflow.start(flow.entity === 'discount' ? 'discountBackfill' : 'catalogBackfill', {
    workflowId: backfillWorkflowId(flowId),
    taskQueue: rt.taskQueue,
    args: [{ flowId }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: new TypedSearchAttributes([
      { key: SA_CONNECTOR, value: flow.from },
      { key: SA_ENTITY, value: flow.entity },
      { key: SA_RUN_KIND, value: 'backfill' },
    ]),
  });
  const link = workflowUrl(opts.uiUrl, rt.namespace, handle.workflowId, handle.firstExecutionRunId);
  out.write(`backfill ${flowId}: workflow ${handle.workflowId}${link ? ` — ${link}` : ''}\n`);
  if (!opts.wait) return null;

  const bar = createProgressPrinter(out);
  const latest = rt.client.workflow.getHandle(handle.workflowId);
  const result = latest.result() as Promise<BackfillProgress>;
  let finished = false;
  void result.finally(() => (finished = true)).catch(() => undefined);
  while (!finished) {
    try {
      const p = await latest.query<BackfillProgress>('progress');
      bar.update(`backfill ${flowId}`, p.records, p.total, `pages ${p.pages}, written ${p.written}, quarantined ${p.quarantined}`);
    } catch {
      // between runs (continue-as-new) the query can miss; try again
    }
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
  }
  const final = await result;
  bar.finish(`backfill ${flowId}: done — ${final.records} read, ${final.written} written, ${final.quarantined} quarantined, ${final.pages} pages, ${final.continuedAsNew} continue-as-new`);
  return final;
}
