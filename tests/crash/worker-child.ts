import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../config/load';
import { createConnectors } from '../../connectors/registry';
import { createStore } from '../../store';
import { createWorker } from '../../worker';

/**
 * A Switchyard worker in its own process, for tests that kill it:
 * `node --import tsx tests/crash/worker-child.ts`, configured by
 * CRASH_CONFIG (the operator's YAML file; its secrets come from the
 * environment) and CRASH_TEMPORAL_ADDRESS. It builds the real activities
 * (SQLite store file, vendor connectors) exactly as worker.ts does, tells the
 * parent `ready` over IPC once polling, and on SIGTERM shuts down cleanly.
 * SIGKILL is the point: nothing here gets to clean up then.
 */

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const loaded = loadConfig(need('CRASH_CONFIG'));
  const { config } = loaded;
  if (config.store.kind !== 'sqlite') throw new Error('the crash test runs on a SQLite store file');
  const store = await createStore({ kind: 'sqlite', path: config.store.path });
  const connectors = await createConnectors(config, loaded.secret);
  const connection = await NativeConnection.connect({ address: need('CRASH_TEMPORAL_ADDRESS') });
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { flows: new Map(config.flows.map((f) => [f.id, f])), store, connectors },
  });
  const running = worker.run();
  process.send?.({ type: 'ready', pid: process.pid });
  const stop = (): void => {
    worker.shutdown();
    // Shutdown waits for activities in flight; a test that gave up on us doesn't wait that long.
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  await running;
  await connection.close();
  await store.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[worker-child] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
