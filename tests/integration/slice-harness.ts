import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { parse as parseGraphql, Kind } from 'graphql';
import { SquareClient, type Square } from 'square';
import { parseConfig, type LoadedConfig } from '../../config/load';
import { createConnectors, type AnyConnector } from '../../connectors/registry';
import type { Forwarder } from '../../ingress/forwarder';
import type { Ingress } from '../../ingress/server';
import type { SandboxRequest, SandboxServer } from '../../sandboxes/framework/server';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { createStore } from '../../store';
import type { Store } from '../../store/types';
import { freePort } from '../../temporal/dev-server';
import { createWorker } from '../../worker';
import { startTestTemporal } from '../helpers/temporal';
import { shopPosConnectorsYaml, startTestIngress } from '../helpers/shop-pos';

/**
 * The whole first slice wired as `switchyard start` wires it, on real parts:
 * the Temporal dev server, a SQLite store file, both sandboxes over HTTP, the
 * ingress and forwarder, and a worker — configured from YAML.
 */
export interface Slice {
  env: TestWorkflowEnvironment;
  shopify: ShopifySandbox;
  square: SquareSandbox;
  shopifyUrl: string;
  squareUrl: string;
  squareSdk: SquareClient;
  store: Store;
  loaded: LoadedConfig;
  connectors: Map<string, AnyConnector>;
  worker: Worker;
  ingress: Ingress;
  ingressUrl: string;
  forwarder: Forwarder;
  /**
   * Every write request the vendors answered with success, except the ones
   * this harness makes as a merchant (adminGraphql, `asMerchant` headers):
   * i.e. what Switchyard wrote. Shopify entries name the mutation.
   */
  writes: VendorWrite[];
  /**
   * Waits until everything set off has run its course: both vendors'
   * webhooks delivered, the outbox handed to Temporal, and no workflow of
   * this task queue with a task or activity pending — for a while.
   */
  settle(timeoutMs?: number): Promise<void>;
  taskQueue: string;
  /** Admin GraphQL call over HTTP, as a merchant's admin session (or curl) makes it. */
  adminGraphql<T>(query: string, variables?: object): Promise<T>;
  /** Every ITEM in Square, read through Square's official SDK. */
  squareItems(): Promise<Square.CatalogObject[]>;
  close(): Promise<void>;
}

export interface VendorWrite {
  vendor: 'shopify' | 'square';
  /** `productVariantsBulkUpdate`, `POST /v2/catalog/batch-upsert`, ... */
  operation: string;
  at: number;
  body: unknown;
}

/** Request header marking a write as made by a merchant or POS staff (kept out of `writes`). */
export const MERCHANT_HEADER = 'x-switchyard-test-actor';
/** Square SDK request options for a write made as POS staff. */
export const asMerchant = { headers: { [MERCHANT_HEADER]: 'merchant' } };

export const SECRETS = { SHOPIFY_TOKEN: 'shpat_slice_test', SHOPIFY_WEBHOOK_SECRET: 'slice-webhook-secret', SQUARE_TOKEN: 'EAAA_slice_test', SQUARE_WEBHOOK_SIGNATURE_KEY: 'slice-square-key' };

