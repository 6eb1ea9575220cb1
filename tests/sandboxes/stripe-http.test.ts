import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_TTL_SECONDS, type StripeSandbox } from '../../sandboxes/stripe/index';
import { raw, sdkFor, startStripe, TEST_KEY } from './stripe-harness';

/** The request pipeline: auth, errors, idempotency, rate limits, versions, form encoding, expand. */

let sandbox: StripeSandbox;
let stripe: Stripe;
let baseUrl: string;

beforeEach(async () => {
  ({ sandbox, stripe, baseUrl } = await startStripe());
});
afterEach(async () => {
  expect(sandbox.server.violations).toEqual([]);
  await sandbox.stop();
});

describe('authentication and errors', () => {
  it('given a wrong key, when any call is made, then 401 with Stripe\'s masked-key message and the SDK raises StripeAuthenticationError', async () => {
    const res = await raw(baseUrl, 'GET', '/v1/customers', { key: 'sk_test_wrongkey000000000000000000abcd' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { message: expect.stringMatching(/^Invalid API Key provided: sk_test_\*+abcd$/), type: 'invalid_request_error' } });
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const bad = sdkFor(baseUrl, 'sk_test_nope1234');
    await expect(bad.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('given no key, when called, then 401 explains how to authenticate; Basic auth with the key as user name works', async () => {
    const none = await raw(baseUrl, 'GET', '/v1/customers', { key: null });
    expect(none.status).toBe(401);
    expect(String((none.json.error as { message: string }).message)).toMatch(/^You did not provide an API key/);
    const basic = await raw(baseUrl, 'GET', '/v1/customers', { key: null, headers: { authorization: `Basic ${Buffer.from(`${TEST_KEY}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);
    expect(basic.json).toMatchObject({ object: 'list', data: [], has_more: false, url: '/v1/customers' });
  });

  it('given bad parameters, when creating, then 400 invalid_request_error names the param and code', async () => {
    const missing = await raw(baseUrl, 'POST', '/v1/payment_intents', { body: 'currency=usd' });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.', doc_url: 'https://stripe.com/docs/error-codes/parameter-missing' });
    const unknown = await raw(baseUrl, 'POST', '/v1/customers', { body: 'nickname=x' });
    expect(unknown.json.error).toMatchObject({ code: 'parameter_unknown', param: 'nickname', message: 'Received unknown parameter: nickname' });
    const missingObj = await raw(baseUrl, 'GET', '/v1/customers/cus_doesnotexist');
    expect(missingObj.status).toBe(404);
    expect(missingObj.json.error).toMatchObject({ code: 'resource_missing', message: "No such customer: 'cus_doesnotexist'", param: 'id' });
    const limit = await raw(baseUrl, 'GET', '/v1/customers?limit=101');
    expect(limit.status).toBe(400);
    const route = await raw(baseUrl, 'GET', '/v1/nothing_here');
    expect(route.status).toBe(404);
    expect((route.json.error as { message: string }).message).toMatch(/^Unrecognized request URL/);
  });

  it('given bracketed form fields, when posted by hand, then nested metadata, address and expand[] decode as the SDK\'s do', async () => {
    const body = 'email=h%40example.com&metadata[a]=1&metadata%5Bb%5D=2&address[city]=Paris&address[country]=FR';
    const res = await raw(baseUrl, 'POST', '/v1/customers', { body });
    expect(res.json).toMatchObject({ email: 'h@example.com', metadata: { a: '1', b: '2' }, address: { city: 'Paris', country: 'FR', line1: null } });
    const pi = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', customer: String(res.json.id), payment_method: 'pm_card_visa', confirm: true });
    const expanded = await raw(baseUrl, 'GET', `/v1/payment_intents/${pi.id}?expand[]=customer&expand[]=latest_charge.balance_transaction`);
    expect(expanded.json).toMatchObject({ customer: { id: res.json.id, object: 'customer' }, latest_charge: { object: 'charge', balance_transaction: { object: 'balance_transaction', amount: 900 } } });
    const listExpanded = await stripe.paymentIntents.list({ expand: ['data.customer'] });
    expect((listExpanded.data[0]?.customer as Stripe.Customer).email).toBe('h@example.com');
  });

  it('given a live secret key, when objects and events are created, then they say livemode true', async () => {
    const live = await startStripe({ apiKey: 'sk_live_51SwitchyardLiveKey00000000000000wxyz' });
    const c = await live.stripe.customers.create({ email: 'live@example.com' });
    expect(c.livemode).toBe(true);
    expect((await live.stripe.events.list()).data[0]?.livemode).toBe(true);
    await live.sandbox.stop();
  });

  it('given a pinned Stripe-Version, when called, then the response echoes it; without one the account default comes back', async () => {
    const pinned = await raw(baseUrl, 'GET', '/v1/customers', { headers: { 'stripe-version': '2024-06-20' } });
    expect(pinned.headers.get('stripe-version')).toBe('2024-06-20');
    const plain = await raw(baseUrl, 'GET', '/v1/customers');
    expect(plain.headers.get('stripe-version')).toBe('2026-10-28.endive');
  });
});

describe('idempotency', () => {
  it('given a key, when the same request is replayed, then the saved response returns with Idempotent-Replayed and nothing is created twice', async () => {
    const headers = { 'idempotency-key': 'order-42' };
    const first = await raw(baseUrl, 'POST', '/v1/customers', { body: 'email=a%40b.co&metadata[x]=1', headers });
    const second = await raw(baseUrl, 'POST', '/v1/customers', { body: 'metadata[x]=1&email=a%40b.co', headers });
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(sandbox.state.customers.size).toBe(1);
    const viaSdk1 = await stripe.customers.create({ email: 'sdk@b.co' }, { idempotencyKey: 'sdk-1' });
    const viaSdk2 = await stripe.customers.create({ email: 'sdk@b.co' }, { idempotencyKey: 'sdk-1' });
    expect(viaSdk2.id).toBe(viaSdk1.id);
    expect(viaSdk2.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('given a used key, when reused with other parameters or another endpoint, then 400 idempotency_error', async () => {
    await stripe.customers.create({ email: 'a@b.co' }, { idempotencyKey: 'k-1' });
    const err = await stripe.customers.create({ email: 'other@b.co' }, { idempotencyKey: 'k-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^Keys for idempotent requests can only be used with the same parameters they were first used with/) });
    const other = await raw(baseUrl, 'POST', '/v1/coupons', { body: 'percent_off=5', headers: { 'idempotency-key': 'k-1' } });
    expect(other.json.error).toMatchObject({ type: 'idempotency_error', message: expect.stringContaining("'POST /v1/customers' vs 'POST /v1/coupons'") });
  });

  it('given a request that failed validation, when retried with the same key and fixed params, then it executes (invalid requests are not saved)', async () => {
    const bad = await raw(baseUrl, 'POST', '/v1/payment_intents', { body: 'currency=usd', headers: { 'idempotency-key': 'pi-1' } });
    expect(bad.status).toBe(400);
    const good = await raw(baseUrl, 'POST', '/v1/payment_intents', { body: 'currency=usd&amount=1000', headers: { 'idempotency-key': 'pi-1' } });
    expect(good.status).toBe(200);
  });

  it('given a declined payment, when replayed with its key, then the same 402 comes back without a second charge', async () => {
    const body = 'amount=1000&currency=usd&payment_method=pm_card_chargeDeclined&confirm=true';
    const a = await raw(baseUrl, 'POST', '/v1/payment_intents', { body, headers: { 'idempotency-key': 'decline-1' } });
    const b = await raw(baseUrl, 'POST', '/v1/payment_intents', { body, headers: { 'idempotency-key': 'decline-1' } });
    expect(a.status).toBe(402);
    expect(b.status).toBe(402);
    expect(b.json).toEqual(a.json);
    expect(sandbox.state.charges.size).toBe(1);
  });

  it('given a key older than 24 hours, when reused with other parameters, then it is a fresh request', async () => {
    await stripe.customers.create({ email: 'a@b.co' }, { idempotencyKey: 'old' });
    sandbox.state.clock.advance(IDEMPOTENCY_TTL_SECONDS + 1);
    const fresh = await stripe.customers.create({ email: 'new@b.co' }, { idempotencyKey: 'old' });
    expect(fresh.email).toBe('new@b.co');
  });
});

describe('rate limits and faults', () => {
  it("given 'realistic' limits in test mode, when 60 requests arrive at once, then some get 429 rate_limit with Stripe-Rate-Limited-Reason", async () => {
    sandbox.setLimits('realistic');
    const results = await Promise.all(Array.from({ length: 60 }, () => raw(baseUrl, 'GET', '/v1/customers')));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(25);
    expect(limited[0]?.json).toEqual({ error: { type: 'invalid_request_error', code: 'rate_limit', doc_url: 'https://stripe.com/docs/error-codes/rate-limit', message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.' } });
    expect(limited[0]?.headers.get('stripe-rate-limited-reason')).toBe('global-rate');
    await expect(stripe.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
  });

  it('given injected 5xx faults, when called, then 500 api_error with a request id, and success once faults are off', async () => {
    sandbox.server.setFaults({ error5xxRate: 1 });
    const res = await raw(baseUrl, 'GET', '/v1/customers');
    expect(res.status).toBe(500);
    expect(res.json.error).toMatchObject({ type: 'api_error' });
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    sandbox.server.setFaults({});
    expect((await raw(baseUrl, 'GET', '/v1/customers')).status).toBe(200);
  });

  it('given the admin routes, when limits are set and state reset over HTTP, then the sandbox reflects them', async () => {
    await stripe.customers.create({ email: 'x@y.co' });
    const state = await fetch(`${baseUrl}/_sandbox/state`).then((r) => r.json() as Promise<{ customers: number }>);
    expect(state.customers).toBe(1);
    const limits = await fetch(`${baseUrl}/_sandbox/limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limits: { requests_per_second: 1 } }) });
    expect(await limits.json()).toEqual({ limits: { requestsPerSecond: 1 } });
    sandbox.setLimits('off');
    await fetch(`${baseUrl}/_sandbox/reset`, { method: 'POST' });
    expect((await stripe.customers.list()).data).toEqual([]);
  });
});
