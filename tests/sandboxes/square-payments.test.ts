import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Square } from 'square';
import { LOCATION, squareError, startPos, usd, type PosHarness } from './square-pos-harness';

/** Payments, Refunds and Gift Cards through the official SDK, with the Sandbox test tokens. */

let h: PosHarness;
let key = 0;
const pay = (req: Omit<Square.CreatePaymentRequest, 'idempotencyKey'>) => h.client.payments.create({ idempotencyKey: `pay-${++key}`, locationId: LOCATION, ...req });

beforeAll(async () => {
  h = await startPos(['payment.created', 'payment.updated', 'refund.created', 'refund.updated', 'gift_card.activity.created', 'order.updated']);
});
afterAll(async () => {
  expect(h.sandbox.server.violations).toEqual([]);
  await h.stop();
});

describe('Square sandbox: payments', () => {
  it('given cnon:card-nonce-ok, when paying, then a COMPLETED CARD payment with captured Visa card_details; a replay returns it again', async () => {
    const req: Square.CreatePaymentRequest = { idempotencyKey: 'pay-ok', sourceId: 'cnon:card-nonce-ok', amountMoney: usd(1000), tipMoney: usd(100), locationId: LOCATION };
    const { payment } = await h.client.payments.create(req);
    expect(payment).toMatchObject({ status: 'COMPLETED', sourceType: 'CARD', cardDetails: { status: 'CAPTURED', card: { cardBrand: 'VISA', last4: '1111' } } });
    expect(Number(payment?.totalMoney?.amount)).toBe(1100);
    expect((await h.client.payments.create(req)).payment?.id).toBe(payment?.id);
  });

  it.each([
    ['cnon:card-nonce-declined', 'GENERIC_DECLINE'],
    ['cnon:card-nonce-rejected-cvv', 'CVV_FAILURE'],
    ['cnon:card-nonce-rejected-postalcode', 'ADDRESS_VERIFICATION_FAILURE'],
    ['cnon:card-nonce-rejected-expiration', 'INVALID_EXPIRATION'],
  ])('given the decline token %s, when paying, then 400 PAYMENT_METHOD_ERROR %s and a FAILED payment is kept', async (sourceId, code) => {
    const err = await squareError(pay({ sourceId, amountMoney: usd(500) }));
    expect(err.statusCode).toBe(400);
    expect(err.errors[0]).toMatchObject({ category: 'PAYMENT_METHOD_ERROR', code });
    const failed = (err.body as { payment?: { id: string; status: string } }).payment;
    expect(failed?.status).toBe('FAILED');
    expect((await h.client.payments.get({ paymentId: failed?.id ?? '' })).payment?.status).toBe('FAILED');
  });

  it('given CASH and EXTERNAL sources, when paying, then change is computed and external details kept', async () => {
    const cash = (await pay({ sourceId: 'CASH', amountMoney: usd(1234), cashDetails: { buyerSuppliedMoney: usd(2000) } })).payment;
    expect(cash).toMatchObject({ sourceType: 'CASH', status: 'COMPLETED' });
    expect(Number(cash?.cashDetails?.changeBackMoney?.amount)).toBe(766);
    const ext = (await pay({ sourceId: 'EXTERNAL', amountMoney: usd(999), externalDetails: { type: 'CHECK', source: 'Paper cheque' } })).payment;
    expect(ext).toMatchObject({ sourceType: 'EXTERNAL', externalDetails: { type: 'CHECK' } });
  });

  it('given a delayed payment, when cancelled, then CANCELED / VOIDED and it can no longer be completed', async () => {
    const p = (await pay({ sourceId: 'cnon:card-nonce-ok', amountMoney: usd(700), autocomplete: false })).payment;
    const canceled = (await h.client.payments.cancel({ paymentId: p?.id ?? '' })).payment;
    expect(canceled).toMatchObject({ status: 'CANCELED', cardDetails: { status: 'VOIDED' } });
    expect((await squareError(h.client.payments.complete({ paymentId: p?.id ?? '' }))).errors[0]?.code).toBe('BAD_REQUEST');
  });

  it('given payments, when listed ascending with a small page size, then every payment comes once', async () => {
    const ids: string[] = [];
    for await (const p of await h.client.payments.list({ sortOrder: 'ASC', limit: 2 })) ids.push(p.id ?? '');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(h.sandbox.state.pos.payments.byId.size);
  });
});

