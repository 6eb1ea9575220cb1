import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime as TemporalRuntime } from '@temporalio/worker';
import { loadConfig } from '../config/load';
import { configuredTemporalAddress, createRuntime, type Runtime } from '../engine/runtime';
import { startForwarderThread } from '../ingress/forwarder-thread';
import { createIngress } from '../ingress/server';
import { demoEnvDefaults, startDemoSandboxes, type DemoSandboxes } from '../sandboxes/demo';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { createWorker } from '../worker';
import { ensureReconcileSchedules } from '../engine/schedules';
import { runBackfill } from './backfill';
import { setAsidePreviousDemo } from './demo-state';
import { writeRuntimeInfo } from './runtime-file';

export interface StartOptions {
  config: string;
  /** Also run the vendor sandboxes with demo data and backfill every flow. */
  demo: boolean;
  products: number;
  limits: 'off' | 'realistic';
}

/**
 * `switchyard start`: Temporal (embedded dev server + Web UI unless
 * TEMPORAL_ADDRESS names a cluster), the worker, the webhook ingress and,
 * with --demo, the vendor sandboxes and a first backfill.
 */
export async function start(opts: StartOptions): Promise<void> {
  // Worker lifecycle chatter at INFO hides the demo's own output; warnings and errors still show.
  TemporalRuntime.install({ logger: new DefaultLogger('WARN') });
  const say = (s: string) => process.stdout.write(`${s}\n`);
  const stops: (() => Promise<void>)[] = [];
  let sandboxes: DemoSandboxes | null = null;
  if (opts.demo) {
    for (const [k, v] of Object.entries(demoEnvDefaults())) process.env[k] ??= v;
    process.env.SWITCHYARD_PAYLOAD_KEY ??= demoPayloadKey();
    sandboxes = await startDemoSandboxes({ products: opts.products, limits: opts.limits, discounts: true, manifestFile: path.join('data', 'sandbox-manifest.json') });
    stops.push(() => sandboxes!.stop());
    const m = sandboxes.manifest;
    const others = [m.stripe && `Stripe ${m.stripe.baseUrl}`, m.xero && `Xero ${m.xero.baseUrl}`, m.mailchimp && `Mailchimp ${m.mailchimp.baseUrl}`, m.zendesk && `Zendesk ${m.zendesk.baseUrl}`].filter(Boolean);
    say(`sandboxes: Shopify ${m.shopify.baseUrl} (${opts.products} products), Square ${m.square.baseUrl}${others.length ? `, ${others.join(', ')}` : ''}; manifest data/sandbox-manifest.json`);
  }

  const loaded = loadConfig(opts.config);
  let address = configuredTemporalAddress(loaded.config);
  if (opts.demo) {
    // Fresh sandboxes: the store and Temporal history of an earlier demo would point at objects they no longer hold.
    const files = [loaded.config.store.kind === 'sqlite' ? loaded.config.store.path : null, address ? null : loaded.config.temporal.dbFile].filter((f): f is string => !!f);
    const moved = setAsidePreviousDemo(files, 'data');
    if (moved.length) say(`demo: the sandboxes start fresh, so the last demo's store and Temporal history were moved to data/previous/ (${moved.map((f) => path.basename(f)).join(', ')})`);
  }
  let server: DevServer | null = null;
  if (!address) {
    server = await startDevServer({ dbFile: loaded.config.temporal.dbFile, port: 7233, uiPort: loaded.config.temporal.uiPort, niceness: 10 });
    stops.unshift(() => server!.stop());
    address = server.address;
    say(`temporal: dev server ${address}, Web UI ${server.uiUrl} (history persisted in ${loaded.config.temporal.dbFile})`);
  } else {
    say(`temporal: using ${address}`);
  }
  const uiUrl = server?.uiUrl ?? process.env.TEMPORAL_UI_URL ?? null;

  const rt = await createRuntime(loaded, { address });
  stops.unshift(() => rt.close());
  const worker = await createWorker({
    connection: await rt.nativeConnection(),
    namespace: rt.namespace,
    taskQueue: rt.taskQueue,
    deps: { flows: rt.flows, store: rt.store, connectors: rt.connectors },
    dataConverter: rt.dataConverter,
  });
  const workerDone = worker.run();
  stops.unshift(async () => {
    worker.shutdown();
    await workerDone;
  });
  say(`worker: task queue ${rt.taskQueue}`);

  const ingressUrl = await startIngress(rt, stops);
  say(`ingress: ${ingressUrl}/webhooks/<connector>  (health ${ingressUrl}/healthz)`);
  writeRuntimeInfo({ temporalAddress: address, uiUrl, ingressUrl, config: opts.config, pid: process.pid });
  await subscribeWebhooks(rt, ingressUrl);
  const scheduleReconciliation = async (): Promise<void> => {
    const schedules = await ensureReconcileSchedules(rt.client, rt.flows.values(), rt.taskQueue);
    const scheduled = [...rt.flows.values()].filter((f) => f.reconcile);
    if (scheduled.length) say(`reconciliation: ${scheduled.map((f) => `${f.id} "${f.reconcile}"`).join(', ')} (Temporal Schedules${schedules.created.length ? `, ${schedules.created.length} created` : ''}${schedules.updated.length ? `, ${schedules.updated.length} updated` : ''})`);
    if (schedules.deleted.length) say(`reconciliation: removed schedules of flows no longer configured: ${schedules.deleted.join(', ')}`);
  };
  // The demo's first backfills come first: a scheduled reconciliation firing while the catalog is still being
  // written would spend the vendors' rate limits on a catalog half there, and the first stock pass would then
  // wait for it and run again (it must see every variant linked).
  if (!opts.demo) await scheduleReconciliation();

  const shutdown = async (signal: string) => {
    say(`\n${signal}: shutting down`);
    for (const s of stops) await s().catch((e: unknown) => console.error(e));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (opts.demo) {
    // Discounts and stock need the catalog links, so their flows go after the catalog.
    for (const entity of ['product', 'discount', 'inventory'] as const) {
      for (const flow of rt.flows.values()) {
        if (flow.entity === entity) await runBackfill(rt, flow.id, { wait: true, uiUrl });
      }
    }
    await scheduleReconciliation();
    printDemoHints(sandboxes!, uiUrl);
  }
  say('running — Ctrl-C to stop');
  await workerDone;
}

async function startIngress(rt: Runtime, stops: (() => Promise<void>)[]): Promise<string> {
  // The forwarder talks gRPC to Temporal from its own thread: the ack path keeps its event loop.
  const forwarder = await startForwarderThread({ store: rt.store, temporal: { address: rt.address, namespace: rt.namespace } });
  const verifiers = new Map([...rt.connectors].map(([id, c]) => [id, c.webhooks] as const));
  const ingress = createIngress({
    host: rt.config.ingress.host,
    port: rt.config.ingress.port,
    maxBodyBytes: rt.config.ingress.maxBodyBytes,
    verifiers,
    store: rt.store,
    route: rt.router,
    onAccepted: () => forwarder.poke(),
  });
  const url = await ingress.listen();
  stops.unshift(async () => {
    await ingress.close();
    await forwarder.stop();
  });
  return url;
}

/** Registers our ingress with every connector that can push webhooks to it. */
async function subscribeWebhooks(rt: Runtime, ingressUrl: string): Promise<void> {
  for (const [id, c] of rt.connectors) {
    const url = `${ingressUrl}/webhooks/${id}`;
    if (c.kind === 'shopify') await c.ensureWebhookSubscriptions(url, ['PRODUCTS_CREATE', 'PRODUCTS_UPDATE', 'PRODUCTS_DELETE', 'INVENTORY_LEVELS_UPDATE', 'DISCOUNTS_CREATE', 'DISCOUNTS_UPDATE', 'DISCOUNTS_DELETE']);
    else if (c.kind === 'square') await c.ensureWebhookSubscription(url, ['catalog.version.updated', 'inventory.count.updated']);
  }
}

function demoPayloadKey(): string {
  const file = path.join('data', 'payload.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync('data', { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

function printDemoHints(s: DemoSandboxes, uiUrl: string | null): void {
  const { shopify, square } = s.manifest;
  process.stdout.write(`
Try it:
  # the catalog in the POS, through Square's own API
  curl -s -H 'Authorization: Bearer ${square.accessToken}' ${square.baseUrl}/v2/catalog/list?types=ITEM | head -c 600; echo
  # change a product as a Shopify admin would; the signed webhook carries it to Square in seconds
  npm run switchyard -- demo-edit --title "Renamed in Shopify"
  # stock moves both ways: a sale at the Square counter lowers Shopify's available, and a checkout lowers Square's
  npm run switchyard -- demo-sale --channel pos
  npm run switchyard -- demo-sale --channel shop
  # the last unit sold in both channels at once: the oversell is recorded, both show 0, the online order is held
  npm run switchyard -- demo-sale --channel both
  # a discount code made in Shopify becomes a Square discount and pricing rule with the same window
  curl -s -H 'Authorization: Bearer ${square.accessToken}' '${square.baseUrl}/v2/catalog/list?types=DISCOUNT,PRICING_RULE' | head -c 600; echo
  npm run switchyard -- demo-discount --percent 20
  # and back: an automatic discount (pricing rule) set up in Square runs online as a Shopify automatic discount
  npm run switchyard -- demo-pos-discount --percent 15
  # compare every system with the canonical state now (the Temporal Schedule does it on its cron)
  npm run switchyard -- reconcile stock
  # what ran, what synced, what was refused, oversells and back-in-stock events
  npm run switchyard -- status
${uiUrl ? `  Web UI: ${uiUrl}/namespaces/default/workflows\n` : ''}  Shopify Admin GraphQL: ${shopify.baseUrl}/admin/api/2025-01/graphql.json (X-Shopify-Access-Token: ${shopify.accessToken})
`);
}
