import { Contact, CurrencyCode } from 'xero-node';
import { VendorError, type Page } from '../types';
import { orNull, type XeroApi } from './client';
import { decodeCursor, readIncrementally, startCursor, type IncrementalPage } from './incremental';

/**
 * Contacts through xero-node (https://developer.xero.com/documentation/api/accounting/contacts).
 * Xero never deletes contacts; `archive` sets ContactStatus ARCHIVED and every read
 * here passes includeArchived=true, so archival shows up in list and incremental reads.
 */

export interface XeroContactInput {
  /** Set to update that contact; absent creates (or updates the contact with the same ContactNumber). */
  contactId?: string;
  name: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  contactNumber?: string;
  accountNumber?: string;
  defaultCurrency?: string;
}

export interface XeroContacts {
  list(opts: { cursor: string | null; pageSize: number }): Promise<Page<Contact>>;
  listSince(modifiedAfter: string, cursor: string | null, pageSize?: number): Promise<IncrementalPage<Contact>>;
  get(contactId: string): Promise<Contact | null>;
  upsert(input: XeroContactInput, idempotencyKey: string): Promise<Contact>;
  archive(contactId: string, idempotencyKey: string): Promise<Contact>;
}

export const MAX_PAGE_SIZE = 1000;

export function pageCursor(cursor: string | null): number {
  if (cursor === null) return 1;
  if (!/^[1-9]\d*$/.test(cursor)) throw new VendorError(`Xero: malformed page cursor '${cursor}'`, 'xero', 400, null, 'BAD_CURSOR');
  return Number(cursor);
}

function toSdk(input: XeroContactInput): Contact {
  const c = new Contact();
  if (input.contactId) c.contactID = input.contactId;
  c.name = input.name;
  if (input.firstName !== undefined) c.firstName = input.firstName;
  if (input.lastName !== undefined) c.lastName = input.lastName;
  if (input.email !== undefined) c.emailAddress = input.email;
  if (input.contactNumber !== undefined) c.contactNumber = input.contactNumber;
  if (input.accountNumber !== undefined) c.accountNumber = input.accountNumber;
  if (input.defaultCurrency !== undefined) c.defaultCurrency = CurrencyCode[input.defaultCurrency as keyof typeof CurrencyCode];
  return c;
}

function first(list: Contact[] | undefined, operation: string): Contact {
  const c = list?.[0];
  if (!c) throw new VendorError(`Xero ${operation}: empty response`, 'xero', 502, null, 'EMPTY');
  return c;
}

export function createXeroContacts(api: XeroApi): XeroContacts {
  const { xero, tenantId } = api;
  const acc = xero.accountingApi;
  return {
    async list({ cursor, pageSize }) {
      const page = pageCursor(cursor);
      const size = Math.min(MAX_PAGE_SIZE, Math.max(1, pageSize));
      const body = await api.call('getContacts', () => acc.getContacts(tenantId, undefined, undefined, undefined, undefined, page, true, undefined, undefined, size));
      const items = body.contacts ?? [];
      const more = body.pagination?.pageCount !== undefined ? page < body.pagination.pageCount : items.length === size;
      return { items, nextCursor: more ? String(page + 1) : null };
    },
    async listSince(modifiedAfter, cursor, pageSize = 100) {
      const size = Math.min(MAX_PAGE_SIZE, Math.max(1, pageSize));
      const state = cursor ? decodeCursor(cursor) : startCursor(modifiedAfter);
      return readIncrementally(
        state,
        size,
        async (since, page) => (await api.call('getContacts', () => acc.getContacts(tenantId, since, undefined, 'UpdatedDateUTC ASC', undefined, page, true, undefined, undefined, size))).contacts ?? [],
        (c) => ({ ms: c.updatedDateUTC instanceof Date ? c.updatedDateUTC.getTime() : 0, id: (c.contactID ?? '').toLowerCase() }),
      );
    },
    async get(contactId) {
      const body = await orNull(api.call('getContact', () => acc.getContact(tenantId, contactId)));
      return body?.contacts?.[0] ?? null;
    },
    async upsert(input, idempotencyKey) {
      // POST /Contacts: create, or update when ContactID (or ContactNumber) matches.
      const body = await api.call('updateOrCreateContacts', () => acc.updateOrCreateContacts(tenantId, { contacts: [toSdk(input)] }, true, idempotencyKey));
      return first(body.contacts, 'updateOrCreateContacts');
    },
    async archive(contactId, idempotencyKey) {
      const c = new Contact();
      c.contactStatus = Contact.ContactStatusEnum.ARCHIVED;
      const body = await api.call('updateContact', () => acc.updateContact(tenantId, contactId, { contacts: [c] }, idempotencyKey));
      return first(body.contacts, 'updateContact');
    },
  };
}
