import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Square } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import { shopifyImageFetcher } from '../../connectors/shopify';
import { lastReconcileReport, runReconcile } from '../../cli/reconcile';
import type { Runtime } from '../../engine/runtime';
import { backfillWorkflowId } from '../../engine/router';
import { ensureReconcileSchedules, reconcileScheduleId } from '../../engine/schedules';
import type { BackfillProgress } from '../../workflows/catalog-backfill';
import type { CatalogReport } from '../../workflows/catalog-reconcile';
import { asMerchant, eventually, startSlice, type Slice, type VendorWrite } from './slice-harness';

/**
 * Scheduled catalog reconciliation on the real parts (Temporal dev server and
 * Schedules, SQLite, both sandboxes over HTTP). Drift is made the way it
 * happens: webhooks stop reaching Switchyard, then POS staff delete and edit
 * items in Square and the merchant edits and deletes products in Shopify.
 * Assertions read what each vendor holds afterwards (through its own API),
 * the report, and the log of writes each vendor answered.
 */
const PRODUCTS = 12;
const TASK_QUEUE = 'catalog-reconcile';
let slice: Slice;

beforeAll(async () => {
  // The POS owns the short name and the price: reconciliation must keep them as Square holds them.
  slice = await startSlice({ products: PRODUCTS, pageSize: 5, taskQueue: TASK_QUEUE, fields: '{ shortName: pos, price: pos }', squareCatalogWebhooks: true });
  const progress = (await slice.env.client.workflow.execute('catalogBackfill', { workflowId: backfillWorkflowId('catalog'), taskQueue: TASK_QUEUE, args: [{ flowId: 'catalog' }] })) as BackfillProgress;
  expect(progress).toMatchObject({ records: PRODUCTS, quarantined: 0, done: true });
  await slice.settle();
}, 180_000);
afterAll(async () => {
  await slice?.close();
});

interface ShopifyState {
  id: string;
  title: string;
  options: { name: string }[];
  variants: { nodes: { id: string; sku: string | null; price: string }[] };
}

async function shopifyProduct(id: string): Promise<ShopifyState | null> {
  const q = 'query($id: ID!) { product(id: $id) { id title options { name } variants(first: 50) { nodes { id sku price } } } }';
  return (await slice.adminGraphql<{ product: ShopifyState | null }>(q, { id })).product;
}

async function productIds(): Promise<string[]> {
  const page = await slice.adminGraphql<{ products: { nodes: { id: string }[] } }>('{ products(first: 50, sortKey: ID) { nodes { id } } }');
  return page.products.nodes.map((n) => n.id);
}

async function linkOf(gid: string): Promise<{ canonicalId: string; itemId: string | null }> {
  const link = (await slice.store.findByExternal('shop', 'Product', [gid])).get(gid);
  if (!link) throw new Error(`${gid} is not linked`);
  const item = (await slice.store.findByCanonical('pos', [link.canonicalId])).find((l) => l.externalType === 'ITEM');
  return { canonicalId: link.canonicalId, itemId: item?.externalId ?? null };
}

async function squareItem(itemId: string): Promise<Square.CatalogObject.Item | null> {
  const got = await slice.squareSdk.catalog.batchGet({ objectIds: [itemId] });
  const o = got.objects?.[0];
  return o?.type === 'ITEM' && !o.isDeleted ? o : null;
}

function variationsOf(item: Square.CatalogObject.Item): Square.CatalogObject.ItemVariation[] {
  return (item.itemData?.variations ?? []).filter((v): v is Square.CatalogObject.ItemVariation => v.type === 'ITEM_VARIATION');
}

async function squareOptionCount(): Promise<number> {
  let n = 0;
  for await (const _o of await slice.squareSdk.catalog.list({ types: 'ITEM_OPTION' })) n++;
  return n;
}

/** A product's image URLs on Shopify's CDN, in order. */
async function shopifyImages(id: string): Promise<string[]> {
  const q = 'query($id: ID!) { product(id: $id) { media(first: 10) { nodes { ... on MediaImage { image { url } } } } } }';
  const got = await slice.adminGraphql<{ product: { media: { nodes: { image?: { url: string } | null }[] } } | null }>(q, { id });
  return (got.product?.media.nodes ?? []).flatMap((m) => (m.image ? [m.image.url] : []));
}

