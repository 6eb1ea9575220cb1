import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureReconcileSchedules } from '../../engine/schedules';
import type { InventoryReport } from '../../workflows';
import type { Slice } from './slice-harness';
import { MAIN_SHOPIFY, MAIN_SQUARE, readUntil, startStockSlice, stockHelpers, type Pair } from './stock-helpers';

/**
 * Stock between Shopify and the Square POS on the real parts: sandboxes over
 * HTTP, the Temporal dev server, a SQLite store, webhooks through the
 * ingress. Sales are made the way a shop makes them (a Shopify checkout, a
 * sale rung up at the Square counter) and every assertion reads what each
 * vendor now shows.
 */

const TASK_QUEUE = 'inventory-slice';

let slice: Slice;

const stock = stockHelpers(() => slice, { shopifyLocation: MAIN_SHOPIFY, squareLocation: MAIN_SQUARE, flowId: 'stock' });
const { shopifyAvailable, squareInStock, setShopify, shopifyCheckout, squareCounterSale, levels, entityStatus } = stock;

const pairs: Pair[] = [];

describe('inventory between Shopify and the Square POS', () => {
  beforeAll(async () => {
    slice = await startStockSlice({ products: 4, taskQueue: TASK_QUEUE, flowLines: ['reconcile: "0 3 * * *"'] });
    pairs.push(...(await stock.pairs()));
  }, 180_000);

  afterAll(async () => {
    await slice?.close();
  });

  it('given a synced catalog, when the first inventory pass runs, then every Square variation holds the Shopify stock of the mapped location', async () => {
    const before = await Promise.all(pairs.map((p) => shopifyAvailable(p.shopifyVariant)));
    expect(before.some((q) => q > 0)).toBe(true);
    const report = await slice.env.client.workflow.execute('inventoryReconcile', { taskQueue: TASK_QUEUE, workflowId: 'reconcile:stock:first', args: [{ flowId: 'stock' }] }) as InventoryReport;
    expect(report.keys).toBe(pairs.length);
    expect(report.initialised).toBe(pairs.length);
    for (const [i, p] of pairs.entries()) {
      expect(await squareInStock(p.squareVariation)).toBe(before[i]);
      expect(await shopifyAvailable(p.shopifyVariant)).toBe(before[i]);
    }
    // A second pass finds nothing to do.
    const again = await slice.env.client.workflow.execute('inventoryReconcile', { taskQueue: TASK_QUEUE, workflowId: 'reconcile:stock:second', args: [{ flowId: 'stock' }] }) as InventoryReport;
    expect(again).toMatchObject({ keys: pairs.length, inSync: pairs.length, initialised: 0, drifted: 0, writes: 0 });
  }, 120_000);

  it('given stock in both channels, when the Square counter sells 2, then Shopify shows 2 fewer within seconds, and the echo moves nothing', async () => {
    const p = pairs.find((x) => x !== pairs[2])!;
    await setShopify(p, 7);
    await readUntil(() => squareInStock(p.squareVariation), (q) => q === 7);
    await squareCounterSale(p, 2);
    const after = await readUntil(() => levels(p), (l) => l.shopify === 5);
    expect(after).toEqual({ shopify: 5, square: 5 });
    // Our write to Shopify comes back as inventory_levels/update: it must not move stock again.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await levels(p)).toEqual({ shopify: 5, square: 5 });
    const status = await entityStatus(p);
    expect(status.canonical).toBe(5);
    expect(status.oversold).toBe(false);
  }, 60_000);

  it('given stock in both channels, when a Shopify checkout sells 1, then the Square count drops by 1', async () => {
    const p = pairs[1]!;
    await setShopify(p, 4);
    await readUntil(() => squareInStock(p.squareVariation), (q) => q === 4);
    await shopifyCheckout(p, 1);
    const after = await readUntil(() => levels(p), (l) => l.square === 3);
    expect(after).toEqual({ shopify: 3, square: 3 });
  }, 60_000);

  it('given the last unit, when both channels sell it at once, then stock never ends negative anywhere, the oversell is recorded with the later seller, and restocking emits back-in-stock', async () => {
    const p = pairs[2]!;
    await setShopify(p, 1);
    await readUntil(() => squareInStock(p.squareVariation), (q) => q === 1);
    await Promise.all([shopifyCheckout(p, 1), squareCounterSale(p, 1)]);
    const oversell = await readUntil(
      async () => (await slice.store.listEvents({ type: 'oversell' })).filter((e) => e.canonicalId === p.canonical),
      (list) => list.length > 0,
    );
    expect(oversell).toHaveLength(1);
    const data = JSON.parse(oversell[0]!.data) as { before: number; after: number; laterSeller: string; action: string };
    expect(data.after).toBe(-1);
    expect(['shop', 'pos']).toContain(data.laterSeller);
    expect(data.action).toBe('zero-channels');
    // Policy zero-channels: every channel shows 0, none is left negative.
    const settled = await readUntil(() => levels(p), (l) => l.shopify === 0 && l.square === 0);
    expect(settled).toEqual({ shopify: 0, square: 0 });
    const status = await entityStatus(p);
    expect(status.canonical).toBe(-1);
    expect(status.oversold).toBe(true);

    // Restock 5 in Shopify: one unit is owed to the oversold order, 4 are sellable everywhere.
    await setShopify(p, 5);
    const restocked = await readUntil(() => levels(p), (l) => l.square === 4 && l.shopify === 4);
    expect(restocked).toEqual({ shopify: 4, square: 4 });
    const back = (await slice.store.listEvents({ type: 'back_in_stock' })).filter((e) => e.canonicalId === p.canonical);
    expect(back).toHaveLength(1);
    expect(JSON.parse(back[0]!.data)).toMatchObject({ before: -1, after: 4, sellable: 4 });
  }, 90_000);

  it('given a Square stock count whose webhook never arrived, when the flow\'s Temporal Schedule fires, then the drift is found, counted as a change and Shopify shows it', async () => {
    const first = await ensureReconcileSchedules(slice.env.client, slice.loaded.config.flows, TASK_QUEUE);
    expect(first.created).toEqual(['reconcile:stock']);
    const again = await ensureReconcileSchedules(slice.env.client, slice.loaded.config.flows, TASK_QUEUE);
    expect(again).toEqual({ created: [], updated: [], deleted: [] });

    const p = pairs[3]!;
    await setShopify(p, 9);
    await readUntil(() => squareInStock(p.squareVariation), (q) => q === 9);
    // Stop Square's notifications to us, then a staff member writes off 3 units in the Square dashboard.
    for await (const sub of await slice.squareSdk.webhooks.subscriptions.list()) {
      if (sub.id) await slice.squareSdk.webhooks.subscriptions.delete({ subscriptionId: sub.id });
    }
    const res = await fetch(`${slice.squareUrl}/_sandbox/dashboard/inventory`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variationId: p.squareVariation, locationId: MAIN_SQUARE, delta: -3 }) });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await levels(p)).toEqual({ shopify: 9, square: 6 });

    await slice.env.client.schedule.getHandle('reconcile:stock').trigger();
    const synced = await readUntil(() => levels(p), (l) => l.shopify === 6);
    expect(synced).toEqual({ shopify: 6, square: 6 });
    // Scheduled runs are named after the schedule plus the firing time; visibility catches up shortly after the run ends.
    const report = await readUntil(async () => {
      for await (const wf of slice.env.client.workflow.list({ query: 'WorkflowId STARTS_WITH "reconcile:stock-" AND ExecutionStatus = "Completed"' })) {
        return (await slice.env.client.workflow.getHandle(wf.workflowId, wf.runId).result()) as InventoryReport;
      }
      return null;
    }, (r) => r !== null);
    expect(report, JSON.stringify(report)).toMatchObject({ keys: pairs.length, drifted: 1, initialised: 0, done: true });
    expect((await entityStatus(p)).canonical).toBe(6);
  }, 90_000);

  it('given a product created in Shopify after the first pass, when its stock changes, then the unknown inventory item is resolved, linked and its level reaches Square', async () => {
    const created = await fetch(`${slice.shopifyUrl}/_sandbox/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Late Arrival Tee', options: [{ name: 'Size', values: ['One size'] }], variants: [{ options: ['One size'], sku: 'LATE-1', price: '19.00', inventoryQuantity: 5 }] }),
    });
    expect(created.status).toBe(201);
    const found = await readUntil(
      async () => (await slice.squareSdk.catalog.search({ objectTypes: ['ITEM_VARIATION'], query: { exactQuery: { attributeName: 'sku', attributeValue: 'LATE-1' } } })).objects ?? [],
      (objs) => objs.length > 0,
    );
    const variationId = found[0]!.id!;
    const data = await slice.adminGraphql<{ products: { nodes: { title: string; variants: { nodes: { id: string; inventoryItem: { id: string } }[] } }[] } }>(
      `{ products(first: 50) { nodes { title variants(first: 5) { nodes { id inventoryItem { id } } } } } }`,
    );
    const v = data.products.nodes.find((n) => n.title === 'Late Arrival Tee')!.variants.nodes[0]!;
    const canonical = (await slice.store.findByExternal('shop', 'ProductVariant', [v.id])).get(v.id)!.canonicalId;
    const late: Pair = { canonical, shopifyVariant: v.id, inventoryItem: v.inventoryItem.id, squareVariation: variationId };
    // The merchant subscribes Square's notifications again (the previous test cut them off).
    await slice.squareSdk.webhooks.subscriptions.create({
      idempotencyKey: randomUUID(),
      subscription: { name: 'Switchyard again', eventTypes: ['inventory.count.updated'], notificationUrl: `${slice.ingressUrl}/webhooks/pos`, apiVersion: '2025-10-16' },
    });

    await setShopify(late, 8);
    const synced = await readUntil(() => levels(late), (l) => l.square === 8);
    expect(synced).toEqual({ shopify: 8, square: 8 });
    expect((await slice.store.findByExternal('shop', 'InventoryItem', [v.inventoryItem.id])).get(v.inventoryItem.id)?.canonicalId).toBe(canonical);
    await squareCounterSale(late, 3);
    expect(await readUntil(() => levels(late), (l) => l.shopify === 5)).toEqual({ shopify: 5, square: 5 });
    if (process.env.RECORD_HISTORIES) {
      await recordHistory(`inventory:stock:${canonical}:main`, 'inventorySync');
      await recordHistory('reconcile:stock:first', 'inventoryReconcile');
      for await (const wf of slice.env.client.workflow.list({ query: 'WorkflowType = "inventoryIntake" AND ExecutionStatus = "Completed"' })) {
        await recordHistory(wf.workflowId, 'inventoryIntake');
        break;
      }
    }
  }, 90_000);
});

/** Commits a finished run's history for tests/replay (RECORD_HISTORIES=1). */
async function recordHistory(workflowId: string, type: string): Promise<void> {
  const handle = slice.env.client.workflow.getHandle(workflowId);
  await handle.result().catch(() => undefined);
  const history = await handle.fetchHistory();
  writeFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'replay', 'histories', `${type}.json`), historyToJSON(history));
}
