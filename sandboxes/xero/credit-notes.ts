import { type SandboxRequest, type SandboxServer } from '../framework/server';
import { batch, fail, num, obj, str, type Prepared } from './batch';
import { parseXeroDate, startOfDay } from './dates';
import { notFound, validationMessage } from './errors';
import { envelope, mountXero, type XeroApiContext } from './http';
import { intQuery, listQuery } from './list';
import { settle } from './payments';
import { remainingCredit, renderAllocation, renderCreditNote } from './render';
import { type Stored, type XeroState } from './state';
import { round } from './totals';
import { prepareTransaction } from './transactions';
import { type AllocationRecord, type JsonObject, type TransactionRecord } from './types';

/**
 * Credit notes (https://developer.xero.com/documentation/api/accounting/creditnotes)
 * and their allocations to invoices
 * (https://developer.xero.com/documentation/api/accounting/creditnotes#allocate-credit-notes):
 * an AUTHORISED credit note is applied to an AUTHORISED invoice of the same
 * contact, currency and side (ACCRECCREDIT → ACCREC, ACCPAYCREDIT → ACCPAY), for
 * at most the remaining credit and the invoice's amount due. A fully applied
 * credit note, and a fully credited invoice, become PAID.
 */

function findCreditNote(state: XeroState, idOrNumber: string): Stored<TransactionRecord> | undefined {
  return state.creditNotes.get(idOrNumber) ?? state.creditNotes.all().find((s) => s.rec.Number !== '' && s.rec.Number.toLowerCase() === idOrNumber.toLowerCase());
}

export function prepareAllocation(state: XeroState, cn: Stored<TransactionRecord>, el: JsonObject): Prepared {
  const errors: string[] = [];
  const invEl = obj(el, 'Invoice');
  const invId = invEl ? str(invEl, 'InvoiceID', errors) : undefined;
  const inv = invId ? state.invoices.get(invId) : undefined;
  if (!inv) errors.push('Invoice could not be found.');
  const amount = num(el, 'Amount', errors);
  if (amount === undefined || amount <= 0) errors.push('Allocation amount must be greater than zero.');
  const dateRaw = str(el, 'Date', errors);
  const dateMs = dateRaw ? parseXeroDate(dateRaw) : startOfDay(state.now());
  if (dateMs === null) errors.push(`Date '${dateRaw ?? ''}' is not a valid date.`);
  if (cn.rec.Status !== 'AUTHORISED') errors.push('Only AUTHORISED credit notes can be allocated.');
  if (inv) {
    if (inv.rec.Status !== 'AUTHORISED') errors.push('Credit notes can only be allocated to AUTHORISED invoices.');
    if (inv.rec.ContactID !== cn.rec.ContactID) errors.push('The invoice and the credit note must be for the same contact.');
    if (inv.rec.CurrencyCode !== cn.rec.CurrencyCode) errors.push('The invoice and the credit note must be in the same currency.');
    if ((cn.rec.Type === 'ACCRECCREDIT') !== (inv.rec.Type === 'ACCREC')) errors.push('A sales credit note can only be allocated to a sales invoice, and a bill credit note to a bill.');
    const due = round(inv.rec.Total - inv.rec.AmountPaid - inv.rec.AmountCredited);
    if (amount !== undefined && round(amount) > due) errors.push(`The allocation amount (${round(amount).toFixed(2)}) exceeds the amount due on the invoice (${due.toFixed(2)}).`);
  }
  const left = remainingCredit(state, cn.rec);
  if (amount !== undefined && round(amount) > left) errors.push(`The allocation amount (${round(amount).toFixed(2)}) exceeds the remaining credit (${left.toFixed(2)}).`);
  fail(errors);
  return {
    commit: () => {
      const i = inv as Stored<TransactionRecord>;
      const a: AllocationRecord = { AllocationID: state.prng.uuid(), creditNoteId: cn.rec.id, invoiceId: i.rec.id, Amount: round(amount ?? 0), dateMs: dateMs ?? state.now(), IsDeleted: false };
      state.allocations.put(a.AllocationID, a, state.now());
      settle(state, { ...i.rec, AmountCredited: round(i.rec.AmountCredited + a.Amount), allocationIds: [...i.rec.allocationIds, a.AllocationID] }, a.dateMs);
      const fresh = state.creditNotes.get(cn.rec.id)?.rec ?? cn.rec;
      settle(state, { ...fresh, allocationIds: [...fresh.allocationIds, a.AllocationID] }, a.dateMs);
      return renderAllocation(state, a);
    },
  };
}

