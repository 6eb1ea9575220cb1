import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeSandbox, type StripeSandbox } from '../../sandboxes/stripe/index';
import { startRecordingProxy, startStripeMock, STRIPE_MOCK_TOLERATED, stripeShapeDiff, type RecordedExchange } from '../helpers/stripe-mock';
import { sdkFor } from './stripe-harness';

/**
 * Beyond the connector's calls: one SDK flow over every resource the sandbox
 * serves, run against stripe-mock and the sandbox; each answer must have
 * stripe-mock's shape (keys, `object` values, nested lists).
 */

const KEY = 'sk_test_123';


async function flow(stripe: Stripe): Promise<void> {
  const cus = await stripe.customers.create({ email: 'shape@example.com', name: 'Shape', metadata: { a: '1' } });
  await stripe.customers.retrieve(cus.id);
  await stripe.customers.update(cus.id, { description: 'x' });
  await stripe.customers.list({ limit: 2 });
  await stripe.customers.search({ query: "email:'shape@example.com'" });
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: cus.id, payment_method: 'pm_card_bypassPending', confirm: true });
  await stripe.paymentIntents.retrieve(pi.id);
  const manual = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', capture_method: 'manual' });
  await stripe.paymentIntents.confirm(manual.id);
  await stripe.paymentIntents.capture(manual.id);
  const open = await stripe.paymentIntents.create({ amount: 900, currency: 'usd' });
  await stripe.paymentIntents.cancel(open.id);
  await stripe.paymentIntents.list({ limit: 2 });
  const charges = await stripe.charges.list({ limit: 1 });
  await stripe.charges.retrieve(charges.data[0]?.id ?? 'ch_missing');
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
  await stripe.refunds.retrieve(refund.id);
  await stripe.refunds.list({ limit: 1 });
  const payout = await stripe.payouts.create({ amount: 100, currency: 'usd' });
  await stripe.payouts.retrieve(payout.id);
  await stripe.payouts.list({ limit: 1 });
  await stripe.payouts.cancel(payout.id);
  await stripe.paymentIntents.create({ amount: 1200, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
  const disputes = await stripe.disputes.list({ limit: 1 });
  const dp = disputes.data[0]?.id ?? 'dp_missing';
  await stripe.disputes.retrieve(dp);
  await stripe.disputes.update(dp, { metadata: { case: '1' } });
  await stripe.disputes.close(dp);
  const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
  await stripe.coupons.retrieve(coupon.id);
  await stripe.coupons.update(coupon.id, { name: 'Ten' });
  await stripe.coupons.list({ limit: 1 });
  const promo = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'TENOFF' });
  await stripe.promotionCodes.retrieve(promo.id);
  await stripe.promotionCodes.update(promo.id, { active: false });
  await stripe.promotionCodes.list({ limit: 1 });
  await stripe.coupons.del(coupon.id);
  const txns = await stripe.balanceTransactions.list({ limit: 1 });
  await stripe.balanceTransactions.retrieve(txns.data[0]?.id ?? 'txn_missing');
  await stripe.balance.retrieve();
  const events = await stripe.events.list({ limit: 1, type: 'customer.created' });
  await stripe.events.retrieve(events.data[0]?.id ?? 'evt_missing');
  const we = await stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['customer.created'] });
  await stripe.webhookEndpoints.retrieve(we.id);
  await stripe.webhookEndpoints.update(we.id, { description: 'd' });
  await stripe.webhookEndpoints.list({ limit: 1 });
  await stripe.webhookEndpoints.del(we.id);
  await stripe.customers.del(cus.id);
}

let mock: { baseUrl: string; stop(): Promise<void> };
let sandbox: StripeSandbox;
const stops: (() => Promise<void>)[] = [];
let mockCalls: RecordedExchange[] = [];
let sandboxCalls: RecordedExchange[] = [];

beforeAll(async () => {
  mock = await startStripeMock();
  sandbox = createStripeSandbox({ apiKey: KEY });
  const sandboxUrl = await sandbox.start();
  const mp = await startRecordingProxy(mock.baseUrl);
  const sp = await startRecordingProxy(sandboxUrl);
  stops.push(mp.stop, sp.stop);
  await flow(sdkFor(mp.baseUrl, KEY));
  await flow(sdkFor(sp.baseUrl, KEY));
  mockCalls = mp.exchanges;
  sandboxCalls = sp.exchanges;
});

afterAll(async () => {
  for (const s of stops) await s();
  await sandbox?.stop();
  await mock?.stop();
});

describe('sandbox responses vs stripe-mock', () => {
  it('given the SDK flow, when run against stripe-mock, then every request is valid per Stripe\'s OpenAPI spec', () => {
    expect(mockCalls.filter((x) => x.status >= 400).map((x) => `${x.method} ${x.url} → ${x.status} ${JSON.stringify(x.body)}`)).toEqual([]);
  });

  it('given the same flow on the sandbox, when compared call by call, then every response has stripe-mock\'s shape', () => {
    expect(sandboxCalls).toHaveLength(mockCalls.length);
    const problems = sandboxCalls.flatMap((x, i) => {
      const where = `${x.method} ${x.url.split('?')[0]}`;
      if (x.status >= 400) return [`${where} → ${x.status} ${JSON.stringify(x.body)}`];
      return stripeShapeDiff(mockCalls[i]?.body, x.body, where, STRIPE_MOCK_TOLERATED);
    });
    expect(problems).toEqual([]);
    expect(sandbox.server.violations).toEqual([]);
  });
});
