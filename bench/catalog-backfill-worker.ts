import { createHash } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { parseConfig } from '../config/load';
import { catalogSinkOf, catalogSourceOf, createConnectors, type AnyConnector } from '../connectors/registry';
import { createWebhookRouter } from '../engine/router';
import { createForwarder } from '../ingress/forwarder';
import { createIngress } from '../ingress/server';
import { createStore } from '../store';
import { createWorker } from '../worker';
import { FLOW_ID } from './catalog-backfill-config';
import { post, requireEnv } from './catalog-backfill-ipc';
import { describeTimings, timed, type Timings } from './catalog-backfill-timing';

/**
 * The engine side of `bench catalog-backfill`, in its own process so its RSS
 * is measured alone. BENCH_ROLE:
 * - `worker`: the real worker (createWorker) with a SQLite store file and the
 *   configured connectors; with BENCH_INGRESS=1 also the webhook ingress and
 *   forwarder, subscribed to the shop's products/* topics, as `switchyard start` runs them.
 * - `plain`: the same connector reads (catalog.listProducts pages) and writes
 *   (catalog.upsertProducts) in a plain loop: no Temporal, no store
 *   (BENCH_MAX_PAGES stops it early: the warm-up).
 * Configuration: BENCH_CONFIG_YAML (the operator's YAML) and the secrets it names, from the environment.
 * Diagnostics: BENCH_MEM_LOG=<ms> prints the worker's memory (V8 heap, off-heap buffers) to stderr at that interval.
 */

export type WorkerRequest = { type: 'stop' };
export type WorkerMessage =
  | { type: 'ready'; ingressUrl: string | null }
  | { type: 'plain-done'; seconds: number; products: number; variants: number; pages: number; failed: number; timings: string[] }
  | { type: 'stopped'; timings: string[]; cpuMs: number }
  | { type: 'error'; message: string };

function loaded() {
  return parseConfig(requireEnv('BENCH_CONFIG_YAML'), 'bench.yaml', process.env);
}

function timedConnectors(connectors: Map<string, AnyConnector>, timings: Timings): Map<string, AnyConnector> {
  return new Map([...connectors].map(([id, c]) => [id, { ...c, catalog: timed(c.kind === 'shopify' || c.kind === 'square' ? c.catalog : {}, id, timings) } as AnyConnector]));
}

async function plain(): Promise<void> {
  const { config, secret } = loaded();
  const flow = config.flows.find((f) => f.id === FLOW_ID);
  if (!flow) throw new Error('no flow');
  const timings: Timings = {};
  const connectors = timedConnectors(await createConnectors(config, secret), timings);
  const source = catalogSourceOf(connectors.get(flow.from)!);
  const sink = catalogSinkOf(connectors.get(flow.to[0]!)!);
  await post({ type: 'ready', ingressUrl: null });
  const t0 = performance.now();
  let cursor: string | null = null;
  let products = 0;
  let variants = 0;
  let pages = 0;
  let failed = 0;
  const maxPages = Number(process.env.BENCH_MAX_PAGES ?? Infinity);
  do {
    const page = await source.listProducts({ cursor, pageSize: flow.pageSize });
    const good = page.items.flatMap((m) => (m.ok ? [m.record] : []));
    failed += page.items.length - good.length;
    const key = createHash('sha256').update(good.map((p) => p.id).join(',')).digest('hex').slice(0, 40);
    const outcomes = await sink.upsertProducts(good, [], key, { images: source.fetchImage });
    failed += outcomes.filter((o) => !o.ok).length;
    products += good.length;
    variants += good.reduce((n, p) => n + p.variants.length, 0);
    pages++;
    cursor = page.nextCursor;
  } while (cursor !== null && pages < maxPages);
  const seconds = (performance.now() - t0) / 1000;
  await post({ type: 'plain-done', seconds, products, variants, pages, failed, timings: describeTimings(timings) });
}

async function worker(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const l = loaded();
  const { config } = l;
  const timings: Timings = {};
  const rawStore = await createStore({ kind: 'sqlite', path: config.store.kind === 'sqlite' ? config.store.path : '' });
  const store = timed(rawStore, 'store', timings);
  const connectors = timedConnectors(await createConnectors(config, l.secret), timings);
  const address = requireEnv('BENCH_TEMPORAL_ADDRESS');
  const connection = await NativeConnection.connect({ address });
  const w = await createWorker({ connection, namespace: 'default', taskQueue: config.temporal.taskQueue, deps: { flows: new Map(config.flows.map((f) => [f.id, f])), store, connectors } });
  const running = w.run();
  if (process.env.BENCH_MEM_LOG) {
    // Where the worker's memory is (diagnostics: V8 heap, off-heap buffers, the rest is native).
    const mb = (n: number) => Math.round(n / 2 ** 20);
    setInterval(() => {
      const m = process.memoryUsage();
      process.stderr.write(`[mem] rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} MB\n`);
    }, Number(process.env.BENCH_MEM_LOG)).unref();
  }

  let ingressUrl: string | null = null;
  let closeIngress = async (): Promise<void> => undefined;
  if (process.env.BENCH_INGRESS === '1') {
    const client = new Client({ connection: await Connection.connect({ address }) });
    const forwarder = createForwarder({ store: rawStore, client, idleMs: 200 });
    forwarder.start();
    const ingress = createIngress({
      host: '127.0.0.1',
      port: config.ingress.port,
      maxBodyBytes: config.ingress.maxBodyBytes,
      verifiers: new Map([...connectors].map(([id, c]) => [id, c.webhooks] as const)),
      store: rawStore,
      route: createWebhookRouter(config.flows, config.temporal.taskQueue),
      onAccepted: () => forwarder.poke(),
      log: (e) => void (e.level === 'error' && process.stderr.write(`[ingress] ${JSON.stringify(e)}\n`)),
    });
    ingressUrl = await ingress.listen();
    const shop = connectors.get('shop');
    if (shop?.kind !== 'shopify') throw new Error('shop connector missing');
    await shop.ensureWebhookSubscriptions(`${ingressUrl}/webhooks/shop`, ['PRODUCTS_CREATE', 'PRODUCTS_UPDATE', 'PRODUCTS_DELETE']);
    closeIngress = async () => {
      await ingress.close();
      await forwarder.stop();
      await client.connection.close();
    };
  }

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (process.env.BENCH_HEAP_SNAPSHOT) (await import('node:v8')).writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
    await closeIngress();
    w.shutdown();
    await running;
    await connection.close();
    await rawStore.close();
    const u = process.resourceUsage();
    await post({ type: 'stopped', timings: describeTimings(timings), cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000) });
  };
  process.on('message', (m: WorkerRequest) => {
    if (m.type === 'stop') void stop().then(() => process.exit(0));
  });
  process.on('disconnect', () => void stop().finally(() => process.exit(1)));
  await post({ type: 'ready', ingressUrl });
}

const role = process.env.BENCH_ROLE ?? 'worker';
(role === 'plain' ? plain().then(() => process.exit(0)) : worker()).catch(async (err: unknown) => {
  await post({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
