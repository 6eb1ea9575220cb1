import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Allocation, Contact, CreditNote, CurrencyCode, Invoice, type Item, LineAmountTypes, type Payment } from 'xero-node';
import { failure, startXero, TENANT, type Harness } from './xero-harness';

/** Every Accounting resource the sandbox models, driven through the official xero-node SDK. */

let h: Harness;
beforeEach(async () => {
  h = await startXero({ seed: { contacts: 3, items: 2, seed: 7 } });
});
afterEach(async () => {
  expect(h.sb.server.violations).toEqual([]);
  await h.stop();
});

const api = (): Harness['xero']['accountingApi'] => h.xero.accountingApi;

async function newContact(name: string): Promise<string> {
  const res = await api().createContacts(TENANT, { contacts: [{ name, emailAddress: `${name.replace(/\s/g, '.').toLowerCase()}@example.com` }] });
  return res.body.contacts?.[0]?.contactID ?? '';
}

const lines = [
  { description: 'Beans', quantity: 3, unitAmount: 9.99, accountCode: '200', taxType: 'OUTPUT2' },
  { description: 'Service', quantity: 1, unitAmount: 100, accountCode: '200', taxType: 'NONE' },
  { description: 'Mugs', quantity: 2, unitAmount: 12.5, discountRate: 10, accountCode: '200', taxType: 'OUTPUT2' },
];

