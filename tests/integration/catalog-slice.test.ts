import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { decimalToMinor } from '../../canonical/common';
import { backfillWorkflowId, productWorkflowId } from '../../engine/router';
import { shopifyImageFetcher } from '../../connectors/shopify';
import { createStore } from '../../store';
import type { PageResult } from '../../activities/catalog';
import type { BackfillProgress } from '../../workflows/catalog-backfill';
import { eventually, shopifyProducts, startSlice, type Slice } from './slice-harness';

/**
 * The first vertical slice, end to end: Shopify catalog → canonical →
 * Square, by backfill and by signed webhook, on the real Temporal dev server.
 * Assertions are on what ended up in Square, read through Square's own API.
 */
const PRODUCTS = 90;
let slice: Slice;

beforeAll(async () => {
  slice = await startSlice({ products: PRODUCTS, pageSize: 10, taskQueue: 'catalog-slice' });
}, 180_000);
afterAll(async () => {
  await slice?.close();
});

function variationsOf(items: Awaited<ReturnType<Slice['squareItems']>>) {
  const bySku = new Map<string, { amount: bigint | undefined; currency: string | undefined; itemName: string | undefined }[]>();
  for (const item of items) {
    if (item.type !== 'ITEM') continue;
    for (const v of item.itemData?.variations ?? []) {
      if (v.type !== 'ITEM_VARIATION') continue;
      const sku = v.itemVariationData?.sku ?? '';
      const list = bySku.get(sku) ?? [];
      list.push({ amount: v.itemVariationData?.priceMoney?.amount ?? undefined, currency: v.itemVariationData?.priceMoney?.currency, itemName: item.itemData?.name ?? undefined });
      bySku.set(sku, list);
    }
  }
  return bySku;
}

