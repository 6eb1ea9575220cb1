import { type SandboxResponse, type SandboxServer } from '../framework/server';
import { ValidationFailure } from './errors';
import { findContact, prepareContact } from './contacts';
import { findInvoice } from './invoices';
import { preparePayment } from './payments';
import { type XeroLimits } from './rate-limit';
import { type XeroState } from './state';
import { prepareTransaction } from './transactions';
import { isObject, type EventCategory, type Json, type JsonObject, type LineAmountType } from './types';
import { type XeroWebhooks } from './webhooks';

/**
 * What a user does by hand in the Xero web app: edits that reach the
 * organisation without going through the API but still bump UpdatedDateUTC and
 * fire the same webhooks. Invalid edits throw, with Xero's validation messages.
 */

export interface ContactEdit {
  Name?: string;
  FirstName?: string;
  LastName?: string;
  EmailAddress?: string;
  ContactNumber?: string;
}

export interface InvoiceDraft {
  ContactID: string;
  Type?: 'ACCREC' | 'ACCPAY';
  LineAmountTypes?: LineAmountType;
  CurrencyCode?: string;
  Status?: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED';
  Date?: string;
  DueDate?: string;
  Reference?: string;
  LineItems: { Description: string; Quantity: number; UnitAmount: number; AccountCode?: string; TaxType?: string; DiscountRate?: number }[];
}

function run<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ValidationFailure) throw new Error(`Xero rejected the edit: ${err.messages.join(' ')}`);
    throw err;
  }
}

const asJson = (o: object): JsonObject => JSON.parse(JSON.stringify(o)) as JsonObject;

export class XeroWebApp {
  constructor(private readonly state: XeroState) {}

  createContact(input: ContactEdit): JsonObject {
    return run(() => prepareContact(this.state, asJson(input), null).commit());
  }

  updateContact(contactId: string, patch: ContactEdit): JsonObject {
    const s = findContact(this.state, contactId);
    if (!s) throw new Error(`no contact ${contactId}`);
    return run(() => prepareContact(this.state, asJson(patch), s).commit());
  }

  archiveContact(contactId: string): JsonObject {
    const s = findContact(this.state, contactId);
    if (!s) throw new Error(`no contact ${contactId}`);
    return run(() => prepareContact(this.state, { ContactStatus: 'ARCHIVED' }, s).commit());
  }

  createInvoice(draft: InvoiceDraft): JsonObject {
    const { ContactID, ...rest } = draft;
    return run(() => prepareTransaction(this.state, 'invoice', asJson({ Type: 'ACCREC', ...rest, Contact: { ContactID } }), null, 2).commit());
  }

  /** "Approve": DRAFT/SUBMITTED → AUTHORISED. */
  approveInvoice(invoiceId: string): JsonObject {
    return this.setStatus(invoiceId, 'AUTHORISED');
  }

  voidInvoice(invoiceId: string): JsonObject {
    return this.setStatus(invoiceId, 'VOIDED');
  }

  /** Records a payment into the bank account (default: the amount due, account 090). */
  payInvoice(invoiceId: string, opts: { amount?: number; accountCode?: string; date?: string } = {}): JsonObject {
    const s = findInvoice(this.state, invoiceId);
    if (!s) throw new Error(`no invoice ${invoiceId}`);
    const due = s.rec.Total - s.rec.AmountPaid - s.rec.AmountCredited;
    const el: JsonObject = { Invoice: { InvoiceID: s.rec.id }, Account: { Code: opts.accountCode ?? '090' }, Amount: opts.amount ?? Number(due.toFixed(2)), ...(opts.date ? { Date: opts.date } : {}) };
    return run(() => preparePayment(this.state, el).commit());
  }

  private setStatus(invoiceId: string, status: string): JsonObject {
    const s = findInvoice(this.state, invoiceId);
    if (!s) throw new Error(`no invoice ${invoiceId}`);
    return run(() => prepareTransaction(this.state, 'invoice', { Status: status }, s, 2).commit());
  }
}

export interface AdminDeps {
  state: XeroState;
  webhooks: XeroWebhooks;
  limits: () => XeroLimits;
  setLimits: (l: XeroLimits) => void;
  reset: () => void;
  deliveries: () => { total: number; delivered: number };
}

function parseLimits(v: Json | undefined): XeroLimits | null {
  if (v === 'off' || v === 'realistic') return v;
  if (!isObject(v)) return null;
  const { perMinute, perDay, concurrent } = v;
  return typeof perMinute === 'number' && typeof perDay === 'number' && typeof concurrent === 'number' && perMinute > 0 && perDay > 0 && concurrent > 0 ? { perMinute, perDay, concurrent } : null;
}

const ok = (body: Json): SandboxResponse => ({ status: 200, body });
const bad = (message: string): SandboxResponse => ({ status: 400, body: { Message: message } });

/** Sandbox-only routes (no auth, not part of Xero's API, exempt from the contract). */
export function mountAdminRoutes(server: SandboxServer, deps: AdminDeps): void {
  const snapshot = (): Json => ({
    tenantId: deps.state.tenantId,
    organisation: deps.state.org.Name,
    counts: { contacts: deps.state.contacts.size, items: deps.state.items.size, invoices: deps.state.invoices.size, creditNotes: deps.state.creditNotes.size, payments: deps.state.payments.size },
    limits: deps.limits(),
    webhook: deps.webhooks.subscription ? { url: deps.webhooks.subscription.url, status: deps.webhooks.subscription.status, categories: deps.webhooks.subscription.categories } : null,
    webhookDeliveries: deps.deliveries(),
    contractViolations: server.violations.length,
  });
  const body = (json: unknown): JsonObject => (isObject(json) ? json : {});
  server.route('GET', '/_sandbox/state', () => ok(snapshot()));
  server.route('POST', '/_sandbox/reset', () => {
    deps.reset();
    return ok(snapshot());
  });
  server.route('GET', '/_sandbox/limits', () => ok({ limits: deps.limits() }));
  server.route('POST', '/_sandbox/limits', (req) => {
    const b = body(req.json);
    const limits = parseLimits(b.limits ?? b);
    if (!limits) return bad('body must be {"limits": "off" | "realistic" | {"perMinute": n, "perDay": n, "concurrent": n}}');
    deps.setLimits(limits);
    return ok({ limits });
  });
  server.route('POST', '/_sandbox/webhooks', async (req) => {
    const b = body(req.json);
    if (typeof b.url !== 'string') return bad('body must be {"url": "...", "categories": ["CONTACT","INVOICE"]}');
    const categories = Array.isArray(b.categories) ? b.categories.filter((c): c is EventCategory => c === 'CONTACT' || c === 'INVOICE' || c === 'CREDITNOTE') : undefined;
    const sub = await deps.webhooks.subscribe(b.url, categories);
    return ok(asJson(sub));
  });
}