function deleteAllocation(state: XeroState, a: AllocationRecord): JsonObject {
  const gone = { ...a, IsDeleted: true };
  state.allocations.put(a.AllocationID, gone, state.now());
  const inv = state.invoices.get(a.invoiceId);
  if (inv) settle(state, { ...inv.rec, AmountCredited: round(inv.rec.AmountCredited - a.Amount), allocationIds: inv.rec.allocationIds.filter((x) => x !== a.AllocationID) }, a.dateMs);
  const cn = state.creditNotes.get(a.creditNoteId);
  if (cn) settle(state, { ...cn.rec, allocationIds: cn.rec.allocationIds.filter((x) => x !== a.AllocationID) }, a.dateMs);
  return renderAllocation(state, gone);
}

export function mountCreditNoteRoutes(server: SandboxServer, ctx: XeroApiContext): void {
  const { state } = ctx;
  const unitdp = (req: SandboxRequest): number => intQuery(req, 'unitdp') ?? 2;
  // GET /CreditNotes — https://developer.xero.com/documentation/api/accounting/creditnotes#get-creditnotes
  mountXero(server, ctx, 'GET', '/CreditNotes', (req) => {
    const result = listQuery(req, { stored: state.creditNotes.all(), render: (s) => renderCreditNote(state, s), id: (r) => r.id, pageSizeParam: true });
    return envelope(ctx, 'CreditNotes', result.records, result.pagination ? { pagination: result.pagination } : {});
  });
  mountXero(server, ctx, 'PUT', '/CreditNotes', (req, body) =>
    batch(ctx, req, body, 'CreditNotes', (el) => {
      if (typeof el.CreditNoteID === 'string' && state.creditNotes.get(el.CreditNoteID)) throw validationMessage('A credit note with this CreditNoteID already exists; use POST to update it.', el);
      return prepareTransaction(state, 'creditnote', el, null, unitdp(req));
    }),
  );
  mountXero(server, ctx, 'POST', '/CreditNotes', (req, body) =>
    batch(ctx, req, body, 'CreditNotes', (el) => {
      const byId = typeof el.CreditNoteID === 'string' ? state.creditNotes.get(el.CreditNoteID) : undefined;
      if (typeof el.CreditNoteID === 'string' && !byId) throw validationMessage(`Credit note with CreditNoteID ${el.CreditNoteID} could not be found.`, el);
      const byNumber = !byId && typeof el.CreditNoteNumber === 'string' ? findCreditNote(state, el.CreditNoteNumber) : undefined;
      return prepareTransaction(state, 'creditnote', el, byId ?? byNumber ?? null, unitdp(req));
    }),
  );
  mountXero(server, ctx, 'GET', '/CreditNotes/{CreditNoteID}', (req) => {
    const s = findCreditNote(state, req.params.CreditNoteID ?? '');
    return s ? envelope(ctx, 'CreditNotes', [renderCreditNote(state, s)]) : notFound();
  });
  mountXero(server, ctx, 'POST', '/CreditNotes/{CreditNoteID}', (req, body) => {
    const s = findCreditNote(state, req.params.CreditNoteID ?? '');
    if (!s) return notFound();
    return batch(ctx, req, body, 'CreditNotes', (el) => prepareTransaction(state, 'creditnote', el, s, unitdp(req)));
  });
  // PUT /CreditNotes/{CreditNoteID}/Allocations
  mountXero(server, ctx, 'PUT', '/CreditNotes/{CreditNoteID}/Allocations', (req, body) => {
    const cn = state.creditNotes.get(req.params.CreditNoteID ?? '');
    if (!cn) return notFound();
    return batch(ctx, req, body, 'Allocations', (el) => prepareAllocation(state, state.creditNotes.get(cn.rec.id) ?? cn, el));
  });
  // DELETE /CreditNotes/{CreditNoteID}/Allocations/{AllocationID}
  mountXero(server, ctx, 'DELETE', '/CreditNotes/{CreditNoteID}/Allocations/{AllocationID}', (req) => {
    const a = state.allocations.get(req.params.AllocationID ?? '');
    if (!a || a.rec.IsDeleted || a.rec.creditNoteId.toLowerCase() !== (req.params.CreditNoteID ?? '').toLowerCase()) return notFound();
    return { status: 200, body: deleteAllocation(state, a.rec) };
  });
}
