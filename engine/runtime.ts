import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import type { FlowConfig, SwitchyardConfig } from '../config/schema';
import { loadConfig, type LoadedConfig } from '../config/load';
import { createConnectors, type AnyConnector } from '../connectors/registry';
import { createStore } from '../store';
import type { Store } from '../store/types';
import { AesGcmCodec } from '../temporal/codec';
import { ensureSearchAttributes, type OperatorApi } from '../temporal/search-attributes';
import { createWorker } from '../worker';
import { createWebhookRouter } from './router';

/**
 * Everything a Switchyard process needs, built once from the parsed config:
 * store, connectors, Temporal client (with the payload codec) and flows.
 */
export interface Runtime {
  loaded: LoadedConfig;
  config: SwitchyardConfig;
  store: Store;
  connectors: Map<string, AnyConnector>;
  flows: Map<string, FlowConfig>;
  address: string;
  namespace: string;
  taskQueue: string;
  dataConverter: DataConverter | undefined;
  client: Client;
  router: ReturnType<typeof createWebhookRouter>;
  /** Opens a worker connection (workers need a NativeConnection). */
  nativeConnection(): Promise<NativeConnection>;
  close(): Promise<void>;
}

export async function createRuntime(loaded: LoadedConfig, opts: { address: string }): Promise<Runtime> {
  const { config } = loaded;
  const store = await createStore(
    config.store.kind === 'sqlite' ? { kind: 'sqlite', path: config.store.path } : { kind: 'postgres', url: loaded.secret(config.store.url), schema: config.store.schema },
  );
  const connectors = await createConnectors(config, loaded.secret);
  const dataConverter: DataConverter | undefined = config.temporal.payloadKey
    ? { payloadCodecs: [AesGcmCodec.fromBase64(loaded.secret(config.temporal.payloadKey))] }
    : undefined;
  const connection = await Connection.connect({ address: opts.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  // An existing cluster may not know our search attributes yet; the Web UI filters on them.
  await ensureSearchAttributes(connection.operatorService as unknown as OperatorApi, config.temporal.namespace);
  const natives: NativeConnection[] = [];
  return {
    loaded,
    config,
    store,
    connectors,
    flows: new Map(config.flows.map((f) => [f.id, f])),
    address: opts.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter,
    client,
    router: createWebhookRouter(config.flows, config.temporal.taskQueue, { store, itemTypes: inventoryItemTypes(connectors) }),
    async nativeConnection() {
      const n = await NativeConnection.connect({ address: opts.address });
      natives.push(n);
      return n;
    },
    async close() {
      await connection.close();
      for (const n of natives) await n.close().catch(() => undefined);
      await store.close();
    },
  };
}

/** Where Temporal is: TEMPORAL_ADDRESS wins, then the YAML, else null (run the embedded dev server). */
export function configuredTemporalAddress(config: SwitchyardConfig, env: NodeJS.ProcessEnv = process.env): string | null {
  return env.TEMPORAL_ADDRESS || config.temporal.address || null;
}

/** `node --import tsx worker.ts --config FILE`: a worker alone, against an existing cluster. */
export async function runWorkerOnly(argv: string[]): Promise<void> {
  const i = argv.indexOf('--config');
  const file = i >= 0 ? argv[i + 1] : 'config/demo.yaml';
  const loaded = loadConfig(file ?? 'config/demo.yaml');
  const address = configuredTemporalAddress(loaded.config);
  if (!address) throw new Error('set TEMPORAL_ADDRESS (or temporal.address in the YAML) to run a standalone worker');
  const rt = await createRuntime(loaded, { address });
  const worker = await createWorker({
    connection: await rt.nativeConnection(),
    namespace: rt.namespace,
    taskQueue: rt.taskQueue,
    deps: { flows: rt.flows, store: rt.store, connectors: rt.connectors },
    dataConverter: rt.dataConverter,
  });
  await worker.run();
  await rt.close();
}

/** Connector id → the id-map type of the inventory item its stock webhooks name. */
export function inventoryItemTypes(connectors: ReadonlyMap<string, AnyConnector>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, c] of connectors) if (c.kind === 'shopify' || c.kind === 'square') out.set(id, c.inventory.itemType);
  return out;
}
