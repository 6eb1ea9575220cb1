import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { parseConfig, type LoadedConfig } from '../../config/load';
import { createConnectors } from '../../connectors/registry';
import type { Forwarder } from '../../ingress/forwarder';
import type { Ingress } from '../../ingress/server';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';
import { MAX_SEEDED_PRODUCTS, SeededCatalog } from '../../sandboxes/shopify/seed';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { createStore } from '../../store';
import type { Store } from '../../store/types';
import { freePort, startDevServer, type DevServer } from '../../temporal/dev-server';
import { shopPosConnectorsYaml, startTestIngress } from '../helpers/shop-pos';

/**
 * The parts of a crash test, each where a real deployment has it: a Temporal
 * dev server persisting to a SQLite file (so it can be stopped and started
 * again with its state), the vendor sandboxes and the webhook ingress +
 * forwarder in this process (they must outlive the worker), one SQLite store
 * file shared with the worker, and the worker itself in a child process that
 * the test kills with SIGKILL and starts again.
 */

export const SECRETS = { SHOPIFY_TOKEN: 'shpat_crash_test', SHOPIFY_WEBHOOK_SECRET: 'crash-webhook-secret', SQUARE_TOKEN: 'EAAA_crash_test', SQUARE_WEBHOOK_SIGNATURE_KEY: 'crash-square-key' };
export const MAIN_SHOPIFY = 'gid://shopify/Location/70000000001';
export const MAIN_SQUARE = 'LCRASH0001';
export const TASK_QUEUE = 'crash-safety';
const SEED = 7;
const WORKER_ENTRY = fileURLToPath(new URL('./worker-child.ts', import.meta.url));
const REPO_ROOT = path.resolve(path.dirname(WORKER_ENTRY), '..', '..');

export interface CrashRig {
  dir: string;
  loaded: LoadedConfig;
  store: Store;
  shopify: ShopifySandbox;
  square: SquareSandbox;
  shopifyUrl: string;
  squareUrl: string;
  /** The test's Temporal client (the forwarder's too): the same object across a server restart. */
  client: Client;
  address: string;
  forwarder: Forwarder;
  ingress: Ingress;
  seeded: { products: number; variants: number };
  /** Starts a worker child and resolves once it polls. */
  startWorker(): Promise<void>;
  /** SIGKILL: the worker gets no chance to finish, flush or say goodbye. */
  killWorker(): Promise<void>;
  /** Stops the Temporal server and starts it again on the same port and database file. */
  restartTemporal(): Promise<{ downMs: number }>;
  /** CPU seconds so far: this process (sandboxes, ingress, forwarder, test), every worker child, the Temporal server. */
  cpu(): { test: number; worker: number; temporal: number };
  close(): Promise<void>;
}

/** CPU seconds (user + system) of a live child, from /proc (Linux); 0 where that isn't readable. */
function childCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** The smallest seeded shop with at least `variants` variants in total. */
export function seededShop(variants: number): { products: number; variants: number } {
  const catalog = new SeededCatalog({ products: MAX_SEEDED_PRODUCTS, seed: SEED });
  let total = 0;
  let products = 0;
  while (total < variants) total += catalog.variantCount(++products);
  return { products, variants: total };
}