describe('Square sandbox: refunds', () => {
  it('given a completed card payment, when refunded in part twice, then refunds start PENDING, settle COMPLETED, and over-refunding is refused', async () => {
    const p = (await pay({ sourceId: 'cnon:card-nonce-ok', amountMoney: usd(3000) })).payment;
    const req: Square.RefundPaymentRequest = { idempotencyKey: 'refund-1', paymentId: p?.id ?? '', amountMoney: usd(1000), reason: 'Damaged' };
    const r1 = (await h.client.refunds.refundPayment(req)).refund;
    expect(r1).toMatchObject({ status: 'PENDING', paymentId: p?.id, reason: 'Damaged' });
    expect((await h.client.refunds.refundPayment(req)).refund?.id).toBe(r1?.id);
    await h.event('refund.updated', (b) => JSON.stringify(b).includes(r1?.id ?? '-'));
    expect((await h.client.refunds.get({ refundId: r1?.id ?? '' })).refund?.status).toBe('COMPLETED');
    expect(h.sandbox.dashboard.settleRefunds()).toBe(0);
    const over = await squareError(h.client.refunds.refundPayment({ idempotencyKey: 'refund-2', paymentId: p?.id ?? '', amountMoney: usd(2500) }));
    expect(over.errors[0]?.code).toBe('REFUND_AMOUNT_INVALID');
    const after = (await h.client.payments.get({ paymentId: p?.id ?? '' })).payment;
    expect([Number(after?.refundedMoney?.amount), after?.refundIds]).toEqual([1000, [r1?.id]]);
    const listed: string[] = [];
    for await (const r of await h.client.refunds.list({})) listed.push(r.id ?? '');
    expect(listed).toContain(r1?.id);
  });

  it('given a POS sale, when the dashboard refunds one returned item, then the order lists the refund, a return order holds the return line and stock comes back', async () => {
    const { order, payment } = h.sandbox.dashboard.sale({ locationId: LOCATION, lines: [{ variationId: h.mug, quantity: 2 }] });
    const uid = String((order.line_items as { uid: string }[])[0]?.uid);
    const refund = h.sandbox.dashboard.refund(payment.id, { lines: [{ uid, quantity: '1' }] });
    expect(Number(refund.amount_money.amount)).toBe(1200);
    const sold = (await h.client.orders.get({ orderId: order.id })).order;
    expect(sold?.refunds?.map((r) => r.id)).toEqual([refund.id]);
    const ret = (await h.client.orders.get({ orderId: String(refund.order_id) })).order;
    expect(ret?.returns?.[0]).toMatchObject({ sourceOrderId: order.id, returnLineItems: [{ sourceLineItemUid: uid, quantity: '1', catalogObjectId: h.mug }] });
    const changes: Square.InventoryChange[] = [];
    for await (const c of await h.client.inventory.batchGetChanges({ catalogObjectIds: [h.mug], types: ['ADJUSTMENT'] })) changes.push(c);
    expect(changes.map((c) => [c.adjustment?.fromState, c.adjustment?.toState, c.adjustment?.quantity])).toEqual([['IN_STOCK', 'SOLD', '2'], ['SOLD', 'IN_STOCK', '1']]);
  });

  it('given a subscriber, when payments and refunds happen, then signed payment.* and refund.* events match their Event schemas', async () => {
    for (const type of ['payment.created', 'payment.updated', 'refund.created', 'refund.updated']) expect(h.sandbox.validateEvent(type, await h.event(type))).toEqual([]);
    expect(h.received.every((r) => r.verified)).toBe(true);
  });
});