export async function startSlice(opts: {
  products: number;
  pageSize: number;
  taskQueue: string;
  /** More YAML list items under `flows:` */
  extraFlows?: string;
  squareLocations?: { id: string; name: string; currency: string }[];
  /** YAML flow mapping for the catalog flow's `fields:`, e.g. `{ price: pos }`. */
  fields?: string;
  /** Subscribe the ingress to Square's catalog.version.updated (the reverse path). */
  squareCatalogWebhooks?: boolean;
}): Promise<Slice> {
  const env = await startTestTemporal();
  const shopify = createShopifySandbox({ shop: 'slice-test.myshopify.com', accessToken: SECRETS.SHOPIFY_TOKEN, webhookSecret: SECRETS.SHOPIFY_WEBHOOK_SECRET, seed: { products: opts.products, seed: 7 }, limits: 'realistic', webhookTimeScale: 0.001 });
  const square = createSquareSandbox({ accessToken: SECRETS.SQUARE_TOKEN, webhookSignatureKey: SECRETS.SQUARE_WEBHOOK_SIGNATURE_KEY, locations: opts.squareLocations ?? [{ id: 'LSLICE0001', name: 'Main', currency: 'USD' }], limits: 'off', webhookTimeScale: 0.001 });
  const shopifyUrl = await shopify.start(0);
  const squareUrl = await square.start(0);
  const ingressPort = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sy-slice-'));
  const file = path.join(dir, 'switchyard.yaml');
  const yaml = `# yaml-language-server: $schema=./switchyard.schema.json
store: { kind: sqlite, path: ${path.join(dir, 'switchyard.db')} }
temporal: { taskQueue: ${opts.taskQueue} }
ingress: { host: 127.0.0.1, port: ${ingressPort} }
${shopPosConnectorsYaml({ shop: 'slice-test.myshopify.com', shopifyUrl, squareUrl, ingressPort, squareLocation: 'LSLICE0001' })}flows:
  - id: catalog
    entity: product
    from: shop
    to: [pos]
    pageSize: ${opts.pageSize}
${opts.fields ? `    fields: ${opts.fields}\n` : ''}${opts.extraFlows ?? ''}`;
  writeFileSync(file, yaml);
  const loaded = parseConfig(yaml, file, SECRETS);
  const { config } = loaded;
  const store = await createStore({ kind: 'sqlite', path: path.join(dir, 'switchyard.db') });
  const connectors = await createConnectors(config, loaded.secret);
  const flows = new Map(config.flows.map((f) => [f.id, f]));
  const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue: opts.taskQueue, deps: { flows, store, connectors } });
  const running = worker.run();
  const { ingress, forwarder, url: ingressUrl } = await startTestIngress({ config, store, connectors, client: env.client, taskQueue: opts.taskQueue, port: ingressPort });
  const shop = connectors.get('shop');
  if (shop?.kind !== 'shopify') throw new Error('shop connector missing');
  await shop.ensureWebhookSubscriptions(`${ingressUrl}/webhooks/shop`, ['PRODUCTS_CREATE', 'PRODUCTS_UPDATE', 'PRODUCTS_DELETE', 'INVENTORY_LEVELS_UPDATE']);
  const squareEvents = [...(config.flows.some((f) => f.entity === 'inventory') ? ['inventory.count.updated'] : []), ...(opts.squareCatalogWebhooks ? ['catalog.version.updated'] : [])];
  if (squareEvents.length) {
    const pos = connectors.get('pos');
    if (pos?.kind !== 'square') throw new Error('pos connector missing');
    await pos.ensureWebhookSubscription(`${ingressUrl}/webhooks/pos`, squareEvents, SECRETS.SQUARE_WEBHOOK_SIGNATURE_KEY);
  }
  const writes: VendorWrite[] = [];
  logWrites(shopify.server, 'shopify', writes, shopifyWrite);
  logWrites(square.server, 'square', writes, squareWrite);
  const squareSdk = new SquareClient({ token: SECRETS.SQUARE_TOKEN, baseUrl: squareUrl });

  return {
    env, shopify, square, shopifyUrl, squareUrl, squareSdk, store, loaded, connectors, worker, ingress, ingressUrl, forwarder, writes, taskQueue: opts.taskQueue,
    async adminGraphql<T>(query: string, variables: object = {}): Promise<T> {
      // The admin shares the shop's cost bucket with the connector, as in real Shopify: wait out THROTTLED.
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${shopifyUrl}/admin/api/2025-01/graphql.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-shopify-access-token': SECRETS.SHOPIFY_TOKEN, [MERCHANT_HEADER]: 'merchant' },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
        if (body.data) return body.data;
        if (attempt < 30 && body.errors?.some((e) => e.extensions?.code === 'THROTTLED')) {
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        throw new Error(`Shopify sandbox: ${JSON.stringify(body.errors)}`);
      }
    },
    async settle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (let quiet = 0; quiet < 3; ) {
        if (Date.now() > deadline) throw new Error('the slice did not settle');
        await Promise.all([shopify.emitter.drain(), square.emitter.drain()]);
        const busy = (await store.countOutbox({ delivered: false })) > 0 || (await busyWorkflows(env, opts.taskQueue));
        quiet = busy ? 0 : quiet + 1;
        await new Promise((r) => setTimeout(r, 300));
      }
    },
    async squareItems() {
      const items: Square.CatalogObject[] = [];
      const pager = await squareSdk.catalog.list({ types: 'ITEM' });
      for await (const o of pager) items.push(o);
      return items;
    },
    async close() {
      await ingress.close();
      await forwarder.stop();
      worker.shutdown();
      await running;
      await store.close();
      await shopify.stop();
      await square.stop();
      await env.teardown();
    },
  };
}

