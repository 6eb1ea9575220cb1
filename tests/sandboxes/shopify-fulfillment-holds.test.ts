import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, subscribe, WebhookReceiver, type Harness } from './shopify-harness';

/** Fulfillment holds (fulfillmentOrderHold / fulfillmentOrderReleaseHold, Admin GraphQL 2025-01) through the official SDK. */

let h: Harness;
const hook = new WebhookReceiver();
let variantId = '';

/** The selection a connector uses to place a hold. */
const HOLD = `mutation Hold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
    fulfillmentHold { id handle reason reasonNotes displayReason heldByRequestingApp heldByApp { id } }
    fulfillmentOrder { id status fulfillmentHolds { id handle } }
    remainingFulfillmentOrder { id }
    userErrors { field message code }
  }
}`;

const RELEASE = `mutation Release($id: ID!, $holdIds: [ID!]) {
  fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
    fulfillmentOrder { id status fulfillmentHolds { id handle } }
    userErrors { field message code }
  }
}`;

const FULFILL = `mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id status } userErrors { field message } } }`;

const ORDER = `query O($id: ID!) {
  order(id: $id) {
    id name displayFulfillmentStatus
    fulfillments { id }
    fulfillmentOrders(first: 5) {
      nodes {
        id status
        supportedActions { action }
        fulfillmentHolds { id handle reason reasonNotes displayReason heldByRequestingApp }
        lineItems(first: 10) { nodes { id remainingQuantity totalQuantity } }
      }
    }
  }
}`;

interface HoldData {
  id: string;
  handle: string | null;
  reason: string;
  reasonNotes: string | null;
  displayReason: string;
  heldByRequestingApp: boolean;
}

interface FoData {
  id: string;
  status: string;
  supportedActions: { action: string }[];
  fulfillmentHolds: HoldData[];
  lineItems: { nodes: { id: string; remainingQuantity: number; totalQuantity: number }[] };
}

interface OrderData {
  id: string;
  name: string;
  displayFulfillmentStatus: string;
  fulfillments: { id: string }[];
  fulfillmentOrders: { nodes: FoData[] };
}

interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

interface HoldPayload {
  fulfillmentHold: (HoldData & { heldByApp: null }) | null;
  fulfillmentOrder: { id: string; status: string; fulfillmentHolds: { id: string; handle: string | null }[] } | null;
  remainingFulfillmentOrder: null;
  userErrors: UserError[];
}

interface ReleasePayload {
  fulfillmentOrder: { id: string; status: string; fulfillmentHolds: { id: string; handle: string | null }[] } | null;
  userErrors: UserError[];
}

async function order(id: string): Promise<OrderData> {
  return (await h.client.request<{ order: OrderData }>(ORDER, { variables: { id } })).data!.order;
}

async function fo(orderId: string): Promise<FoData> {
  return (await order(orderId)).fulfillmentOrders.nodes[0]!;
}

async function hold(id: string, input: Record<string, unknown>): Promise<HoldPayload> {
  return (await h.client.request<{ fulfillmentOrderHold: HoldPayload }>(HOLD, { variables: { id, hold: input } })).data!.fulfillmentOrderHold;
}

async function release(id: string, holdIds?: string[]): Promise<ReleasePayload> {
  const variables: Record<string, unknown> = holdIds ? { id, holdIds } : { id };
  return (await h.client.request<{ fulfillmentOrderReleaseHold: ReleasePayload }>(RELEASE, { variables })).data!.fulfillmentOrderReleaseHold;
}

async function fulfill(foId: string): Promise<{ fulfillment: { id: string; status: string } | null; userErrors: { field: string[] | null; message: string }[] }> {
  const res = await h.client.request<{ fulfillmentCreate: { fulfillment: { id: string; status: string } | null; userErrors: { field: string[] | null; message: string }[] } }>(FULFILL, { variables: { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: foId }], notifyCustomer: false } } });
  return res.data!.fulfillmentCreate;
}

/** A buyer checks out `quantity` units online; returns the order and its fulfillment order. */
async function newOrder(quantity: number): Promise<{ orderId: string; name: string; foId: string; foLineId: string }> {
  const rest = h.sandbox.admin.placeOrder({ lineItems: [{ variantId, quantity }] });
  const orderId = String(rest.admin_graphql_api_id);
  const o = await order(orderId);
  const f = o.fulfillmentOrders.nodes[0]!;
  return { orderId, name: o.name, foId: f.id, foLineId: f.lineItems.nodes[0]!.id };
}

