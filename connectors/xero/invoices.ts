import { CurrencyCode, Invoice, LineAmountTypes, LineItem } from 'xero-node';
import { VendorError, type Page } from '../types';
import { orNull, type XeroApi } from './client';
import { MAX_PAGE_SIZE, pageCursor } from './contacts';
import { decodeCursor, readIncrementally, startCursor, type IncrementalPage } from './incremental';

/**
 * Invoices through xero-node (https://developer.xero.com/documentation/api/accounting/invoices):
 * paged reads (page + pageSize, line items included), incremental reads over
 * If-Modified-Since, multi-line creation with LineAmountTypes (Xero computes the
 * totals), and voiding (Status VOIDED; only invoices without payments).
 */

export interface XeroLineInput {
  description: string;
  quantity: number;
  unitAmount: number;
  accountCode?: string;
  taxType?: string;
  itemCode?: string;
  discountRate?: number;
}

export interface XeroInvoiceInput {
  type: 'ACCREC' | 'ACCPAY';
  contactId: string;
  lineAmountTypes: 'Exclusive' | 'Inclusive' | 'NoTax';
  status?: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED';
  /** yyyy-mm-dd */
  date?: string;
  dueDate?: string;
  currencyCode?: string;
  reference?: string;
  invoiceNumber?: string;
  lineItems: XeroLineInput[];
}

export interface XeroInvoices {
  list(opts: { cursor: string | null; pageSize: number }): Promise<Page<Invoice>>;
  listSince(modifiedAfter: string, cursor: string | null, pageSize?: number): Promise<IncrementalPage<Invoice>>;
  get(invoiceId: string): Promise<Invoice | null>;
  create(input: XeroInvoiceInput, idempotencyKey: string): Promise<Invoice>;
  void(invoiceId: string, idempotencyKey: string): Promise<Invoice>;
}

function toSdk(input: XeroInvoiceInput): Invoice {
  const inv = new Invoice();
  inv.type = Invoice.TypeEnum[input.type];
  inv.contact = { contactID: input.contactId };
  inv.lineAmountTypes = LineAmountTypes[input.lineAmountTypes];
  if (input.status) inv.status = Invoice.StatusEnum[input.status];
  if (input.date) inv.date = input.date;
  if (input.dueDate) inv.dueDate = input.dueDate;
  if (input.currencyCode) inv.currencyCode = CurrencyCode[input.currencyCode as keyof typeof CurrencyCode];
  if (input.reference) inv.reference = input.reference;
  if (input.invoiceNumber) inv.invoiceNumber = input.invoiceNumber;
  inv.lineItems = input.lineItems.map((l) => {
    const li = new LineItem();
    li.description = l.description;
    li.quantity = l.quantity;
    li.unitAmount = l.unitAmount;
    if (l.accountCode) li.accountCode = l.accountCode;
    if (l.taxType) li.taxType = l.taxType;
    if (l.itemCode) li.itemCode = l.itemCode;
    if (l.discountRate !== undefined) li.discountRate = l.discountRate;
    return li;
  });
  return inv;
}

function first(list: Invoice[] | undefined, operation: string): Invoice {
  const i = list?.[0];
  if (!i) throw new VendorError(`Xero ${operation}: empty response`, 'xero', 502, null, 'EMPTY');
  return i;
}

export function createXeroInvoices(api: XeroApi): XeroInvoices {
  const { tenantId } = api;
  const acc = api.xero.accountingApi;
  const page = (since: Date | undefined, order: string | undefined, p: number, size: number): Promise<Invoice[]> =>
    api.call('getInvoices', () => acc.getInvoices(tenantId, since, undefined, order, undefined, undefined, undefined, undefined, p, undefined, undefined, undefined, undefined, size)).then((b) => b.invoices ?? []);
  return {
    async list({ cursor, pageSize }) {
      const p = pageCursor(cursor);
      const size = Math.min(MAX_PAGE_SIZE, Math.max(1, pageSize));
      const items = await page(undefined, undefined, p, size);
      return { items, nextCursor: items.length === size ? String(p + 1) : null };
    },
    async listSince(modifiedAfter, cursor, pageSize = 100) {
      const size = Math.min(MAX_PAGE_SIZE, Math.max(1, pageSize));
      return readIncrementally(cursor ? decodeCursor(cursor) : startCursor(modifiedAfter), size, (since, p) => page(since, 'UpdatedDateUTC ASC', p, size), (i) => ({
        ms: i.updatedDateUTC instanceof Date ? i.updatedDateUTC.getTime() : 0,
        id: (i.invoiceID ?? '').toLowerCase(),
      }));
    },
    async get(invoiceId) {
      const body = await orNull(api.call('getInvoice', () => acc.getInvoice(tenantId, invoiceId)));
      return body?.invoices?.[0] ?? null;
    },
    async create(input, idempotencyKey) {
      const body = await api.call('createInvoices', () => acc.createInvoices(tenantId, { invoices: [toSdk(input)] }, true, undefined, idempotencyKey));
      return first(body.invoices, 'createInvoices');
    },
    async void(invoiceId, idempotencyKey) {
      const inv = new Invoice();
      inv.status = Invoice.StatusEnum.VOIDED;
      const body = await api.call('updateInvoice', () => acc.updateInvoice(tenantId, invoiceId, { invoices: [inv] }, undefined, idempotencyKey));
      return first(body.invoices, 'updateInvoice');
    },
  };
}
