import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StripeSandbox } from '../../sandboxes/stripe/index';
import { startStripe } from './stripe-harness';

/** CRUD and pagination on every resource, through the official SDK. */

let sandbox: StripeSandbox;
let stripe: Stripe;

beforeEach(async () => {
  ({ sandbox, stripe } = await startStripe());
});
afterEach(async () => {
  expect(sandbox.server.violations).toEqual([]);
  await sandbox.stop();
});

describe('customers', () => {
  it('given a created customer, when it is retrieved, updated and deleted, then each step returns Stripe objects', async () => {
    const created = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { tier: 'gold' } });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(created).toMatchObject({ object: 'customer', livemode: false, email: 'ada@example.com', metadata: { tier: 'gold' } });
    expect(Math.abs(created.created - Date.now() / 1000)).toBeLessThan(5);

    const updated = await stripe.customers.update(created.id, { name: 'Ada Lovelace', metadata: { tier: '', region: 'eu' } });
    expect(updated.name).toBe('Ada Lovelace');
    expect(updated.metadata).toEqual({ region: 'eu' });

    const deleted = await stripe.customers.del(created.id);
    expect(deleted).toEqual({ id: created.id, object: 'customer', deleted: true });
    const again = await stripe.customers.retrieve(created.id);
    expect(again.deleted).toBe(true);
    await expect(stripe.customers.update(created.id, { name: 'x' })).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing', message: `No such customer: '${created.id}'` });
  });

  it('given 25 customers, when paged 10 at a time forward and back, then pages are newest first with no gaps or repeats', async () => {
    sandbox.seed({ customers: 25, seed: 7 });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await stripe.customers.list({ limit: 10, ...(after ? { starting_after: after } : {}) });
      seen.push(...page.data.map((c) => c.id));
      expect(page.url).toBe('/v1/customers');
      if (!page.has_more) break;
      after = page.data[page.data.length - 1]?.id;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const all = sandbox.state.customers.newestFirst().map((c) => c.id);
    expect(seen).toEqual(all);

    const before = await stripe.customers.list({ limit: 5, ending_before: seen[10] });
    expect(before.data.map((c) => c.id)).toEqual(seen.slice(5, 10));
    expect(before.has_more).toBe(true);

    const auto: string[] = [];
    for await (const c of stripe.customers.list({ limit: 7 })) auto.push(c.id);
    expect(auto).toEqual(seen);
  });

  it('given customers with different emails, when listed by email and searched, then only matches come back', async () => {
    await stripe.customers.create({ email: 'one@example.com', name: 'One' });
    await stripe.customers.create({ email: 'two@example.com', name: 'Two', metadata: { k: 'v' } });
    const byEmail = await stripe.customers.list({ email: 'two@example.com' });
    expect(byEmail.data.map((c) => c.name)).toEqual(['Two']);
    const found = await stripe.customers.search({ query: "metadata['k']:'v'" });
    expect(found.object).toBe('search_result');
    expect(found.data.map((c) => c.email)).toEqual(['two@example.com']);
  });

  it('given the same seed, when two sandboxes are seeded, then ids and data are identical', async () => {
    const other = await startStripe({ seed: { customers: 3, paymentIntents: 2, seed: 42 } });
    const third = await startStripe({ seed: { customers: 3, paymentIntents: 2, seed: 42 } });
    const strip = (s: StripeSandbox): unknown => s.state.customers.newestFirst().map((c) => [c.id, c.email, c.name]);
    expect(strip(other.sandbox)).toEqual(strip(third.sandbox));
    expect(other.sandbox.state.paymentIntents.newestFirst().map((p) => p.id)).toEqual(third.sandbox.state.paymentIntents.newestFirst().map((p) => p.id));
    await other.sandbox.stop();
    await third.sandbox.stop();
  });
});

