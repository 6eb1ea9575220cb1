import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_RETENTION_SECONDS, type StripeSandbox } from '../../sandboxes/stripe/index';
import { startReceiver, startStripe } from './stripe-harness';

/** Events API and webhook delivery: signatures, subscriptions, retries, pending_webhooks, retention. */

let sandbox: StripeSandbox;
let stripe: Stripe;
const verifier = new Stripe('sk_test_verifier_only');

beforeEach(async () => {
  ({ sandbox, stripe } = await startStripe({ webhookTimeScale: 0.00002 }));
});
afterEach(async () => {
  expect(sandbox.server.violations).toEqual([]);
  await sandbox.stop();
});

describe('webhook endpoints', () => {
  it('given an endpoint, when created, then only the create response carries its whsec_ secret; update and delete work', async () => {
    const we = await stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['customer.created'], description: 'crm' });
    expect(we.id).toMatch(/^we_/);
    expect(we.secret).toMatch(/^whsec_/);
    expect(we).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', enabled_events: ['customer.created'] });
    const got = await stripe.webhookEndpoints.retrieve(we.id);
    expect(got.secret).toBeUndefined();
    const disabled = await stripe.webhookEndpoints.update(we.id, { disabled: true, enabled_events: ['*'] });
    expect(disabled).toMatchObject({ status: 'disabled', enabled_events: ['*'] });
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([we.id]);
    expect(await stripe.webhookEndpoints.del(we.id)).toEqual({ id: we.id, object: 'webhook_endpoint', deleted: true });
    await expect(stripe.webhookEndpoints.create({ url: 'https://example.com/x', enabled_events: [] })).rejects.toMatchObject({ code: 'parameter_missing' });
    for (let i = 0; i < 16; i++) await stripe.webhookEndpoints.create({ url: `https://example.com/h${i}`, enabled_events: ['*'] });
    await expect(stripe.webhookEndpoints.create({ url: 'https://example.com/17', enabled_events: ['*'] })).rejects.toMatchObject({ statusCode: 400, message: 'You have reached the maximum of 16 test webhook endpoints.' });
  });
});

