import { type SandboxServer } from '../framework/server';
import { batch, fail, num, obj, str, type Prepared } from './batch';
import { parseXeroDate, startOfDay } from './dates';
import { notFound, validationMessage } from './errors';
import { envelope, mountXero, type XeroApiContext } from './http';
import { listQuery } from './list';
import { remainingCredit, renderPayment } from './render';
import { type Stored, type XeroState } from './state';
import { round } from './totals';
import { saveTransaction } from './transactions';
import { isObject, type JsonObject, type PaymentRecord, type TransactionRecord } from './types';

/**
 * Payments (https://developer.xero.com/documentation/api/accounting/payments):
 * against an AUTHORISED invoice (or a credit note: a refund), from an account
 * with payments enabled (a bank account), for at most the amount due. When the
 * amount due reaches zero the document becomes PAID with FullyPaidOnDate.
 * Deleting a payment (POST /Payments/{id} {"Status":"DELETED"}) reopens it.
 */

/** Re-derives PAID/AUTHORISED from what has been paid or credited and saves (fires UPDATE). */
export function settle(state: XeroState, doc: TransactionRecord, atDateMs: number): JsonObject {
  const outstanding = doc.kind === 'invoice' ? round(doc.Total - doc.AmountPaid - doc.AmountCredited) : remainingCredit(state, doc);
  const paid = outstanding <= 0;
  const next: TransactionRecord = { ...doc, Status: paid ? 'PAID' : doc.Status === 'PAID' ? 'AUTHORISED' : doc.Status };
  if (paid) next.fullyPaidOnMs = doc.fullyPaidOnMs ?? atDateMs;
  else delete next.fullyPaidOnMs;
  return saveTransaction(state, next, false);
}

function findDoc(state: XeroState, el: JsonObject, errors: string[]): Stored<TransactionRecord> | undefined {
  const inv = obj(el, 'Invoice');
  const cn = obj(el, 'CreditNote');
  if (inv) {
    const id = str(inv, 'InvoiceID', errors);
    const number = str(inv, 'InvoiceNumber', errors);
    const s = (id ? state.invoices.get(id) : undefined) ?? (number ? state.invoices.all().find((x) => x.rec.Number === number) : undefined);
    if (!s) errors.push('Invoice could not be found.');
    return s;
  }
  if (cn) {
    const id = str(cn, 'CreditNoteID', errors);
    const number = str(cn, 'CreditNoteNumber', errors);
    const s = (id ? state.creditNotes.get(id) : undefined) ?? (number ? state.creditNotes.all().find((x) => x.rec.Number === number) : undefined);
    if (!s) errors.push('Credit note could not be found.');
    return s;
  }
  errors.push('An Invoice or CreditNote must be specified for the payment.');
  return undefined;
}