function topicBodies(topic: string, from: number): Record<string, unknown>[] {
  return hook.received.slice(from).filter((d) => d.headers['x-shopify-topic'] === topic).map((d) => JSON.parse(d.rawBody) as Record<string, unknown>);
}

beforeAll(async () => {
  h = await startHarness({ seed: { products: 10, seed: 7, customers: 5, orders: 10 } });
  await hook.start();
  for (const t of ['FULFILLMENT_ORDERS_PLACED_ON_HOLD', 'FULFILLMENT_ORDERS_HOLD_RELEASED']) await subscribe(h.client, t, hook.url);
  const primary = (await h.client.request<{ location: { id: string } }>('{ location { id } }')).data!.location.id;
  const created = h.sandbox.admin.createProduct({ title: 'Hold Test Kettle', variants: undefined });
  variantId = created.variants[0]!.admin_graphql_api_id;
  const itemId = `gid://shopify/InventoryItem/${created.variants[0]!.inventory_item_id}`;
  await h.client.request('mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }', {
    variables: { input: { reason: 'received', name: 'available', ignoreCompareQuantity: true, quantities: [{ inventoryItemId: itemId, locationId: primary, quantity: 100 }] } },
  });
});

afterAll(async () => {
  await hook.stop();
  await h.close();
});

