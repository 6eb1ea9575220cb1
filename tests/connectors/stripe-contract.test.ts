import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeConnector, type StripeConnector } from '../../connectors/stripe/index';
import { createStripeSandbox, type StripeSandbox } from '../../sandboxes/stripe/index';
import { startRecordingProxy, startStripeMock, STRIPE_MOCK_TOLERATED, stripeShapeDiff, type RecordedExchange } from '../helpers/stripe-mock';

/**
 * Every call the Stripe connector makes, run twice: against the official
 * stripe-mock (which validates each request against Stripe's OpenAPI spec,
 * so a 2xx there means the request is one Stripe accepts) and against our
 * sandbox. The sandbox's answers must have stripe-mock's shape: same keys,
 * same `object` values, same nested lists.
 */

const KEY = 'sk_test_123';


/** The connector's whole surface, in one script; ids come from its own earlier answers. */
async function exercise(conn: StripeConnector): Promise<void> {
  const page = await conn.customers.list({ cursor: null, pageSize: 3 });
  const firstId = page.items[0]?.id;
  if (!firstId) throw new Error('expected at least one customer');
  await conn.customers.list({ cursor: firstId, pageSize: 3 });
  const created = await conn.customers.upsert({ email: 'contract@example.com', name: 'Contract Test', phone: '+15555550100', metadata: { switchyard_id: 'cus_canonical_1' } }, 'contract-create-1');
  await conn.customers.upsert({ externalId: created.id, email: 'contract2@example.com', name: null, phone: null, description: 'updated' }, 'contract-update-1');
  await conn.customers.get(created.id);
  await conn.customers.listSince({ cursor: null, pageSize: 10 });
  await conn.customers.delete(created.id);
  await conn.paymentIntents.list({ cursor: null, pageSize: 5 });
  await conn.refunds.list({ cursor: null, pageSize: 5 });
}

function connectorAt(baseUrl: string): StripeConnector {
  return createStripeConnector('stripe-contract', { kind: 'stripe', apiKey: { env: 'K' }, webhookSecret: { env: 'W' }, baseUrl }, (ref) => (ref.env === 'K' ? KEY : 'whsec_test'));
}

/** /v1/customers/cus_abc?x → GET /v1/customers/{id}: calls are paired by method and route shape. */
function routeOf(x: RecordedExchange): string {
  const path = x.url.split('?')[0] ?? '';
  return `${x.method} ${path.replace(/\/(cus|pi|re|ch|evt)_[A-Za-z0-9]+/g, '/{id}')}`;
}

let mock: { baseUrl: string; stop(): Promise<void> };
let sandbox: StripeSandbox;
const proxies: { stop(): Promise<void> }[] = [];
let mockCalls: RecordedExchange[] = [];
let sandboxCalls: RecordedExchange[] = [];

beforeAll(async () => {
  mock = await startStripeMock();
  sandbox = createStripeSandbox({ apiKey: KEY, seed: { customers: 4, paymentIntents: 3, seed: 11 } });
  const sandboxUrl = await sandbox.start();
  // A refund so refunds.list has an element to compare.
  sandbox.admin.refund({ payment_intent: sandbox.state.paymentIntents.newestFirst()[0]?.id ?? '', amount: '100' });
  const mockProxy = await startRecordingProxy(mock.baseUrl);
  const sandboxProxy = await startRecordingProxy(sandboxUrl);
  proxies.push(mockProxy, sandboxProxy);
  await exercise(connectorAt(mockProxy.baseUrl));
  await exercise(connectorAt(sandboxProxy.baseUrl));
  mockCalls = mockProxy.exchanges;
  sandboxCalls = sandboxProxy.exchanges;
});

afterAll(async () => {
  for (const p of proxies) await p.stop();
  await sandbox?.stop();
  await mock?.stop();
});

describe('Stripe connector contract (stripe-mock vs sandbox)', () => {
  it('given the connector script, when run against both, then both saw the same calls in the same order', () => {
    expect(mockCalls.length).toBeGreaterThanOrEqual(9);
    expect(sandboxCalls.map(routeOf)).toEqual(mockCalls.map(routeOf));
  });

  it('given stripe-mock validates requests against the OpenAPI spec, when the connector calls it, then every call succeeds', () => {
    const failures = mockCalls.filter((x) => x.status >= 400).map((x) => `${x.method} ${x.url} → ${x.status} ${JSON.stringify(x.body)}`);
    expect(failures).toEqual([]);
  });

  it('given the same calls, when answered by the sandbox, then every call succeeds with stripe-mock\'s response shape', () => {
    const problems: string[] = [];
    sandboxCalls.forEach((x, i) => {
      const m = mockCalls[i];
      if (x.status >= 400) problems.push(`${x.method} ${x.url} → ${x.status} ${JSON.stringify(x.body)}`);
      if (m) problems.push(...stripeShapeDiff(m.body, x.body, routeOf(x), STRIPE_MOCK_TOLERATED));
    });
    expect(problems).toEqual([]);
  });

  it('given the sandbox\'s own fixture-derived contract check, when the script ran, then it recorded no violations', () => {
    expect(sandbox.server.violations).toEqual([]);
  });
});

describe('shape comparator', () => {
  it('given objects differing in a key, an object type and a nested list, when compared, then each difference is reported', () => {
    const diff = stripeShapeDiff(
      { object: 'list', data: [{ object: 'customer', id: 'a', email: null }], has_more: false, url: '/v1/customers' },
      { object: 'list', data: [{ object: 'charge', id: 'b', extra: 1 }], has_more: false, url: '/v1/customers' },
    );
    expect(diff).toEqual(['$.data[0].object: expected customer, got charge', '$.data[0]: missing key `email`', '$.data[0]: extra key `extra`']);
  });
});