describe('Xero sandbox resources via xero-node', () => {
  it('given an organisation, when reading settings, then organisation, accounts, tax rates, currencies and connections are served in Xero envelopes', async () => {
    const org = await api().getOrganisations(TENANT);
    expect(org.body.organisations?.[0]?.organisationID).toBe(TENANT);
    expect(org.response.headers['x-minlimit-remaining']).toBeDefined();
    const accounts = await api().getAccounts(TENANT, undefined, 'Type=="BANK"');
    expect(accounts.body.accounts?.map((a) => a.code)).toEqual(['090']);
    const rates = await api().getTaxRates(TENANT);
    expect(rates.body.taxRates?.find((t) => t.taxType === 'OUTPUT2')?.effectiveRate).toBe(15);
    const added = await api().createCurrency(TENANT, { code: CurrencyCode.JPY });
    expect(added.body.currencies?.[0]?.code).toBe('JPY');
    const currencies = await api().getCurrencies(TENANT);
    expect(currencies.body.currencies?.map((c) => c.code)).toContain('JPY');
    const res = await fetch(`${h.base}/connections`, { headers: { authorization: 'Bearer xero-test-access-token' } });
    const conns = (await res.json()) as { tenantId: string; tenantType: string }[];
    expect(conns).toEqual([expect.objectContaining({ tenantId: TENANT, tenantType: 'ORGANISATION' })]);
  });

  it('given contacts, when paging, filtering, updating and archiving, then Xero semantics hold', async () => {
    const first = await api().getContacts(TENANT, undefined, undefined, 'Name ASC', undefined, 1, undefined, undefined, undefined, 2);
    expect(first.body.contacts).toHaveLength(2);
    expect(first.body.pagination).toMatchObject({ page: 1, pageSize: 2, pageCount: 2, itemCount: 3 });
    const id = await newContact('Kauri Books');
    const dup = await failure(api().createContacts(TENANT, { contacts: [{ name: 'kauri books' }] }));
    expect(dup.statusCode).toBe(400);
    expect(JSON.stringify(dup.body)).toContain('already assigned to another contact');
    const byWhere = await api().getContacts(TENANT, undefined, `ContactID==guid("${id}")`);
    expect(byWhere.body.contacts?.map((c) => c.name)).toEqual(['Kauri Books']);
    h.clock.advance(5000);
    const since = new Date(h.clock.ms);
    await api().updateContact(TENANT, id, { contacts: [{ emailAddress: 'hello@kauri.example' }] });
    const changed = await api().getContacts(TENANT, since);
    expect(changed.body.contacts?.map((c) => c.emailAddress)).toEqual(['hello@kauri.example']);
    await api().updateContact(TENANT, id, { contacts: [{ contactStatus: Contact.ContactStatusEnum.ARCHIVED }] });
    const active = await api().getContacts(TENANT);
    expect(active.body.contacts?.some((c) => c.contactID === id)).toBe(false);
    const all = await api().getContacts(TENANT, undefined, undefined, undefined, undefined, undefined, true);
    expect(all.body.contacts?.find((c) => c.contactID === id)?.contactStatus).toBe(Contact.ContactStatusEnum.ARCHIVED);
    const one = await api().getContact(TENANT, id);
    expect(one.body.contacts?.[0]?.updatedDateUTC).toBeInstanceOf(Date);
  });

  it('given items, when created, updated and deleted, then the item catalogue follows', async () => {
    const created = await api().createItems(TENANT, { items: [{ code: 'MUG-1', name: 'Mug', salesDetails: { unitPrice: 18.5, accountCode: '200', taxType: 'OUTPUT2' } }] });
    const item = created.body.items?.[0] as Item;
    expect(item.itemID).toBeTruthy();
    await api().updateItem(TENANT, item.itemID ?? '', { items: [{ code: 'MUG-1', name: 'Big Mug' }] });
    expect((await api().getItem(TENANT, 'MUG-1')).body.items?.[0]?.name).toBe('Big Mug');
    await api().deleteItem(TENANT, item.itemID ?? '');
    expect((await failure(api().getItem(TENANT, item.itemID ?? ''))).statusCode).toBe(404);
  });

  it.each([
    ['Exclusive', { subTotal: 152.47, totalTax: 7.88, total: 160.35 }],
    ['Inclusive', { subTotal: 145.63, totalTax: 6.84, total: 152.47 }],
    ['NoTax', { subTotal: 152.47, totalTax: 0, total: 152.47 }],
  ] as const)('given a three-line %s invoice, when created, then Xero computes per-line rounded totals', async (mode, totals) => {
    const contactID = await newContact(`Totals ${mode}`);
    const res = await api().createInvoices(TENANT, { invoices: [{ type: Invoice.TypeEnum.ACCREC, contact: { contactID }, lineAmountTypes: LineAmountTypes[mode], date: '2025-01-15', dueDate: '2025-02-15', lineItems: lines }] });
    const inv = res.body.invoices?.[0] as Invoice;
    expect({ subTotal: inv.subTotal, totalTax: inv.totalTax, total: inv.total }).toEqual(totals);
    expect(inv.status).toBe(Invoice.StatusEnum.DRAFT);
    expect(inv.invoiceNumber).toMatch(/^INV-\d{4}$/);
    expect(inv.lineItems?.map((l) => l.lineAmount)).toEqual([29.97, 100, 22.5]);
    if (mode === 'NoTax') expect(inv.lineItems?.every((l) => l.taxType === 'NONE')).toBe(true);
  });

  it('given a currency the organisation does not subscribe to, when creating an invoice, then a ValidationException names it', async () => {
    const contactID = await newContact('Tokyo Imports');
    const err = await failure(api().createInvoices(TENANT, { invoices: [{ type: Invoice.TypeEnum.ACCREC, contact: { contactID }, currencyCode: CurrencyCode.JPY, lineItems: [lines[0] ?? {}] }] }));
    expect(err.statusCode).toBe(400);
    expect(err.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred', Elements: [{ ValidationErrors: [{ Message: 'Organisation is not subscribed to currency JPY.' }] }] });
  });

  it('given an authorised invoice, when paid in two parts, then it becomes PAID; a paid invoice cannot be voided', async () => {
    const contactID = await newContact('Payer Ltd');
    const inv = (await api().createInvoices(TENANT, { invoices: [{ type: Invoice.TypeEnum.ACCREC, contact: { contactID }, status: Invoice.StatusEnum.AUTHORISED, dueDate: '2025-02-01', lineItems: [lines[1] ?? {}] }] })).body.invoices?.[0] as Invoice;
    const pay = (amount: number): Payment => ({ invoice: { invoiceID: inv.invoiceID }, account: { code: '090' }, amount, date: '2025-01-20' });
    await api().createPayment(TENANT, pay(40));
    expect((await api().getInvoice(TENANT, inv.invoiceID ?? '')).body.invoices?.[0]?.amountDue).toBe(60);
    const over = await failure(api().createPayments(TENANT, { payments: [pay(70)] }));
    expect(JSON.stringify(over.body)).toContain('exceeds the amount outstanding');
    await api().createPayments(TENANT, { payments: [pay(60)] });
    const paid = (await api().getInvoice(TENANT, inv.invoiceID ?? '')).body.invoices?.[0] as Invoice;
    expect(paid.status).toBe(Invoice.StatusEnum.PAID);
    expect(paid.payments).toHaveLength(2);
    expect((await api().getPayments(TENANT, undefined, 'Status=="AUTHORISED"')).body.payments).toHaveLength(2);
    const voidErr = await failure(api().updateInvoice(TENANT, inv.invoiceID ?? '', { invoices: [{ status: Invoice.StatusEnum.VOIDED }] }));
    expect(voidErr.statusCode).toBe(400);
  });

  it('given an authorised credit note, when allocated to an invoice, then both balances move and a full allocation pays the invoice', async () => {
    const contactID = await newContact('Credit Co');
    const inv = (await api().createInvoices(TENANT, { invoices: [{ type: Invoice.TypeEnum.ACCREC, contact: { contactID }, status: Invoice.StatusEnum.AUTHORISED, dueDate: '2025-02-01', lineItems: [lines[1] ?? {}] }] })).body.invoices?.[0] as Invoice;
    const cn = (await api().createCreditNotes(TENANT, { creditNotes: [{ type: CreditNote.TypeEnum.ACCRECCREDIT, contact: { contactID }, status: CreditNote.StatusEnum.AUTHORISED, lineItems: [{ description: 'Refund', quantity: 1, unitAmount: 150, accountCode: '200', taxType: 'NONE' }] }] })).body.creditNotes?.[0] as CreditNote;
    const allocation: Allocation = { invoice: { invoiceID: inv.invoiceID }, amount: 100, date: '2025-01-21' };
    const res = await api().createCreditNoteAllocation(TENANT, cn.creditNoteID ?? '', { allocations: [allocation] });
    expect(res.body.allocations?.[0]?.amount).toBe(100);
    const after = (await api().getInvoice(TENANT, inv.invoiceID ?? '')).body.invoices?.[0] as Invoice;
    expect({ status: after.status, amountCredited: after.amountCredited, amountDue: after.amountDue }).toEqual({ status: Invoice.StatusEnum.PAID, amountCredited: 100, amountDue: 0 });
    const note = (await api().getCreditNote(TENANT, cn.creditNoteID ?? '')).body.creditNotes?.[0] as CreditNote;
    expect(note.remainingCredit).toBe(50);
  });

  it('given invoices, when filtered with where, Statuses and IDs, then only matching ones come back', async () => {
    const contactID = await newContact('Filter Ltd');
    const mk = async (status: Invoice.StatusEnum): Promise<string> => (await api().createInvoices(TENANT, { invoices: [{ type: Invoice.TypeEnum.ACCREC, contact: { contactID }, status, dueDate: '2025-03-01', lineItems: [lines[0] ?? {}] }] })).body.invoices?.[0]?.invoiceID ?? '';
    const a = await mk(Invoice.StatusEnum.AUTHORISED);
    const d = await mk(Invoice.StatusEnum.DRAFT);
    const where = await api().getInvoices(TENANT, undefined, `Status=="AUTHORISED" AND Contact.ContactID==guid("${contactID}")`, undefined, undefined, undefined, undefined, undefined, 1);
    expect(where.body.invoices?.map((i) => i.invoiceID)).toEqual([a]);
    const byStatus = await api().getInvoices(TENANT, undefined, undefined, undefined, undefined, undefined, [contactID], ['DRAFT']);
    expect(byStatus.body.invoices?.map((i) => i.invoiceID)).toEqual([d]);
    const byIds = await api().getInvoices(TENANT, undefined, undefined, undefined, [a, d]);
    expect(byIds.body.invoices).toHaveLength(2);
  });
});