describe('Square sandbox: gift cards', () => {
  it('given a new digital card, when activated, loaded, redeemed, then the balance follows; over-redeeming is INSUFFICIENT_FUNDS', async () => {
    const card = (await h.client.giftCards.create({ idempotencyKey: 'gc-1', locationId: LOCATION, giftCard: { type: 'DIGITAL' } })).giftCard;
    expect(card).toMatchObject({ state: 'PENDING', balanceMoney: { amount: BigInt(0) } });
    expect((await h.client.giftCards.create({ idempotencyKey: 'gc-1', locationId: LOCATION, giftCard: { type: 'DIGITAL' } })).giftCard?.id).toBe(card?.id);
    const act = (type: Square.GiftCardActivityType, details: Partial<Square.GiftCardActivity>, k: string) =>
      h.client.giftCards.activities.create({ idempotencyKey: k, giftCardActivity: { type, locationId: LOCATION, giftCardId: card?.id ?? '', ...details } });
    await act('ACTIVATE', { activateActivityDetails: { amountMoney: usd(2500), buyerPaymentInstrumentIds: ['cash'] } }, 'gc-act');
    await act('LOAD', { loadActivityDetails: { amountMoney: usd(1000), buyerPaymentInstrumentIds: ['cash'] } }, 'gc-load');
    const redeemed = await act('REDEEM', { redeemActivityDetails: { amountMoney: usd(500) } }, 'gc-redeem');
    expect(Number(redeemed.giftCardActivity?.giftCardBalanceMoney?.amount)).toBe(3000);
    expect((await squareError(act('REDEEM', { redeemActivityDetails: { amountMoney: usd(9999) } }, 'gc-too-much'))).errors[0]?.code).toBe('INSUFFICIENT_FUNDS');
    expect(Number((await h.client.giftCards.getFromGan({ gan: card?.gan ?? '' })).giftCard?.balanceMoney?.amount)).toBe(3000);
    const buyer = (await h.client.customers.create({ givenName: 'Gift', emailAddress: 'gift@example.com' })).customer?.id ?? '';
    await h.client.giftCards.linkCustomer({ giftCardId: card?.id ?? '', customerId: buyer });
    const mine: Square.GiftCard[] = [];
    for await (const c of await h.client.giftCards.list({ customerId: buyer })) mine.push(c);
    expect(mine.map((c) => c.id)).toEqual([card?.id]);
  });

  it('given an active card, when it pays, then its balance drops by the payment; a payment over the balance is declined INSUFFICIENT_FUNDS', async () => {
    const card = (await h.client.giftCards.create({ idempotencyKey: 'gc-2', locationId: LOCATION, giftCard: { type: 'PHYSICAL' } })).giftCard;
    await h.client.giftCards.activities.create({ idempotencyKey: 'gc-2-act', giftCardActivity: { type: 'ACTIVATE', locationId: LOCATION, giftCardId: card?.id ?? '', activateActivityDetails: { amountMoney: usd(2000), buyerPaymentInstrumentIds: ['card'] } } });
    const p = (await pay({ sourceId: card?.id ?? '', amountMoney: usd(1500) })).payment;
    expect(p?.cardDetails?.card?.cardBrand).toBe('SQUARE_GIFT_CARD');
    expect(Number((await h.client.giftCards.get({ id: card?.id ?? '' })).giftCard?.balanceMoney?.amount)).toBe(500);
    const err = await squareError(pay({ sourceId: card?.id ?? '', amountMoney: usd(600) }));
    expect(err.errors[0]).toMatchObject({ category: 'PAYMENT_METHOD_ERROR', code: 'INSUFFICIENT_FUNDS' });
    const acts: Square.GiftCardActivity[] = [];
    for await (const a of await h.client.giftCards.activities.list({ giftCardId: card?.id ?? '', sortOrder: 'ASC' })) acts.push(a);
    expect(acts.map((a) => a.type)).toEqual(['ACTIVATE', 'REDEEM']);
    expect(h.sandbox.validateEvent('gift_card.activity.created', await h.event('gift_card.activity.created'))).toEqual([]);
  });
});
