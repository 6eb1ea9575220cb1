import { type SandboxServer } from '../framework/server';
import { invalidRequest, resourceMissing } from './errors';
import { allowOnly, int, mergeMetadata, nullableStr, str, strList, sub } from './form';
import { mountApi, type ApiContext } from './http';
import { createdFilter, listParams, paginate } from './list';
import { type StripeState } from './state';
import { type FormObject, type JsonObject, type StripeObject } from './types';
import { type EmitOptions } from './webhooks';

/**
 * Customers (https://docs.stripe.com/api/customers): create, retrieve,
 * update, delete, list (filter `email`, `created`) and search
 * (https://docs.stripe.com/api/customers/search, `email:'x'` / `name:'x'` / `metadata['k']:'v'` clauses).
 * Events: customer.created / customer.updated (with previous_attributes) / customer.deleted.
 */

const WRITABLE = ['email', 'name', 'phone', 'description', 'metadata', 'address', 'shipping', 'preferred_locales', 'tax_exempt', 'balance', 'invoice_prefix'] as const;

function addressOf(form: FormObject, key: string): JsonObject | null | undefined {
  if (form[key] === '') return null;
  const a = sub(form, key);
  if (!a) return undefined;
  const field = (k: string): string | null => str(a, k) ?? null;
  return { city: field('city'), country: field('country'), line1: field('line1'), line2: field('line2'), postal_code: field('postal_code'), state: field('state') };
}