describe('Shopify sandbox: fulfillment holds', () => {
  let main: Awaited<ReturnType<typeof newOrder>>;
  let holdId = '';

  it('given an open order, when its fulfillment order is held, then the order reads back ON_HOLD with the hold listed and placed_on_hold fires', async () => {
    main = await newOrder(2);
    const before = await fo(main.orderId);
    expect(before.status).toBe('OPEN');
    expect(before.supportedActions.map((a) => a.action)).toEqual(['CREATE_FULFILLMENT', 'HOLD']);
    expect(before.fulfillmentHolds).toEqual([]);

    const hooksBefore = hook.received.length;
    const res = await hold(main.foId, { reason: 'INVENTORY_OUT_OF_STOCK', reasonNotes: 'Oversold: waiting for stock', notifyMerchant: true, handle: 'oversell-42' });
    expect(res.userErrors).toEqual([]);
    expect(res.fulfillmentHold).toEqual({ id: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentHold\/\d+$/), handle: 'oversell-42', reason: 'INVENTORY_OUT_OF_STOCK', reasonNotes: 'Oversold: waiting for stock', displayReason: 'Inventory out of stock', heldByRequestingApp: true, heldByApp: null });
    expect(res.fulfillmentOrder).toEqual({ id: main.foId, status: 'ON_HOLD', fulfillmentHolds: [{ id: res.fulfillmentHold!.id, handle: 'oversell-42' }] });
    expect(res.remainingFulfillmentOrder).toBeNull();
    holdId = res.fulfillmentHold!.id;

    const o = await order(main.orderId);
    expect(o.displayFulfillmentStatus).toBe('ON_HOLD');
    const f = o.fulfillmentOrders.nodes[0]!;
    expect(f.status).toBe('ON_HOLD');
    expect(f.supportedActions.map((a) => a.action)).toEqual(['RELEASE_HOLD', 'HOLD']);
    expect(f.fulfillmentHolds).toEqual([{ id: holdId, handle: 'oversell-42', reason: 'INVENTORY_OUT_OF_STOCK', reasonNotes: 'Oversold: waiting for stock', displayReason: 'Inventory out of stock', heldByRequestingApp: true }]);
    // Holding changes nothing about what is left to ship.
    expect(f.lineItems.nodes).toEqual([{ id: main.foLineId, remainingQuantity: 2, totalQuantity: 2 }]);

    await hook.waitFor(hooksBefore + 1);
    const [placed] = topicBodies('fulfillment_orders/placed_on_hold', hooksBefore);
    expect(placed).toEqual({
      fulfillment_order: { id: main.foId, status: 'on_hold', fulfillment_holds: [{ id: holdId, handle: 'oversell-42', reason: 'inventory_out_of_stock', reason_notes: 'Oversold: waiting for stock', held_by_requesting_app: false, held_by_app: null }] },
      remaining_fulfillment_order: null,
      held_fulfillment_order_line_items: [{ id: main.foLineId, quantity: 2 }],
      created_fulfillment_hold: { id: holdId, handle: 'oversell-42', reason: 'inventory_out_of_stock', reason_notes: 'Oversold: waiting for stock', held_by_requesting_app: false, held_by_app: null },
    });
  });

  it('given the held order, when the same handle is held again, then DUPLICATE_FULFILLMENT_HOLD_HANDLE comes back and the order still has one hold', async () => {
    const res = await hold(main.foId, { reason: 'OTHER', handle: 'oversell-42' });
    expect(res.fulfillmentHold).toBeNull();
    expect(res.fulfillmentOrder).toBeNull();
    expect(res.userErrors).toEqual([{ field: ['fulfillmentHold', 'handle'], message: expect.any(String), code: 'DUPLICATE_FULFILLMENT_HOLD_HANDLE' }]);
    const f = await fo(main.orderId);
    expect(f.status).toBe('ON_HOLD');
    expect(f.fulfillmentHolds.map((x) => x.id)).toEqual([holdId]);
  });

  it('given the held order, when fulfillmentCreate runs, then it is refused and nothing ships', async () => {
    const res = await fulfill(main.foId);
    expect(res.fulfillment).toBeNull();
    expect(res.userErrors).toEqual([{ field: ['fulfillment'], message: `Fulfillment order ${main.foId} has an unfulfillable status= on_hold.` }]);
    const o = await order(main.orderId);
    expect(o.fulfillments).toEqual([]);
    expect(o.displayFulfillmentStatus).toBe('ON_HOLD');
    expect(o.fulfillmentOrders.nodes[0]!.lineItems.nodes[0]!.remainingQuantity).toBe(2);
  });

  it('given the held order, when orders are searched by fulfillment status, then it is still unfulfilled (and on hold)', async () => {
    type Found = { orders: { nodes: { id: string; displayFulfillmentStatus: string }[] } };
    const search = async (q: string): Promise<string[]> => (await h.client.request<Found>('query S($q: String!) { orders(first: 10, query: $q) { nodes { id displayFulfillmentStatus } } }', { variables: { q } })).data!.orders.nodes.map((n) => n.id);
    const id = main.orderId.split('/').pop()!;
    expect(await search(`fulfillment_status:unfulfilled id:${id}`)).toEqual([main.orderId]);
    expect(await search(`fulfillment_status:on_hold id:${id}`)).toEqual([main.orderId]);
    expect(await search(`fulfillment_status:fulfilled id:${id}`)).toEqual([]);
    const held = await h.client.request<{ orders: { nodes: { id: string }[] } }>('{ orders(first: 50, query: "fulfillment_status:unfulfilled status:open") { nodes { id } } }');
    expect(held.data!.orders.nodes.map((n) => n.id)).toContain(main.orderId);
  });

  it('given the held order, when its hold is released, then it is OPEN again, hold_released fires and fulfillmentCreate ships it', async () => {
    const hooksBefore = hook.received.length;
    const res = await release(main.foId, [holdId]);
    expect(res.userErrors).toEqual([]);
    expect(res.fulfillmentOrder).toEqual({ id: main.foId, status: 'OPEN', fulfillmentHolds: [] });
    const f = await fo(main.orderId);
    expect(f.status).toBe('OPEN');
    expect(f.fulfillmentHolds).toEqual([]);
    expect(f.supportedActions.map((a) => a.action)).toEqual(['CREATE_FULFILLMENT', 'HOLD']);
    expect((await order(main.orderId)).displayFulfillmentStatus).toBe('UNFULFILLED');
    await hook.waitFor(hooksBefore + 1);
    expect(topicBodies('fulfillment_orders/hold_released', hooksBefore)).toEqual([{ fulfillment_order: { id: main.foId, status: 'open' } }]);

    const shipped = await fulfill(main.foId);
    expect(shipped.userErrors).toEqual([]);
    expect(shipped.fulfillment?.status).toBe('SUCCESS');
    const o = await order(main.orderId);
    expect(o.displayFulfillmentStatus).toBe('FULFILLED');
    expect(o.fulfillments).toHaveLength(1);
    expect(o.fulfillmentOrders.nodes[0]!.status).toBe('CLOSED');
    expect(o.fulfillmentOrders.nodes[0]!.supportedActions).toEqual([]);
  });

  it('given a closed fulfillment order, when it is held, then the hold is refused and nothing changes', async () => {
    const res = await hold(main.foId, { reason: 'OTHER', handle: 'late' });
    expect(res.fulfillmentHold).toBeNull();
    expect(res.userErrors).toEqual([{ field: ['id'], message: `Fulfillment order ${main.foId} can't be placed on hold: its status is closed.`, code: null }]);
    const f = await fo(main.orderId);
    expect(f.status).toBe('CLOSED');
    expect(f.fulfillmentHolds).toEqual([]);
  });

  it('given an unknown fulfillment order id, when it is held or released, then FULFILLMENT_ORDER_NOT_FOUND comes back', async () => {
    const missing = 'gid://shopify/FulfillmentOrder/1';
    const held = await hold(missing, { reason: 'OTHER' });
    expect(held).toEqual({ fulfillmentHold: null, fulfillmentOrder: null, remainingFulfillmentOrder: null, userErrors: [{ field: ['id'], message: expect.any(String), code: 'FULFILLMENT_ORDER_NOT_FOUND' }] });
    const released = await release(missing);
    expect(released).toEqual({ fulfillmentOrder: null, userErrors: [{ field: ['id'], message: expect.any(String), code: 'FULFILLMENT_ORDER_NOT_FOUND' }] });
  });

  it('given line items, when they cover only part of the remaining units, then FULFILLMENT_ORDER_NOT_SPLITTABLE comes back; when they cover all, the whole fulfillment order is held', async () => {
    const o = await newOrder(3);
    const partial = await hold(o.foId, { reason: 'AWAITING_PAYMENT', handle: 'part', fulfillmentOrderLineItems: [{ id: o.foLineId, quantity: 1 }] });
    expect(partial.fulfillmentHold).toBeNull();
    expect(partial.userErrors).toEqual([{ field: ['fulfillmentHold', 'fulfillmentOrderLineItems'], message: expect.stringMatching(/one fulfillment order per order/), code: 'FULFILLMENT_ORDER_NOT_SPLITTABLE' }]);
    expect((await fo(o.orderId)).status).toBe('OPEN');

    const zero = await hold(o.foId, { reason: 'AWAITING_PAYMENT', fulfillmentOrderLineItems: [{ id: o.foLineId, quantity: 0 }] });
    expect(zero.userErrors).toEqual([{ field: ['fulfillmentHold', 'fulfillmentOrderLineItems', '0', 'quantity'], message: expect.any(String), code: 'GREATER_THAN_ZERO' }]);
    const over = await hold(o.foId, { reason: 'AWAITING_PAYMENT', fulfillmentOrderLineItems: [{ id: o.foLineId, quantity: 4 }] });
    expect(over.userErrors).toEqual([{ field: ['fulfillmentHold', 'fulfillmentOrderLineItems', '0', 'quantity'], message: expect.any(String), code: 'INVALID_LINE_ITEM_QUANTITY' }]);
    const f0 = await fo(o.orderId);
    expect(f0.status).toBe('OPEN');
    expect(f0.fulfillmentHolds).toEqual([]);

    const all = await hold(o.foId, { reason: 'AWAITING_PAYMENT', handle: 'all', fulfillmentOrderLineItems: [{ id: o.foLineId, quantity: 3 }] });
    expect(all.userErrors).toEqual([]);
    expect(all.fulfillmentOrder).toMatchObject({ id: o.foId, status: 'ON_HOLD' });
    const f1 = await fo(o.orderId);
    expect(f1.status).toBe('ON_HOLD');
    expect(f1.fulfillmentHolds.map((x) => [x.handle, x.reason, x.displayReason])).toEqual([['all', 'AWAITING_PAYMENT', 'Awaiting payment']]);

    // Documented: line items aren't accepted once the fulfillment order is on hold.
    const again = await hold(o.foId, { reason: 'OTHER', handle: 'more', fulfillmentOrderLineItems: [{ id: o.foLineId, quantity: 3 }] });
    expect(again.userErrors.map((e) => e.code)).toEqual(['FULFILLMENT_ORDER_NOT_SPLITTABLE']);
    expect((await fo(o.orderId)).fulfillmentHolds).toHaveLength(1);
  });

  it('given holds with different handles, when one is released, then the order stays ON_HOLD until the last one goes', async () => {
    const o = await newOrder(1);
    const a = await hold(o.foId, { reason: 'INCORRECT_ADDRESS', handle: 'address' });
    const b = await hold(o.foId, { reason: 'HIGH_RISK_OF_FRAUD', handle: 'fraud' });
    expect([a.userErrors, b.userErrors]).toEqual([[], []]);
    expect((await fo(o.orderId)).fulfillmentHolds.map((x) => x.handle)).toEqual(['address', 'fraud']);

    const one = await release(o.foId, [a.fulfillmentHold!.id]);
    expect(one.fulfillmentOrder).toEqual({ id: o.foId, status: 'ON_HOLD', fulfillmentHolds: [{ id: b.fulfillmentHold!.id, handle: 'fraud' }] });
    const f = await fo(o.orderId);
    expect(f.status).toBe('ON_HOLD');
    expect(f.fulfillmentHolds.map((x) => x.handle)).toEqual(['fraud']);
    expect((await fulfill(o.foId)).userErrors).toHaveLength(1);

    // A hold id of another fulfillment order is ignored.
    await release(o.foId, [a.fulfillmentHold!.id, 'gid://shopify/FulfillmentHold/1']);
    expect((await fo(o.orderId)).status).toBe('ON_HOLD');
    await release(o.foId, [b.fulfillmentHold!.id]);
    expect((await fo(o.orderId)).status).toBe('OPEN');
  });

  it('given 10 holds on one fulfillment order, when an 11th is placed, then FULFILLMENT_ORDER_HOLD_LIMIT_REACHED comes back; releasing without ids frees them all', async () => {
    const o = await newOrder(1);
    for (let i = 1; i <= 10; i++) expect((await hold(o.foId, { reason: 'OTHER', reasonNotes: `check ${i}`, handle: `check-${i}` })).userErrors).toEqual([]);
    const eleventh = await hold(o.foId, { reason: 'OTHER', handle: 'check-11' });
    expect(eleventh.fulfillmentHold).toBeNull();
    expect(eleventh.userErrors).toEqual([{ field: ['id'], message: expect.stringMatching(/up to 10 holds/), code: 'FULFILLMENT_ORDER_HOLD_LIMIT_REACHED' }]);
    const f = await fo(o.orderId);
    expect(f.fulfillmentHolds).toHaveLength(10);
    expect(f.fulfillmentHolds.map((x) => x.handle)).not.toContain('check-11');
    expect(f.supportedActions.map((a) => a.action)).toEqual(['RELEASE_HOLD']);

    const all = await release(o.foId);
    expect(all.userErrors).toEqual([]);
    const after = await fo(o.orderId);
    expect(after.status).toBe('OPEN');
    expect(after.fulfillmentHolds).toEqual([]);
  });

  it('given a held order, when it is cancelled, then its fulfillment order keeps no holds', async () => {
    const o = await newOrder(1);
    expect((await hold(o.foId, { reason: 'OTHER', handle: 'x' })).userErrors).toEqual([]);
    const res = await h.client.request<{ orderCancel: { orderCancelUserErrors: unknown[] } }>('mutation C($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, refund: true, restock: true) { orderCancelUserErrors { field message code } } }', { variables: { id: o.orderId } });
    expect(res.data!.orderCancel.orderCancelUserErrors).toEqual([]);
    const f = await fo(o.orderId);
    expect(f.status).toBe('CANCELLED');
    expect(f.fulfillmentHolds).toEqual([]);
  });

  it('given a held order, when its fulfillment order is read by id, then the hold is there too', async () => {
    const o = await newOrder(1);
    const placed = await hold(o.foId, { reason: 'UNKNOWN_DELIVERY_DATE', handle: 'by-id' });
    const res = await h.client.request<{ fulfillmentOrder: { id: string; status: string; order: { id: string }; fulfillmentHolds: { id: string; displayReason: string }[] } }>(
      'query F($id: ID!) { fulfillmentOrder(id: $id) { id status order { id } fulfillmentHolds { id displayReason } } }',
      { variables: { id: o.foId } },
    );
    expect(res.data!.fulfillmentOrder).toEqual({ id: o.foId, status: 'ON_HOLD', order: { id: o.orderId }, fulfillmentHolds: [{ id: placed.fulfillmentHold!.id, displayReason: 'Unknown delivery date' }] });
    expect(h.sandbox.server.violations).toEqual([]);
  });
});
