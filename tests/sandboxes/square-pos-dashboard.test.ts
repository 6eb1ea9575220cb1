import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Square } from 'square';
import { createSquareSandbox } from '../../sandboxes/square';
import { LOCATION, startPos, TOKEN, type PosHarness } from './square-pos-harness';

/** Seller-side actions (POS sale, staff count, refund), the POS seed, admin routes and catalog DISCOUNT / PRICING_RULE objects. */

let h: PosHarness;

beforeAll(async () => {
  h = await startPos([
    'order.created', 'order.updated', 'order.fulfillment.updated', 'payment.created', 'payment.updated', 'refund.created', 'refund.updated', 'inventory.count.updated',
    'customer.created', 'customer.updated', 'customer.deleted', 'gift_card.created', 'gift_card.updated', 'gift_card.activity.created',
  ]);
});
afterAll(async () => {
  expect(h.sandbox.server.violations).toEqual([]);
  await h.stop();
});

const inStock = async (id: string): Promise<string | undefined> => {
  for await (const c of await h.client.inventory.get({ catalogObjectId: id, locationIds: LOCATION })) if (c.locationId === LOCATION && c.state === 'IN_STOCK') return c.quantity ?? undefined;
  return undefined;
};

describe('Square sandbox: dashboard and seed', () => {
  it('given stock of 20, when a cash POS sale of 2 tees is rung up, then the order is COMPLETED with a CASH tender, stock is 18 and order/payment/inventory webhooks fire', async () => {
    const { order, payment } = h.sandbox.dashboard.sale({ locationId: LOCATION, lines: [{ variationId: h.tee, quantity: 2 }], tender: 'CASH', taxPercentage: '8.875' });
    expect(order.state).toBe('COMPLETED');
    expect(payment).toMatchObject({ source_type: 'CASH', status: 'COMPLETED', order_id: order.id });
    expect(await inStock(h.tee)).toBe('18');
    const sdkOrder = (await h.client.orders.get({ orderId: order.id })).order;
    expect(sdkOrder?.tenders?.[0]).toMatchObject({ type: 'CASH', paymentId: payment.id });
    const counted = await h.event('inventory.count.updated', (b) => JSON.stringify(b).includes(h.tee) && JSON.stringify(b).includes('"quantity":"18"'));
    expect(h.sandbox.validateEvent('inventory.count.updated', counted)).toEqual([]);
    const created = await h.event('order.created', (b) => JSON.stringify(b).includes(order.id));
    expect(h.sandbox.validateEvent('order.created', created)).toEqual([]);
    expect(h.sandbox.validateEvent('payment.created', await h.event('payment.created', (b) => JSON.stringify(b).includes(payment.id)))).toEqual([]);
  });

  it('given a staff count and a write-off, when recorded in the back office, then IN_STOCK follows and the changes are attributed to Square POS', async () => {
    h.sandbox.dashboard.adjustStock({ variationId: h.mug, locationId: LOCATION, countTo: 31, teamMemberId: 'TM1' });
    h.sandbox.dashboard.adjustStock({ variationId: h.mug, locationId: LOCATION, delta: -1 });
    expect(await inStock(h.mug)).toBe('30');
    const changes: Square.InventoryChange[] = [];
    for await (const c of await h.client.inventory.batchGetChanges({ catalogObjectIds: [h.mug], locationIds: [LOCATION] })) changes.push(c);
    expect(changes.slice(-2).map((c) => [c.type, c.physicalCount?.source?.product ?? c.adjustment?.source?.product, c.adjustment?.toState])).toEqual([
      ['PHYSICAL_COUNT', 'SQUARE_POS', undefined],
      ['ADJUSTMENT', 'SQUARE_POS', 'WASTE'],
    ]);
  });

  it('given a card sale, when the dashboard refunds it in full, then refund.created fires and the payment shows the refunded money', async () => {
    const { payment } = h.sandbox.dashboard.sale({ locationId: LOCATION, lines: [{ variationId: h.mug, quantity: 1 }] });
    const refund = h.sandbox.dashboard.refund(payment.id);
    expect(refund.amount_money.amount).toBe(1200);
    expect(h.sandbox.validateEvent('refund.created', await h.event('refund.created', (b) => JSON.stringify(b).includes(refund.id)))).toEqual([]);
    expect(Number((await h.client.payments.get({ paymentId: payment.id })).payment?.refundedMoney?.amount)).toBe(1200);
  });

  it('given the same seed twice in fresh sandboxes, when seeded, then customers, counts and sales have the same content', async () => {
    const run = () => {
      const s = createSquareSandbox({ accessToken: TOKEN });
      s.seed(4);
      s.seedPos({ customers: 5, stock: 30, orders: 6 });
      const pos = s.state.pos;
      return {
        customers: [...pos.customers.byId.values()].map((c) => `${String(c.given_name)} ${String(c.family_name)} ${String(c.email_address)}`),
        counts: [...pos.inventory.counts.values()].map((c) => c.quantity),
        totals: [...pos.orders.byId.values()].map((o) => `${o.state}:${JSON.stringify(o.total_money)}`),
        payments: [...pos.payments.byId.values()].map((p) => `${String(p.source_type)}:${p.status}`),
      };
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(a.customers).toHaveLength(5);
    expect(a.totals.every((t) => t.startsWith('COMPLETED:'))).toBe(true);
    expect(a.payments.filter((p) => p.startsWith('CASH'))).toHaveLength(2);
  });

  it('given a subscriber to every POS event, when the seed and a gift card sale run, then every notification is signed and matches its Event schema', async () => {
    const seeded = h.sandbox.seedPos({ customers: 3, orders: 3 });
    expect(seeded.orders).toHaveLength(3);
    const card = (await h.client.giftCards.create({ idempotencyKey: 'dash-gc', locationId: LOCATION, giftCard: { type: 'DIGITAL' } })).giftCard;
    await h.client.giftCards.activities.create({ idempotencyKey: 'dash-gc-act', giftCardActivity: { type: 'ACTIVATE', locationId: LOCATION, giftCardId: card?.id ?? '', activateActivityDetails: { amountMoney: { amount: BigInt(5000), currency: 'USD' }, buyerPaymentInstrumentIds: ['cash'] } } });
    const { payment } = h.sandbox.dashboard.sale({ locationId: LOCATION, lines: [{ variationId: h.mug, quantity: 1 }], tender: 'GIFT_CARD', giftCardId: card?.id });
    expect((await h.client.orders.get({ orderId: String(payment.order_id) })).order?.tenders?.[0]?.type).toBe('SQUARE_GIFT_CARD');
    for (const type of ['customer.created', 'gift_card.created', 'gift_card.updated', 'gift_card.activity.created', 'payment.created']) await h.event(type);
    await h.sandbox.emitter.drain();
    const invalid = h.received.flatMap((r) => h.sandbox.validateEvent(r.type, r.body).map((m) => `${r.type}: ${m}`));
    expect(invalid).toEqual([]);
    expect(h.received.every((r) => r.verified)).toBe(true);
  });

  it('given CalculateOrder, when asked to price an order, then totals come back and nothing is stored', async () => {
    const before = h.sandbox.state.pos.orders.byId.size;
    const { order } = await h.client.orders.calculate({ order: { locationId: LOCATION, lineItems: [{ catalogObjectId: h.tee, quantity: '2' }], taxes: [{ name: 'Tax', percentage: '10', type: 'ADDITIVE', scope: 'ORDER' }] } });
    expect(Number(order?.totalMoney?.amount)).toBe(3300);
    expect(h.sandbox.state.pos.orders.byId.size).toBe(before);
  });

  it('given the admin routes, when a sale and a seed are posted, then /_sandbox/state counts the POS records', async () => {
    const post = (path: string, body: unknown) => fetch(`${h.sandbox.server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const sale = await post('/_sandbox/dashboard/sales', { locationId: LOCATION, lines: [{ variationId: h.tee, quantity: 1 }] });
    expect(sale.status).toBe(200);
    const refused = await post('/_sandbox/dashboard/sales', { locationId: LOCATION, lines: [{ variationId: 'NOPE', quantity: 1 }] });
    expect(refused.status).toBe(400);
    const seeded = (await (await post('/_sandbox/seed', { customers: 2 })).json()) as { pos: Record<string, number> };
    expect(seeded.pos.customers).toBeGreaterThanOrEqual(2);
  });
});

describe('Square sandbox: catalog DISCOUNT and PRICING_RULE', () => {
  it('given a discount, product set, time period and pricing rule, when batch-upserted, then they round-trip through list and search with their references mapped', async () => {
    const res = await h.client.catalog.batchUpsert({
      idempotencyKey: 'pricing-1',
      batches: [
        {
          objects: [
            { type: 'DISCOUNT', id: '#summer', discountData: { name: 'Summer 15%', discountType: 'FIXED_PERCENTAGE', percentage: '15' } },
            { type: 'PRODUCT_SET', id: '#tees', productSetData: { name: 'Tees', productIdsAny: [h.tee] } },
            { type: 'TIME_PERIOD', id: '#july', timePeriodData: { event: 'BEGIN:VEVENT\nDTSTART:20260701T000000\nDURATION:P31D\nEND:VEVENT' } },
            { type: 'PRICING_RULE', id: '#rule', pricingRuleData: { name: 'Summer tees', discountId: '#summer', matchProductsId: '#tees', timePeriodIds: ['#july'], validFromDate: '2026-07-01', validUntilDate: '2026-07-31' } },
          ] as Square.CatalogObject[],
        },
      ],
    });
    const id = (tmp: string) => res.idMappings?.find((m) => m.clientObjectId === tmp)?.objectId;
    const rule = (await h.client.catalog.object.get({ objectId: id('#rule') ?? '' })).object;
    expect(rule?.type === 'PRICING_RULE' ? rule.pricingRuleData : undefined).toMatchObject({ discountId: id('#summer'), matchProductsId: id('#tees'), timePeriodIds: [id('#july')], validFromDate: '2026-07-01' });
    const listed: Square.CatalogObject[] = [];
    for await (const o of await h.client.catalog.list({ types: 'DISCOUNT,PRICING_RULE,PRODUCT_SET,TIME_PERIOD' })) listed.push(o);
    expect(listed.map((o) => o.type).sort()).toEqual(['DISCOUNT', 'PRICING_RULE', 'PRODUCT_SET', 'TIME_PERIOD']);
    const found = await h.client.catalog.search({ objectTypes: ['DISCOUNT'], query: { exactQuery: { attributeName: 'name', attributeValue: 'Summer 15%' } } });
    expect(found.objects?.map((o) => o.id)).toEqual([id('#summer')]);
    const { order } = await h.client.orders.create({ idempotencyKey: 'with-catalog-discount', order: { locationId: LOCATION, lineItems: [{ catalogObjectId: h.tee, quantity: '1' }], discounts: [{ catalogObjectId: id('#summer'), scope: 'ORDER' }] } });
    expect(Number(order?.totalMoney?.amount)).toBe(1275);
  });
});
