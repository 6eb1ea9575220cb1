import { afterEach, describe, expect, it } from 'vitest';
import { Contact, Invoice } from 'xero-node';
import type { XeroConnectorConfig } from '../../config/schema';
import { createXeroConnector, type XeroConnector } from '../../connectors/xero/index';
import { VendorError } from '../../connectors/types';
import { startXero, TENANT, TOKEN, type Harness } from '../sandboxes/xero-harness';

/** The connector test matrix, against the Xero sandbox (time is the harness's fake clock). */

let h: Harness | null = null;
afterEach(async () => {
  if (h) expect(h.sb.server.violations).toEqual([]);
  await h?.stop();
  h = null;
});

function connect(harness: Harness, opts: { token?: string; onSleep?: (ms: number) => void } = {}): { conn: XeroConnector; sleeps: number[] } {
  const sleeps: number[] = [];
  const cfg: XeroConnectorConfig = { kind: 'xero', accessToken: { env: 'XERO_TOKEN' }, tenantId: TENANT, webhookKey: { env: 'XERO_KEY' }, baseUrl: harness.base };
  const secrets: Record<string, string> = { XERO_TOKEN: opts.token ?? TOKEN, XERO_KEY: 'k' };
  const conn = createXeroConnector('xero', cfg, (ref) => secrets[ref.env] ?? '', {
    now: harness.clock.now,
    // Sleeping moves the shared clock: Retry-After and rolling windows pass instantly.
    sleep: async (ms) => {
      sleeps.push(ms);
      harness.clock.advance(ms);
      opts.onSleep?.(ms);
    },
  });
  return { conn, sleeps };
}

async function drain<T>(read: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null && pages < 100);
  return { items, pages };
}

const contactsRoute = 'GET /api.xro/2.0/Contacts';
const ids = (cs: Contact[]): string[] => cs.map((c) => c.contactID ?? '');

