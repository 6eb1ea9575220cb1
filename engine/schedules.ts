import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptionsAction } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { FlowConfig } from '../config/schema';
import { SA_CONNECTOR, SA_ENTITY, SA_RUN_KIND } from '../temporal/search-attributes';

/**
 * Scheduled reconciliation: one Temporal Schedule per flow with a
 * `reconcile:` cron. Each firing starts the flow's reconcile workflow; a
 * firing while the previous one still runs is skipped, not queued. The
 * schedules are visible (and pausable, triggerable) in the Web UI under
 * Schedules; their runs carry a summary in their details and memo.
 */

const PREFIX = 'reconcile:';

export function reconcileScheduleId(flowId: string): string {
  return `${PREFIX}${flowId}`;
}

/** The workflow that reconciles a flow's entity, or null when the entity has none yet. */
export function reconcileWorkflowType(flow: FlowConfig): 'inventoryReconcile' | 'catalogReconcile' | 'discountBackfill' | null {
  if (flow.entity === 'inventory') return 'inventoryReconcile';
  if (flow.entity === 'product') return 'catalogReconcile';
  // Re-reads every discount and writes only what changed (content hashes): catches edits whose webhook was lost.
  if (flow.entity === 'discount') return 'discountBackfill';
  return null;
}

function action(flow: FlowConfig, taskQueue: string): ScheduleOptionsAction {
  const workflowType = reconcileWorkflowType(flow)!;
  return {
    type: 'startWorkflow',
    workflowType,
    workflowId: `reconcile:${flow.id}`,
    taskQueue,
    args: [{ flowId: flow.id }],
    staticSummary: `Scheduled reconciliation of flow ${flow.id} (${flow.entity})`,
    typedSearchAttributes: new TypedSearchAttributes([
      { key: SA_CONNECTOR, value: flow.from },
      { key: SA_ENTITY, value: flow.entity },
      { key: SA_RUN_KIND, value: 'reconcile' },
    ]),
  };
}

/**
 * Creates or updates the schedule of every flow with `reconcile`, and deletes
 * our schedules whose flow no longer has one. Idempotent; returns what it did.
 */
export async function ensureReconcileSchedules(client: Client, flows: Iterable<FlowConfig>, taskQueue: string): Promise<{ created: string[]; updated: string[]; deleted: string[] }> {
  const done = { created: [] as string[], updated: [] as string[], deleted: [] as string[] };
  const wanted = new Map<string, FlowConfig>();
  for (const flow of flows) if (flow.reconcile && reconcileWorkflowType(flow)) wanted.set(reconcileScheduleId(flow.id), flow);

  for (const [scheduleId, flow] of wanted) {
    const handle = client.schedule.getHandle(scheduleId);
    try {
      const desc = await handle.describe();
      // The server turns cron strings into calendar specs; the memo keeps the cron we asked for.
      const cron = (desc.memo as { cron?: unknown } | undefined)?.cron;
      const same = desc.action.type === 'startWorkflow' && desc.action.workflowType === reconcileWorkflowType(flow) && desc.action.taskQueue === taskQueue && cron === flow.reconcile;
      if (!same) {
        await handle.update((prev) => ({ ...prev, spec: { cronExpressions: [flow.reconcile!] }, action: action(flow, taskQueue), memo: { flow: flow.id, cron: flow.reconcile } }));
        done.updated.push(scheduleId);
      }
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      await client.schedule.create({
        scheduleId,
        spec: { cronExpressions: [flow.reconcile!] },
        action: action(flow, taskQueue),
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
        memo: { flow: flow.id, cron: flow.reconcile },
      });
      done.created.push(scheduleId);
    }
  }
  for await (const s of client.schedule.list()) {
    if (s.scheduleId.startsWith(PREFIX) && !wanted.has(s.scheduleId)) {
      await client.schedule.getHandle(s.scheduleId).delete();
      done.deleted.push(s.scheduleId);
    }
  }
  return done;
}
