import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Square } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import { backfillWorkflowId, catalogChangesWorkflowId } from '../../engine/router';
import type { BackfillProgress } from '../../workflows/catalog-backfill';
import type { CatalogChangesStatus } from '../../workflows/catalog-changes';
import { asMerchant, eventually, startSlice, type Slice, type VendorWrite } from './slice-harness';

/**
 * The complete catalog between Shopify and Square with field-level
 * ownership, end to end on the real parts (Temporal dev server, SQLite,
 * both sandboxes over HTTP, signed webhooks both ways). The POS owns the
 * short name, the price, the SKU and the barcode; Shopify everything else. Assertions
 * are on what each system holds (read through its own API), on the
 * canonical record, and on the log of writes each vendor answered.
 */
const PRODUCTS = 12;
let slice: Slice;

beforeAll(async () => {
  slice = await startSlice({ products: PRODUCTS, pageSize: 5, taskQueue: 'catalog-ownership', fields: '{ shortName: pos, price: pos, sku: pos, barcode: pos }', squareCatalogWebhooks: true });
}, 180_000);
afterAll(async () => {
  await slice?.close();
});

interface ShopifyState {
  id: string;
  title: string;
  status: string;
  updatedAt: string;
  seo: { title: string | null; description: string | null };
  options: { name: string; optionValues: { name: string }[] }[];
  variants: { nodes: { id: string; sku: string | null; barcode: string | null; price: string; selectedOptions: { name: string; value: string }[] }[] };
}

const SHOPIFY_PRODUCT = `query($id: ID!) { product(id: $id) {
  id title status updatedAt seo { title description } options { name optionValues { name } }
  variants(first: 50) { nodes { id sku barcode price selectedOptions { name value } } } } }`;

async function shopifyProduct(id: string): Promise<ShopifyState> {
  return (await slice.adminGraphql<{ product: ShopifyState }>(SHOPIFY_PRODUCT, { id })).product;
}

async function productIds(): Promise<string[]> {
  const page = await slice.adminGraphql<{ products: { nodes: { id: string }[] } }>('{ products(first: 50, sortKey: ID) { nodes { id } } }');
  return page.products.nodes.map((n) => n.id);
}

/** Canonical id and Square ITEM id of a Shopify product. */
async function linkOf(gid: string): Promise<{ canonicalId: string; itemId: string }> {
  const link = (await slice.store.findByExternal('shop', 'Product', [gid])).get(gid);
  if (!link) throw new Error(`${gid} is not linked`);
  const item = (await slice.store.findByCanonical('pos', [link.canonicalId])).find((l) => l.externalType === 'ITEM');
  if (!item) throw new Error(`${gid} has no Square item`);
  return { canonicalId: link.canonicalId, itemId: item.externalId };
}

async function squareItem(itemId: string): Promise<Square.CatalogObject.Item> {
  const got = await slice.squareSdk.catalog.object.get({ objectId: itemId });
  if (got.object?.type !== 'ITEM') throw new Error(`no ITEM ${itemId}`);
  return got.object;
}

function variationsOf(item: Square.CatalogObject.Item): Square.CatalogObject.ItemVariation[] {
  return (item.itemData?.variations ?? []).filter((v): v is Square.CatalogObject.ItemVariation => v.type === 'ITEM_VARIATION');
}

async function canonical(canonicalId: string): Promise<Product> {
  const record = (await slice.store.getRecords('product', [canonicalId])).get(canonicalId);
  if (!record) throw new Error(`no canonical record ${canonicalId}`);
  return JSON.parse(record.data) as Product;
}

async function changesStatus(): Promise<CatalogChangesStatus | null> {
  try {
    return await slice.env.client.workflow.getHandle(catalogChangesWorkflowId('catalog', 'pos')).query<CatalogChangesStatus>('status');
  } catch {
    return null;
  }
}

const since = (mark: number, vendor?: VendorWrite['vendor']) => slice.writes.slice(mark).filter((w) => !vendor || w.vendor === vendor);
const names = (writes: VendorWrite[]) => writes.map((w) => `${w.vendor} ${w.operation}`);

