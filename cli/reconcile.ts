import { ScheduleNotFoundError, ScheduleOverlapPolicy, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { FlowConfig } from '../config/schema';
import type { Runtime } from '../engine/runtime';
import { reconcileScheduleId, reconcileWorkflowType } from '../engine/schedules';
import { SA_CONNECTOR, SA_ENTITY, SA_RUN_KIND } from '../temporal/search-attributes';
import { UnknownFlowError } from './backfill';
import { workflowUrl } from './runtime-file';

/**
 * `switchyard reconcile <flow>`: runs the flow's reconciliation now (the same
 * workflow its Temporal Schedule starts) and prints the report its `report`
 * query returns. Joins a run already in progress instead of starting another.
 */
export async function runReconcile(
  rt: Runtime,
  flowId: string,
  /** fresh: a run already in progress is waited for and a new one started after it (it may have begun before what this run must see). */
  opts: { wait: boolean; uiUrl: string | null; runKind?: string; out?: NodeJS.WritableStream; fresh?: boolean },
): Promise<Record<string, unknown> | null> {
  const flow = rt.flows.get(flowId);
  if (!flow) throw new UnknownFlowError(`no flow "${flowId}"; configured flows: ${[...rt.flows.keys()].join(', ') || 'none'}`);
  const type = reconcileWorkflowType(flow);
  if (!type) throw new UnknownFlowError(`flow "${flowId}" syncs ${flow.entity}, which has no reconciliation yet`);
  const out = opts.out ?? process.stdout;
  const handle = (await viaSchedule(rt, flow, opts.fresh === true)) ?? (await rt.client.workflow.start(type, {
    workflowId: `reconcile:${flowId}`,
    taskQueue: rt.taskQueue,
    args: [{ flowId }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    staticSummary: `Reconciliation of flow ${flowId} (${flow.entity}), started from the CLI`,
    typedSearchAttributes: searchAttributes(flow, opts.runKind ?? 'reconcile'),
  }));
  const link = workflowUrl(opts.uiUrl, rt.namespace, handle.workflowId, handle.firstExecutionRunId);
  out.write(`reconcile ${flowId}: workflow ${handle.workflowId}${link ? ` — ${link}` : ''}\n`);
  if (!opts.wait) return null;
  const report = (await rt.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).result()) as Record<string, unknown>;
  out.write(`${formatReport(report)}\n`);
  return report;
}

/**
 * A flow with a schedule is reconciled through it (trigger, overlap SKIP), so
 * a run from the CLI and a scheduled run never work on the flow at once; the
 * run already in progress is joined instead.
 */
async function viaSchedule(rt: Runtime, flow: FlowConfig, fresh: boolean): Promise<{ workflowId: string; firstExecutionRunId: string } | null> {
  if (!flow.reconcile) return null;
  const schedule = rt.client.schedule.getHandle(reconcileScheduleId(flow.id));
  try {
    await schedule.describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
  const running = async () => {
    for await (const wf of rt.client.workflow.list({ query: `WorkflowId STARTS_WITH "reconcile:${flow.id}" AND ExecutionStatus = "Running"`, pageSize: 1 })) return { workflowId: wf.workflowId, firstExecutionRunId: wf.runId };
    return null;
  };
  const already = await running();
  if (already && !fresh) return already;
  if (already) {
    // Its outcome is not ours to report: only that it is over, so ours starts after it.
    await rt.client.workflow.getHandle(already.workflowId, already.firstExecutionRunId).result().catch(() => undefined);
  }
  // The run the trigger starts is the action not among those before it (a firing earlier in the same second reuses the workflow id).
  const earlier = new Set((await schedule.describe()).info.recentActions.map((a) => a.action.workflow.firstExecutionRunId));
  await schedule.trigger(ScheduleOverlapPolicy.SKIP);
  for (let i = 0; i < 100; i++) {
    const d = await schedule.describe();
    const started = d.info.recentActions.find((a) => !earlier.has(a.action.workflow.firstExecutionRunId));
    if (started) return { workflowId: started.action.workflow.workflowId, firstExecutionRunId: started.action.workflow.firstExecutionRunId };
    // Skipped because a run is in progress (the schedule's own firing meanwhile): that one.
    const now = await running();
    if (now && now.firstExecutionRunId !== already?.firstExecutionRunId) return now;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the schedule ${reconcileScheduleId(flow.id)} did not start a run`);
}

/**
 * The latest reconciliation of a flow (what `status` shows): its running
 * report or its result. Scheduled runs get the firing time appended to their
 * workflow id, so runs are found by id prefix.
 */
export async function lastReconcileReport(rt: Runtime, flowId: string): Promise<{ at: Date; status: string; workflowId: string; runId: string; report: Record<string, unknown> } | null> {
  for await (const wf of rt.client.workflow.list({ query: `WorkflowId STARTS_WITH "reconcile:${flowId}" AND SwitchyardRunKind IS NOT NULL`, pageSize: 5 })) {
    const h = rt.client.workflow.getHandle(wf.workflowId, wf.runId);
    try {
      if (wf.status.name === 'RUNNING') {
        // A run whose worker is busy (or failing) can't answer queries: show it as running without figures.
        const report = await h.query<Record<string, unknown>>('report').catch(() => ({}));
        return { at: wf.startTime, status: 'RUNNING', workflowId: wf.workflowId, runId: wf.runId, report };
      }
      if (wf.status.name === 'COMPLETED') return { at: wf.closeTime ?? wf.startTime, status: 'COMPLETED', workflowId: wf.workflowId, runId: wf.runId, report: (await h.result()) as Record<string, unknown> };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return null;
}

export function formatReport(r: Record<string, unknown>): string {
  return Object.entries(r)
    .filter(([k, v]) => k !== 'flowId' && (typeof v === 'number' || typeof v === 'boolean'))
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(' · ');
}

function searchAttributes(flow: FlowConfig, runKind: string): TypedSearchAttributes {
  return new TypedSearchAttributes([
    { key: SA_CONNECTOR, value: flow.from },
    { key: SA_ENTITY, value: flow.entity },
    { key: SA_RUN_KIND, value: runKind },
  ]);
}
