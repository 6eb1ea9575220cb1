import { bool, fail, num, obj, str, type Prepared } from './batch';
import { parseXeroDate, startOfDay } from './dates';
import { prepareContact } from './contacts';
import { renderCreditNote, renderInvoice } from './render';
import { type Stored, type XeroState } from './state';
import { computeTotals, round } from './totals';
import { isObject, type InvoiceStatus, type JsonObject, type LineAmountType, type LineItemRecord, type TransactionRecord } from './types';

/**
 * Invoices and credit notes share one document model
 * (https://developer.xero.com/documentation/api/accounting/invoices,
 * https://developer.xero.com/documentation/api/accounting/creditnotes):
 * a contact (by ContactID, ContactNumber, or Name — an unknown Name creates the
 * contact), line items with account codes and tax types, LineAmountTypes
 * Exclusive/Inclusive/NoTax, a currency the organisation subscribes to, and the
 * status lifecycle (https://developer.xero.com/documentation/api/accounting/types#invoice-status-codes):
 * DRAFT ⇄ SUBMITTED → AUTHORISED → PAID (by payments/allocations only) or VOIDED
 * (only without payments); DRAFT/SUBMITTED → DELETED. PAID, VOIDED, DELETED are final.
 */

const MODES: LineAmountType[] = ['Exclusive', 'Inclusive', 'NoTax'];
const CREATE_STATUSES: InvoiceStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];
const NEXT: Record<InvoiceStatus, InvoiceStatus[]> = {
  DRAFT: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
  SUBMITTED: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
  AUTHORISED: ['AUTHORISED', 'VOIDED'],
  PAID: ['PAID'],
  VOIDED: ['VOIDED'],
  DELETED: ['DELETED'],
};

export type DocKind = TransactionRecord['kind'];

function docStore(state: XeroState, kind: DocKind): XeroState['invoices'] {
  return kind === 'invoice' ? state.invoices : state.creditNotes;
}

function lineItems(state: XeroState, raw: JsonObject[], mode: LineAmountType, errors: string[]): { lines: LineItemRecord[]; rates: number[] } {
  const lines: LineItemRecord[] = [];
  const rates: number[] = [];
  raw.forEach((el) => {
    const itemCode = str(el, 'ItemCode', errors);
    const item = itemCode ? state.items.all().find((s) => s.rec.Code.toLowerCase() === itemCode.toLowerCase())?.rec : undefined;
    if (itemCode && !item) errors.push(`Item code '${itemCode}' is not valid.`);
    const description = str(el, 'Description', errors) ?? item?.Description ?? item?.Name;
    const accountCode = str(el, 'AccountCode', errors) ?? item?.SalesDetails?.AccountCode;
    const account = accountCode ? state.account(accountCode) : undefined;
    if (accountCode && !account) errors.push(`Account code '${accountCode}' is not a valid code for this document.`);
    let taxType = str(el, 'TaxType', errors) ?? item?.SalesDetails?.TaxType ?? account?.TaxType ?? 'NONE';
    if (mode === 'NoTax') taxType = 'NONE';
    const rate = state.taxRates.get(taxType);
    if (!rate) errors.push(`The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`);
    const quantity = num(el, 'Quantity', errors) ?? 1;
    const unit = num(el, 'UnitAmount', errors) ?? item?.SalesDetails?.UnitPrice ?? 0;
    const discount = num(el, 'DiscountRate', errors);
    if (!description && !itemCode) errors.push('The description field is mandatory for each line item.');
    lines.push({
      LineItemID: typeof el.LineItemID === 'string' ? el.LineItemID : state.prng.uuid(),
      ...(description ? { Description: description } : {}),
      Quantity: round(quantity, 4),
      UnitAmount: round(unit, 4),
      ...(itemCode ? { ItemCode: item?.Code ?? itemCode } : {}),
      ...(accountCode ? { AccountCode: account?.Code ?? accountCode } : {}),
      TaxType: taxType,
      TaxAmount: 0,
      LineAmount: 0,
      ...(discount !== undefined ? { DiscountRate: discount } : {}),
    });
    rates.push(rate?.rate ?? 0);
  });
  return { lines, rates };
}

