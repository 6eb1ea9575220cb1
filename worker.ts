import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkflowBundlePath } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { tuneWorkerHeap } from './engine/memory';
import { ensureWorkflowBundle } from './temporal/workflow-bundle';

/**
 * The worker: the only place activities are built with real dependencies
 * (store, connectors, flows). Workflows are bundled from workflows/index.ts
 * and see activities through their type only.
 */

let cachedBundle: Promise<WorkflowBundlePath> | null = null;
/**
 * The workflow bundle, built ahead of time into a file keyed by the workflow
 * sources (temporal/workflow-bundle.ts); built in a child process when missing.
 */
export function workflowBundle(): Promise<WorkflowBundlePath> {
  cachedBundle ??= ensureWorkflowBundle().then((codePath) => ({ codePath }));
  return cachedBundle;
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  dataConverter?: DataConverter;
  /** Concurrency knobs; defaults suit a 2-core machine. */
  maxConcurrentActivityTaskExecutions?: number;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  tuneWorkerHeap();
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(opts.deps),
    dataConverter: opts.dataConverter,
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions ?? 20,
  });
}

// `node --import tsx worker.ts [--config FILE]` runs a standalone worker against an existing cluster.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { runWorkerOnly } = await import('./engine/runtime');
  await runWorkerOnly(process.argv.slice(2));
}
