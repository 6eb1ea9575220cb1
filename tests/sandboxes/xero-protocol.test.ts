import { afterEach, describe, expect, it } from 'vitest';
import { Invoice } from 'xero-node';
import { failure, sdkClient, startXero, TENANT, type Harness } from './xero-harness';

/** Auth, errors, idempotency and rate limits, as xero-node sees them. */

let h: Harness | null = null;
afterEach(async () => {
  if (h) expect(h.sb.server.violations).toEqual([]);
  await h?.stop();
  h = null;
});

describe('Xero sandbox protocol', () => {
  it('given a bad token, when calling, then 401 with Xero problem details', async () => {
    h = await startXero();
    const err = await failure(sdkClient(h.base, 'wrong').accountingApi.getContacts(TENANT));
    expect(err.statusCode).toBe(401);
    expect(err.body).toMatchObject({ Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful', Extensions: {} });
  });

  it('given an unknown tenant, when calling, then 403 Forbidden', async () => {
    h = await startXero();
    const err = await failure(h.xero.accountingApi.getContacts('00000000-0000-4000-8000-000000000000'));
    expect(err.statusCode).toBe(403);
    expect(err.body).toMatchObject({ Title: 'Forbidden', Status: 403 });
  });

  it('given an Idempotency-Key, when the same create is replayed, then the original invoice comes back; a different body is refused', async () => {
    h = await startXero({ seed: { contacts: 1 } });
    const contactID = (await h.xero.accountingApi.getContacts(TENANT)).body.contacts?.[0]?.contactID;
    const body = { invoices: [{ type: Invoice.TypeEnum.ACCREC, contact: { contactID }, lineItems: [{ description: 'x', quantity: 1, unitAmount: 10, accountCode: '200' }] }] };
    const a = await h.xero.accountingApi.createInvoices(TENANT, body, true, undefined, 'idem-1');
    const b = await h.xero.accountingApi.createInvoices(TENANT, body, true, undefined, 'idem-1');
    expect(b.body.invoices?.[0]?.invoiceID).toBe(a.body.invoices?.[0]?.invoiceID);
    expect(h.sb.state.invoices.size).toBe(1);
    const changed = { invoices: [{ ...body.invoices[0], reference: 'other' }] };
    const err = await failure(h.xero.accountingApi.createInvoices(TENANT, changed, true, undefined, 'idem-1'));
    expect(err.statusCode).toBe(400);
    expect(JSON.stringify(err.body)).toContain('has already been used for a different request');
  });

  it('given summarizeErrors=false, when one element is invalid, then 200 with per-element status and only the valid one saved', async () => {
    h = await startXero();
    const res = await h.xero.accountingApi.createContacts(TENANT, { contacts: [{ name: 'Good' }, { name: 'Bad', emailAddress: 'not-an-email' }] }, false);
    expect(res.body.contacts?.map((c) => c.statusAttributeString)).toEqual(['OK', 'ERROR']);
    expect(res.body.contacts?.[1]?.validationErrors?.[0]?.message).toBe('Email address must be valid.');
    expect(h.sb.state.contacts.size).toBe(1);
  });

  it('given a malformed where clause or an unknown id, when reading, then QueryParseException 400 and a 404', async () => {
    h = await startXero();
    const err = await failure(h.xero.accountingApi.getContacts(TENANT, undefined, 'Name=="unterminated'));
    expect(err.statusCode).toBe(400);
    expect(err.body).toMatchObject({ ErrorNumber: 16, Type: 'QueryParseException' });
    expect((await failure(h.xero.accountingApi.getInvoice(TENANT, '11111111-2222-4333-8444-555555555555'))).statusCode).toBe(404);
  });

  it('given realistic limits, when the 61st call of a minute is made, then 429 minute with Retry-After and the headers count down', async () => {
    h = await startXero({ limits: 'realistic' });
    let last = await h.xero.accountingApi.getCurrencies(TENANT);
    expect(last.response.headers['x-minlimit-remaining']).toBe('59');
    expect(last.response.headers['x-daylimit-remaining']).toBe('4999');
    expect(last.response.headers['x-appminlimit-remaining']).toBe('9999');
    h.clock.advance(10_000);
    for (let i = 2; i <= 60; i++) last = await h.xero.accountingApi.getCurrencies(TENANT);
    expect(last.response.headers['x-minlimit-remaining']).toBe('0');
    const err = await failure(h.xero.accountingApi.getCurrencies(TENANT));
    expect(err.statusCode).toBe(429);
    expect(err.headers['x-rate-limit-problem']).toBe('minute');
    expect(err.headers['retry-after']).toBe('50');
    h.clock.advance(50_000);
    expect((await h.xero.accountingApi.getCurrencies(TENANT)).response.status).toBe(200);
  });

  it('given realistic limits and slow calls, when 6 calls run at once, then one is refused as concurrent', async () => {
    h = await startXero({ limits: 'realistic', processingMs: 300 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => h!.xero.accountingApi.getCurrencies(TENANT)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => failure(Promise.reject((r as PromiseRejectedResult).reason)));
    const errs = await Promise.all(refused);
    expect(errs.length).toBeGreaterThanOrEqual(1);
    expect(errs.every((e) => e.statusCode === 429 && e.headers['x-rate-limit-problem'] === 'concurrent')).toBe(true);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6 - errs.length);
  });

  it('given custom limits, when the day budget is spent, then 429 day with Retry-After until the window resets', async () => {
    h = await startXero({ limits: { perMinute: 100, perDay: 2, concurrent: 5 } });
    await h.xero.accountingApi.getCurrencies(TENANT);
    h.clock.advance(3600_000);
    await h.xero.accountingApi.getCurrencies(TENANT);
    const err = await failure(h.xero.accountingApi.getCurrencies(TENANT));
    expect(err.headers['x-rate-limit-problem']).toBe('day');
    expect(err.headers['retry-after']).toBe(String(23 * 3600));
  });
});