export function createCustomer(state: StripeState, form: FormObject, origin: EmitOptions = {}): StripeObject {
  allowOnly(form, WRITABLE);
  const email = str(form, 'email');
  if (email !== undefined && email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidRequest('Invalid email address: ' + email, 'email', 'email_invalid');
  const id = state.ids.id('cus');
  const customer: StripeObject = {
    id,
    object: 'customer',
    address: addressOf(form, 'address') ?? null,
    balance: int(form, 'balance') ?? 0,
    created: state.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: nullableStr(form, 'description') ?? null,
    discount: null,
    email: nullableStr(form, 'email') ?? null,
    invoice_prefix: str(form, 'invoice_prefix') ?? state.ids.chars(8, 'ABCDEF0123456789'),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: state.livemode,
    metadata: mergeMetadata({}, form),
    name: nullableStr(form, 'name') ?? null,
    next_invoice_sequence: 1,
    phone: nullableStr(form, 'phone') ?? null,
    preferred_locales: strList(form, 'preferred_locales') ?? [],
    shipping: null,
    tax_exempt: str(form, 'tax_exempt') ?? 'none',
    test_clock: null,
  };
  state.customers.insert(customer);
  state.bus.emit('customer.created', customer, origin);
  return customer;
}

export function updateCustomer(state: StripeState, id: string, form: FormObject, origin: EmitOptions = {}): StripeObject {
  const current = state.customers.get(id);
  if (!current) throw resourceMissing('customer', id);
  allowOnly(form, WRITABLE);
  const next: StripeObject = { ...current };
  for (const k of ['email', 'name', 'phone', 'description'] as const) {
    const v = nullableStr(form, k);
    if (v !== undefined) next[k] = v;
  }
  const address = addressOf(form, 'address');
  if (address !== undefined) next.address = address;
  const balance = int(form, 'balance');
  if (balance !== undefined) next.balance = balance;
  const taxExempt = str(form, 'tax_exempt');
  if (taxExempt !== undefined) next.tax_exempt = taxExempt;
  next.metadata = mergeMetadata((current.metadata as JsonObject | null) ?? {}, form);
  const previous: JsonObject = {};
  for (const [k, v] of Object.entries(next)) if (JSON.stringify(v) !== JSON.stringify(current[k])) previous[k] = current[k] ?? null;
  state.customers.replace(next);
  // Stripe only sends customer.updated when something changed.
  if (Object.keys(previous).length) state.bus.emit('customer.updated', next, { ...origin, previous });
  return next;
}

export function deleteCustomer(state: StripeState, id: string, origin: EmitOptions = {}): StripeObject {
  const current = state.customers.get(id);
  if (!current) throw resourceMissing('customer', id);
  state.customers.remove(id);
  state.deletedCustomers.add(id);
  state.bus.emit('customer.deleted', current, origin);
  return { id, object: 'customer', deleted: true };
}

/** A small subset of the Search Query Language: `field:'value'` clauses joined by AND / OR. */
function searchMatcher(query: string): (c: StripeObject) => boolean {
  const clauses = query.split(/\s+(AND|OR)\s+/);
  const terms: ((c: StripeObject) => boolean)[] = [];
  const ops: string[] = [];
  clauses.forEach((c, i) => {
    if (i % 2 === 1) return void ops.push(c);
    const m = /^(-)?(email|name|phone|metadata\['([^']+)'\]|created)(:|~|>=|<=|>|<)'?([^']*)'?$/.exec(c.trim());
    if (!m) throw invalidRequest(`The query \`${query}\` is not supported by the sandbox search. Use field:'value' clauses.`, 'query');
    const [, neg, field, metaKey, op, value] = m;
    const get = (o: StripeObject): string => String((metaKey ? (o.metadata as JsonObject)[metaKey] : o[field ?? '']) ?? '');
    const test = (o: StripeObject): boolean => {
      const v = get(o);
      if (op === ':') return v.toLowerCase() === (value ?? '').toLowerCase();
      if (op === '~') return v.toLowerCase().includes((value ?? '').toLowerCase());
      const n = Number(v), t = Number(value);
      return op === '>' ? n > t : op === '<' ? n < t : op === '>=' ? n >= t : n <= t;
    };
    terms.push(neg ? (o) => !test(o) : test);
  });
  return (o) => terms.reduce<boolean>((acc, t, i) => (i === 0 ? t(o) : ops[i - 1] === 'OR' ? acc || t(o) : acc && t(o)), false);
}

export function mountCustomerRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  const must = (id: string): StripeObject => {
    const c = state.customers.get(id);
    if (!c) throw resourceMissing('customer', id);
    return c;
  };
  // https://docs.stripe.com/api/customers/create
  mountApi(server, ctx, 'POST', '/v1/customers', (r) => createCustomer(state, r.form, r.origin));
  // https://docs.stripe.com/api/customers/list
  mountApi(server, ctx, 'GET', '/v1/customers', (r) => {
    listParams(r.form, ['email', 'test_clock']);
    const email = str(r.form, 'email');
    const inRange = createdFilter(r.form);
    const all = state.customers.newestFirst().filter((c) => inRange(c) && (email === undefined || c.email === email));
    return paginate(r.form, all, '/v1/customers', 'customer', (id) => state.customers.has(id));
  });
  // https://docs.stripe.com/api/customers/search — `page` is an opaque cursor (next_page).
  mountApi(server, ctx, 'GET', '/v1/customers/search', (r) => {
    allowOnly(r.form, ['query', 'limit', 'page']);
    const query = str(r.form, 'query');
    if (!query) throw invalidRequest('Missing required param: query.', 'query', 'parameter_missing');
    const limit = int(r.form, 'limit') ?? 10;
    const start = Number(Buffer.from(str(r.form, 'page') ?? '', 'base64url').toString() || '0');
    const hits = state.customers.newestFirst().filter(searchMatcher(query));
    const data = hits.slice(start, start + limit);
    const more = hits.length > start + limit;
    return { object: 'search_result', data, has_more: more, next_page: more ? Buffer.from(String(start + limit)).toString('base64url') : null, url: '/v1/customers/search' };
  });
  // https://docs.stripe.com/api/customers/retrieve — a deleted customer comes back as the deleted stub.
  mountApi(server, ctx, 'GET', '/v1/customers/{customer}', (r) => {
    allowOnly(r.form, []);
    const id = r.params.customer ?? '';
    if (state.deletedCustomers.has(id)) return { id, object: 'customer', deleted: true };
    return must(id);
  });
  // https://docs.stripe.com/api/customers/update
  mountApi(server, ctx, 'POST', '/v1/customers/{customer}', (r) => updateCustomer(state, r.params.customer ?? '', r.form, r.origin));
  // https://docs.stripe.com/api/customers/delete
  mountApi(server, ctx, 'DELETE', '/v1/customers/{customer}', (r) => deleteCustomer(state, r.params.customer ?? '', r.origin));
}
