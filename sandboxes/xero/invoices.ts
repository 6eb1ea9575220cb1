import { type SandboxRequest, type SandboxServer } from '../framework/server';
import { batch } from './batch';
import { notFound, validationMessage } from './errors';
import { envelope, mountXero, type XeroApiContext } from './http';
import { intQuery, listQuery } from './list';
import { renderInvoice } from './render';
import { type Stored, type XeroState } from './state';
import { prepareTransaction } from './transactions';
import { type TransactionRecord } from './types';

/**
 * Invoices (https://developer.xero.com/documentation/api/accounting/invoices):
 * PUT creates, POST creates or updates (matched on InvoiceID, then InvoiceNumber),
 * POST /Invoices/{InvoiceID} updates (Status VOIDED voids, DELETED deletes a draft).
 * GET filters: IDs, InvoiceNumbers, ContactIDs, Statuses, where, order,
 * If-Modified-Since, page/pageSize. Paged (or single) reads carry line items;
 * an unpaged list is the summary without them ("page=1 – … with line items").
 */

const csv = (req: SandboxRequest, name: string): Set<string> | null => {
  const v = req.query.get(name);
  return v ? new Set(v.split(',').map((s) => s.trim().toLowerCase())) : null;
};

export function findInvoice(state: XeroState, idOrNumber: string): Stored<TransactionRecord> | undefined {
  return state.invoices.get(idOrNumber) ?? state.invoices.all().find((s) => s.rec.Number !== '' && s.rec.Number.toLowerCase() === idOrNumber.toLowerCase());
}

export function mountInvoiceRoutes(server: SandboxServer, ctx: XeroApiContext): void {
  const { state } = ctx;
  const unitdp = (req: SandboxRequest): number => intQuery(req, 'unitdp') ?? 2;

  // GET /Invoices — https://developer.xero.com/documentation/api/accounting/invoices#get-invoices
  mountXero(server, ctx, 'GET', '/Invoices', (req) => {
    const numbers = csv(req, 'InvoiceNumbers');
    const contacts = csv(req, 'ContactIDs');
    const statuses = csv(req, 'Statuses');
    const result = listQuery(req, {
      stored: state.invoices.all(),
      render: (s) => renderInvoice(state, s),
      id: (r) => r.id,
      pageSizeParam: true,
      filter: (s) =>
        (!numbers || numbers.has(s.rec.Number.toLowerCase())) && (!contacts || contacts.has(s.rec.ContactID.toLowerCase())) && (!statuses || statuses.has(s.rec.Status.toLowerCase())),
    });
    const records = result.paged ? result.records : result.records.map(({ LineItems: _omit, ...rest }) => rest);
    return envelope(ctx, 'Invoices', records, result.pagination ? { pagination: result.pagination } : {});
  });
  // PUT /Invoices — create.
  mountXero(server, ctx, 'PUT', '/Invoices', (req, body) =>
    batch(ctx, req, body, 'Invoices', (el) => {
      if (typeof el.InvoiceID === 'string' && state.invoices.get(el.InvoiceID)) throw validationMessage('An invoice with this InvoiceID already exists; use POST to update it.', el);
      return prepareTransaction(state, 'invoice', el, null, unitdp(req));
    }),
  );
  // POST /Invoices — create or update.
  mountXero(server, ctx, 'POST', '/Invoices', (req, body) =>
    batch(ctx, req, body, 'Invoices', (el) => {
      const byId = typeof el.InvoiceID === 'string' ? state.invoices.get(el.InvoiceID) : undefined;
      if (typeof el.InvoiceID === 'string' && !byId) throw validationMessage(`Invoice with InvoiceID ${el.InvoiceID} could not be found.`, el);
      const byNumber = !byId && typeof el.InvoiceNumber === 'string' ? findInvoice(state, el.InvoiceNumber) : undefined;
      return prepareTransaction(state, 'invoice', el, byId ?? byNumber ?? null, unitdp(req));
    }),
  );
  // GET /Invoices/{InvoiceID} — an id or an InvoiceNumber.
  mountXero(server, ctx, 'GET', '/Invoices/{InvoiceID}', (req) => {
    const s = findInvoice(state, req.params.InvoiceID ?? '');
    return s ? envelope(ctx, 'Invoices', [renderInvoice(state, s)]) : notFound();
  });
  // POST /Invoices/{InvoiceID} — update one.
  mountXero(server, ctx, 'POST', '/Invoices/{InvoiceID}', (req, body) => {
    const s = findInvoice(state, req.params.InvoiceID ?? '');
    if (!s) return notFound();
    return batch(ctx, req, body, 'Invoices', (el) => prepareTransaction(state, 'invoice', el, s, unitdp(req)));
  });
}