export function preparePayment(state: XeroState, el: JsonObject): Prepared {
  const errors: string[] = [];
  const doc = findDoc(state, el, errors);
  const accountEl = obj(el, 'Account');
  const accountId = accountEl ? str(accountEl, 'AccountID', errors) : undefined;
  const accountCode = accountEl ? str(accountEl, 'Code', errors) : undefined;
  const account = (accountId ? state.accounts.get(accountId)?.rec : undefined) ?? (accountCode ? state.account(accountCode) : undefined);
  if (!account) errors.push('Account could not be found.');
  else if (!(account.Type === 'BANK' || account.EnablePaymentsToAccount)) errors.push(`Account ${account.Code} cannot accept payments.`);
  const amount = num(el, 'Amount', errors);
  if (amount === undefined || amount <= 0) errors.push('Payment amount must be greater than zero.');
  const dateRaw = str(el, 'Date', errors);
  const dateMs = dateRaw ? parseXeroDate(dateRaw) : startOfDay(state.now());
  if (dateMs === null) errors.push(`Date '${dateRaw ?? ''}' is not a valid date.`);
  if (doc && doc.rec.Status !== 'AUTHORISED') errors.push('Payments can only be made against Authorised documents.');
  const outstanding = doc ? (doc.rec.kind === 'invoice' ? round(doc.rec.Total - doc.rec.AmountPaid - doc.rec.AmountCredited) : remainingCredit(state, doc.rec)) : 0;
  if (doc && amount !== undefined && round(amount) > outstanding) errors.push(`Payment amount (${round(amount).toFixed(2)}) exceeds the amount outstanding on this document (${outstanding.toFixed(2)}).`);
  fail(errors);
  return {
    commit: () => {
      const d = doc as Stored<TransactionRecord>;
      const PaymentID = state.prng.uuid();
      const sales = d.rec.Type === 'ACCREC' || d.rec.Type === 'ACCRECCREDIT';
      const type: PaymentRecord['PaymentType'] = d.rec.kind === 'invoice' ? (sales ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT') : sales ? 'ARCREDITPAYMENT' : 'APCREDITPAYMENT';
      const reference = str(el, 'Reference', []);
      const rec: PaymentRecord = { PaymentID, documentId: d.rec.id, documentKind: d.rec.kind, AccountID: account?.AccountID ?? '', dateMs: dateMs ?? state.now(), Amount: round(amount ?? 0), Status: 'AUTHORISED', PaymentType: type, ...(reference !== undefined ? { Reference: reference } : {}) };
      const stored = state.payments.put(PaymentID, rec, state.now());
      settle(state, { ...d.rec, AmountPaid: round(d.rec.AmountPaid + rec.Amount), paymentIds: [...d.rec.paymentIds, PaymentID] }, rec.dateMs);
      return renderPayment(state, stored);
    },
  };
}

export function deletePayment(state: XeroState, s: Stored<PaymentRecord>): JsonObject {
  const at = state.now();
  const stored = state.payments.put(s.rec.PaymentID, { ...s.rec, Status: 'DELETED' }, at);
  const doc = (s.rec.documentKind === 'invoice' ? state.invoices : state.creditNotes).get(s.rec.documentId);
  if (doc) settle(state, { ...doc.rec, AmountPaid: round(doc.rec.AmountPaid - s.rec.Amount) }, at);
  return renderPayment(state, stored);
}

export function mountPaymentRoutes(server: SandboxServer, ctx: XeroApiContext): void {
  const { state } = ctx;
  // GET /Payments — https://developer.xero.com/documentation/api/accounting/payments#get-payments
  mountXero(server, ctx, 'GET', '/Payments', (req) => {
    const result = listQuery(req, { stored: state.payments.all(), render: (s) => renderPayment(state, s), id: (p) => p.PaymentID, pageSizeParam: true });
    return envelope(ctx, 'Payments', result.records, result.pagination ? { pagination: result.pagination } : {});
  });
  // PUT /Payments — one or many payments.
  mountXero(server, ctx, 'PUT', '/Payments', (req, body) => batch(ctx, req, body, 'Payments', (el) => preparePayment(state, el)));
  // POST /Payments — a single payment (createPayment).
  mountXero(server, ctx, 'POST', '/Payments', (req, body) => batch(ctx, req, body, 'Payments', (el) => preparePayment(state, el)));
  mountXero(server, ctx, 'GET', '/Payments/{PaymentID}', (req) => {
    const s = state.payments.get(req.params.PaymentID ?? '');
    return s ? envelope(ctx, 'Payments', [renderPayment(state, s)]) : notFound();
  });
  // POST /Payments/{PaymentID} {"Status":"DELETED"} — https://developer.xero.com/documentation/api/accounting/payments#deleting-payments
  mountXero(server, ctx, 'POST', '/Payments/{PaymentID}', (_req, body) => {
    const s = state.payments.get(_req.params.PaymentID ?? '');
    if (!s) return notFound();
    const el = isObject(body) && Array.isArray(body.Payments) && isObject(body.Payments[0]) ? body.Payments[0] : isObject(body) ? body : {};
    if (el.Status !== 'DELETED') throw validationMessage('Payments can only be updated to a Status of DELETED.', el);
    if (s.rec.Status === 'DELETED') throw validationMessage('This payment has already been deleted.', el);
    return envelope(ctx, 'Payments', [deletePayment(state, s)]);
  });
}