/** The file Square serves for one of its IMAGE objects. */
async function squareImageBytes(imageId: string): Promise<Buffer> {
  const got = await slice.squareSdk.catalog.object.get({ objectId: imageId });
  const url = got.object?.type === 'IMAGE' ? got.object.imageData?.url : undefined;
  if (!url) throw new Error(`no IMAGE ${imageId} in Square`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Square serves ${url} with ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The file Shopify's CDN serves (the sandbox stands in for cdn.shopify.com on the same path). */
async function shopifyImageBytes(url: string): Promise<Buffer> {
  return Buffer.from((await shopifyImageFetcher(slice.shopify.baseUrl)(url)).bytes);
}

async function itemBySku(sku: string) {
  const found = await slice.squareSdk.catalog.search({ objectTypes: ['ITEM_VARIATION'], query: { exactQuery: { attributeName: 'sku', attributeValue: sku } } });
  const v = found.objects?.[0];
  const itemId = v?.type === 'ITEM_VARIATION' ? v.itemVariationData?.itemId : undefined;
  if (!itemId) return null;
  const got = await slice.squareSdk.catalog.object.get({ objectId: itemId });
  return got.object?.type === 'ITEM' ? got.object : null;
}

describe('Shopify → Square catalog slice', () => {
  let first: BackfillProgress;

  it('given a seeded Shopify catalog, when the backfill workflow runs, then every product and variant is in Square exactly once with its price', async () => {
    const handle = await slice.env.client.workflow.start('catalogBackfill', {
      workflowId: backfillWorkflowId('catalog'),
      taskQueue: slice.taskQueue,
      // A tiny history budget (and one page per activity) forces continue-as-new during the run.
      args: [{ flowId: 'catalog', maxHistoryEvents: 40, pagesPerActivity: 1 }],
    });
    first = (await handle.result()) as BackfillProgress;
    expect(first).toMatchObject({ records: PRODUCTS, total: PRODUCTS, quarantined: 0, done: true });
    expect(first.continuedAsNew).toBeGreaterThan(0);

    const truth = await shopifyProducts(slice);
    expect(truth).toHaveLength(PRODUCTS);
    const items = await slice.squareItems();
    expect(items).toHaveLength(PRODUCTS);
    expect(new Set(items.map((i) => (i.type === 'ITEM' ? i.itemData?.name : '')))).toEqual(new Set(truth.map((p) => p.title)));
    const bySku = variationsOf(items);
    const skus = truth.flatMap((p) => p.variants.map((v) => v.sku ?? ''));
    expect(bySku.size).toBe(skus.length);
    for (const p of truth) {
      for (const v of p.variants) {
        const inSquare = bySku.get(v.sku ?? '');
        expect(inSquare, `variant ${v.sku}`).toHaveLength(1);
        expect(inSquare?.[0]).toEqual({ amount: BigInt(decimalToMinor(v.price, 'USD')), currency: 'USD', itemName: p.title });
      }
    }
    // Each product's images: uploaded to Square as files, in order, the same pictures Shopify's CDN serves.
    const itemOf = new Map(items.flatMap((i) => (i.type === 'ITEM' ? (i.itemData?.variations ?? []).map((v) => [v.type === 'ITEM_VARIATION' ? v.itemVariationData?.sku : '', i] as const) : [])));
    const withImages = truth.filter((p) => p.images.length);
    expect(withImages.length).toBeGreaterThan(PRODUCTS / 2);
    for (const p of truth) {
      const item = itemOf.get(p.variants[0]!.sku ?? '');
      const shown = item?.type === 'ITEM' ? (item.itemData?.imageIds ?? []) : [];
      expect(shown, `images of ${p.title}`).toHaveLength(p.images.length);
      for (const [k, id] of shown.entries()) expect(await squareImageBytes(id), `image ${k} of ${p.title}`).toEqual(await shopifyImageBytes(p.images[k]!));
    }
    expect(slice.square.objects('IMAGE')).toHaveLength(withImages.reduce((n, p) => n + p.images.length, 0));
    // The checkpoint is cleared once the backfill completes.
    expect(await slice.store.getCursor('backfill:catalog')).toBeNull();
    expect(await slice.store.countIdMappings('pos', 'ITEM')).toBe(PRODUCTS);
    expect(slice.shopify.server.violations).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
    if (process.env.RECORD_HISTORIES) await recordHistory(backfillWorkflowId('catalog'), 'catalogBackfill');
  });

  it('given an unchanged catalog, when the backfill runs again, then nothing is rewritten in Square', async () => {
    const before = new Map((await slice.squareItems()).map((i) => [i.id, i.version]));
    const again = (await slice.env.client.workflow.execute('catalogBackfill', {
      workflowId: `${backfillWorkflowId('catalog')}-again`,
      taskQueue: slice.taskQueue,
      args: [{ flowId: 'catalog' }],
    })) as BackfillProgress;
    expect(again).toMatchObject({ records: PRODUCTS, written: 0, quarantined: 0 });
    const after = new Map((await slice.squareItems()).map((i) => [i.id, i.version]));
    expect(after).toEqual(before);
  });

  it('given an admin productUpdate in Shopify, when its signed webhook arrives, then Square shows the new title and price within seconds', async () => {
    const [target] = await shopifyProducts(slice);
    const sku = target!.variants[0]!.sku!;
    const t0 = Date.now();
    await slice.adminGraphql('mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { product { id } userErrors { message } } }', {
      p: { id: target!.id, title: 'Renamed by the merchant' },
    });
    const item = await eventually(async () => {
      const i = await itemBySku(sku);
      return i?.type === 'ITEM' && i.itemData?.name === 'Renamed by the merchant' ? i : null;
    }, 10_000, 'the new title in Square');
    expect(Date.now() - t0).toBeLessThan(10_000);

    const variantId = await slice.adminGraphql<{ product: { variants: { nodes: { id: string }[] } } }>('query($id: ID!) { product(id: $id) { variants(first: 1) { nodes { id } } } }', { id: target!.id });
    await slice.adminGraphql('mutation($pid: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $pid, variants: $v) { userErrors { message } } }', {
      pid: target!.id,
      v: [{ id: variantId.product.variants.nodes[0]!.id, price: '123.45' }],
    });
    await eventually(async () => {
      const i = await itemBySku(sku);
      const v = i?.type === 'ITEM' ? i.itemData?.variations?.find((x) => x.type === 'ITEM_VARIATION' && x.itemVariationData?.sku === sku) : undefined;
      return v?.type === 'ITEM_VARIATION' && v.itemVariationData?.priceMoney?.amount === 12345n;
    }, 10_000, 'the new price in Square');
    // The merchant adds a picture: Square gets the file, after the ones it had.
    const before = item.type === 'ITEM' ? (item.itemData?.imageIds ?? []) : [];
    await slice.adminGraphql('mutation($p: ProductUpdateInput!, $m: [CreateMediaInput!]) { productUpdate(product: $p, media: $m) { userErrors { message } } }', {
      p: { id: target!.id },
      m: [{ mediaContentType: 'IMAGE', originalSource: 'https://photos.example.org/lookbook/side.png', alt: 'Side view' }],
    });
    const withPicture = await eventually(async () => {
      const i = await itemBySku(sku);
      return i?.type === 'ITEM' && (i.itemData?.imageIds ?? []).length === before.length + 1 ? i : null;
    }, 10_000, 'the new picture in Square');
    const shown = withPicture.type === 'ITEM' ? (withPicture.itemData?.imageIds ?? []) : [];
    expect(shown.slice(0, before.length)).toEqual(before);
    const [latest] = (await shopifyProducts(slice)).filter((p) => p.id === target!.id);
    expect(await squareImageBytes(shown.at(-1)!)).toEqual(await shopifyImageBytes(latest!.images.at(-1)!));
    // Same Square item: updated in place, not duplicated.
    expect((await itemBySku(sku))?.id).toBe(item.id);
    expect(await slice.squareItems()).toHaveLength(PRODUCTS);
    // The product workflow is visible per entity key.
    const wf = await slice.env.client.workflow.getHandle(productWorkflowId('catalog', target!.id)).describe();
    expect(wf.type).toBe('productSync');
    if (process.env.RECORD_HISTORIES) {
      await slice.env.client.workflow.getHandle(productWorkflowId('catalog', target!.id)).result();
      await recordHistory(productWorkflowId('catalog', target!.id), 'productSync');
    }
  });

  it('given a product created and then deleted in Shopify, when the webhooks arrive, then Square gains and then loses it, its picture included', async () => {
    const imagesBefore = slice.square.objects('IMAGE').length;
    const created = await slice.adminGraphql<{ productCreate: { product: { id: string; variants: { nodes: { id: string }[] } } } }>(
      'mutation($p: ProductCreateInput!, $m: [CreateMediaInput!]) { productCreate(product: $p, media: $m) { product { id variants(first: 1) { nodes { id } } } userErrors { message } } }',
      { p: { title: 'Trail Thermos 1L', vendor: 'Switchyard Test', productType: 'Bottles' }, m: [{ mediaContentType: 'IMAGE', originalSource: 'https://photos.example.org/thermos.jpg', alt: 'Thermos' }] },
    );
    const pid = created.productCreate.product.id;
    await slice.adminGraphql('mutation($pid: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $pid, variants: $v) { userErrors { message } } }', {
      pid,
      v: [{ id: created.productCreate.product.variants.nodes[0]!.id, price: '39.00', inventoryItem: { sku: 'THERMOS-1L' } }],
    });
    const item = await eventually(() => itemBySku('THERMOS-1L'), 10_000, 'the new product in Square');
    expect(item.type === 'ITEM' && item.itemData?.name).toBe('Trail Thermos 1L');
    expect(await slice.squareItems()).toHaveLength(PRODUCTS + 1);
    const picture = item.type === 'ITEM' ? (item.itemData?.imageIds ?? []) : [];
    expect(picture).toHaveLength(1);
    expect(slice.square.objects('IMAGE')).toHaveLength(imagesBefore + 1);

    await slice.adminGraphql('mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }', { id: pid });
    await eventually(async () => (await slice.squareItems()).length === PRODUCTS, 10_000, 'the deletion in Square');
    expect(await itemBySku('THERMOS-1L')).toBeNull();
    // Its file went with it: no IMAGE left behind in Square.
    expect(slice.square.objects('IMAGE').map((o) => o.id)).not.toContain(picture[0]);
    expect(slice.square.objects('IMAGE')).toHaveLength(imagesBefore);
  });

  it('given Square applied a page but the id-map write was lost, when the page activity is retried, then Square replays and nothing is created twice', async () => {
    // A POS of its own, so the retried page is the first write it ever sees.
    const { createSquareSandbox } = await import('../../sandboxes/square');
    const { createConnectors } = await import('../../connectors/registry');
    const pos = createSquareSandbox({ accessToken: 'EAAA_slice_test', locations: [{ id: 'LSLICE0001', name: 'Main', currency: 'USD' }], limits: 'off' });
    const posUrl = await pos.start(0);
    const base = slice.loaded.config;
    const config = { ...base, connectors: { ...base.connectors, pos: { ...base.connectors.pos!, baseUrl: posUrl } } };
    const connectors = await createConnectors(config, slice.loaded.secret);
    const flows = new Map(config.flows.map((f) => [f.id, f]));
    const dir = path.dirname(base.store.kind === 'sqlite' ? base.store.path : '');
    const attempt1Store = await createStore({ kind: 'sqlite', path: path.join(dir, 'attempt1.db') });
    const attempt2Store = await createStore({ kind: 'sqlite', path: path.join(dir, 'attempt2.db') });
    const env = new MockActivityEnvironment();
    try {
      const a: PageResult = await env.run(createActivities({ flows, store: attempt1Store, connectors }).syncCatalogPage, { flowId: 'catalog', cursor: null });
      const afterFirst = pos.items().map((i) => i.id).sort();
      expect(afterFirst.length).toBe(a.read);
      // Attempt 2 knows nothing of attempt 1's writes (its store rows were lost with the crash).
      const b: PageResult = await env.run(createActivities({ flows, store: attempt2Store, connectors }).syncCatalogPage, { flowId: 'catalog', cursor: null });
      expect(b.read).toBe(a.read);
      expect(pos.items().map((i) => i.id).sort()).toEqual(afterFirst);
      // ... and it learned the same Square ids from the replayed response.
      const gids = (await shopifyProducts(slice)).map((p) => p.id);
      const squareIds = async (store: typeof attempt1Store) => {
        const canonical = [...(await store.findByExternal('shop', 'Product', gids)).values()].map((m) => m.canonicalId);
        return (await store.findByCanonical('pos', canonical)).filter((m) => m.externalType === 'ITEM').map((m) => m.externalId).sort();
      };
      expect(await squareIds(attempt1Store)).toEqual(afterFirst);
      expect(await squareIds(attempt2Store)).toEqual(afterFirst);
      expect(pos.server.violations).toEqual([]);
    } finally {
      await attempt1Store.close();
      await attempt2Store.close();
      await pos.stop();
    }
  });
});

async function recordHistory(workflowId: string, type: string): Promise<void> {
  const history = await slice.env.client.workflow.getHandle(workflowId).fetchHistory();
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'replay', 'histories', `${type}.json`);
  writeFileSync(file, historyToJSON(history));
}
