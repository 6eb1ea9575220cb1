import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStripeConnector, type StripeConnector } from '../../connectors/stripe/index';
import { VendorError } from '../../connectors/types';
import { createStripeSandbox, type StripeSandbox } from '../../sandboxes/stripe/index';

/** The Stripe connector against the sandbox: paging, failures, incremental reads, writes. */

const KEY = 'sk_test_matrix000000000000000000wxyz';

let sandbox: StripeSandbox;
let baseUrl: string;
let conn: StripeConnector;

function connect(url: string, key = KEY): StripeConnector {
  return createStripeConnector('stripe-test', { kind: 'stripe', apiKey: { env: 'STRIPE_KEY' }, webhookSecret: { env: 'STRIPE_WHSEC' }, baseUrl: url }, (ref) => (ref.env === 'STRIPE_KEY' ? key : 'whsec_matrix'));
}

async function caught(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
  return err;
}

beforeEach(async () => {
  sandbox = createStripeSandbox({ apiKey: KEY });
  baseUrl = await sandbox.start();
  conn = connect(baseUrl);
});
afterEach(async () => {
  expect(sandbox.server.violations).toEqual([]);
  await sandbox.stop();
});

describe('paged reads', () => {
  it('given 4 customers, when listed with page size 10, then one page holds them all and there is no next cursor', async () => {
    sandbox.seed({ customers: 4 });
    const page = await conn.customers.list({ cursor: null, pageSize: 10 });
    expect(page.items).toHaveLength(4);
    expect(page.nextCursor).toBeNull();
  });

  it('given 23 customers, when listed 5 at a time, then 5 pages cover every customer once, with no gaps or repeats', async () => {
    sandbox.seed({ customers: 23 });
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await conn.customers.list({ cursor, pageSize: 5 });
      ids.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(ids).size).toBe(23);
    expect(ids.sort()).toEqual(sandbox.state.customers.newestFirst().map((c) => c.id).sort());
  });

  it('given payments and refunds, when their pages are read, then each list comes back whole', async () => {
    sandbox.seed({ customers: 2, paymentIntents: 3 });
    const pi = sandbox.state.paymentIntents.newestFirst()[0];
    sandbox.admin.refund({ payment_intent: pi?.id ?? '' });
    const p1 = await conn.paymentIntents.list({ cursor: null, pageSize: 2 });
    const p2 = await conn.paymentIntents.list({ cursor: p1.nextCursor, pageSize: 2 });
    expect([...p1.items, ...p2.items].map((p) => p.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(p2.nextCursor).toBeNull();
    const refunds = await conn.refunds.list({ cursor: null, pageSize: 10 });
    expect(refunds.items.map((r) => r.payment_intent)).toEqual([pi?.id]);
  });
});

describe('failures', () => {
  it('given a wrong API key, when listing, then VendorError 401 that is not retryable', async () => {
    const err = await caught(connect(baseUrl, 'sk_test_wrong').customers.list({ cursor: null, pageSize: 10 }));
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
    expect(err.vendor).toBe('stripe');
  });

  it('given a 1 request/second limit, when two calls come back to back, then the second is VendorError 429 with a wait, and after that wait it succeeds', async () => {
    sandbox.setLimits({ requestsPerSecond: 1 });
    await conn.customers.list({ cursor: null, pageSize: 1 });
    const err = await caught(conn.customers.list({ cursor: null, pageSize: 1 }));
    expect(err.status).toBe(429);
    expect(err.retryable).toBe(true);
    expect(err.code).toBe('rate_limit');
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, (err.retryAfterSeconds ?? 1) * 1000));
    const page = await conn.customers.list({ cursor: null, pageSize: 1 });
    expect(page.items).toEqual([]);
  });

  it('given injected 500s, when listing, then VendorError 5xx marked retryable; once the fault clears the retry succeeds', async () => {
    sandbox.seed({ customers: 1 });
    sandbox.server.setFaults({ error5xxRate: 1 });
    const err = await caught(conn.customers.list({ cursor: null, pageSize: 10 }));
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(true);
    sandbox.server.setFaults({});
    expect((await conn.customers.list({ cursor: null, pageSize: 10 })).items).toHaveLength(1);
  });

  it('given nothing listening, when listing, then VendorError status 0, retryable', async () => {
    await sandbox.stop();
    const err = await caught(conn.customers.list({ cursor: null, pageSize: 10 }));
    expect(err.status).toBe(0);
    expect(err.retryable).toBe(true);
    sandbox = createStripeSandbox({ apiKey: KEY });
  });

  it('given invalid writes, when upserting, then VendorError 400 / 404 with Stripe\'s codes, not retryable', async () => {
    const invalid = await caught(conn.customers.upsert({ email: 'not-an-email', name: null, phone: null }, 'k-invalid'));
    expect(invalid).toMatchObject({ status: 400, code: 'email_invalid', retryable: false });
    const missing = await caught(conn.customers.upsert({ externalId: 'cus_missing', email: 'x@y.co', name: null, phone: null }, 'k-missing'));
    expect(missing).toMatchObject({ status: 404, code: 'resource_missing', retryable: false });
  });
});

