import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, type NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';

/**
 * The worker: the only place activities are built with real dependencies
 * (store, connectors, flows). Workflows are bundled from workflows/index.ts
 * and see activities through their type only.
 */

export const WORKFLOWS_PATH = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

let cachedBundle: Promise<WorkflowBundleWithSourceMap> | null = null;
/** Bundles the workflow code once per process (webpack takes a few seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  cachedBundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
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

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

// `node --import tsx worker.ts [--config FILE]` runs a standalone worker against an existing cluster.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { runWorkerOnly } = await import('./engine/runtime');
  await runWorkerOnly(process.argv.slice(2));
}
