import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from '@temporalio/worker';
import { SquareClient, type Square } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalToMinor } from '../../canonical/common';
import { parseConfig } from '../../config/load';
import { createConnectors } from '../../connectors/registry';
import { backfillWorkflowId } from '../../engine/router';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { createWorker } from '../../worker';
import type { BackfillProgress } from '../../workflows/catalog-backfill';
import { SECRETS, shopifyProducts, startSlice, type Slice } from './slice-harness';

/**
 * Prices per currency, end to end: the shop sells in USD and keeps a Canada
 * market price list with fixed CAD prices (Shopify Markets); a second Square
 * POS whose location sells in CAD (no `currency` in its connector config)
 * gets the CAD prices, a product without a CAD price is quarantined with the
 * reason and the rest keep syncing. Real Temporal server, sandboxes over
 * HTTP, SQLite; Square is read through its SDK.
 */
const TASK_QUEUE = 'prices-slice';
const CA_QUEUE = 'prices-slice-ca';
let slice: Slice;
let canada: SquareSandbox;
let canadaSdk: SquareClient;
let worker: Worker;
let running: Promise<void>;

const cadOf = (usd: string) => (Number(usd) * 1.35).toFixed(2);

beforeAll(async () => {
  slice = await startSlice({ products: 10, pageSize: 4, taskQueue: TASK_QUEUE });
  canada = createSquareSandbox({ accessToken: SECRETS.SQUARE_TOKEN, locations: [{ id: 'LTORONTO001', name: 'Toronto', currency: 'CAD' }], limits: 'off' });
  const canadaUrl = await canada.start(0);
  canadaSdk = new SquareClient({ token: SECRETS.SQUARE_TOKEN, baseUrl: canadaUrl });
  // A second deployment beside the slice's: same shop, a POS in Canada. No `currency`: the location's is used.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sy-prices-'));
  const yaml = `connectors:
  shop:
    kind: shopify
    shop: slice-test.myshopify.com
    accessToken: { env: SHOPIFY_TOKEN }
    webhookSecret: { env: SHOPIFY_WEBHOOK_SECRET }
    baseUrl: ${slice.shopifyUrl}
  pos-ca:
    kind: square
    accessToken: { env: SQUARE_TOKEN }
    webhookSignatureKey: { env: SQUARE_WEBHOOK_SIGNATURE_KEY }
    baseUrl: ${canadaUrl}
    locations: { toronto: LTORONTO001 }
flows:
  - id: catalog-ca
    entity: product
    from: shop
    to: [pos-ca]
    pageSize: 4
`;
  const loaded = parseConfig(yaml, path.join(dir, 'switchyard.yaml'), SECRETS);
  const connectors = await createConnectors(loaded.config, loaded.secret);
  worker = await createWorker({ connection: slice.env.nativeConnection, namespace: 'default', taskQueue: CA_QUEUE, deps: { flows: new Map(loaded.config.flows.map((f) => [f.id, f])), store: slice.store, connectors } });
  running = worker.run();
}, 180_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await canada?.stop();
  await slice?.close();
});

async function canadaItems(): Promise<Square.CatalogObject[]> {
  const out: Square.CatalogObject[] = [];
  for await (const o of await canadaSdk.catalog.list({ types: 'ITEM' })) out.push(o);
  return out;
}

function pricesBySku(items: Square.CatalogObject[]): Map<string, Square.Money | undefined> {
  const out = new Map<string, Square.Money | undefined>();
  for (const item of items) {
    if (item.type !== 'ITEM') continue;
    for (const v of item.itemData?.variations ?? []) if (v.type === 'ITEM_VARIATION') out.set(v.itemVariationData?.sku ?? '', v.itemVariationData?.priceMoney ?? undefined);
  }
  return out;
}

async function backfillCanada(suffix: string): Promise<BackfillProgress> {
  return (await slice.env.client.workflow.execute('catalogBackfill', { workflowId: `${backfillWorkflowId('catalog-ca')}-${suffix}`, taskQueue: CA_QUEUE, args: [{ flowId: 'catalog-ca' }] })) as BackfillProgress;
}

async function addCadPrices(priceListId: string, variants: { id: string; price: string }[]): Promise<void> {
  const res = await slice.adminGraphql<{ priceListFixedPricesAdd: { prices: unknown[] | null; userErrors: unknown[] } }>(
    'mutation($id: ID!, $prices: [PriceListPriceInput!]!) { priceListFixedPricesAdd(priceListId: $id, prices: $prices) { prices { price { amount currencyCode } variant { id } } userErrors { field message code } } }',
    { id: priceListId, prices: variants.map((v) => ({ variantId: v.id, price: { amount: cadOf(v.price), currencyCode: 'CAD' } })) },
  );
  expect(res.priceListFixedPricesAdd.userErrors).toEqual([]);
  expect(res.priceListFixedPricesAdd.prices).toHaveLength(variants.length);
}