describe('payment intents, charges, refunds, disputes', () => {
  it('given a confirmed card payment, when it succeeds, then a charge and a balance transaction net of fees exist', async () => {
    const customer = await stripe.customers.create({ email: 'buyer@example.com' });
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 2000, customer: customer.id });
    expect(pi.payment_method).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    await expect(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_unknown' })).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'payment_method' });
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ object: 'charge', paid: true, captured: true, amount: 2000, payment_intent: pi.id, status: 'succeeded' });
    const txn = await stripe.balanceTransactions.retrieve(String(charge.balance_transaction));
    expect(txn).toMatchObject({ object: 'balance_transaction', amount: 2000, fee: 88, net: 1912, type: 'charge', source: charge.id });
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((c) => c.id)).toEqual([charge.id]);
  });

  it('given a manual-capture intent, when captured partially, then it succeeds with the captured amount; cancel after that is refused', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', capture_method: 'manual' });
    expect(pi.status).toBe('requires_confirmation');
    const confirmed = await stripe.paymentIntents.confirm(pi.id);
    expect(confirmed).toMatchObject({ status: 'requires_capture', amount_capturable: 5000 });
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 4000 });
    await expect(stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    const other = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(other.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const listed = await stripe.paymentIntents.list({ limit: 1 });
    expect(listed.data[0]?.id).toBe(other.id);
    expect(listed.has_more).toBe(true);
  });

  it('given a declining card, when confirmed, then a 402 card_error names the failed charge and the intent asks for a new method', async () => {
    const err = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'StripeCardError', statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const pi = (await stripe.paymentIntents.list({ limit: 1 })).data[0];
    expect(pi?.status).toBe('requires_payment_method');
    expect(pi?.last_payment_error?.code).toBe('card_declined');
  });

  it('given a succeeded payment, when refunded in two parts, then the charge tracks amount_refunded and refunded, and over-refunds are refused', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000, reason: 'requested_by_customer' });
    expect(r1).toMatchObject({ object: 'refund', amount: 1000, status: 'succeeded', charge: pi.latest_charge });
    await expect(stripe.refunds.create({ charge: String(pi.latest_charge), amount: 2500 })).rejects.toMatchObject({ statusCode: 400, code: 'amount_too_large' });
    const r2 = await stripe.refunds.create({ charge: String(pi.latest_charge) });
    expect(r2.amount).toBe(2000);
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 3000, refunded: true });
    await expect(stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    const refunds = await stripe.refunds.list({ charge: charge.id });
    expect(refunds.data.map((r) => r.id)).toEqual([r2.id, r1.id]);
    expect((await stripe.refunds.retrieve(r1.id)).amount).toBe(1000);
  });

  it('given a charge, when the bank opens a dispute from the dashboard and the merchant closes it, then the dispute is listed and lost', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 4200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const opened = sandbox.admin.openDispute(String(pi.latest_charge), { reason: 'product_not_received' });
    expect(opened.id).toMatch(/^dp_/);
    const listed = await stripe.disputes.list();
    expect(listed.data.map((d) => d.id)).toEqual([opened.id]);
    expect(await stripe.disputes.retrieve(opened.id)).toMatchObject({ status: 'needs_response', amount: 4200, reason: 'product_not_received' });
    expect((await stripe.charges.retrieve(String(pi.latest_charge))).disputed).toBe(true);
    const closed = await stripe.disputes.close(opened.id);
    expect(closed.status).toBe('lost');
    const auto = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
    expect((await stripe.disputes.list({ payment_intent: auto.id })).data).toHaveLength(1);
  });
});

describe('coupons, promotion codes, payouts, balance transactions', () => {
  it('given a coupon, when a promotion code is created for it and both are updated, then lists and filters find them', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'repeating', duration_in_months: 3, name: 'Spring' });
    expect(coupon).toMatchObject({ object: 'coupon', percent_off: 25, duration_in_months: 3, valid: true });
    const fixed = await stripe.coupons.create({ id: 'FIVEOFF', amount_off: 500, currency: 'usd' });
    expect(fixed.id).toBe('FIVEOFF');
    await expect(stripe.coupons.create({ amount_off: 500 })).rejects.toMatchObject({ code: 'parameter_missing', param: 'currency' });
    const promo = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING25' });
    expect(promo.id).toMatch(/^promo_/);
    expect(promo).toMatchObject({ code: 'SPRING25', active: true, promotion: { coupon: coupon.id, type: 'coupon' } });
    const off = await stripe.promotionCodes.update(promo.id, { active: false });
    expect(off.active).toBe(false);
    expect((await stripe.promotionCodes.list({ code: 'spring25' })).data.map((p) => p.id)).toEqual([promo.id]);
    expect((await stripe.coupons.update(coupon.id, { name: 'Spring sale' })).name).toBe('Spring sale');
    expect((await stripe.coupons.list({ limit: 1 })).data[0]?.id).toBe('FIVEOFF');
    expect(await stripe.coupons.del('FIVEOFF')).toEqual({ id: 'FIVEOFF', object: 'coupon', deleted: true });
    await expect(stripe.coupons.retrieve('FIVEOFF')).rejects.toMatchObject({ statusCode: 404, message: "No such coupon: 'FIVEOFF'" });
  });

  it('given pending funds only, when a payout is requested, then it is refused; once funds are available it is created and the bank pays it', async () => {
    await stripe.paymentIntents.create({ amount: 10000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await expect(stripe.payouts.create({ amount: 5000, currency: 'usd' })).rejects.toMatchObject({ code: 'balance_insufficient' });
    sandbox.state.clock.advance(3 * 86400);
    const balance = await stripe.balance.retrieve();
    expect(balance.available[0]).toMatchObject({ currency: 'usd', amount: 9680 });
    const payout = await stripe.payouts.create({ amount: 5000, currency: 'usd' });
    expect(payout).toMatchObject({ object: 'payout', status: 'pending', amount: 5000 });
    expect(payout.id).toMatch(/^po_/);
    sandbox.admin.settlePayout(payout.id, 'paid');
    expect((await stripe.payouts.retrieve(payout.id)).status).toBe('paid');
    expect((await stripe.payouts.list({ status: 'paid' })).data.map((p) => p.id)).toEqual([payout.id]);
    const txns = await stripe.balanceTransactions.list({ type: 'payout' });
    expect(txns.data).toHaveLength(1);
    expect(txns.data[0]).toMatchObject({ amount: -5000, source: payout.id, status: 'available' });
    const all = await stripe.balanceTransactions.list({ limit: 100 });
    expect(all.data.map((t) => t.type).sort()).toEqual(['charge', 'payout']);
  });
});
