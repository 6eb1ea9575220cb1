import { type SandboxServer } from '../framework/server';
import { batch, bool, fail, str, type Prepared } from './batch';
import { notFound, validationMessage } from './errors';
import { boolQuery, envelope, mountXero, type XeroApiContext } from './http';
import { listQuery } from './list';
import { renderContact } from './render';
import { type Stored, type XeroState } from './state';
import { isObject, type Address, type ContactRecord, type ContactStatus, type JsonObject, type Phone } from './types';

/**
 * Contacts (https://developer.xero.com/documentation/api/accounting/contacts):
 * PUT creates, POST creates or updates (matched on ContactID, then ContactNumber),
 * POST /Contacts/{ContactID} updates; only the fields sent change. Contacts are
 * never deleted: ContactStatus ARCHIVED hides them from GET /Contacts unless
 * includeArchived=true. Names must be unique among active contacts.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STATUSES: ContactStatus[] = ['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'];

function addresses(el: JsonObject): Address[] | undefined {
  const v = el.Addresses;
  if (!Array.isArray(v)) return undefined;
  return v.filter(isObject).map((a) => ({
    AddressType: a.AddressType === 'POBOX' ? 'POBOX' : 'STREET',
    ...(typeof a.AddressLine1 === 'string' ? { AddressLine1: a.AddressLine1 } : {}),
    ...(typeof a.City === 'string' ? { City: a.City } : {}),
    ...(typeof a.Region === 'string' ? { Region: a.Region } : {}),
    ...(typeof a.PostalCode === 'string' ? { PostalCode: a.PostalCode } : {}),
    ...(typeof a.Country === 'string' ? { Country: a.Country } : {}),
  }));
}

function phones(el: JsonObject): Phone[] | undefined {
  const v = el.Phones;
  if (!Array.isArray(v)) return undefined;
  const types: Phone['PhoneType'][] = ['DEFAULT', 'DDI', 'MOBILE', 'FAX', 'OFFICE'];
  return v.filter(isObject).map((p) => ({
    PhoneType: types.find((t) => t === p.PhoneType) ?? 'DEFAULT',
    ...(typeof p.PhoneNumber === 'string' ? { PhoneNumber: p.PhoneNumber } : {}),
    ...(typeof p.PhoneAreaCode === 'string' ? { PhoneAreaCode: p.PhoneAreaCode } : {}),
    ...(typeof p.PhoneCountryCode === 'string' ? { PhoneCountryCode: p.PhoneCountryCode } : {}),
  }));
}

export function findContact(state: XeroState, idOrNumber: string): Stored<ContactRecord> | undefined {
  return state.contacts.get(idOrNumber) ?? state.contacts.all().find((s) => s.rec.ContactNumber !== undefined && s.rec.ContactNumber === idOrNumber);
}

/**
 * Validates one element against `existing` (null = create) and returns the
 * commit. Used by the API and by the web-app helpers, so both fire the same webhooks.
 */
