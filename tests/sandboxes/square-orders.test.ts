import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Square } from 'square';
import { LOCATION, LOCATION_2, squareError, startPos, usd, type PosHarness } from './square-pos-harness';

/** Orders API through the official SDK: totals, fulfillments, versions, search, PayOrder, webhooks. */

let h: PosHarness;

beforeAll(async () => {
  h = await startPos(['order.created', 'order.updated', 'order.fulfillment.updated', 'inventory.count.updated']);
});
afterAll(async () => {
  expect(h.sandbox.server.violations).toEqual([]);
  await h.stop();
});

const n = (m: Square.Money | undefined) => Number(m?.amount ?? -1);
let seq = 0;
const create = (order: Omit<Square.Order, 'locationId'> & { locationId?: string }) => h.client.orders.create({ idempotencyKey: `order-${++seq}`, order: { locationId: LOCATION, ...order } });
const stock = async (id: string) => {
  for await (const c of await h.client.inventory.get({ catalogObjectId: id, locationIds: LOCATION })) if (c.state === 'IN_STOCK' && c.locationId === LOCATION) return c.quantity;
  return undefined;
};

describe('Square sandbox: orders', () => {
  it('given catalog lines and an ORDER-scoped ADDITIVE tax, when created, then prices come from the catalog and tax rounds half to even per line', async () => {
    const { order } = await create({ lineItems: [{ catalogObjectId: h.tee, quantity: '2' }, { catalogObjectId: h.mug, quantity: '1' }], taxes: [{ uid: 'tax', name: 'Sales tax', percentage: '8.875', type: 'ADDITIVE', scope: 'ORDER' }] });
    const [tee, mug] = order?.lineItems ?? [];
    expect(tee).toMatchObject({ name: 'Harbour Tee', variationName: 'M' });
    expect([n(tee?.basePriceMoney), n(tee?.grossSalesMoney), n(tee?.totalTaxMoney), n(tee?.totalMoney)]).toEqual([1500, 3000, 266, 3266]);
    expect([n(mug?.totalTaxMoney), n(mug?.totalMoney)]).toEqual([106, 1306]);
    expect([n(order?.totalTaxMoney), n(order?.totalDiscountMoney), n(order?.totalMoney)]).toEqual([372, 0, 4572]);
    expect(order).toMatchObject({ state: 'OPEN', version: 1 });
    expect(tee?.appliedTaxes?.[0]).toMatchObject({ taxUid: 'tax' });
  });

  it('given an INCLUSIVE tax on an ad hoc line, when created, then the tax is carved out of the price and the total is unchanged', async () => {
    const { order } = await create({ lineItems: [{ name: 'Gift wrap', quantity: '1', basePriceMoney: usd(1100) }], taxes: [{ uid: 'vat', name: 'VAT', percentage: '10', type: 'INCLUSIVE', scope: 'ORDER' }] });
    expect([n(order?.totalTaxMoney), n(order?.totalMoney)]).toEqual([100, 1100]);
  });

  it('given a percentage and a fixed amount ORDER discount plus tax, when created, then discounts apply first and the fixed amount is spread pro rata', async () => {
    const { order } = await create({
      lineItems: [{ catalogObjectId: h.tee, quantity: '2' }, { catalogObjectId: h.mug, quantity: '1' }],
      discounts: [{ uid: 'pct', name: '10% off', type: 'FIXED_PERCENTAGE', percentage: '10', scope: 'ORDER' }, { uid: 'five', name: '$5 off', type: 'FIXED_AMOUNT', amountMoney: usd(500), scope: 'ORDER' }],
      taxes: [{ uid: 'tax', name: 'Sales tax', percentage: '8.875', type: 'ADDITIVE', scope: 'ORDER' }],
    });
    const [tee, mug] = order?.lineItems ?? [];
    expect([n(tee?.totalDiscountMoney), n(mug?.totalDiscountMoney)]).toEqual([657, 263]);
    expect([n(tee?.totalTaxMoney), n(mug?.totalTaxMoney)]).toEqual([208, 83]);
    expect([n(order?.totalDiscountMoney), n(order?.totalTaxMoney), n(order?.totalMoney)]).toEqual([920, 291, 3571]);
    expect(order?.discounts?.map((d) => n(d.appliedMoney))).toEqual([420, 500]);
  });

  it('given a LINE_ITEM discount referenced by one line, when created, then only that line is discounted', async () => {
    const { order } = await create({
      lineItems: [{ catalogObjectId: h.tee, quantity: '1' }, { catalogObjectId: h.mug, quantity: '1', appliedDiscounts: [{ discountUid: 'mugdeal' }] }],
      discounts: [{ uid: 'mugdeal', name: 'Mug deal', type: 'FIXED_AMOUNT', amountMoney: usd(200), scope: 'LINE_ITEM' }],
    });
    expect(order?.lineItems?.map((l) => n(l.totalMoney))).toEqual([1500, 1000]);
  });

  it('given the same idempotency key, when CreateOrder is replayed, then the same order comes back', async () => {
    const req: Square.CreateOrderRequest = { idempotencyKey: 'order-replay', order: { locationId: LOCATION, lineItems: [{ catalogObjectId: h.mug, quantity: '1' }] } };
    const a = await h.client.orders.create(req);
    const b = await h.client.orders.create(req);
    expect(b.order?.id).toBe(a.order?.id);
  });

  it('given a PICKUP order, when its fulfillment is updated with the right version, then version bumps and order.fulfillment.updated fires; a stale version is refused', async () => {
    const { order } = await create({ lineItems: [{ catalogObjectId: h.mug, quantity: '1' }], fulfillments: [{ type: 'PICKUP', pickupDetails: { recipient: { displayName: 'Ada' }, pickupAt: '2026-12-01T10:00:00Z' } }] });
    const uid = order?.fulfillments?.[0]?.uid ?? '';
    expect(order?.fulfillments?.[0]?.state).toBe('PROPOSED');
    const updated = await h.client.orders.update({ orderId: order?.id ?? '', idempotencyKey: 'upd-1', order: { locationId: LOCATION, version: 1, fulfillments: [{ uid, state: 'RESERVED' }] } });
    expect(updated.order).toMatchObject({ version: 2, fulfillments: [{ uid, state: 'RESERVED', type: 'PICKUP' }] });
    const stale = await squareError(h.client.orders.update({ orderId: order?.id ?? '', order: { locationId: LOCATION, version: 1, note: 'late' } as Square.Order }));
    expect(stale.errors[0]?.code).toBe('VERSION_MISMATCH');
    const hook = await h.event('order.fulfillment.updated', (b) => JSON.stringify(b).includes(order?.id ?? '-'));
    expect(h.sandbox.validateEvent('order.fulfillment.updated', hook)).toEqual([]);
    expect(JSON.stringify(hook)).toContain('"new_state":"RESERVED"');
  });

  it('given a delayed card payment, when PayOrder is called, then the order COMPLETES with a tender and the sold items leave IN_STOCK', async () => {
    const before = Number(await stock(h.tee));
    const { order } = await create({ lineItems: [{ catalogObjectId: h.tee, quantity: '3' }], fulfillments: [{ type: 'SHIPMENT', shipmentDetails: { recipient: { displayName: 'Grace', address: { addressLine1: '1 Navy Way', locality: 'Arlington', country: 'US' } } } }] });
    const { payment } = await h.client.payments.create({ idempotencyKey: 'pay-order-1', sourceId: 'cnon:card-nonce-ok', amountMoney: usd(4500), orderId: order?.id ?? '', autocomplete: false, locationId: LOCATION });
    expect(payment?.status).toBe('APPROVED');
    const paid = await h.client.orders.pay({ orderId: order?.id ?? '', idempotencyKey: 'pay-1', paymentIds: [payment?.id ?? ''] });
    expect(paid.order).toMatchObject({ state: 'COMPLETED', tenders: [{ type: 'CARD', paymentId: payment?.id, cardDetails: { status: 'CAPTURED' } }] });
    expect(n(paid.order?.netAmountDueMoney)).toBe(0);
    expect(Number(await stock(h.tee))).toBe(before - 3);
    expect((await h.client.payments.get({ paymentId: payment?.id ?? '' })).payment?.status).toBe('COMPLETED');
  });

  it('given orders in two locations and states, when searched with a state filter, paging and return_entries, then each order appears once', async () => {
    const open = await create({ locationId: LOCATION_2, lineItems: [{ catalogObjectId: h.mug, quantity: '1' }] });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.client.orders.search({ locationIds: [LOCATION], limit: 2, cursor, query: { filter: { stateFilter: { states: ['OPEN'] } }, sort: { sortField: 'CREATED_AT', sortOrder: 'ASC' } } });
      seen.push(...(page.orders ?? []).map((o) => o.id ?? ''));
      cursor = page.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(open.order?.id);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    const entries = await h.client.orders.search({ locationIds: [LOCATION_2], returnEntries: true });
    expect(entries.orderEntries).toEqual([{ orderId: open.order?.id, version: 1, locationId: LOCATION_2 }]);
    const batch = await h.client.orders.batchGet({ orderIds: [open.order?.id ?? '', 'missing'] });
    expect(batch.orders?.map((o) => o.id)).toEqual([open.order?.id]);
  });

  it('given a subscriber, when orders are created and updated, then signed order.created / order.updated match their Event schemas', async () => {
    for (const type of ['order.created', 'order.updated']) expect(h.sandbox.validateEvent(type, await h.event(type))).toEqual([]);
    expect(h.received.every((r) => r.verified)).toBe(true);
  });
});