describe('incremental reads via Events', () => {
  it('given changes in the same second as the cursor, when read again, then nothing is skipped or repeated', async () => {
    sandbox.state.clock.freeze();
    for (let i = 0; i < 3; i++) await conn.customers.upsert({ email: `c${i}@example.com`, name: `C${i}`, phone: null }, `same-second-${i}`);
    const first = await conn.customers.listSince({ cursor: null, pageSize: 2 });
    expect(first.items.map((c) => c.customer.email)).toEqual(['c0@example.com', 'c1@example.com']);
    expect(first.nextCursor).not.toBeNull();
    // Two more changes land in the very same second, after the cursor was taken.
    for (let i = 3; i < 5; i++) await conn.customers.upsert({ email: `c${i}@example.com`, name: `C${i}`, phone: null }, `same-second-${i}`);
    const second = await conn.customers.listSince({ cursor: first.cursor, pageSize: 10 });
    expect(second.items.map((c) => c.customer.email)).toEqual(['c2@example.com', 'c3@example.com', 'c4@example.com']);
    expect(second.nextCursor).toBeNull();
    const third = await conn.customers.listSince({ cursor: second.cursor, pageSize: 10 });
    expect(third.items).toEqual([]);
    const all = [...first.items, ...second.items].map((c) => c.eventId);
    expect(new Set(all).size).toBe(5);
    sandbox.state.clock.advance(1);
    await conn.customers.upsert({ email: 'later@example.com', name: null, phone: null }, 'later');
    const fourth = await conn.customers.listSince({ cursor: third.cursor, pageSize: 10 });
    expect(fourth.items.map((c) => c.customer.email)).toEqual(['later@example.com']);
  });

  it('given a deleted customer, when read incrementally, then the change is a customer.deleted delete for that id; get() then says null', async () => {
    const c = await conn.customers.upsert({ email: 'gone@example.com', name: 'Gone', phone: null }, 'del-1');
    const start = await conn.customers.listSince({ cursor: null, pageSize: 10 });
    await conn.customers.delete(c.id);
    const changes = await conn.customers.listSince({ cursor: start.cursor, pageSize: 10 });
    expect(changes.items).toHaveLength(1);
    expect(changes.items[0]).toMatchObject({ type: 'customer.deleted', action: 'delete', customer: { id: c.id } });
    expect(await conn.customers.get(c.id)).toBeNull();
    await conn.customers.delete(c.id); // already gone: fine
  });
});

describe('writes', () => {
  it('given an idempotency key, when the same upsert is retried, then one customer exists; an update changes it in place', async () => {
    const a = await conn.customers.upsert({ email: 'idem@example.com', name: 'Idem', phone: '+15555550123', metadata: { switchyard_id: 'cus_1' } }, 'create-cus_1');
    const b = await conn.customers.upsert({ email: 'idem@example.com', name: 'Idem', phone: '+15555550123', metadata: { switchyard_id: 'cus_1' } }, 'create-cus_1');
    expect(b.id).toBe(a.id);
    expect(sandbox.state.customers.size).toBe(1);
    const updated = await conn.customers.upsert({ externalId: a.id, email: 'idem2@example.com', name: null, phone: null }, 'update-cus_1-v2');
    expect(updated).toMatchObject({ id: a.id, email: 'idem2@example.com', name: null, phone: null, metadata: { switchyard_id: 'cus_1' } });
    expect((await conn.customers.get(a.id))?.email).toBe('idem2@example.com');
  });
});