export function prepareContact(state: XeroState, el: JsonObject, existing: Stored<ContactRecord> | null): Prepared & { id: string } {
  const errors: string[] = [];
  const name = str(el, 'Name', errors);
  const email = str(el, 'EmailAddress', errors);
  const number = str(el, 'ContactNumber', errors);
  const status = str(el, 'ContactStatus', errors);
  const currency = str(el, 'DefaultCurrency', errors);
  const finalName = (name ?? existing?.rec.Name ?? '').trim();
  if (!finalName) errors.push('The contact name must be specified.');
  if (finalName.length > 255) errors.push('The contact name must be 255 characters or fewer.');
  if (email && !EMAIL.test(email)) errors.push('Email address must be valid.');
  if (number && number.length > 50) errors.push('The contact number must be 50 characters or fewer.');
  if (status !== undefined && !STATUSES.some((s) => s === status)) errors.push(`ContactStatus '${status}' is not valid.`);
  if (currency && !state.currencies.has(currency)) errors.push(`Organisation is not subscribed to currency ${currency}.`);
  const id = existing?.rec.ContactID ?? state.prng.uuid();
  const finalStatus = STATUSES.find((s) => s === status) ?? existing?.rec.ContactStatus ?? 'ACTIVE';
  if (finalName && finalStatus === 'ACTIVE') {
    const clash = state.contacts.all().find((s) => s.rec.ContactID !== id && s.rec.ContactStatus === 'ACTIVE' && s.rec.Name.toLowerCase() === finalName.toLowerCase());
    if (clash) errors.push(`The contact name ${finalName} is already assigned to another contact. The contact name must be unique across all active contacts.`);
  }
  if (number) {
    const clash = state.contacts.all().find((s) => s.rec.ContactID !== id && s.rec.ContactNumber === number);
    if (clash) errors.push(`The contact number ${number} is already assigned to another contact.`);
  }
  fail(errors);
  return {
    id,
    commit: () => {
      const base: ContactRecord = existing ? { ...existing.rec } : { ContactID: id, ContactStatus: 'ACTIVE', Name: finalName, Addresses: [], Phones: [], IsSupplier: false, IsCustomer: false };
      const next: ContactRecord = { ...base, Name: finalName, ContactStatus: finalStatus };
      for (const k of ['FirstName', 'LastName', 'EmailAddress', 'CompanyNumber', 'TaxNumber', 'AccountNumber', 'ContactNumber', 'DefaultCurrency'] as const) {
        const v = el[k];
        if (typeof v === 'string') next[k] = v;
      }
      next.Addresses = addresses(el) ?? next.Addresses;
      next.Phones = phones(el) ?? next.Phones;
      next.IsSupplier = bool(el, 'IsSupplier') ?? next.IsSupplier;
      next.IsCustomer = bool(el, 'IsCustomer') ?? next.IsCustomer;
      const at = state.now();
      const stored = state.contacts.put(id, next, at);
      state.changed('CONTACT', existing ? 'UPDATE' : 'CREATE', id, at);
      return renderContact(stored);
    },
  };
}

export function mountContactRoutes(server: SandboxServer, ctx: XeroApiContext): void {
  const { state } = ctx;
  // GET /Contacts — https://developer.xero.com/documentation/api/accounting/contacts#get-contacts
  mountXero(server, ctx, 'GET', '/Contacts', (req) => {
    const archived = boolQuery(req, 'includeArchived') || req.query.get('IDs') !== null;
    const term = (req.query.get('searchTerm') ?? '').toLowerCase();
    const result = listQuery(req, {
      stored: state.contacts.all(),
      render: renderContact,
      id: (c) => c.ContactID,
      pageSizeParam: true,
      filter: (s) =>
        (archived || s.rec.ContactStatus !== 'ARCHIVED') &&
        (!term || [s.rec.Name, s.rec.FirstName, s.rec.LastName, s.rec.ContactNumber, s.rec.EmailAddress].some((f) => (f ?? '').toLowerCase().includes(term))),
    });
    return envelope(ctx, 'Contacts', result.records, result.pagination ? { pagination: result.pagination } : {});
  });
  // PUT /Contacts — create only.
  mountXero(server, ctx, 'PUT', '/Contacts', (req, body) =>
    batch(ctx, req, body, 'Contacts', (el) => {
      if (typeof el.ContactID === 'string' && state.contacts.get(el.ContactID)) throw validationMessage('A contact with this ContactID already exists; use POST to update it.', el);
      return prepareContact(state, el, null);
    }),
  );
  // POST /Contacts — create or update.
  mountXero(server, ctx, 'POST', '/Contacts', (req, body) =>
    batch(ctx, req, body, 'Contacts', (el) => {
      const byId = typeof el.ContactID === 'string' ? state.contacts.get(el.ContactID) : undefined;
      if (typeof el.ContactID === 'string' && !byId) throw validationMessage(`Contact with ContactID ${el.ContactID} could not be found.`, el);
      const byNumber = !byId && typeof el.ContactNumber === 'string' ? findContact(state, el.ContactNumber) : undefined;
      return prepareContact(state, el, byId ?? byNumber ?? null);
    }),
  );
  // GET /Contacts/{ContactID} and /Contacts/{ContactNumber} share one URL shape.
  mountXero(server, ctx, 'GET', '/Contacts/{ContactID}', (req) => {
    const s = findContact(state, req.params.ContactID ?? '');
    return s ? envelope(ctx, 'Contacts', [renderContact(s)]) : notFound();
  });
  // POST /Contacts/{ContactID} — update one.
  mountXero(server, ctx, 'POST', '/Contacts/{ContactID}', (req, body) => {
    const s = state.contacts.get(req.params.ContactID ?? '');
    if (!s) return notFound();
    return batch(ctx, req, body, 'Contacts', (el) => prepareContact(state, el, s));
  });
}
