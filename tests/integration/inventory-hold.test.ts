import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryReport } from '../../workflows';
import type { Slice } from './slice-harness';
import { MAIN_SHOPIFY, MAIN_SQUARE, readUntil, startStockSlice, stockHelpers, type Pair } from './stock-helpers';

/**
 * Oversell policy `hold-later-order` on the real parts: two channels sell the
 * last unit at once; the channels go to 0 and the online order that can no
 * longer be fulfilled is put on hold in Shopify, where the merchant sees it —
 * the newest one, never an older order that still has its unit — until the
 * stock is back.
 */

const TASK_QUEUE = 'inventory-hold';

let slice: Slice;
const stock = stockHelpers(() => slice, { shopifyLocation: MAIN_SHOPIFY, squareLocation: MAIN_SQUARE, flowId: 'stock' });
let pairs: Pair[] = [];

interface OrderView {
  name: string;
  displayFulfillmentStatus: string;
  fulfillmentOrders: { nodes: { id: string; status: string; fulfillmentHolds: { reason: string; reasonNotes: string | null; handle: string | null }[] }[] };
}

async function order(id: string): Promise<OrderView> {
  const data = await slice.adminGraphql<{ order: OrderView }>(
    `query($id: ID!) { order(id: $id) { name displayFulfillmentStatus fulfillmentOrders(first: 5) { nodes { id status fulfillmentHolds { reason reasonNotes handle } } } } }`,
    { id },
  );
  return data.order;
}

async function eventsOf(type: string, p: Pair): Promise<Record<string, unknown>[]> {
  return (await slice.store.listEvents({ type })).filter((e) => e.canonicalId === p.canonical).map((e) => JSON.parse(e.data) as Record<string, unknown>);
}

describe('oversell policy hold-later-order', () => {
  beforeAll(async () => {
    slice = await startStockSlice({ products: 3, taskQueue: TASK_QUEUE, flowLines: ['oversell: { action: hold-later-order }'] });
    pairs = await stock.pairs();
    const report = (await slice.env.client.workflow.execute('inventoryReconcile', { taskQueue: TASK_QUEUE, workflowId: 'reconcile:stock:first', args: [{ flowId: 'stock' }] })) as InventoryReport;
    expect(report.keys).toBe(pairs.length);
  }, 180_000);

  afterAll(async () => {
    await slice?.close();
  });

  it('given an earlier open order and the last unit, when both channels sell it at once, then the channels show 0 and only the newest Shopify order is on hold, out of stock', async () => {
    const p = pairs[0]!;
    await stock.setShopify(p, 2);
    await readUntil(() => stock.squareInStock(p.squareVariation), (q) => q === 2);
    // An earlier buyer: their unit is in stock, their order must keep going.
    const earlier = await stock.shopifyCheckout(p, 1);
    expect(await readUntil(() => stock.levels(p), (l) => l.square === 1)).toEqual({ shopify: 1, square: 1 });

    const [later] = await Promise.all([stock.shopifyCheckout(p, 1), stock.squareCounterSale(p, 1)]);

    const held = await readUntil(() => eventsOf('order_held', p), (list) => list.length > 0);
    expect(held).toHaveLength(1);
    const oversell = await eventsOf('oversell', p);
    expect(oversell).toHaveLength(1);
    expect(oversell[0]).toMatchObject({ after: -1, action: 'hold-later-order' });
    // Whichever sale came later, the online order is the one that can still be stopped.
    expect(held[0]).toMatchObject({ connector: 'shop', orderId: later, laterSeller: oversell[0]!.laterSeller });

    const heldOrder = await order(later);
    expect(heldOrder.displayFulfillmentStatus).toBe('ON_HOLD');
    expect(heldOrder.fulfillmentOrders.nodes[0]).toMatchObject({ status: 'ON_HOLD', fulfillmentHolds: [{ reason: 'INVENTORY_OUT_OF_STOCK' }] });
    expect(heldOrder.fulfillmentOrders.nodes[0]!.fulfillmentHolds[0]!.reasonNotes).toContain('oversold');
    const earlierOrder = await order(earlier);
    expect(earlierOrder.fulfillmentOrders.nodes[0]).toMatchObject({ status: 'OPEN', fulfillmentHolds: [] });

    expect(await readUntil(() => stock.levels(p), (l) => l.shopify === 0 && l.square === 0)).toEqual({ shopify: 0, square: 0 });
    expect((await stock.entityStatus(p)).events).toMatchObject({ oversell: 1, order_held: 1 });
  }, 90_000);

  it('given a held order, when the merchant restocks and the flow reconciles, then the hold is released, the order was held once and no other order is held', async () => {
    const p = pairs[0]!;
    const heldId = String((await eventsOf('order_held', p))[0]!.orderId);
    await stock.setShopify(p, 3);
    // One unit is owed to the held order: 2 are sellable everywhere, and the order can ship again.
    expect(await readUntil(() => stock.levels(p), (l) => l.square === 2)).toEqual({ shopify: 2, square: 2 });
    const released = await readUntil(() => order(heldId), (o) => o.fulfillmentOrders.nodes[0]!.status === 'OPEN');
    expect(released.fulfillmentOrders.nodes[0]).toMatchObject({ status: 'OPEN', fulfillmentHolds: [] });
    expect(released.displayFulfillmentStatus).toBe('UNFULFILLED');
    expect(await eventsOf('order_released', p)).toMatchObject([{ connector: 'shop', canonical: 2 }]);

    await slice.env.client.workflow.execute('inventoryReconcile', { taskQueue: TASK_QUEUE, workflowId: 'reconcile:stock:again', args: [{ flowId: 'stock' }] });
    await slice.settle();
    expect(await eventsOf('order_held', p)).toHaveLength(1);
    const open = await slice.adminGraphql<{ orders: { nodes: { fulfillmentOrders: { nodes: { status: string }[] } }[] } }>(
      `{ orders(first: 20, query: "status:open") { nodes { fulfillmentOrders(first: 5) { nodes { status } } } } }`,
    );
    expect(open.orders.nodes.flatMap((o) => o.fulfillmentOrders.nodes.map((fo) => fo.status)).filter((s) => s === 'ON_HOLD')).toEqual([]);
  }, 90_000);

  it('given the last unit sold online and then at the counter, when no open order is left to hold, then the oversell is recorded as a missed hold and stock still ends at 0', async () => {
    const p = pairs[1]!;
    await stock.setShopify(p, 1);
    await readUntil(() => stock.squareInStock(p.squareVariation), (q) => q === 1);
    // The online order sold the unit and has already shipped; then the counter sells the same unit.
    const shipped = await stock.shopifyCheckout(p, 1);
    const fo = (await order(shipped)).fulfillmentOrders.nodes[0]!;
    const f = await slice.adminGraphql<{ fulfillmentCreate: { userErrors: unknown[] } }>(
      `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { userErrors { field message } } }`,
      { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } },
    );
    expect(f.fulfillmentCreate.userErrors).toEqual([]);
    await stock.squareCounterSale(p, 1);
    const missed = await readUntil(() => eventsOf('order_hold_missed', p), (list) => list.length > 0);
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ asked: ['shop'], reason: 'no open order for the variant at this location' });
    expect(await eventsOf('order_held', p)).toHaveLength(0);
    expect(await readUntil(() => stock.levels(p), (l) => l.shopify === 0 && l.square === 0)).toEqual({ shopify: 0, square: 0 });
  }, 90_000);
});