describe('Xero connector matrix', () => {
  it('given 5 contacts, when listing one page, then all come back and there is no next cursor', async () => {
    h = await startXero({ seed: { contacts: 5 } });
    const page = await connect(h).conn.contacts.list({ cursor: null, pageSize: 10 });
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).toBeNull();
  });

  it('given 25 contacts, when listing 10 per page, then 3 pages cover every contact once', async () => {
    h = await startXero({ seed: { contacts: 25 } });
    const { conn } = connect(h);
    const { items, pages } = await drain((cursor) => conn.contacts.list({ cursor, pageSize: 10 }));
    expect(pages).toBe(3);
    expect(new Set(ids(items)).size).toBe(25);
    expect(items).toHaveLength(25);
  });

  it('given bad credentials, when listing, then VendorError 401 that is not retryable', async () => {
    h = await startXero();
    const err = await connect(h, { token: 'expired' }).conn.contacts.list({ cursor: null, pageSize: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ status: 401, retryable: false, code: 'AuthenticationUnsuccessful' });
  });

  it('given another client spends the minute budget, when listing, then the connector waits Retry-After after the 429 and succeeds', async () => {
    h = await startXero({ seed: { contacts: 4 }, limits: { perMinute: 5, perDay: 1000, concurrent: 5 } });
    const { conn, sleeps } = connect(h);
    await conn.contacts.list({ cursor: null, pageSize: 2 });
    for (let i = 0; i < 4; i++) await h.xero.accountingApi.getCurrencies(TENANT);
    const page = await conn.contacts.list({ cursor: '2', pageSize: 2 });
    expect(page.items).toHaveLength(2);
    expect(sleeps).toEqual([60_000]);
    expect(h.sb.server.coverage.get(contactsRoute)).toBe(3); // first page, the 429, the retry
  });

  it('given realistic limits, when the connector makes 61 calls in a minute, then its budget waits instead of drawing a 429', async () => {
    h = await startXero({ seed: { contacts: 1 }, limits: 'realistic' });
    const { conn, sleeps } = connect(h);
    for (let i = 0; i < 61; i++) await conn.contacts.list({ cursor: null, pageSize: 1 });
    expect(sleeps).toEqual([60_000]);
    expect(h.sb.server.coverage.get(contactsRoute)).toBe(61);
  });

  it('given a 500 on the first attempt, when listing, then the connector backs off and retries to success; persistent 500s surface as retryable', async () => {
    h = await startXero({ seed: { contacts: 2 }, faults: { error5xxRate: 1 } });
    const sb = h.sb;
    const { conn, sleeps } = connect(h, { onSleep: () => sb.server.setFaults({}) });
    expect((await conn.contacts.list({ cursor: null, pageSize: 10 })).items).toHaveLength(2);
    expect(sleeps).toEqual([500]);
    sb.server.setFaults({ error5xxRate: 1 });
    const stubborn = connect(h);
    const err = await stubborn.conn.contacts.list({ cursor: null, pageSize: 10 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500, retryable: true });
    expect(stubborn.sleeps).toEqual([500, 1000, 2000]);
  });

  it('given records modified in the same second (and millisecond) as the cursor, when reading incrementally, then nothing is skipped or repeated', async () => {
    h = await startXero();
    const { conn } = connect(h);
    const start = new Date(h.clock.ms - 1000).toISOString();
    for (const name of ['A', 'B', 'C']) h.sb.admin.createContact({ Name: name });
    const first = await drain((cursor) => conn.contacts.listSince(start, cursor, 2));
    // Three records in one millisecond, two per page: the page boundary splits the tie.
    expect(first.items.map((c) => c.name).sort()).toEqual(['A', 'B', 'C']);
    expect(new Set(ids(first.items)).size).toBe(3);
    const checkpoint = (await conn.contacts.listSince(start, null, 100)).checkpoint;
    // Same millisecond as the last record seen, then later within the same second.
    h.sb.admin.createContact({ Name: 'D' });
    h.clock.advance(300);
    const a = first.items.find((c) => c.name === 'A');
    h.sb.admin.updateContact(a?.contactID ?? '', { EmailAddress: 'a@example.com' });
    const next = await conn.contacts.listSince(start, checkpoint, 100);
    expect(next.items.map((c) => c.name).sort()).toEqual(['A', 'D']);
    expect(next.nextCursor).toBeNull();
    const after = await conn.contacts.listSince(start, next.checkpoint, 100);
    expect(after.items).toEqual([]);
  });

  it('given a contact archived after a sync, when reading incrementally, then it comes back marked ARCHIVED', async () => {
    h = await startXero({ seed: { contacts: 3 } });
    const { conn } = connect(h);
    const base = await conn.contacts.listSince('2000-01-01T00:00:00Z', null, 100);
    expect(base.items).toHaveLength(3);
    h.clock.advance(2000);
    const victim = base.items[1]?.contactID ?? '';
    const archived = await conn.contacts.archive(victim, 'archive-1');
    expect(archived.contactStatus).toBe(Contact.ContactStatusEnum.ARCHIVED);
    const delta = await conn.contacts.listSince('2000-01-01T00:00:00Z', base.checkpoint, 100);
    expect(delta.items.map((c) => [c.contactID, c.contactStatus])).toEqual([[victim, Contact.ContactStatusEnum.ARCHIVED]]);
    expect((await conn.contacts.list({ cursor: null, pageSize: 100 })).items.find((c) => c.contactID === victim)?.contactStatus).toBe(Contact.ContactStatusEnum.ARCHIVED);
  });

  it('given connector writes, when upserting, creating a multi-line invoice and voiding it, then Xero state follows and replays are idempotent', async () => {
    h = await startXero();
    const { conn } = connect(h);
    const c1 = await conn.contacts.upsert({ name: 'Upsert Ltd', email: 'u@example.com' }, 'c-1');
    const c2 = await conn.contacts.upsert({ name: 'Upsert Ltd', email: 'u@example.com' }, 'c-1');
    expect(c2.contactID).toBe(c1.contactID);
    const renamed = await conn.contacts.upsert({ contactId: c1.contactID, name: 'Upsert Limited' }, 'c-2');
    expect(renamed.name).toBe('Upsert Limited');
    const inv = await conn.invoices.create(
      { type: 'ACCREC', contactId: c1.contactID ?? '', lineAmountTypes: 'Inclusive', status: 'AUTHORISED', dueDate: '2025-02-01', lineItems: [{ description: 'a', quantity: 2, unitAmount: 11.5, accountCode: '200', taxType: 'OUTPUT2' }, { description: 'b', quantity: 1, unitAmount: 5, accountCode: '200', taxType: 'NONE' }] },
      'inv-1',
    );
    expect({ total: inv.total, totalTax: inv.totalTax }).toEqual({ total: 28, totalTax: 3 });
    const voided = await conn.invoices.void(inv.invoiceID ?? '', 'void-1');
    expect(voided.status).toBe(Invoice.StatusEnum.VOIDED);
    expect((await conn.invoices.get(inv.invoiceID ?? ''))?.status).toBe(Invoice.StatusEnum.VOIDED);
    expect(await conn.invoices.get('99999999-9999-4999-8999-999999999999')).toBeNull();
    const since = await drain((cursor) => conn.invoices.listSince('2000-01-01T00:00:00Z', cursor, 10));
    expect(since.items.map((i) => i.invoiceID)).toEqual([inv.invoiceID]);
  });

  it('given an invalid invoice, when creating, then VendorError 400 carries Xero validation messages', async () => {
    h = await startXero({ seed: { contacts: 1 } });
    const { conn } = connect(h);
    const contactId = (await conn.contacts.list({ cursor: null, pageSize: 1 })).items[0]?.contactID ?? '';
    const err = await conn.invoices.create({ type: 'ACCREC', contactId, lineAmountTypes: 'Exclusive', currencyCode: 'JPY', lineItems: [{ description: 'x', quantity: 1, unitAmount: 1 }] }, 'bad-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ status: 400, retryable: false, code: 'ValidationException' });
    expect((err as VendorError).message).toContain('Organisation is not subscribed to currency JPY.');
  });
});