/** The file Square serves for one of its IMAGE objects. */
async function squareImageBytes(imageId: string): Promise<Buffer> {
  const got = await slice.squareSdk.catalog.object.get({ objectId: imageId });
  const url = got.object?.type === 'IMAGE' ? got.object.imageData?.url : undefined;
  if (!url) throw new Error(`no IMAGE ${imageId}`);
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

async function itemVersions(): Promise<Map<string, string>> {
  return new Map((await slice.squareItems()).map((i) => [i.id ?? '', String(i.version)]));
}

async function canonical(canonicalId: string): Promise<{ product: Product; deleted: boolean }> {
  const record = (await slice.store.getRecords('product', [canonicalId])).get(canonicalId);
  if (!record) throw new Error(`no canonical record ${canonicalId}`);
  return { product: JSON.parse(record.data) as Product, deleted: record.deleted };
}

const since = (mark: number, vendor?: VendorWrite['vendor']) => slice.writes.slice(mark).filter((w) => !vendor || w.vendor === vendor);

describe('scheduled catalog reconciliation', () => {
  it('given a synced catalog, when reconciliation runs (continuing as new mid-way), then every product is in sync and nothing is written or deleted', async () => {
    const mark = slice.writes.length;
    const handle = await slice.env.client.workflow.start('catalogReconcile', {
      workflowId: 'reconcile:catalog:baseline',
      taskQueue: TASK_QUEUE,
      // A tiny history budget: the run continues as new in both passes and must keep its marker.
      args: [{ flowId: 'catalog', maxHistoryEvents: 12 }],
    });
    const report = (await handle.result()) as CatalogReport;
    expect(report).toEqual({ flowId: 'catalog', pages: 3, products: PRODUCTS, inSync: PRODUCTS, sourceDrift: 0, destinationDrift: 0, repaired: 0, deleted: 0, quarantined: 0, writes: 0, done: true });
    expect((await slice.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
    expect(since(mark)).toEqual([]);
    expect(await slice.squareItems()).toHaveLength(PRODUCTS);
    // Every product carries the run's marker — the first run's id, kept across continue-as-new — so the orphan pass found none unseen.
    const ids = await Promise.all((await productIds()).map(async (gid) => (await linkOf(gid)).canonicalId));
    expect(new Set((await slice.store.getHashes('reconcile:catalog', 'product', ids)).values())).toEqual(new Set([handle.firstExecutionRunId]));
  });

  let gids: string[] = [];
  let report: CatalogReport;
  const drift = { deletedInSquare: '', renamedInSquare: '', editedInShopify: '', deletedInShopify: '', variationGone: '', repricedInShopify: '' };

  it('given drift made behind Switchyard’s back with webhooks lost, when the flow’s Temporal Schedule fires, then every system holds the canonical catalog again and the report counts each drift', async () => {
    gids = await productIds();
    // Webhooks stop reaching Switchyard: the merchant's app subscriptions are gone in both vendors.
    const shopSubs = await slice.adminGraphql<{ webhookSubscriptions: { nodes: { id: string }[] } }>('{ webhookSubscriptions(first: 50) { nodes { id } } }');
    for (const sub of shopSubs.webhookSubscriptions.nodes) {
      await slice.adminGraphql('mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } } }', { id: sub.id });
    }
    for await (const sub of await slice.squareSdk.webhooks.subscriptions.list()) {
      if (sub.id) await slice.squareSdk.webhooks.subscriptions.delete({ subscriptionId: sub.id });
    }

    const [a, b, c, d] = gids;
    Object.assign(drift, { deletedInSquare: a!, renamedInSquare: b!, editedInShopify: c!, deletedInShopify: d! });
    for (const gid of gids.slice(4)) {
      if (((await shopifyProduct(gid))?.variants.nodes.length ?? 0) >= 2) {
        drift.variationGone = gid;
        break;
      }
    }
    expect(drift.variationGone).not.toBe('');
    drift.repricedInShopify = gids.slice(4).find((g) => g !== drift.variationGone)!;
    const optionsBefore = await squareOptionCount();
    const dItem = (await squareItem((await linkOf(d!)).itemId!))!;
    const dOptions = dItem.itemData?.itemOptions?.length ?? 0;
    const bTitle = (await shopifyProduct(b!))!.title;

    // POS staff delete one item, rename another (and give it a short label, which the POS owns), and delete a variation.
    const aItem = (await linkOf(a!)).itemId!;
    await slice.squareSdk.catalog.object.delete({ objectId: aItem }, asMerchant);
    const bItem = (await linkOf(b!)).itemId!;
    const renamed = await fetch(`${slice.squareUrl}/_sandbox/dashboard/items/${bItem}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Renamed at the till', abbreviation: 'BTL' }) });
    expect(renamed.status).toBe(200);
    const eItem = (await linkOf(drift.variationGone)).itemId!;
    const eVariation = variationsOf((await squareItem(eItem))!)[0]!;
    await slice.squareSdk.catalog.object.delete({ objectId: eVariation.id }, asMerchant);
    // The merchant renames one product and deletes another in the Shopify admin.
    await slice.adminGraphql('mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }', { p: { id: c, title: 'Renamed in Shopify, webhook lost' } });
    await slice.adminGraphql('mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }', { id: d });
    // ... and reprices a variant there, though the POS owns prices.
    const f = (await shopifyProduct(drift.repricedInShopify))!;
    const fVariant = f.variants.nodes[0]!;
    await slice.adminGraphql('mutation($pid: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $pid, variants: $v) { userErrors { message } } }', { pid: f.id, v: [{ id: fVariant.id, price: '999.00' }] });
    const fItem = (await squareItem((await linkOf(f.id)).itemId!))!;
    await new Promise((r) => setTimeout(r, 1_000));
    await slice.settle();
    // Nothing reached Switchyard: every system still disagrees with the canonical catalog.
    expect(await squareItem(aItem)).toBeNull();
    expect((await squareItem(bItem))?.itemData?.name).toBe('Renamed at the till');
    expect((await squareItem((await linkOf(c!)).itemId!))?.itemData?.name).not.toBe('Renamed in Shopify, webhook lost');
    expect(await squareItem(dItem.id)).not.toBeNull();

    const flows = slice.loaded.config.flows.map((f) => (f.id === 'catalog' ? { ...f, reconcile: '0 3 * * *' } : f));
    const schedules = await ensureReconcileSchedules(slice.env.client, flows, TASK_QUEUE);
    expect(schedules.created).toEqual([reconcileScheduleId('catalog')]);
    const mark = slice.writes.length;
    await slice.env.client.schedule.getHandle(reconcileScheduleId('catalog')).trigger();
    // Scheduled runs are named after the schedule plus the firing time.
    const run = await eventually(async () => {
      for await (const wf of slice.env.client.workflow.list({ query: 'WorkflowId STARTS_WITH "reconcile:catalog-"' })) return wf;
      return null;
    }, 15_000, 'the scheduled run');
    expect(run.type).toBe('catalogReconcile');
    const handle = slice.env.client.workflow.getHandle(run.workflowId, run.runId);
    report = (await handle.result()) as CatalogReport;
    await slice.settle();

    expect(report).toEqual({
      flowId: 'catalog',
      pages: 3,
      products: PRODUCTS - 1,
      // c renamed in Shopify; f repriced in Shopify (the POS owns prices); b's short label changed at its owner, the POS.
      sourceDrift: 3,
      // a deleted, b renamed, e missing a variation.
      destinationDrift: 3,
      repaired: 5,
      // Square: a, b, c, e written, d deleted; Shopify: f's price set back.
      writes: 6,
      deleted: 1,
      inSync: PRODUCTS - 1 - 5,
      quarantined: 0,
      done: true,
    });
    // The report is also the run's query, its Web UI details and its memo.
    expect(await handle.query<CatalogReport>('report')).toEqual(report);
    const memo = (await handle.describe()).memo as { summary?: string } | undefined;
    expect(memo?.summary).toContain('3 drifted in a destination');
    expect(memo?.summary).toContain('1 deleted');
    // Temporal's built-in metadata query is what the Web UI shows as the run's current details.
    expect((await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails).toBe(memo?.summary);

    // Square: the deleted item is back (a new object), with every variant and the Shopify title.
    const aNow = await linkOf(a!);
    expect(aNow.itemId).not.toBe(aItem);
    const aShop = (await shopifyProduct(a!))!;
    const aSquare = (await squareItem(aNow.itemId!))!;
    expect(aSquare.itemData?.name).toBe(aShop.title);
    expect(variationsOf(aSquare).map((v) => v.itemVariationData?.sku).sort()).toEqual(aShop.variants.nodes.map((v) => v.sku).sort());
    // The renamed item has its Shopify title back and keeps the label the POS owns; the canonical record took the label.
    const bSquare = (await squareItem(bItem))!;
    expect(bSquare.itemData?.name).toBe(bTitle);
    expect(bSquare.itemData?.abbreviation).toBe('BTL');
    expect((await canonical((await linkOf(b!)).canonicalId)).product.shortName).toBe('BTL');
    // The Shopify rename reached Square; the Shopify deletion removed the item.
    expect((await squareItem((await linkOf(c!)).itemId!))?.itemData?.name).toBe('Renamed in Shopify, webhook lost');
    expect(await squareItem(dItem.id)).toBeNull();
    const dRecord = await canonical((await slice.store.findByExternal('shop', 'Product', [d!])).get(d!)!.canonicalId);
    expect(dRecord.deleted).toBe(true);
    // The variation deleted at the till is there again, priced as in Shopify.
    const eShop = (await shopifyProduct(drift.variationGone))!;
    const eSquare = variationsOf((await squareItem(eItem))!);
    expect(eSquare.map((v) => v.itemVariationData?.sku).sort()).toEqual(eShop.variants.nodes.map((v) => v.sku).sort());
    for (const v of eShop.variants.nodes) {
      expect(eSquare.find((x) => x.itemVariationData?.sku === v.sku)?.itemVariationData?.priceMoney?.amount).toBe(BigInt(Math.round(Number(v.price) * 100)));
    }
    expect(await slice.squareItems()).toHaveLength(PRODUCTS - 1);
    // No leftovers: the deleted item's options were recreated with it, the Shopify-deleted product's removed.
    expect(await squareOptionCount()).toBe(optionsBefore - dOptions);
    // Shopify got the POS price back; Square's price was never touched.
    expect((await shopifyProduct(f.id))!.variants.nodes.find((v) => v.id === fVariant.id)?.price).toBe(fVariant.price);
    expect((await squareItem(fItem.id))?.version).toBe(fItem.version);
    expect(since(mark, 'shopify').map((w) => w.operation)).toEqual(['productVariantsBulkUpdate']);
    // The recreated item's pictures were uploaded again: one file per Shopify image, none left over from the deleted items.
    expect(aSquare.itemData?.imageIds ?? []).toHaveLength((await shopifyImages(a!)).length);
    let pictures = 0;
    for (const gid of gids.filter((g) => g !== d)) pictures += (await shopifyImages(gid)).length;
    expect(slice.square.objects('IMAGE')).toHaveLength(pictures);
    expect(new Set(since(mark, 'square').map((w) => w.operation))).toEqual(new Set(['POST /v2/catalog/batch-upsert', 'POST /v2/catalog/batch-delete', 'POST /v2/catalog/images']));
    expect(await slice.store.countQuarantine({ flowId: 'catalog' })).toBe(0);
    expect(slice.shopify.server.violations).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
    if (process.env.RECORD_HISTORIES) await recordHistory(run.workflowId, run.runId, 'catalogReconcile');
  });

  it('given a reconciled catalog, when `switchyard reconcile catalog` runs it again, then it reports everything in sync and writes nothing', async () => {
    const before = await itemVersions();
    const mark = slice.writes.length;
    // What the CLI gets from createRuntime, for the parts `reconcile` and `status` use.
    const flows = new Map(slice.loaded.config.flows.map((f) => [f.id, f.id === 'catalog' ? { ...f, reconcile: '0 3 * * *' } : f]));
    const rt = { flows, client: slice.env.client, taskQueue: TASK_QUEUE, namespace: 'default' } satisfies Partial<Runtime> as unknown as Runtime;
    let printed = '';
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        printed += chunk.toString();
        done();
      },
    });
    const again = (await runReconcile(rt, 'catalog', { wait: true, uiUrl: null, out })) as unknown as CatalogReport;
    expect(again).toMatchObject({ products: PRODUCTS - 1, inSync: PRODUCTS - 1, sourceDrift: 0, destinationDrift: 0, repaired: 0, deleted: 0, quarantined: 0, writes: 0, done: true });
    // Run through the flow's schedule (a scheduled run's id), printed as the CLI prints it, and what `status` shows next.
    expect(printed).toMatch(/^reconcile catalog: workflow reconcile:catalog-\S+\n/);
    expect(printed).toContain('pages 3 · products 11 · inSync 11 · sourceDrift 0 · destinationDrift 0 · repaired 0 · deleted 0 · quarantined 0 · writes 0 · done true');
    const latest = await eventually(async () => {
      const last = await lastReconcileReport(rt, 'catalog');
      return last?.status === 'COMPLETED' && (last.report as unknown as CatalogReport).inSync === PRODUCTS - 1 ? last : null;
    }, 15_000, 'the run in status');
    expect(latest.report).toEqual(again);
    expect(since(mark)).toEqual([]);
    expect(await itemVersions()).toEqual(before);
  });

  it('given a scheduled reconciliation in progress, when a first pass asks for a fresh run, then it waits for that run to end and starts its own (a plain `reconcile` joins the run in progress)', async () => {
    const flows = new Map(slice.loaded.config.flows.map((f) => [f.id, f.id === 'catalog' ? { ...f, reconcile: '0 3 * * *' } : f]));
    const rt = { flows, client: slice.env.client, taskQueue: TASK_QUEUE, namespace: 'default' } satisfies Partial<Runtime> as unknown as Runtime;
    const printedBy = () => {
      let text = '';
      const out = new Writable({
        write(chunk: Buffer, _enc, done) {
          text += chunk.toString();
          done();
        },
      });
      // The printed Web UI link ends in the run id (uiUrl set).
      return { out, id: () => /workflow (\S+)/.exec(text)?.[1] ?? '', runId: () => /\/([^/\s]+)\/history/.exec(text)?.[1] ?? '' };
    };
    const first = printedBy();
    const ui = 'http://ui.test';
    // Shopify answering slowly keeps the first run in progress while the others ask.
    slice.shopify.server.setFaults({ latencyMs: 1_000 });
    await runReconcile(rt, 'catalog', { wait: false, uiUrl: ui, out: first.out });
    // Once the cluster lists it as running, a plain `reconcile` joins it.
    await eventually(async () => {
      for await (const wf of slice.env.client.workflow.list({ query: 'WorkflowId STARTS_WITH "reconcile:catalog" AND ExecutionStatus = "Running"' })) if (wf.runId === first.runId()) return true;
      return null;
    }, 10_000, 'the first run listed as running');
    const joiner = printedBy();
    await runReconcile(rt, 'catalog', { wait: false, uiUrl: ui, out: joiner.out });
    expect(joiner.runId()).toBe(first.runId());
    slice.shopify.server.setFaults({});
    const fresh = printedBy();
    const report = (await runReconcile(rt, 'catalog', { wait: true, uiUrl: ui, out: fresh.out, fresh: true })) as unknown as CatalogReport;
    expect(first.runId()).not.toBe('');
    expect(fresh.runId()).not.toBe(first.runId());
    const earlier = await slice.env.client.workflow.getHandle(first.id(), first.runId()).describe();
    const later = await slice.env.client.workflow.getHandle(fresh.id(), fresh.runId()).describe();
    expect(earlier.closeTime).toBeDefined();
    expect(later.startTime.getTime()).toBeGreaterThanOrEqual(earlier.closeTime!.getTime());
    expect(report).toMatchObject({ inSync: PRODUCTS - 1, writes: 0, done: true });
  });

  it('given a picture deleted at the till, when reconciliation runs, then Square gets the file again in its place and nothing else is written', async () => {
    // A product with pictures, not the last one (the next test deletes that).
    let target: { gid: string; itemId: string; shown: string[]; urls: string[] } | null = null;
    for (const gid of gids.slice(0, -1)) {
      const { itemId } = await linkOf(gid);
      const item = itemId ? await squareItem(itemId) : null;
      const shown = item?.itemData?.imageIds ?? [];
      if (itemId && shown.length) {
        target = { gid, itemId, shown, urls: await shopifyImages(gid) };
        break;
      }
    }
    if (!target) throw new Error('no synced product with pictures');
    expect(target.shown).toHaveLength(target.urls.length);
    await slice.squareSdk.catalog.object.delete({ objectId: target.shown[0]! }, asMerchant);
    expect((await squareItem(target.itemId))?.itemData?.imageIds ?? []).toEqual(target.shown.slice(1));

    const mark = slice.writes.length;
    const report = (await slice.env.client.workflow.execute('catalogReconcile', { workflowId: 'reconcile:catalog:picture', taskQueue: TASK_QUEUE, args: [{ flowId: 'catalog' }] })) as CatalogReport;
    expect(report).toMatchObject({ sourceDrift: 0, destinationDrift: 1, repaired: 1, deleted: 0, writes: 1, quarantined: 0 });
    const shown = (await squareItem(target.itemId))?.itemData?.imageIds ?? [];
    expect(shown).toHaveLength(target.urls.length);
    expect(shown.slice(1)).toEqual(target.shown.slice(1));
    expect(shown[0]).not.toBe(target.shown[0]);
    expect(await squareImageBytes(shown[0]!)).toEqual(Buffer.from((await shopifyImageFetcher(slice.shopifyUrl)(target.urls[0]!)).bytes));
    expect(since(mark).map((w) => w.operation).sort()).toEqual(['POST /v2/catalog/batch-upsert', 'POST /v2/catalog/images']);
    expect(slice.square.server.violations).toEqual([]);
  });

  it('given a product deleted everywhere while a write racing the delete left its item in Square, when reconciliation runs, then the item is removed, and the next run skips the product', async () => {
    const gid = gids[gids.length - 1]!;
    const { canonicalId, itemId } = await linkOf(gid);
    // The delete's bookkeeping ran (webhook lost here; the canonical record is marked deleted) but Square still holds the item and its links.
    await slice.adminGraphql('mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }', { id: gid });
    const record = (await slice.store.getRecords('product', [canonicalId])).get(canonicalId)!;
    await slice.store.putRecords([{ ...record, deleted: true }]);
    const mark = slice.writes.length;
    const first = (await slice.env.client.workflow.execute('catalogReconcile', { workflowId: 'reconcile:catalog:leftover', taskQueue: TASK_QUEUE, args: [{ flowId: 'catalog' }] })) as CatalogReport;
    expect(first).toMatchObject({ products: PRODUCTS - 2, inSync: PRODUCTS - 2, sourceDrift: 0, destinationDrift: 1, repaired: 1, deleted: 0, writes: 1 });
    expect(await squareItem(itemId!)).toBeNull();
    expect(await slice.store.findByCanonical('pos', [canonicalId])).toEqual([]);
    expect(since(mark).map((w) => w.operation).every((op) => op === 'POST /v2/catalog/batch-delete')).toBe(true);
    // Checked clean: later runs pass it by.
    expect((await slice.store.getHashes('reconcile:catalog', 'product', [canonicalId])).get(canonicalId)).toBe('gone');
    const next = (await slice.env.client.workflow.execute('catalogReconcile', { workflowId: 'reconcile:catalog:leftover-again', taskQueue: TASK_QUEUE, args: [{ flowId: 'catalog' }] })) as CatalogReport;
    expect(next).toMatchObject({ inSync: PRODUCTS - 2, destinationDrift: 0, repaired: 0, deleted: 0, writes: 0 });
    expect(slice.shopify.server.violations).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
  });
});

/** Commits a finished run's history for tests/replay (RECORD_HISTORIES=1). */
async function recordHistory(workflowId: string, runId: string, type: string): Promise<void> {
  const history = await slice.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'replay', 'histories', `${type}.json`);
  writeFileSync(file, historyToJSON(history));
}