/** Validates one invoice/credit-note element (existing = update) and returns its commit. */
export function prepareTransaction(state: XeroState, kind: DocKind, el: JsonObject, existing: Stored<TransactionRecord> | null, unitdp: number): Prepared & { id: string } {
  const errors: string[] = [];
  const prev = existing?.rec;
  const types = kind === 'invoice' ? ['ACCREC', 'ACCPAY'] : ['ACCRECCREDIT', 'ACCPAYCREDIT'];
  const type = str(el, 'Type', errors) ?? prev?.Type;
  if (!type) errors.push(kind === 'invoice' ? 'Invoice Type must be specified.' : 'Credit Note Type must be specified.');
  else if (!types.includes(type)) errors.push(`Type '${type}' is not valid for this document; use ${types.join(' or ')}.`);
  if (prev && type && type !== prev.Type) errors.push('The document type cannot be changed.');

  // Contact: by id, number, or name (creating it when the name is new).
  const contactEl = obj(el, 'Contact');
  let contactId = prev?.ContactID;
  let newContact: (Prepared & { id: string }) | null = null;
  if (contactEl) {
    const id = str(contactEl, 'ContactID', errors);
    const number = str(contactEl, 'ContactNumber', errors);
    const name = str(contactEl, 'Name', errors);
    const found = (id ? state.contacts.get(id) : undefined) ?? (number ? state.contacts.all().find((s) => s.rec.ContactNumber === number) : undefined) ?? (!id && name ? state.contacts.all().find((s) => s.rec.Name.toLowerCase() === name.toLowerCase()) : undefined);
    if (found) contactId = found.rec.ContactID;
    else if (id) errors.push(`Contact with ContactID ${id} could not be found.`);
    else if (name) {
      newContact = prepareContact(state, { Name: name }, null);
      contactId = newContact.id;
    }
  }
  if (!contactId) errors.push('A Contact must be specified for this type of transaction.');

  const modeRaw = str(el, 'LineAmountTypes', errors);
  const mode = MODES.find((m) => m.toLowerCase() === (modeRaw ?? '').toLowerCase()) ?? prev?.LineAmountTypes ?? 'Exclusive';
  if (modeRaw && !MODES.some((m) => m.toLowerCase() === modeRaw.toLowerCase())) errors.push(`LineAmountTypes '${modeRaw}' is not valid; use Exclusive, Inclusive or NoTax.`);

  const currency = str(el, 'CurrencyCode', errors) ?? prev?.CurrencyCode ?? state.org.BaseCurrency;
  if (!state.currencies.has(currency)) errors.push(`Organisation is not subscribed to currency ${currency}.`);
  const rate = num(el, 'CurrencyRate', errors) ?? prev?.CurrencyRate ?? 1;
  if (currency === state.org.BaseCurrency && rate !== 1) errors.push('CurrencyRate must be 1 for the base currency.');

  const dateRaw = str(el, 'Date', errors);
  const dueRaw = str(el, 'DueDate', errors);
  const dateMs = dateRaw !== undefined ? parseXeroDate(dateRaw) : (prev?.dateMs ?? startOfDay(state.now()));
  const dueMs = dueRaw !== undefined ? parseXeroDate(dueRaw) : prev?.dueDateMs;
  if (dateMs === null) errors.push(`Date '${dateRaw ?? ''}' is not a valid date.`);
  if (dueMs === null) errors.push(`DueDate '${dueRaw ?? ''}' is not a valid date.`);

  const statusRaw = str(el, 'Status', errors);
  const known = (Object.keys(NEXT) as InvoiceStatus[]).find((k) => k === statusRaw);
  if (statusRaw !== undefined && !known) errors.push(`Status '${statusRaw}' is not valid.`);
  const status: InvoiceStatus = known ?? prev?.Status ?? 'DRAFT';
  const label = kind === 'invoice' ? 'Invoice' : 'Credit Note';
  if (!prev && !CREATE_STATUSES.includes(status)) errors.push(`${label} not of valid status for creation`);
  if (prev && !NEXT[prev.Status].includes(status)) errors.push(`${label} not of valid status for modification. This document has a status of ${prev.Status}.`);
  const applied = prev ? prev.paymentIds.length + prev.allocationIds.length > 0 : false;
  if (prev && status === 'VOIDED' && applied) errors.push(`This ${label.toLowerCase()} cannot be voided as it has payments or allocations applied to it.`);

  const rawLines = el.LineItems;
  if (rawLines !== undefined && !(Array.isArray(rawLines) && rawLines.every(isObject))) errors.push('LineItems must be an array of line items.');
  const editingLines = Array.isArray(rawLines) && rawLines.every(isObject);
  if (prev && editingLines && (applied || ['PAID', 'VOIDED', 'DELETED'].includes(prev.Status))) errors.push('This document cannot be edited as it has a payment or credit note allocated to it, or is not editable in its status.');
  const built = editingLines ? lineItems(state, rawLines as JsonObject[], mode, errors) : null;
  const lines = built?.lines ?? prev?.LineItems.map((l) => ({ ...l })) ?? [];
  const rates = built?.rates ?? lines.map((l) => (mode === 'NoTax' ? 0 : (state.taxRates.get(l.TaxType)?.rate ?? 0)));
  if (status !== 'DRAFT' && status !== 'DELETED' && status !== 'VOIDED' && lines.length === 0) errors.push(`${label} must have at least one line item.`);
  if ((status === 'AUTHORISED' || status === 'SUBMITTED') && lines.some((l) => !l.AccountCode)) errors.push("Account code '' is not a valid code for this document.");
  // Without unitdp=4 unit amounts are kept to 2 decimals.
  for (const l of lines) l.UnitAmount = round(l.UnitAmount, unitdp === 4 ? 4 : 2);
  const totals = computeTotals(lines.map((l, i) => ({ Quantity: l.Quantity, UnitAmount: l.UnitAmount, DiscountRate: l.DiscountRate, ratePercent: rates[i] ?? 0 })), mode);
  if (totals.Total < 0) errors.push('The document total cannot be negative.');

  const numberRaw = str(el, kind === 'invoice' ? 'InvoiceNumber' : 'CreditNoteNumber', errors);
  const sales = type === 'ACCREC' || type === 'ACCRECCREDIT';
  if (numberRaw && sales) {
    const clash = docStore(state, kind).all().find((s) => s.rec.id !== prev?.id && s.rec.Type === type && s.rec.Number.toLowerCase() === numberRaw.toLowerCase());
    if (clash) errors.push(`${kind === 'invoice' ? 'Invoice' : 'Credit Note'} # must be unique.`);
  }
  fail(errors);

  const id = prev?.id ?? state.prng.uuid();
  return {
    id,
    commit: () => {
      newContact?.commit();
      const number = numberRaw ?? prev?.Number ?? (sales ? (kind === 'invoice' ? state.nextInvoiceNumber() : state.nextCreditNoteNumber()) : '');
      const reference = str(el, 'Reference', []) ?? prev?.Reference;
      const rec: TransactionRecord = {
        id,
        kind,
        Type: type as TransactionRecord['Type'],
        ContactID: contactId ?? '',
        Number: number,
        ...(reference !== undefined ? { Reference: reference } : {}),
        dateMs: dateMs ?? startOfDay(state.now()),
        ...(dueMs !== undefined && dueMs !== null ? { dueDateMs: dueMs } : {}),
        Status: status,
        LineAmountTypes: mode,
        LineItems: lines.map((l, i) => ({ ...l, LineAmount: totals.lines[i]?.LineAmount ?? 0, TaxAmount: totals.lines[i]?.TaxAmount ?? 0 })),
        CurrencyCode: currency,
        CurrencyRate: rate,
        SubTotal: totals.SubTotal,
        TotalTax: totals.TotalTax,
        Total: totals.Total,
        AmountPaid: prev?.AmountPaid ?? 0,
        AmountCredited: prev?.AmountCredited ?? 0,
        ...(prev?.fullyPaidOnMs !== undefined ? { fullyPaidOnMs: prev.fullyPaidOnMs } : {}),
        SentToContact: bool(el, 'SentToContact') ?? prev?.SentToContact ?? false,
        paymentIds: prev?.paymentIds ?? [],
        allocationIds: prev?.allocationIds ?? [],
      };
      return saveTransaction(state, rec, existing === null);
    },
  };
}

/** Stores a document, flags its contact as customer/supplier, fires the webhook, renders it. */
export function saveTransaction(state: XeroState, rec: TransactionRecord, created: boolean): JsonObject {
  const at = state.now();
  const stored = docStore(state, rec.kind).put(rec.id, rec, at);
  const contact = state.contacts.get(rec.ContactID);
  if (contact) {
    const sales = rec.Type === 'ACCREC' || rec.Type === 'ACCRECCREDIT';
    if (sales ? !contact.rec.IsCustomer : !contact.rec.IsSupplier) state.contacts.put(contact.rec.ContactID, { ...contact.rec, ...(sales ? { IsCustomer: true } : { IsSupplier: true }) }, contact.updatedMs);
  }
  state.changed(rec.kind === 'invoice' ? 'INVOICE' : 'CREDITNOTE', created ? 'CREATE' : 'UPDATE', rec.id, at);
  return rec.kind === 'invoice' ? renderInvoice(state, stored) : renderCreditNote(state, stored);
}