export interface ShopifyTruth {
  id: string;
  title: string;
  variants: { sku: string | null; price: string }[];
  /** The product's image URLs on Shopify's CDN, in order. */
  images: string[];
}

/** Every product in the Shopify sandbox, read through its Admin GraphQL API (the ground truth). */
export async function shopifyProducts(slice: Slice): Promise<ShopifyTruth[]> {
  const out: ShopifyTruth[] = [];
  let after: string | null = null;
  for (;;) {
    type Node = { id: string; title: string; variants: { nodes: { sku: string | null; price: string }[] }; media: { nodes: { image?: { url: string } | null }[] } };
    type Page = { products: { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const page: Page = await slice.adminGraphql<Page>(
      'query($after: String) { products(first: 10, after: $after) { nodes { id title variants(first: 30) { nodes { sku price } } media(first: 5) { nodes { ... on MediaImage { image { url } } } } } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    out.push(...page.products.nodes.map((n) => ({ id: n.id, title: n.title, variants: n.variants.nodes, images: n.media.nodes.flatMap((m) => (m.image ? [m.image.url] : [])) })));
    if (!page.products.pageInfo.hasNextPage) return out;
    after = page.products.pageInfo.endCursor;
  }
}

export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Whether a running workflow of the task queue has a workflow task or an activity pending. */
async function busyWorkflows(env: TestWorkflowEnvironment, taskQueue: string): Promise<boolean> {
  for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'` })) {
    const d = await env.client.workflow.getHandle(wf.workflowId, wf.runId).describe();
    if (d.raw.pendingWorkflowTask || (d.raw.pendingActivities?.length ?? 0) > 0) return true;
  }
  return false;
}

/**
 * Logs the successful writes a sandbox answers by wrapping its contract hook,
 * which sees every exchange (and still validates it).
 */
function logWrites(server: SandboxServer, vendor: VendorWrite['vendor'], log: VendorWrite[], operationOf: (req: SandboxRequest) => string | null): void {
  const inner = server.opts.contract;
  server.opts.contract = {
    check(route, req, res) {
      const operation = req.headers[MERCHANT_HEADER] ? null : operationOf(req);
      if (operation && res.status < 400) log.push({ vendor, operation, at: Date.now(), body: req.json });
      return inner ? inner.check(route, req, res) : [];
    },
  };
}

/** The mutation fields of an Admin GraphQL request, or null for a query. */
function shopifyWrite(req: SandboxRequest): string | null {
  const query = (req.json as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string' || !req.path.endsWith('/graphql.json')) return null;
  try {
    const fields = parseGraphql(query).definitions.flatMap((d) =>
      d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation' ? d.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) : [],
    );
    return fields.length ? fields.join(',') : null;
  } catch {
    return null;
  }
}

/** Catalog writes of the Square API. */
function squareWrite(req: SandboxRequest): string | null {
  const writes = ['/v2/catalog/batch-upsert', '/v2/catalog/object', '/v2/catalog/batch-delete', '/v2/catalog/images'];
  if ((req.method === 'POST' && writes.includes(req.path)) || (req.method === 'DELETE' && req.path.startsWith('/v2/catalog/object/'))) return `${req.method} ${req.path}`;
  if (req.method === 'PUT' && req.path.startsWith('/v2/catalog/images/')) return 'PUT /v2/catalog/images';
  return null;
}