describe('prices per currency: a Canada price list to a Square POS selling in CAD', () => {
  let priceListId: string;
  let held: { id: string; sku: string; price: string; productId: string };
  let variants: { id: string; sku: string; price: string; productId: string }[];

  it('given fixed CAD prices for every variant but one, when the CAD POS backfills, then each product lands in CAD at its price-list price and the one without a CAD price is quarantined with the reason', async () => {
    const data = await slice.adminGraphql<{ products: { nodes: { id: string; variants: { nodes: { id: string; sku: string; price: string }[] } }[] } }>('{ products(first: 10) { nodes { id variants(first: 20) { nodes { id sku price } } } } }');
    variants = data.products.nodes.flatMap((p) => p.variants.nodes.map((v) => ({ ...v, productId: p.id })));
    held = variants.at(-1)!;
    const catalogId = slice.shopify.admin.createMarketCatalog('Canada');
    const created = await slice.adminGraphql<{ priceListCreate: { priceList: { id: string; currency: string } | null; userErrors: unknown[] } }>(
      'mutation($input: PriceListCreateInput!) { priceListCreate(input: $input) { priceList { id currency } userErrors { field message code } } }',
      { input: { name: 'Canada', currency: 'CAD', parent: { adjustment: { type: 'PERCENTAGE_INCREASE', value: 0 } }, catalogId } },
    );
    expect(created.priceListCreate.userErrors).toEqual([]);
    priceListId = created.priceListCreate.priceList!.id;
    await addCadPrices(priceListId, variants.filter((v) => v.id !== held.id));

    const result = await backfillCanada('first');
    expect(result).toMatchObject({ records: 10, written: 9, quarantined: 1 });
    const prices = pricesBySku(await canadaItems());
    for (const v of variants.filter((x) => x.productId !== held.productId)) {
      expect(prices.get(v.sku), v.sku).toEqual({ amount: BigInt(decimalToMinor(cadOf(v.price), 'CAD')), currency: 'CAD' });
    }
    expect(prices.has(held.sku)).toBe(false);
    const open = await slice.store.listQuarantine({ flowId: 'catalog-ca' });
    expect(open.map((q) => [q.externalId, q.reason])).toEqual([[held.productId, `pos-ca: no CAD price for variant ${held.sku}`]]);
    expect(slice.shopify.server.violations).toEqual([]);
    expect(canada.server.violations).toEqual([]);
  });

  it('given the missing CAD price is added, when the CAD POS backfills again, then the quarantined product lands and its entry is resolved; a third run writes nothing', async () => {
    await addCadPrices(priceListId, [held]);
    expect(await backfillCanada('second')).toMatchObject({ records: 10, written: 1, quarantined: 0 });
    expect(pricesBySku(await canadaItems()).get(held.sku)).toEqual({ amount: BigInt(decimalToMinor(cadOf(held.price), 'CAD')), currency: 'CAD' });
    expect(await slice.store.listQuarantine({ flowId: 'catalog-ca' })).toEqual([]);
    expect(await canadaItems()).toHaveLength(10);

    const before = new Map((await canadaItems()).map((i) => [i.id, i.version]));
    expect(await backfillCanada('third')).toMatchObject({ records: 10, written: 0, quarantined: 0 });
    expect(new Map((await canadaItems()).map((i) => [i.id, i.version]))).toEqual(before);
  });

  it('given the same shop, when the USD POS backfills, then it keeps the base USD prices', async () => {
    const run = (await slice.env.client.workflow.execute('catalogBackfill', { workflowId: backfillWorkflowId('catalog'), taskQueue: TASK_QUEUE, args: [{ flowId: 'catalog' }] })) as BackfillProgress;
    expect(run).toMatchObject({ records: 10, quarantined: 0 });
    const items: Square.CatalogObject[] = await slice.squareItems();
    const prices = pricesBySku(items);
    for (const p of await shopifyProducts(slice)) {
      for (const v of p.variants) expect(prices.get(v.sku ?? ''), v.sku ?? '').toEqual({ amount: BigInt(decimalToMinor(v.price, 'USD')), currency: 'USD' });
    }
  });
});