export async function startCrashRig(opts: { variants: number; catalogPageSize: number; log: (line: string) => void }): Promise<CrashRig> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sy-crash-'));
  const temporalPort = await freePort();
  const temporalDb = path.join(dir, 'temporal.db');
  // The server's own output, kept for the report if it dies when nobody asked it to.
  const temporalOutput: string[] = [];
  let temporalPlannedStop = false;
  const startTemporal = async (): Promise<DevServer> => {
    const keep = (chunk: string): void => {
      temporalOutput.push(...chunk.split('\n').filter(Boolean));
      temporalOutput.splice(0, Math.max(0, temporalOutput.length - 40));
    };
    const server = await startDevServer({ dbFile: temporalDb, port: temporalPort, log: keep });
    server.process.once('exit', (code, signal) => {
      if (!temporalPlannedStop) opts.log(`Temporal dev server exited unexpectedly (code ${code}, signal ${signal}); last output:\n${temporalOutput.join('\n')}`);
    });
    return server;
  };
  let temporal: DevServer = await startTemporal();
  const address = temporal.address;

  const seeded = seededShop(opts.variants);
  const shopify = createShopifySandbox({ shop: 'crash-test.myshopify.com', accessToken: SECRETS.SHOPIFY_TOKEN, webhookSecret: SECRETS.SHOPIFY_WEBHOOK_SECRET, seed: { products: seeded.products, seed: SEED }, limits: 'off', webhookTimeScale: 0.001 });
  const square = createSquareSandbox({ accessToken: SECRETS.SQUARE_TOKEN, webhookSignatureKey: SECRETS.SQUARE_WEBHOOK_SIGNATURE_KEY, locations: [{ id: MAIN_SQUARE, name: 'Main', currency: 'USD' }], limits: 'off', webhookTimeScale: 0.001 });
  const shopifyUrl = await shopify.start(0);
  const squareUrl = await square.start(0);

  const ingressPort = await freePort();
  const storePath = path.join(dir, 'switchyard.db');
  const configFile = path.join(dir, 'switchyard.yaml');
  const yaml = `# yaml-language-server: $schema=./switchyard.schema.json
store: { kind: sqlite, path: ${JSON.stringify(storePath)} }
temporal: { taskQueue: ${TASK_QUEUE} }
ingress: { host: 127.0.0.1, port: ${ingressPort} }
${shopPosConnectorsYaml({ shop: 'crash-test.myshopify.com', shopifyUrl, squareUrl, ingressPort, squareLocation: MAIN_SQUARE })}flows:
  - id: catalog
    entity: product
    from: shop
    to: [pos]
    pageSize: ${opts.catalogPageSize}
  - id: stock
    entity: inventory
    from: shop
    to: [pos]
    locations:
      main: { shop: "${MAIN_SHOPIFY}", pos: ${MAIN_SQUARE} }
`;
  writeFileSync(configFile, yaml);
  const loaded = parseConfig(yaml, configFile, SECRETS);
  const { config } = loaded;
  const store = await createStore({ kind: 'sqlite', path: storePath });
  const connectors = await createConnectors(config, loaded.secret);
  const client = new Client({ connection: await Connection.connect({ address }) });
  const { ingress, forwarder, url: ingressUrl } = await startTestIngress({ config, store, connectors, client, taskQueue: TASK_QUEUE, port: ingressPort, log: opts.log });
  const shop = connectors.get('shop');
  const pos = connectors.get('pos');
  if (shop?.kind !== 'shopify' || pos?.kind !== 'square') throw new Error('connectors shop/pos missing');
  await shop.ensureWebhookSubscriptions(`${ingressUrl}/webhooks/shop`, ['PRODUCTS_CREATE', 'PRODUCTS_UPDATE', 'PRODUCTS_DELETE', 'INVENTORY_LEVELS_UPDATE']);
  await pos.ensureWebhookSubscription(`${ingressUrl}/webhooks/pos`, ['inventory.count.updated'], SECRETS.SQUARE_WEBHOOK_SIGNATURE_KEY);

  let child: ChildProcess | null = null;
  const childEnv = { ...process.env, ...SECRETS, CRASH_CONFIG: configFile, CRASH_TEMPORAL_ADDRESS: address };

  async function startWorker(): Promise<void> {
    if (child) throw new Error('a worker child is already running');
    const c = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child = c;
    const relay = (d: Buffer): void => {
      for (const line of d.toString().split('\n')) if (line.trim()) opts.log(`[worker ${c.pid}] ${line}`);
    };
    c.stdout?.on('data', relay);
    c.stderr?.on('data', relay);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('worker child did not become ready within 120 s')), 120_000);
      c.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      c.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`worker child exited before ready (code ${code}, signal ${signal})`));
      });
    });
  }

  let deadWorkersCpu = 0;
  let stoppedTemporalCpu = 0;

  async function killWorker(): Promise<void> {
    const c = child;
    if (!c) return;
    child = null;
    if (c.exitCode !== null || c.signalCode !== null) return;
    deadWorkersCpu += childCpuSeconds(c.pid);
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await exited;
  }

  async function stopWorker(): Promise<void> {
    const c = child;
    if (!c) return;
    child = null;
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(t);
  }

  return {
    dir, loaded, store, shopify, square, shopifyUrl, squareUrl, client, address, forwarder, ingress, seeded,
    startWorker,
    killWorker,
    async restartTemporal() {
      const t0 = Date.now();
      stoppedTemporalCpu += childCpuSeconds(temporal.process.pid);
      temporalPlannedStop = true;
      await temporal.stop();
      temporalPlannedStop = false;
      temporal = await startTemporal();
      return { downMs: Date.now() - t0 };
    },
    cpu() {
      const own = process.cpuUsage();
      return { test: (own.user + own.system) / 1e6, worker: deadWorkersCpu + childCpuSeconds(child?.pid), temporal: stoppedTemporalCpu + childCpuSeconds(temporal.process.pid) };
    },
    async close() {
      await stopWorker().catch(() => undefined);
      await ingress.close();
      await forwarder.stop();
      await client.connection.close().catch(() => undefined);
      await store.close();
      await shopify.stop();
      await square.stop();
      temporalPlannedStop = true;
      await temporal.stop();
      if (!process.env.CRASH_KEEP_DIR) rmSync(dir, { recursive: true, force: true });
    },
  };
}
