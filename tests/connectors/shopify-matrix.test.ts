import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopifyConnectorConfig } from '../../config/schema';
import { createShopifyConnector, type ShopifyConnector } from '../../connectors/shopify';
import { VendorError, type WebhookRequest } from '../../connectors/types';
import { SandboxServer } from '../../sandboxes/framework/server';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';

/**
 * The Shopify connector's failure/paging matrix against the sandbox, through
 * the official SDK: one page, many pages, bad credentials, THROTTLED then
 * success after the computed delay, 5xx then success, the incremental cursor
 * at a same-second boundary, and deletions.
 */

const SHOP = 'matrix-outfitters.myshopify.com';
const TOKEN = 'shpat_matrix_0123456789abcdef';
const SECRET = 'matrix-webhook-secret';
const SEEDED = 40;

let sandbox: ShopifySandbox;
/** One clock for the sandbox (timestamps, bucket refill) and the connector (its budget, its sleeps). */
let now = Date.UTC(2025, 1, 3, 15, 0, 0);

function connect(token = TOKEN): ShopifyConnector {
  const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop: SHOP, accessToken: { env: 'T' }, webhookSecret: { env: 'S' }, apiVersion: '2025-01', baseUrl: sandbox.baseUrl };
  return createShopifyConnector('matrix', cfg, (ref) => (ref.env === 'T' ? token : SECRET), {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
}

async function failure(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
  return err;
}

async function listAll(c: ShopifyConnector, pageSize: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await c.catalog.listProducts({ cursor, pageSize });
    pages++;
    for (const m of page.items) ids.push(m.externalId);
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, pages };
}

async function drainChanges(c: ShopifyConnector, cursor: string | null, pageSize = 100): Promise<{ ids: string[]; cursor: string }> {
  const ids: string[] = [];
  let cur = cursor;
  for (;;) {
    const page = await c.listProductsUpdatedSince(cur, pageSize);
    ids.push(...page.changes.map((x) => x.id));
    cur = page.cursor;
    if (!page.hasMore) return { ids, cursor: cur };
  }
}

