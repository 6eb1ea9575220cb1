import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Discount } from '../../canonical/discount';
import type { ShopifyConnectorConfig } from '../../config/schema';
import { createShopifyConnector, type ShopifyConnector } from '../../connectors/shopify';
import { DISCOUNT_QUERY, DISCOUNT_QUERY_COST, DISCOUNTS_QUERY, discountsPageCost } from '../../connectors/shopify/discounts';
import { signShopifyWebhook } from '../../connectors/shopify/webhooks';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';

/**
 * The Shopify discount reader and price-list reader against the sandbox
 * (2025-01 schema, cost, webhooks): pages, long product lists drained,
 * deletions, discounts/* deliveries, Markets fixed prices.
 */
const SHOP = 'discount-test.myshopify.com';
const TOKEN = 'shpat_discount_test';
const SECRET = 'discount-webhook-secret';

let sandbox: ShopifySandbox;
let shopify: ShopifyConnector;
let productIds: string[];

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await sandbox.graphql(query, variables);
  const body = res.body as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function create(input: object): Promise<string> {
  const d = await gql<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: unknown[] } }>(
    'mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message } } }',
    { d: input },
  );
  expect(d.discountCodeBasicCreate.userErrors).toEqual([]);
  return d.discountCodeBasicCreate.codeDiscountNode!.id;
}

const basic = (code: string, items: object) => ({ title: code, code, startsAt: '2025-01-01T00:00:00Z', customerSelection: { all: true }, customerGets: { value: { percentage: 0.1 }, items } });

/** Shopify discounts name Shopify ids, derived the way the product mapping derives them: no lookup. */
const NO_LINKS = { canonicalIds: async () => new Map<string, string>() };

async function listAll(pageSize: number): Promise<{ discounts: Discount[]; refused: string[]; pages: number }> {
  const discounts: Discount[] = [];
  const refused: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await shopify.discounts.listDiscounts({ cursor, pageSize }, NO_LINKS);
    pages++;
    for (const m of page.items) {
      if (m.ok) discounts.push(m.record);
      else refused.push(m.reason);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { discounts, refused, pages };
}

beforeAll(async () => {
  sandbox = createShopifySandbox({ shop: SHOP, accessToken: TOKEN, webhookSecret: SECRET, seed: { products: 60, seed: 3 }, limits: 'realistic' });
  await sandbox.start();
  const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop: SHOP, accessToken: { env: 'T' }, webhookSecret: { env: 'S' }, apiVersion: '2025-01', baseUrl: sandbox.baseUrl };
  shopify = createShopifyConnector('shop', cfg, (ref) => (ref.env === 'T' ? TOKEN : SECRET));
  productIds = (await gql<{ products: { nodes: { id: string }[] } }>('{ products(first: 60) { nodes { id } } }')).products.nodes.map((p) => p.id);
}, 30_000);
afterAll(async () => {
  await sandbox?.stop();
});

describe('Shopify discounts connector', () => {
  it('given 13 code discounts, one on 60 products, when every page is listed, then each arrives once, whole, across pages the cost limit allows', async () => {
    for (let i = 0; i < 12; i++) await create(basic(`CODE${i}`, { all: true }));
    const wide = await create(basic('WIDE', { products: { productsToAdd: productIds } }));
    const { discounts, refused, pages } = await listAll(50);
    expect(refused).toEqual([]);
    expect(pages).toBe(2); // at most 10 discounts per page, whatever the flow's page size
    expect(discounts).toHaveLength(13);
    const w = discounts.find((d) => d.externalRefs[0]?.id === wide);
    expect(w?.appliesTo.scope === 'products' && w.appliesTo.productIds).toHaveLength(60);
    expect((await shopify.discounts.getDiscount(wide, NO_LINKS))?.ok).toBe(true);
    expect(sandbox.server.violations).toEqual([]);
  });

  it('given the discount queries, when Shopify prices them, then the cost the reader reserves in its rate budget is the cost Shopify requests (a page waits for the bucket instead of being THROTTLED on a guess)', async () => {
    const cost = async (query: string, variables: Record<string, unknown>) => {
      const res = await sandbox.graphql(query, variables);
      return (res.body as { extensions: { cost: { requestedQueryCost: number } } }).extensions.cost.requestedQueryCost;
    };
    for (const first of [1, 4, 10]) expect(await cost(DISCOUNTS_QUERY, { first })).toBe(discountsPageCost(first));
    expect(await cost(DISCOUNT_QUERY, { id: 'gid://shopify/DiscountCodeNode/1' })).toBe(DISCOUNT_QUERY_COST);
    // The largest page stays under Shopify's single-query ceiling.
    expect(discountsPageCost(10)).toBeLessThanOrEqual(1000);
  });

  it('given a deleted discount, when re-read, then it is null (the sync deletes it downstream)', async () => {
    const id = await create(basic('GONE', { all: true }));
    await gql('mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { message } } }', { id });
    expect(await shopify.discounts.getDiscount(id, NO_LINKS)).toBeNull();
  });

  it('given discounts/* deliveries, when verified, then code discounts are discount events and automatic ones are ignored', () => {
    const verify = (topic: string, body: object) => {
      const raw = JSON.stringify(body);
      return shopify.webhooks.verify({ rawBody: Buffer.from(raw), url: 'https://hooks.example/webhooks/shop', headers: { 'x-shopify-hmac-sha256': signShopifyWebhook(raw, SECRET), 'x-shopify-topic': topic, 'x-shopify-event-id': `e-${topic}` } });
    };
    const gid = 'gid://shopify/DiscountCodeNode/1100000000001';
    expect(verify('discounts/update', { admin_graphql_api_id: gid, title: 'x', status: 'ACTIVE', updated_at: '2025-05-02T10:00:00-04:00' })).toEqual({
      ok: true,
      event: { eventId: 'e-discounts/update', topic: 'discounts/update', entity: 'discount', action: 'upsert', externalId: gid, occurredAt: '2025-05-02T10:00:00-04:00' },
    });
    expect(verify('discounts/delete', { admin_graphql_api_id: gid, deleted_at: '2025-05-03T10:00:00-04:00' })).toMatchObject({ ok: true, event: { entity: 'discount', action: 'delete', externalId: gid } });
    expect(verify('discounts/create', { admin_graphql_api_id: 'gid://shopify/DiscountAutomaticNode/9', title: 'auto' })).toMatchObject({ ok: true, event: { entity: 'other', externalId: null } });
  });

  it('given a discount created in the admin, when the sandbox delivers, then discounts/create carries the code discount gid', async () => {
    const sent = sandbox.webhooks.sent.length;
    await gql('mutation($t: WebhookSubscriptionTopic!, $s: WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $t, webhookSubscription: $s) { userErrors { message } } }', { t: 'DISCOUNTS_CREATE', s: { callbackUrl: 'http://127.0.0.1:9/hook', format: 'JSON' } });
    const id = await create(basic('HOOKED', { all: true }));
    const delivery = sandbox.webhooks.sent.slice(sent).find((w) => w.topic === 'discounts/create');
    expect(JSON.parse(delivery!.body)).toMatchObject({ admin_graphql_api_id: id, title: 'HOOKED', status: 'ACTIVE' });
  });
});

