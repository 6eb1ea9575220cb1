import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Square } from 'square';
import { squareError, startPos, type PosHarness } from './square-pos-harness';

/** Customers API through the official SDK: CRUD, search, bulk endpoints, versions, webhooks. */

let h: PosHarness;

beforeAll(async () => {
  h = await startPos(['customer.created', 'customer.updated', 'customer.deleted']);
});
afterAll(async () => {
  expect(h.sandbox.server.violations).toEqual([]);
  await h.stop();
});

describe('Square sandbox: customers', () => {
  it('given a new profile, when created, then it is version 0, not unsubscribed, and a replay returns the same customer', async () => {
    const req: Square.CreateCustomerRequest = { idempotencyKey: 'cust-ada', givenName: 'Ada', familyName: 'Lovelace', emailAddress: 'ada@example.com', phoneNumber: '+1-212-555-0100', address: { addressLine1: '1 Analytical Way', locality: 'London', country: 'GB' } };
    const a = await h.client.customers.create(req);
    const b = await h.client.customers.create(req);
    expect(b.customer?.id).toBe(a.customer?.id);
    expect(a.customer).toMatchObject({ version: BigInt(0), preferences: { emailUnsubscribed: false }, address: { locality: 'London' } });
    expect(h.sandbox.state.pos.customers.byId.size).toBe(1);
  });

  it('given no identifying field, when creating, then MISSING_REQUIRED_PARAMETER; given a bad email, INVALID_EMAIL_ADDRESS', async () => {
    expect((await squareError(h.client.customers.create({ note: 'nobody' }))).errors[0]?.code).toBe('MISSING_REQUIRED_PARAMETER');
    expect((await squareError(h.client.customers.create({ givenName: 'X', emailAddress: 'not-an-email' }))).errors[0]?.code).toBe('INVALID_EMAIL_ADDRESS');
  });

  it('given a stale version, when updating, then VERSION_MISMATCH; with the current version the update lands and bumps it', async () => {
    const c = (await h.client.customers.create({ givenName: 'Grace', familyName: 'Hopper', emailAddress: 'grace@example.com' })).customer;
    const id = c?.id ?? '';
    const first = await h.client.customers.update({ customerId: id, note: 'Admiral', version: BigInt(0) });
    expect(first.customer?.version).toBe(BigInt(1));
    const stale = await squareError(h.client.customers.update({ customerId: id, note: 'stale', version: BigInt(0) }));
    expect(stale.errors[0]?.code).toBe('VERSION_MISMATCH');
    expect((await h.client.customers.get({ customerId: id })).customer?.note).toBe('Admiral');
  });

  it('given several customers, when searching by exact and fuzzy email, by updated_at range and sorted by CREATED_AT, then the right ones come back paged', async () => {
    const known: Square.Customer[] = [];
    for await (const c of await h.client.customers.list()) known.push(c);
    const mark = new Date(Date.parse(known.map((c) => c.updatedAt ?? '').sort().at(-1) ?? '') + 1).toISOString();
    const made = await h.client.customers.batchCreate({
      customers: Object.fromEntries(['alan', 'katherine', 'linus', 'margaret'].map((n) => [`bulk-${n}`, { givenName: n, emailAddress: `${n}@search.example.com` }])),
    });
    expect(Object.values(made.responses ?? {}).every((r) => r.customer?.id)).toBe(true);
    const exact = await h.client.customers.search({ query: { filter: { emailAddress: { exact: 'LINUS@search.example.com' } } } });
    expect(exact.customers?.map((c) => c.givenName)).toEqual(['linus']);
    const fuzzy = await h.client.customers.search({ query: { filter: { emailAddress: { fuzzy: 'search.example' } } } });
    expect(fuzzy.customers?.map((c) => c.givenName).sort()).toEqual(['alan', 'katherine', 'linus', 'margaret']);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.client.customers.search({ limit: BigInt(3), cursor, query: { filter: { updatedAt: { startAt: mark } }, sort: { field: 'CREATED_AT', order: 'ASC' } } });
      seen.push(...(page.customers ?? []).map((c) => c.givenName ?? ''));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(['alan', 'katherine', 'linus', 'margaret']);
  });

  it('given bulk update and delete, when one entry is stale or unknown, then it fails alone and the others apply', async () => {
    const ids = Object.values((await h.client.customers.batchCreate({ customers: { k1: { givenName: 'Dennis' }, k2: { givenName: 'Barbara' } } })).responses ?? {}).map((r) => r.customer?.id ?? '');
    const [d, b] = ids as [string, string];
    const upd = await h.client.customers.bulkUpdateCustomers({ customers: { [d]: { note: 'C', version: BigInt(0) }, [b]: { note: 'CLU', version: BigInt(7) } } });
    expect(upd.responses?.[d]?.customer?.note).toBe('C');
    expect(upd.responses?.[b]?.errors?.[0]?.code).toBe('VERSION_MISMATCH');
    const del = await h.client.customers.bulkDeleteCustomers({ customerIds: [b, 'UNKNOWN'] });
    expect(del.responses?.[b]?.errors ?? []).toEqual([]);
    expect(del.responses?.UNKNOWN?.errors?.[0]?.code).toBe('NOT_FOUND');
    const got = await h.client.customers.bulkRetrieveCustomers({ customerIds: [d, b] });
    expect(got.responses?.[d]?.customer?.givenName).toBe('Dennis');
    expect(got.responses?.[b]?.errors?.[0]?.code).toBe('NOT_FOUND');
  });

  it('given a buyer who unsubscribes in the dashboard, when listed, then preferences.email_unsubscribed is true and the version moved', async () => {
    const c = (await h.client.customers.create({ givenName: 'Edsger', emailAddress: 'edsger@example.com' })).customer;
    h.sandbox.dashboard.unsubscribeCustomer(c?.id ?? '');
    const listed: Square.Customer[] = [];
    for await (const x of await h.client.customers.list({ limit: 2 })) listed.push(x);
    expect(listed.find((x) => x.id === c?.id)).toMatchObject({ preferences: { emailUnsubscribed: true }, version: BigInt(1) });
    await h.client.customers.delete({ customerId: c?.id ?? '' });
    expect((await squareError(h.client.customers.get({ customerId: c?.id ?? '' }))).statusCode).toBe(404);
  });

  it('given a subscriber, when customers change, then signed customer.created/updated/deleted arrive matching their Event schemas', async () => {
    for (const type of ['customer.created', 'customer.updated', 'customer.deleted']) {
      const body = await h.event(type);
      expect(h.sandbox.validateEvent(type, body)).toEqual([]);
      expect(body).toMatchObject({ data: { type: 'customer', object: { customer: { id: expect.any(String) } } } });
    }
    expect(h.received.every((r) => r.verified)).toBe(true);
  });
});
