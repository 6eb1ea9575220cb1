import { cloneCustomer, orderTotals, type AddressRecord, type ConsentRecord, type CustomerRecord, type EmailMarketingState, type OptInLevel, type SmsMarketingState } from './commerce-records';
import { restCustomer, restDeletedCustomer } from './commerce-rest';
import { parseGid } from './ids';
import type { UserErrorData } from './ops-common';
import { normaliseTags } from './records';
import type { ShopifyState } from './state';

/**
 * customerCreate / customerUpdate / customerDelete /
 * customerEmailMarketingConsentUpdate / customerSmsMarketingConsentUpdate,
 * with customers/* webhooks, plus the mandatory privacy webhooks.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/customerCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/customerEmailMarketingConsentUpdate
 * https://shopify.dev/docs/apps/build/privacy-law-compliance
 */

export interface AddressInput {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  provinceCode?: string | null;
  countryCode?: string | null;
  zip?: string | null;
  phone?: string | null;
}

interface ConsentInput<S> {
  marketingState: S;
  marketingOptInLevel?: OptInLevel | null;
  consentUpdatedAt?: string | null;
}

export interface CustomerInput {
  id?: string | null;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  note?: string | null;
  locale?: string | null;
  tags?: string[] | null;
  taxExempt?: boolean | null;
  addresses?: AddressInput[] | null;
  emailMarketingConsent?: ConsentInput<EmailMarketingState> | null;
  smsMarketingConsent?: ConsentInput<SmsMarketingState> | null;
}

export interface CustomerResult {
  customer: CustomerRecord | null;
  errors: UserErrorData[];
}