describe('Shopify Markets price lists', () => {
  it('given a market price list with fixed CAD prices and a B2B-style list without a market, when products are listed, then only the market prices are attached', async () => {
    const variants = (await gql<{ product: { variants: { nodes: { id: string }[] } } }>('query($id: ID!) { product(id: $id) { variants(first: 10) { nodes { id } } } }', { id: productIds[0] })).product.variants.nodes;
    const catalogId = sandbox.admin.createMarketCatalog('Canada');
    const mk = async (name: string, currency: string, catalog: string | null) =>
      (
        await gql<{ priceListCreate: { priceList: { id: string } | null; userErrors: unknown[] } }>(
          'mutation($i: PriceListCreateInput!) { priceListCreate(input: $i) { priceList { id } userErrors { field message code } } }',
          { i: { name, currency, parent: { adjustment: { type: 'PERCENTAGE_DECREASE', value: 0 } }, ...(catalog ? { catalogId: catalog } : {}) } },
        )
      ).priceListCreate.priceList!.id;
    const market = await mk('Canada', 'CAD', catalogId);
    const unattached = await mk('Wholesale CAD', 'CAD', null);
    const add = (list: string, amount: string) =>
      gql<{ priceListFixedPricesAdd: { userErrors: unknown[] } }>('mutation($id: ID!, $p: [PriceListPriceInput!]!) { priceListFixedPricesAdd(priceListId: $id, prices: $p) { userErrors { field message code } } }', {
        id: list,
        p: variants.map((v) => ({ variantId: v.id, price: { amount, currencyCode: 'CAD' } })),
      });
    expect((await add(market, '12.50')).priceListFixedPricesAdd.userErrors).toEqual([]);
    expect((await add(unattached, '9.00')).priceListFixedPricesAdd.userErrors).toEqual([]);
    // The sandbox refuses a price in another currency than its list's, as Shopify does.
    const wrong = await gql<{ priceListFixedPricesAdd: { userErrors: { code: string }[] } }>(
      'mutation($id: ID!, $p: [PriceListPriceInput!]!) { priceListFixedPricesAdd(priceListId: $id, prices: $p) { userErrors { code } } }',
      { id: market, p: [{ variantId: variants[0]!.id, price: { amount: '1.00', currencyCode: 'EUR' } }] },
    );
    expect(wrong.priceListFixedPricesAdd.userErrors.map((e) => e.code)).toEqual(['PRICE_LIST_CURRENCY_MISMATCH']);

    const page = await shopify.catalog.listProducts({ cursor: null, pageSize: 5 });
    const first = page.items.find((m) => m.externalId === productIds[0]);
    expect(first?.ok && first.record.variants.map((v) => v.prices)).toEqual(variants.map(() => [{ amount: 1250, currency: 'CAD' }]));
    const other = page.items.find((m) => m.externalId === productIds[1]);
    expect(other?.ok && other.record.variants.every((v) => v.prices === undefined)).toBe(true);
    const single = await shopify.catalog.getProduct(productIds[0]!);
    expect(single?.ok && single.record.variants[0]?.prices).toEqual([{ amount: 1250, currency: 'CAD' }]);
    expect(sandbox.server.violations).toEqual([]);
  });
});