describe('Shopify ⇄ Square catalog with field ownership', () => {
  let gids: string[];

  it('given a seeded shop, when the backfill runs, then Square holds every product with options, SKUs, barcodes, prices, SEO and status, and the echoes of those writes write nothing anywhere', async () => {
    const progress = (await slice.env.client.workflow.execute('catalogBackfill', {
      workflowId: backfillWorkflowId('catalog'),
      taskQueue: slice.taskQueue,
      args: [{ flowId: 'catalog' }],
    })) as BackfillProgress;
    expect(progress).toMatchObject({ records: PRODUCTS, quarantined: 0, done: true });
    await slice.settle();

    gids = await productIds();
    for (const gid of gids) {
      const shop = await shopifyProduct(gid);
      const item = await squareItem((await linkOf(gid)).itemId);
      const data = item.itemData!;
      expect(data.name).toBe(shop.title);
      expect(data.isArchived).toBe(shop.status !== 'ACTIVE');
      expect(data.ecomSeoData?.pageTitle ?? null).toBe(shop.seo.title);
      expect(data.ecomSeoData?.pageDescription ?? null).toBe(shop.seo.description);
      const variations = variationsOf(item);
      expect(variations).toHaveLength(shop.variants.nodes.length);
      const bySku = new Map(variations.map((v) => [v.itemVariationData?.sku, v.itemVariationData]));
      for (const v of shop.variants.nodes) {
        const sq = bySku.get(v.sku ?? undefined);
        expect(sq, `variant ${v.sku}`).toBeDefined();
        expect(sq?.priceMoney).toEqual({ amount: BigInt(Math.round(Number(v.price) * 100)), currency: 'USD' });
        expect(sq?.upc ?? null).toBe(v.barcode);
        // Options became the item's own item options, each variation pointing at its values.
        expect(sq?.itemOptionValues ?? []).toHaveLength(shop.options.filter((o) => !(o.name === 'Title' && o.optionValues[0]?.name === 'Default Title')).length);
      }
      const optionIds = (data.itemOptions ?? []).map((o) => o.itemOptionId!);
      if (optionIds.length) {
        const options = (await slice.squareSdk.catalog.batchGet({ objectIds: optionIds })).objects ?? [];
        expect(options.map((o) => (o.type === 'ITEM_OPTION' ? o.itemOptionData?.displayName : null))).toEqual(shop.options.map((o) => o.name));
      }
    }
    // Square announced each batch; every announcement came back as an echo of our own writes.
    const status = await changesStatus();
    expect(status?.echoes).toBeGreaterThanOrEqual(1);
    expect(since(0, 'shopify')).toEqual([]);
    // Square got batch upserts and the image files they name, nothing else.
    expect(new Set(names(since(0, 'square')))).toEqual(new Set(['square POST /v2/catalog/batch-upsert', 'square POST /v2/catalog/images']));
    expect(await slice.store.countQuarantine({ flowId: 'catalog' })).toBe(0);
  });

  it('given a Shopify edit, when it syncs to Square, then the resulting catalog.version.updated writes nothing anywhere', async () => {
    const gid = gids[0]!;
    const { itemId } = await linkOf(gid);
    const mark = slice.writes.length;
    const echoesBefore = (await changesStatus())?.echoes ?? 0;
    await slice.adminGraphql('mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }', {
      p: { id: gid, title: 'Trail Runner (renamed in Shopify)', seo: { title: 'Trail Runner | SEO', description: 'Fast on rough ground.' } },
    });
    await eventually(async () => (await squareItem(itemId)).itemData?.name === 'Trail Runner (renamed in Shopify)', 15_000, 'the new title in Square');
    await slice.settle();

    const item = await squareItem(itemId);
    expect(item.itemData?.ecomSeoData).toMatchObject({ pageTitle: 'Trail Runner | SEO', pageDescription: 'Fast on rough ground.' });
    // Exactly one write, to Square; Square's own announcement of it came back and was recognised.
    expect(names(since(mark))).toEqual(['square POST /v2/catalog/batch-upsert']);
    expect((await changesStatus())!.echoes).toBeGreaterThan(echoesBefore);
    expect((await squareItem(itemId)).version).toBe(item.version);
  });

  it('given POS staff change the short name, price, SKU and barcode in Square, when catalog.version.updated arrives, then the canonical record and Shopify take them, Square is not written, and Shopify’s products/update of that write writes nothing', async () => {
    const gid = gids[1]!;
    const { canonicalId, itemId } = await linkOf(gid);
    const before = await shopifyProduct(gid);
    const variation = variationsOf(await squareItem(itemId))[0]!;
    const mark = slice.writes.length;
    slice.square.dashboard.updateItem(itemId, { abbreviation: 'TRL', priceAmount: 4321, sku: 'POS-TRL-1', upc: '0812345678912', variationId: variation.id });
    const staffVersion = (await squareItem(itemId)).version;

    const shopVariantId = before.variants.nodes.find((v) => v.sku === variation.itemVariationData?.sku)!.id;
    await eventually(async () => {
      const v = (await shopifyProduct(gid)).variants.nodes.find((x) => x.id === shopVariantId);
      return v?.price === '43.21' && v.sku === 'POS-TRL-1' && v.barcode === '0812345678912';
    }, 15_000, 'the POS price, SKU and barcode in Shopify');
    await slice.settle();

    const record = await canonical(canonicalId);
    expect(record.shortName).toBe('TRL');
    const v = record.variants.find((x) => x.sku === 'POS-TRL-1');
    expect(v?.price).toEqual({ amount: 4321, currency: 'USD' });
    expect(v?.barcode).toBe('0812345678912');
    // Shopify got exactly the variant write (no product-level field differed; Shopify holds no short name) ...
    expect(names(since(mark, 'shopify'))).toEqual(['shopify productVariantsBulkUpdate']);
    expect(since(mark, 'shopify')[0]?.body).toMatchObject({ variables: { productId: gid, variants: [{ id: shopVariantId, price: '43.21', barcode: '0812345678912', inventoryItem: { sku: 'POS-TRL-1' } }] } });
    // ... and Square, which already held the values, was never written: not by the change, not by Shopify's echo.
    expect(since(mark, 'square')).toEqual([]);
    const after = await squareItem(itemId);
    expect(after.version).toBe(staffVersion);
    expect(after.itemData?.abbreviation).toBe('TRL');
    // The products/update of our Shopify write reached Switchyard and converged to nothing.
    const productRun = await slice.env.client.workflow.getHandle(`product:catalog:${gid}`).query<{ syncs: number; lastOutcome: string }>('status');
    expect(productRun.syncs).toBeGreaterThanOrEqual(1);
    expect(productRun.lastOutcome).toBe('unchanged');
  });

  it('given a Shopify edit of a field the POS owns, when it syncs, then the POS value wins: Square keeps it and Shopify is set back to it', async () => {
    const gid = gids[2]!;
    const { itemId } = await linkOf(gid);
    const shop = await shopifyProduct(gid);
    const target = shop.variants.nodes[0]!;
    const squarePrice = variationsOf(await squareItem(itemId)).find((v) => v.itemVariationData?.sku === target.sku)!.itemVariationData!.priceMoney!.amount!;
    const mark = slice.writes.length;
    await slice.adminGraphql('mutation($pid: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $pid, variants: $v) { userErrors { message } } }', {
      pid: gid,
      v: [{ id: target.id, price: '999.00' }],
    });
    await eventually(async () => (await shopifyProduct(gid)).variants.nodes.find((v) => v.id === target.id)?.price === target.price, 15_000, 'the POS price restored in Shopify');
    await slice.settle();
    expect(variationsOf(await squareItem(itemId)).find((v) => v.itemVariationData?.sku === target.sku)?.itemVariationData?.priceMoney?.amount).toBe(squarePrice);
    expect(names(since(mark))).toEqual(['shopify productVariantsBulkUpdate']);
  });

  it('given POS staff rename an item whose title Shopify owns, when catalog.version.updated arrives, then Square gets the canonical title back, once', async () => {
    const gid = gids[3]!;
    const { itemId } = await linkOf(gid);
    const title = (await shopifyProduct(gid)).title;
    const mark = slice.writes.length;
    slice.square.dashboard.updateItem(itemId, { name: 'Renamed at the till' });
    await eventually(async () => (await squareItem(itemId)).itemData?.name === title, 15_000, 'the Shopify title back in Square');
    await slice.settle();
    expect(names(since(mark))).toEqual(['square POST /v2/catalog/batch-upsert']);
    expect((await shopifyProduct(gid)).title).toBe(title);
  });

  it('given status changes in Shopify, when they sync, then Square archives drafts and archived products and restores active ones', async () => {
    const gid = gids[4]!;
    const { itemId, canonicalId } = await linkOf(gid);
    const setStatus = (status: string) => slice.adminGraphql('mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }', { p: { id: gid, status } });
    for (const [status, archived] of [['DRAFT', true], ['ACTIVE', false], ['ARCHIVED', true]] as const) {
      await setStatus(status);
      await eventually(async () => (await canonical(canonicalId)).status === status.toLowerCase() && (await squareItem(itemId)).itemData?.isArchived === archived, 15_000, `${status} in Square`);
    }
    await slice.settle();
    // Square reads `archived` back for an archived product: nothing to write in either direction.
    const mark = slice.writes.length;
    slice.square.dashboard.updateItem(itemId, { abbreviation: 'ARC' });
    await eventually(async () => (await canonical(canonicalId)).shortName === 'ARC', 15_000, 'the short name in the canonical record');
    await slice.settle();
    expect(since(mark)).toEqual([]);
    expect((await canonical(canonicalId)).status).toBe('archived');
  });

  it('given a POS variation without a fixed price while the POS owns price, when it syncs, then the product is quarantined under the POS with the reason and nothing is written', async () => {
    const gid = gids[5]!;
    const { itemId } = await linkOf(gid);
    const item = await squareItem(itemId);
    const variation = variationsOf(item)[0]!;
    const mark = slice.writes.length;
    const { priceMoney: _dropped, ...rest } = variation.itemVariationData!;
    // The POS app (another Square client) turns the variation to variable pricing.
    await slice.squareSdk.catalog.object.upsert(
      { idempotencyKey: `variable-${variation.id}`, object: { ...variation, itemVariationData: { ...rest, pricingType: 'VARIABLE_PRICING' } } },
      asMerchant,
    );
    const entry = await eventually(async () => (await slice.store.listQuarantine({ flowId: 'catalog' })).find((q) => q.externalId === itemId), 15_000, 'the quarantine entry');
    await slice.settle();
    expect(entry.connector).toBe('pos');
    expect(entry.reason).toMatch(/^pos owns price: variation \S+ \(.+\) has no fixed price in Square \(pricing VARIABLE_PRICING\)$/);
    expect(since(mark)).toEqual([]);

    // Staff fix the price: the product syncs again (Shopify takes the POS price) and the entry is resolved.
    const now = variationsOf(await squareItem(itemId)).find((v) => v.id === variation.id)!;
    await slice.squareSdk.catalog.object.upsert(
      { idempotencyKey: `fixed-${variation.id}`, object: { ...now, itemVariationData: { ...now.itemVariationData, pricingType: 'FIXED_PRICING', priceMoney: { amount: 1500n, currency: 'USD' } } } },
      asMerchant,
    );
    const sku = variation.itemVariationData?.sku ?? null;
    await eventually(async () => (await shopifyProduct(gid)).variants.nodes.find((v) => v.sku === sku)?.price === '15.00', 15_000, 'the fixed POS price in Shopify');
    await slice.settle();
    expect((await slice.store.listQuarantine({ flowId: 'catalog' })).filter((q) => q.externalId === itemId)).toEqual([]);
    expect(names(since(mark))).toEqual(['shopify productVariantsBulkUpdate']);
  });

  it('given a product deleted in Shopify, when the webhook arrives, then its item leaves Square and the deletion’s own announcement changes nothing', async () => {
    const gid = gids[6]!;
    const { itemId } = await linkOf(gid);
    const mark = slice.writes.length;
    await slice.adminGraphql('mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }', { id: gid });
    await eventually(async () => !(await slice.squareSdk.catalog.object.get({ objectId: itemId }).then(() => true, () => false)), 15_000, 'the item gone from Square');
    await slice.settle();
    expect(names(since(mark)).filter((w) => w !== 'square POST /v2/catalog/batch-delete')).toEqual([]);
    expect(await slice.squareItems()).toHaveLength(PRODUCTS - 1);
    expect(slice.shopify.server.violations).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
    if (process.env.RECORD_HISTORIES) await recordHistory(catalogChangesWorkflowId('catalog', 'pos'), 'catalogChanges');
  });
});

/** Commits the finished run's history for tests/replay (RECORD_HISTORIES=1). */
async function recordHistory(workflowId: string, type: string): Promise<void> {
  const handle = slice.env.client.workflow.getHandle(workflowId);
  await handle.result();
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'replay', 'histories', `${type}.json`);
  writeFileSync(file, historyToJSON(await handle.fetchHistory()));
}