const COUNTRIES: Record<string, string> = { US: 'United States', CA: 'Canada', GB: 'United Kingdom', DE: 'Germany', FR: 'France', AU: 'Australia', NL: 'Netherlands', IE: 'Ireland', MX: 'Mexico' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[1-9]\d{6,14}$/;

export function toAddress(state: ShopifyState, a: AddressInput, id?: number): AddressRecord {
  const cc = a.countryCode ?? null;
  return {
    id: id ?? state.commerce.nextId('address'),
    firstName: a.firstName ?? null,
    lastName: a.lastName ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.provinceCode ?? null,
    provinceCode: a.provinceCode ?? null,
    country: cc ? (COUNTRIES[cc] ?? cc) : null,
    countryCode: cc,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
  };
}

/** Another live customer already using `email` / `phone`? Seeded rows are found by the index their values encode. */
function takenBy(state: ShopifyState, field: 'email' | 'phone', value: string, selfId: number | null): boolean {
  const store = state.commerce.customers;
  const wanted = value.toLowerCase();
  for (const c of store.written()) if (c.id !== selfId && (c[field] ?? '').toLowerCase() === wanted && store.stamps(c.id)) return true;
  const m = field === 'email' ? /\.(\d+)@example\.com$/.exec(wanted) : /(\d{7})$/.exec(wanted);
  if (!m) return false;
  const index = field === 'email' ? Number(m[1]) : Number(m[1]) - 1_000_000;
  if (state.commerce.seededCustomers.indexOf(state.commerce.seededCustomers.idOf(index)) === null) return false;
  const c = store.get(state.commerce.seededCustomers.idOf(index));
  return c !== undefined && c.id !== selfId && (c[field] ?? '').toLowerCase() === wanted;
}

function consent<S extends string>(state: ShopifyState, input: ConsentInput<S>): ConsentRecord<S> {
  const at = input.consentUpdatedAt ? Math.floor(Date.parse(input.consentUpdatedAt) / 1000) * 1000 : state.now();
  return { marketingState: input.marketingState, marketingOptInLevel: input.marketingOptInLevel ?? 'SINGLE_OPT_IN', consentUpdatedAt: Number.isNaN(at) ? state.now() : at };
}

function apply(state: ShopifyState, c: CustomerRecord, input: CustomerInput, errors: UserErrorData[]): void {
  if ('email' in input) {
    const email = input.email?.trim() || null;
    if (email && !EMAIL.test(email)) errors.push({ field: ['email'], message: 'Email is invalid' });
    else if (email && takenBy(state, 'email', email, c.id)) errors.push({ field: ['email'], message: 'Email has already been taken' });
    else c.email = email;
  }
  if ('phone' in input) {
    const phone = input.phone?.replace(/[\s()-]/g, '') || null;
    if (phone && !PHONE.test(phone)) errors.push({ field: ['phone'], message: 'Phone is invalid' });
    else if (phone && takenBy(state, 'phone', phone, c.id)) errors.push({ field: ['phone'], message: 'Phone has already been taken' });
    else c.phone = phone && !phone.startsWith('+') ? `+${phone}` : phone;
  }
  if ('firstName' in input) c.firstName = input.firstName ?? null;
  if ('lastName' in input) c.lastName = input.lastName ?? null;
  if ('note' in input) c.note = input.note ?? null;
  if (input.locale) c.locale = input.locale;
  if ('tags' in input) c.tags = normaliseTags(input.tags ?? []);
  if (typeof input.taxExempt === 'boolean') c.taxExempt = input.taxExempt;
  if (input.addresses) {
    c.addresses = input.addresses.map((a) => toAddress(state, a));
    c.defaultAddressId = c.addresses[0]?.id ?? null;
  }
  if (input.emailMarketingConsent) {
    if (!c.email) errors.push({ field: ['emailMarketingConsent'], message: 'An email address is required to set the email marketing consent state.' });
    else c.emailMarketingConsent = consent(state, input.emailMarketingConsent);
  }
  if (input.smsMarketingConsent) {
    if (!c.phone) errors.push({ field: ['smsMarketingConsent'], message: 'A phone number is required to set the SMS consent state.' });
    else c.smsMarketingConsent = consent(state, input.smsMarketingConsent);
  }
}

export function createCustomer(state: ShopifyState, input: CustomerInput): CustomerResult {
  const now = state.now();
  const c: CustomerRecord = {
    id: state.commerce.customers.allocateId(),
    email: null, phone: null, firstName: null, lastName: null, note: null, locale: 'en', tags: [], taxExempt: false, verifiedEmail: true, state: 'DISABLED',
    addresses: [], defaultAddressId: null, emailMarketingConsent: null, smsMarketingConsent: null, createdAt: now, updatedAt: now,
  };
  const errors: UserErrorData[] = [];
  apply(state, c, input, errors);
  if (!errors.length && !c.email && !c.phone && !c.firstName && !c.lastName) errors.push({ field: null, message: 'A name, phone number, or email address must be present' });
  if (errors.length) return { customer: null, errors };
  if (c.email && !c.emailMarketingConsent) c.emailMarketingConsent = { marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: null };
  if (c.phone && !c.smsMarketingConsent) c.smsMarketingConsent = { marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: null };
  state.commerce.customers.put(c);
  state.emitTopic('customers/create', customerPayload(state, c));
  return { customer: c, errors: [] };
}

export function updateCustomer(state: ShopifyState, id: number | null, input: CustomerInput): CustomerResult {
  const current = id === null ? undefined : state.commerce.customers.get(id);
  if (!current) return { customer: null, errors: [{ field: ['id'], message: 'Customer does not exist' }] };
  const next = cloneCustomer(current);
  const errors: UserErrorData[] = [];
  apply(state, next, input, errors);
  if (errors.length) return { customer: null, errors };
  return commitCustomer(state, current, next);
}

/** Stores a changed customer, stamps it and fires customers/update (+ the consent topic when it moved). */
export function commitCustomer(state: ShopifyState, before: CustomerRecord, next: CustomerRecord): CustomerResult {
  next.updatedAt = state.now();
  state.commerce.customers.put(next);
  state.emitTopic('customers/update', customerPayload(state, next));
  const a = before.emailMarketingConsent;
  const b = next.emailMarketingConsent;
  if (b && (a?.marketingState !== b.marketingState || a.marketingOptInLevel !== b.marketingOptInLevel)) {
    state.emitTopic('customers_email_marketing_consent/update', {
      customer_id: next.id,
      email_address: next.email,
      email_marketing_consent: { state: b.marketingState.toLowerCase(), opt_in_level: b.marketingOptInLevel?.toLowerCase() ?? null, consent_updated_at: b.consentUpdatedAt === null ? null : new Date(b.consentUpdatedAt).toISOString() },
    });
  }
  return { customer: next, errors: [] };
}

export function deleteCustomer(state: ShopifyState, id: number | null): { deletedId: number | null; errors: UserErrorData[] } {
  const current = id === null ? undefined : state.commerce.customers.get(id);
  if (!current) return { deletedId: null, errors: [{ field: ['id'], message: 'Customer does not exist' }] };
  if (state.commerce.orderIdsOfCustomer(current.id).length) return { deletedId: null, errors: [{ field: ['id'], message: 'Customer can’t be deleted because they have associated orders' }] };
  state.commerce.customers.remove(current.id);
  state.emitTopic('customers/delete', restDeletedCustomer(current));
  return { deletedId: current.id, errors: [] };
}

export function updateMarketingConsent(state: ShopifyState, kind: 'email' | 'sms', customerGid: string, input: ConsentInput<string>): CustomerResult {
  const p = parseGid(customerGid);
  const current = p?.type === 'Customer' ? state.commerce.customers.get(p.id) : undefined;
  if (!current) return { customer: null, errors: [{ field: ['input', 'customerId'], message: 'Customer not found', code: 'INVALID' }] };
  const next = cloneCustomer(current);
  const errors: UserErrorData[] = [];
  if (kind === 'email') apply(state, next, { emailMarketingConsent: input as ConsentInput<EmailMarketingState> }, errors);
  else apply(state, next, { smsMarketingConsent: input as ConsentInput<SmsMarketingState> }, errors);
  if (errors.length) return { customer: null, errors: errors.map((e) => ({ ...e, field: ['input', kind === 'email' ? 'emailMarketingConsent' : 'smsMarketingConsent'], code: 'INVALID' })) };
  return commitCustomer(state, current, next);
}

/** Order count, money spent and last order, for the REST payload and Customer fields. */
export function customerStats(state: ShopifyState, customerId: number): { count: number; spentCents: number; lastId: number | null; lastName: string | null } {
  const ids = state.commerce.orderIdsOfCustomer(customerId);
  let spent = 0;
  let last: { id: number; number: number } | null = null;
  for (const id of ids) {
    const o = state.commerce.orders.get(id)!;
    const t = orderTotals(o);
    spent += t.paid - t.refunded;
    last = { id: o.id, number: o.number };
  }
  return { count: ids.length, spentCents: spent, lastId: last?.id ?? null, lastName: last ? `#${last.number}` : null };
}

export function customerPayload(state: ShopifyState, c: CustomerRecord): Record<string, unknown> {
  return restCustomer(c, state.shop.ianaTimezone, customerStats(state, c.id));
}

/** customers/data_request: the shop owner asked for a customer's data. */
export function requestCustomerData(state: ShopifyState, customerId: number): Record<string, unknown> {
  const c = state.commerce.customers.get(customerId);
  if (!c) throw new Error(`Customer ${customerId} does not exist`);
  const payload = { shop_id: state.shop.id, shop_domain: state.shop.myshopifyDomain, orders_requested: state.commerce.orderIdsOfCustomer(c.id), customer: { id: c.id, email: c.email, phone: c.phone }, data_request: { id: state.commerce.nextId('redeemCode') } };
  state.emitTopic('customers/data_request', payload, { compliance: true });
  return payload;
}

/** customers/redact: erase a customer's data (the store asked, or 6 months without orders). */
export function redactCustomer(state: ShopifyState, customerId: number): Record<string, unknown> {
  const c = state.commerce.customers.get(customerId);
  if (!c) throw new Error(`Customer ${customerId} does not exist`);
  const payload = { shop_id: state.shop.id, shop_domain: state.shop.myshopifyDomain, customer: { id: c.id, email: c.email, phone: c.phone }, orders_to_redact: state.commerce.orderIdsOfCustomer(c.id) };
  state.emitTopic('customers/redact', payload, { compliance: true });
  return payload;
}

/** shop/redact: 48 hours after the app is uninstalled. */
export function redactShop(state: ShopifyState): Record<string, unknown> {
  const payload = { shop_id: state.shop.id, shop_domain: state.shop.myshopifyDomain };
  state.emitTopic('shop/redact', payload, { compliance: true });
  return payload;
}
