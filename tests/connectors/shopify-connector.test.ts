import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopifyConnectorConfig } from '../../config/schema';
import { createShopifyConnector, type ShopifyConnector } from '../../connectors/shopify';
import { VendorError, type WebhookRequest } from '../../connectors/types';
import type { Product } from '../../canonical/product';
import { SandboxServer } from '../../sandboxes/framework/server';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';

/** The Shopify connector end to end against the Shopify sandbox (2025-01 schema, cost, throttling, webhooks). */

const SHOP = 'itest-outfitters.myshopify.com';
const TOKEN = 'shpat_itest_0123456789abcdef';
const WEBHOOK_SECRET = 'itest-webhook-secret';
const SEEDED = 120;

let sandbox: ShopifySandbox;
let shopify: ShopifyConnector;

function connect(token = TOKEN, shop = SHOP): ShopifyConnector {
  const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop, accessToken: { env: 'T' }, webhookSecret: { env: 'S' }, apiVersion: '2025-01', baseUrl: sandbox.baseUrl };
  return createShopifyConnector('shop', cfg, (ref) => (ref.env === 'T' ? token : WEBHOOK_SECRET));
}

async function failure(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
  return err;
}

async function listAll(c: ShopifyConnector, pageSize: number): Promise<{ products: Product[]; refused: string[]; pages: number }> {
  const products: Product[] = [];
  const refused: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await c.catalog.listProducts({ cursor, pageSize });
    pages++;
    for (const m of page.items) {
      if (m.ok) products.push(m.record);
      else refused.push(`${m.externalId}: ${m.reason}`);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { products, refused, pages };
}

beforeAll(async () => {
  sandbox = createShopifySandbox({ shop: SHOP, accessToken: TOKEN, webhookSecret: WEBHOOK_SECRET, seed: { products: SEEDED, seed: 7 }, limits: 'off', webhookTimeScale: 0.001 });
  await sandbox.start();
  shopify = connect();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('Shopify connector against the sandbox', () => {
  it('given a seeded shop, when every page is listed, then each product arrives once, mapped, with all its variants', async () => {
    const { products, refused, pages } = await listAll(shopify, 25);
    expect(refused).toEqual([]);
    expect(pages).toBeGreaterThan(1);
    const gids = products.map((p) => p.externalRefs[0]!.id);
    expect(new Set(gids).size).toBe(gids.length);
    expect(gids.length).toBe(await shopify.catalog.countProducts());
    for (const p of products) {
      const truth = sandbox.admin.getProduct(p.externalRefs[0]!.id);
      expect(p.variants.length, p.title).toBe(truth?.variants.length);
      expect(p.variants.every((v) => Number.isInteger(v.price.amount) && v.price.currency === 'USD')).toBe(true);
    }
    expect(sandbox.server.violations).toEqual([]);
  }, 60_000);

  it('given a page read by a warmed-up connector, when a fresh one (a restarted worker) reads from the same cursor, then it gets the same products', async () => {
    // A retried page must be the page the crashed attempt wrote: its Square write is keyed by its products.
    const warm = connect();
    // After one page it knows how small these products are and plans bigger pages than a fresh one would.
    const cursor = (await warm.catalog.listProducts({ cursor: null, pageSize: 250 })).nextCursor;
    const ids = (page: { items: { externalId: string }[] }): string[] => page.items.map((m) => m.externalId);
    const again = await warm.catalog.listProducts({ cursor, pageSize: 250 });
    const fresh = await connect().catalog.listProducts({ cursor, pageSize: 250 });
    expect(ids(fresh)).toEqual(ids(again));
    // The very first page doesn't depend on what a process read before either.
    expect(ids(await warm.catalog.listProducts({ cursor: null, pageSize: 250 }))).toEqual(ids(await connect().catalog.listProducts({ cursor: null, pageSize: 250 })));
  }, 60_000);

  it('given a product with 150 variants, when re-read and listed, then it arrives whole (never truncated at a page of variants)', async () => {
    const sizes = Array.from({ length: 15 }, (_, i) => `W${28 + i}`);
    const colors = ['Indigo', 'Black', 'Stone', 'Olive', 'Rust', 'Sand', 'Navy', 'Grey', 'Ecru', 'Clay'];
    const created = sandbox.admin.createProduct({
      title: 'Selvedge Jeans',
      options: [
        { name: 'Waist', values: sizes },
        { name: 'Color', values: colors },
      ],
      variants: sizes.flatMap((s) => colors.map((c) => ({ options: [s, c], price: '129.00', sku: `JEAN-${s}-${c}` }))),
    });
    const gid = created.admin_graphql_api_id;

    const one = await shopify.catalog.getProduct(gid);
    if (!one?.ok) throw new Error(`expected the product to map: ${JSON.stringify(one)}`);
    expect(one.record.variants).toHaveLength(150);
    expect(new Set(one.record.variants.map((v) => v.id)).size).toBe(150);
    expect(one.record.options.map((o) => o.values.length)).toEqual([15, 10]);

    const { products } = await listAll(shopify, 50);
    expect(products.find((p) => p.externalRefs[0]?.id === gid)?.variants).toHaveLength(150);
  }, 60_000);

  it('given an enforced 2,000-point bucket and the largest page size, when every page is listed, then no query exceeds the cost limit or gets throttled', async () => {
    // Standard-plan bucket; a fast restore keeps the test quick (the real 100/s only makes it wait longer).
    sandbox.setLimits({ maximumAvailable: 2000, restoreRate: 1000 });
    try {
      const { products, refused } = await listAll(connect(), 250);
      expect(refused).toEqual([]);
      expect(products.length).toBe(await shopify.catalog.countProducts());
    } finally {
      sandbox.setLimits('off');
    }
  }, 60_000);

  it('given a product deleted in the shop, when re-read, then getProduct returns null', async () => {
    const created = sandbox.admin.createProduct({ title: 'Short-lived Scarf' });
    sandbox.admin.deleteProduct(created.admin_graphql_api_id);
    expect(await shopify.catalog.getProduct(created.admin_graphql_api_id)).toBeNull();
  });

  it('given a wrong access token, when the shop is read, then it is VendorError 401 and not retryable', async () => {
    const err = await failure(connect('shpat_wrong').catalog.countProducts());
    expect(err).toMatchObject({ status: 401, retryable: false, vendor: 'shopify' });
  });

  it('given another client drained the bucket, when this connector queries, then THROTTLED becomes VendorError 429 with the restore delay', async () => {
    sandbox.setLimits({ maximumAvailable: 200, restoreRate: 10 });
    try {
      // A second connector (its own budget estimate) spends what the shop's bucket holds.
      await connect().graphql('query Drain { products(first: 90) { nodes { id } } }');
      await connect().graphql('query Drain { products(first: 90) { nodes { id } } }').catch(() => undefined);
      const err = await failure(shopify.graphql('query Big { products(first: 150) { nodes { id } } }'));
      const status = sandbox.throttleStatus();
      expect(err).toMatchObject({ status: 429, code: 'THROTTLED', retryable: true });
      // requested 152; deficit / 10 points per second, rounded up (±1 s for refill while we looked).
      const expected = Math.ceil((152 - status.currentlyAvailable) / 10);
      expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(expected - 1);
      expect(err.retryAfterSeconds).toBeLessThanOrEqual(expected + 1);
    } finally {
      sandbox.setLimits('off');
    }
  });

  it('given webhook subscriptions are ensured twice, when the shop changes a product, then one signed delivery arrives and verifies', async () => {
    const received: WebhookRequest[] = [];
    const hooks = new SandboxServer({ name: 'hooks' }).route('POST', '/hooks/shopify', (req) => {
      received.push({ headers: req.headers, rawBody: req.rawBody, url: `${hooks.baseUrl}/hooks/shopify` });
      return { status: 200, body: {} };
    });
    const base = await hooks.listen();
    try {
      const url = `${base}/hooks/shopify`;
      await shopify.ensureWebhookSubscriptions(url, ['products/update', 'products/delete']);
      await shopify.ensureWebhookSubscriptions(url, ['PRODUCTS_UPDATE', 'products/delete']);
      const subs = await shopify.graphql<{ webhookSubscriptions: { nodes: { topic: string }[] } }>('query { webhookSubscriptions(first: 50) { nodes { topic } } }');
      expect(subs.webhookSubscriptions.nodes.map((n) => n.topic).sort()).toEqual(['PRODUCTS_DELETE', 'PRODUCTS_UPDATE']);

      const product = sandbox.admin.createProduct({ title: 'Waxed Cap' });
      sandbox.admin.updateProduct(product.admin_graphql_api_id, { title: 'Waxed Cotton Cap' });
      await sandbox.emitter.drain();
      expect(received).toHaveLength(1);
      expect(shopify.webhooks.verify(received[0]!)).toMatchObject({
        ok: true,
        event: { topic: 'products/update', entity: 'product', action: 'upsert', externalId: product.admin_graphql_api_id },
      });
    } finally {
      await hooks.close();
    }
  });
});