beforeAll(async () => {
  sandbox = createShopifySandbox({ shop: SHOP, accessToken: TOKEN, webhookSecret: SECRET, seed: { products: SEEDED, seed: 5, customers: 5, orders: 5 }, limits: 'off', webhookTimeScale: 0.001, clock: () => now });
  await sandbox.start();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('Shopify connector matrix (sandbox, official SDK)', () => {
  it('given a shop smaller than one page, when products are listed, then one page holds all of them and no cursor follows', async () => {
    const small = createShopifySandbox({ shop: 'tiny-outfitters.myshopify.com', accessToken: TOKEN, webhookSecret: SECRET, seed: { products: 8, seed: 5 }, limits: 'off' });
    await small.start();
    try {
      const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop: 'tiny-outfitters.myshopify.com', accessToken: { env: 'T' }, webhookSecret: { env: 'S' }, apiVersion: '2025-01', baseUrl: small.baseUrl };
      const c = createShopifyConnector('tiny', cfg, (ref) => (ref.env === 'T' ? TOKEN : SECRET));
      const page = await c.catalog.listProducts({ cursor: null, pageSize: 20 });
      expect(page.items).toHaveLength(8);
      expect(page.items.every((m) => m.ok)).toBe(true);
      expect(page.nextCursor).toBeNull();
      expect(small.server.violations).toEqual([]);
    } finally {
      await small.stop();
    }
  });

  it('given a page size of 7, when every page is listed, then each product arrives exactly once across ceil(n/7) pages', async () => {
    const { ids, pages } = await listAll(connect(), 7);
    expect(pages).toBe(Math.ceil(SEEDED / 7));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(SEEDED);
  });

  it('given a wrong access token, when the shop is read, then it is VendorError 401 and not retryable', async () => {
    const err = await failure(connect('shpat_wrong').catalog.countProducts());
    expect(err).toMatchObject({ status: 401, retryable: false, vendor: 'shopify' });
  });

  it('given a drained bucket, when the connector is THROTTLED, then waiting exactly the computed retryAfterSeconds lets the retry succeed (and one second less would not)', async () => {
    sandbox.setLimits({ maximumAvailable: 1000, restoreRate: 50 });
    try {
      // Requested 2 + 40 × (1 + 2 + 6 × 2) = 602; actual cost follows the variants really returned.
      const query = 'query Big { products(first: 40) { nodes { id variants(first: 6) { nodes { id selectedOptions { name } } } } } }';
      // Another app spends the shop's bucket (in-process, bypassing our connector's estimate); the clock is pinned, so nothing refills.
      await sandbox.graphql(query);
      await sandbox.graphql(query);
      const c = connect();
      const err = await failure(c.graphql(query));
      expect(err).toMatchObject({ status: 429, code: 'THROTTLED', retryable: true });
      const wait = err.retryAfterSeconds!;
      expect(wait).toBe(Math.ceil((602 - sandbox.throttleStatus().currentlyAvailable) / 50));
      expect(wait).toBeGreaterThanOrEqual(1);
      if (wait > 1) {
        now += (wait - 1) * 1000;
        expect((await failure(connect().graphql(query))).status).toBe(429);
        now += 1000;
      } else {
        now += wait * 1000;
      }
      const ok = await c.graphql<{ products: { nodes: unknown[] } }>(query);
      expect(ok.products.nodes).toHaveLength(40);
    } finally {
      sandbox.setLimits('off');
    }
  });

  it('given the shop answers 500, when the request fails and is retried after the fault clears, then the first error is retryable VendorError 500 and the retry succeeds', async () => {
    const c = connect();
    sandbox.server.setFaults({ error5xxRate: 1 });
    let err: VendorError;
    try {
      err = await failure(c.catalog.countProducts());
    } finally {
      sandbox.server.setFaults({});
    }
    expect(err).toMatchObject({ status: 500, retryable: true });
    expect(await c.catalog.countProducts()).toBe(SEEDED);
  });

  it('given products updated within one second (before and after a read), when changes are polled incrementally, then every change is reported once, with no gap or repeat at the boundary', async () => {
    const c = connect();
    // First poll: the whole history (every seeded product), then the watermark.
    const first = await drainChanges(c, null, 15);
    expect(first.ids).toHaveLength(SEEDED);
    expect(new Set(first.ids).size).toBe(SEEDED);

    now += 5000;
    const ids = (await listAll(connect(), 20)).ids.sort();
    // Three products change in the same second, the highest id first.
    const [low, mid, high] = [ids[3]!, ids[10]!, ids[30]!];
    sandbox.admin.updateProduct(high, { title: 'Boundary High' });
    sandbox.admin.updateProduct(mid, { title: 'Boundary Mid' });
    const second = await drainChanges(c, first.cursor);
    expect(second.ids).toEqual([mid, high]);
    // Still the same second: a lower id changes after we read.
    sandbox.admin.updateProduct(low, { title: 'Boundary Low' });
    const third = await drainChanges(c, second.cursor);
    expect(third.ids).toEqual([low]);
    // Nothing new: nothing reported, cursor still usable.
    expect((await drainChanges(c, third.cursor)).ids).toEqual([]);
    // A later second: the same product again is a new change.
    now += 1000;
    sandbox.admin.updateProduct(high, { title: 'Boundary High 2' });
    expect((await drainChanges(c, third.cursor)).ids).toEqual([high]);
    expect(sandbox.server.violations).toEqual([]);
  });

  it('given a products/delete subscription, when the merchant deletes a product, then getProduct is null, the signed webhook verifies as a delete and incremental polls no longer list it', async () => {
    const received: WebhookRequest[] = [];
    const hooks = new SandboxServer({ name: 'matrix-hooks' }).route('POST', '/hooks', (req) => {
      received.push({ headers: req.headers, rawBody: req.rawBody, url: `${hooks.baseUrl}/hooks` });
      return { status: 200, body: {} };
    });
    await hooks.listen(0);
    try {
      const c = connect();
      await c.ensureWebhookSubscriptions(`${hooks.baseUrl}/hooks`, ['products/delete']);
      const created = sandbox.admin.createProduct({ title: 'Doomed Gaiter' });
      const gid = created.admin_graphql_api_id;
      expect(await c.catalog.getProduct(gid)).not.toBeNull();
      sandbox.admin.deleteProduct(gid);
      expect(await c.catalog.getProduct(gid)).toBeNull();
      for (let i = 0; i < 100 && !received.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(received).toHaveLength(1);
      const verdict = c.webhooks.verify(received[0]!);
      expect(verdict).toMatchObject({ ok: true, event: { topic: 'products/delete', entity: 'product', action: 'delete', externalId: gid } });
      const tampered = c.webhooks.verify({ ...received[0]!, rawBody: Buffer.from(received[0]!.rawBody.toString('utf8').replace(/\d/, '9')) });
      expect(tampered.ok).toBe(false);
      const changes = await drainChanges(c, null, 100);
      expect(changes.ids).not.toContain(gid);
    } finally {
      await hooks.close();
    }
  });
});