describe('delivery', () => {
  it('given a subscribed endpoint, when a customer is created, then the delivery verifies with stripe.webhooks.constructEvent and matches the Event', async () => {
    const rx = await startReceiver();
    const we = await stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['customer.created', 'customer.updated'] });
    const c = await stripe.customers.create({ email: 'hook@example.com' }, { idempotencyKey: 'hook-1' });
    await stripe.customers.update(c.id, { name: 'Hooked' });
    await stripe.coupons.create({ percent_off: 10 }); // not subscribed
    await sandbox.emitter.drain();
    expect(rx.received).toHaveLength(2);
    const first = rx.received[0]!;
    const event = verifier.webhooks.constructEvent(first.body, String(first.headers['stripe-signature']), String(we.secret));
    expect(event).toMatchObject({ object: 'event', type: 'customer.created', livemode: false, data: { object: { id: c.id, email: 'hook@example.com' } }, request: { idempotency_key: 'hook-1' } });
    expect(event.id).toMatch(/^evt_/);
    expect(String(first.headers['stripe-signature'])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const second = verifier.webhooks.constructEvent(rx.received[1]!.body, String(rx.received[1]!.headers['stripe-signature']), String(we.secret));
    expect(second.type).toBe('customer.updated');
    expect((second.data as { previous_attributes?: unknown }).previous_attributes).toEqual({ name: null });
    const stored = await stripe.events.retrieve(event.id);
    expect(stored).toMatchObject({ id: event.id, type: 'customer.created', pending_webhooks: 0 });
    expect(() => verifier.webhooks.constructEvent(first.body, String(first.headers['stripe-signature']), 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    await rx.stop();
  });

  it('given an endpoint answering 500 then 200, when an event is sent, then it is retried with the same event id and a fresh signature', async () => {
    const rx = await startReceiver([500]);
    const we = await stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['*'] });
    const c = await stripe.customers.create({ email: 'retry@example.com' });
    await sandbox.emitter.drain();
    expect(rx.received).toHaveLength(2);
    const [a, b] = rx.received.map((r) => verifier.webhooks.constructEvent(r.body, String(r.headers['stripe-signature']), String(we.secret)));
    expect(a?.id).toBe(b?.id);
    expect(a?.data.object).toMatchObject({ id: c.id });
    expect((await stripe.events.retrieve(String(a?.id))).pending_webhooks).toBe(0);
    await rx.stop();
  });

  it('given one endpoint that always fails and one that works, when events are listed by delivery_success, then each side shows the right events', async () => {
    const ok = await startReceiver();
    const bad = await startReceiver([500, 500, 500, 500, 500]);
    await stripe.webhookEndpoints.create({ url: ok.url, enabled_events: ['coupon.created'] });
    await stripe.webhookEndpoints.create({ url: bad.url, enabled_events: ['customer.created'] });
    const coupon = await stripe.coupons.create({ percent_off: 5 });
    await stripe.customers.create({ email: 'fail@example.com' });
    await sandbox.emitter.drain();
    expect(bad.received).toHaveLength(4); // first attempt + 3 test-mode retries
    const failed = await stripe.events.list({ delivery_success: false });
    expect(failed.data.map((e) => e.type)).toEqual(['customer.created']);
    expect(failed.data[0]?.pending_webhooks).toBe(1);
    const succeeded = await stripe.events.list({ delivery_success: true });
    expect(succeeded.data.map((e) => e.type)).toEqual(['coupon.created']);
    expect((succeeded.data[0]?.data.object as Stripe.Coupon).id).toBe(coupon.id);
    await ok.stop();
    await bad.stop();
  });

  it('given dashboard actions, when a refund and a dispute happen outside the API, then charge.refunded and charge.dispute.created are delivered', async () => {
    const rx = await startReceiver();
    await stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['charge.refunded', 'charge.dispute.created', 'payout.paid'] });
    const paid = sandbox.admin.createPayment({ amount: '2500', payment_method: 'pm_card_bypassPending' });
    sandbox.admin.refund({ payment_intent: paid.id, amount: '500' });
    const po = await stripe.payouts.create({ amount: 100, currency: 'usd' });
    const other = sandbox.admin.createPayment({ amount: '900' });
    sandbox.admin.openDispute(String(other.latest_charge));
    sandbox.admin.settlePayout(po.id, 'paid');
    await sandbox.emitter.drain();
    const types = rx.received.map((r) => (JSON.parse(r.body) as { type: string; request: { id: string | null } }));
    expect(types.map((t) => t.type)).toEqual(['charge.refunded', 'charge.dispute.created', 'payout.paid']);
    expect(types[0]?.request.id).toBeNull();
    await rx.stop();
  });
});

describe('events API', () => {
  it('given several event types, when filtered by type, types[] and created[gte], then only matching events come back, newest first', async () => {
    const t0 = sandbox.state.clock.now();
    const a = await stripe.customers.create({ email: 'a@example.com' });
    await stripe.customers.update(a.id, { name: 'A' });
    await stripe.coupons.create({ percent_off: 5 });
    await stripe.customers.del(a.id);
    const custTypes = await stripe.events.list({ types: ['customer.created', 'customer.deleted'], created: { gte: t0 } });
    expect(custTypes.data.map((e) => e.type)).toEqual(['customer.deleted', 'customer.created']);
    const wildcard = await stripe.events.list({ type: 'customer.*' });
    expect(wildcard.data.map((e) => e.type)).toEqual(['customer.deleted', 'customer.updated', 'customer.created']);
    const future = await stripe.events.list({ created: { gte: t0 + 3600 } });
    expect(future.data).toEqual([]);
    const paged = await stripe.events.list({ limit: 2 });
    expect(paged.has_more).toBe(true);
    const rest = await stripe.events.list({ limit: 2, starting_after: paged.data[1]?.id });
    expect(rest.data.map((e) => e.type)).toEqual(['customer.updated', 'customer.created']);
  });

  it('given events older than 30 days, when listed or retrieved, then they are gone', async () => {
    await stripe.customers.create({ email: 'old@example.com' });
    const old = (await stripe.events.list()).data[0];
    sandbox.state.clock.advance(EVENT_RETENTION_SECONDS + 60);
    await stripe.customers.create({ email: 'new@example.com' });
    const listed = await stripe.events.list();
    expect(listed.data.map((e) => (e.data.object as Stripe.Customer).email)).toEqual(['new@example.com']);
    await expect(stripe.events.retrieve(String(old?.id))).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
