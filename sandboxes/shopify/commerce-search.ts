import { financialStatus, fulfillmentOrderStatus, fulfillmentStatus, type AutomaticDiscountRecord, type CustomerRecord, type OrderRecord } from './commerce-records';
import { discountStatus } from './discount-ops';
import { compare, compileTree, parseSearch, textContains, textEq, type Node, type SearchWarning } from './search-query';
import { parseSearchTime } from './shop-time';

/**
 * `query:` filters for customers, orders and automatic discounts, on the shared search syntax.
 * https://shopify.dev/docs/api/usage/search-syntax
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/automaticDiscountNodes#argument-query
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/orders#argument-query
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/customers#argument-query
 */

type Term = Extract<Node, { kind: 'term' }>;
type Leaf<C> = (t: Term) => ((c: C) => boolean) | null;

export interface CompiledFilter<C> {
  match: (c: C) => boolean;
  warnings: SearchWarning[];
}

function compileWith<C>(query: string, leaf: Leaf<C>, freeText: (c: C, v: string) => boolean): CompiledFilter<C> {
  const warnings: SearchWarning[] = [];
  const match = compileTree<C>(parseSearch(query), (t) => {
    if (t.field === null) return (c) => freeText(c, t.value);
    const compiled = leaf(t);
    if (compiled) return compiled;
    warnings.push({ field: t.field, message: 'Invalid search field for this query.' });
    return () => true;
  });
  return { match, warnings };
}

function timeTerm<C>(t: Term, tz: string, now: number, read: (c: C) => number | null, warnings: SearchWarning[]): (c: C) => boolean {
  const when = parseSearchTime(t.value, tz, now);
  if (when === null) {
    warnings.push({ field: t.field ?? '', message: `Invalid time value '${t.value}'.` });
    return () => true;
  }
  return (c) => {
    const v = read(c);
    return v !== null && compare(v, t.op, when);
  };
}

export function compileCustomerSearch(query: string, tz: string, now: number): CompiledFilter<CustomerRecord> {
  const extra: SearchWarning[] = [];
  const r = compileWith<CustomerRecord>(
    query,
    (t) => {
      const v = t.value;
      switch (t.field) {
        case 'id':
          return (c) => compare(c.id, t.op, Number(v));
        case 'email':
          return (c) => c.email !== null && textEq(c.email, v);
        case 'phone':
          return (c) => c.phone !== null && c.phone.replace(/\D/g, '').endsWith(v.replace(/\D/g, ''));
        case 'first_name':
          return (c) => c.firstName !== null && textEq(c.firstName, v);
        case 'last_name':
          return (c) => c.lastName !== null && textEq(c.lastName, v);
        case 'tag':
          return (c) => c.tags.some((x) => textEq(x, v));
        case 'tag_not':
          return (c) => !c.tags.some((x) => textEq(x, v));
        case 'state':
          return (c) => c.state.toLowerCase() === v.toLowerCase();
        case 'accepts_marketing':
          return (c) => (c.emailMarketingConsent?.marketingState === 'SUBSCRIBED') === (v.toLowerCase() === 'true');
        case 'country':
          return (c) => c.addresses.some((a) => (a.country !== null && textEq(a.country, v)) || (a.countryCode !== null && textEq(a.countryCode, v)));
        case 'created_at':
          return timeTerm(t, tz, now, (c) => c.createdAt, extra);
        case 'updated_at':
          return timeTerm(t, tz, now, (c) => c.updatedAt, extra);
        default:
          return null;
      }
    },
    (c, v) => textContains([c.firstName, c.lastName, c.email, c.phone, ...c.tags].filter(Boolean).join(' '), v),
  );
  return { match: r.match, warnings: [...r.warnings, ...extra] };
}

export function compileOrderSearch(query: string, tz: string, now: number): CompiledFilter<OrderRecord> {
  const extra: SearchWarning[] = [];
  const r = compileWith<OrderRecord>(
    query,
    (t) => {
      const v = t.value;
      const list = v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      switch (t.field) {
        case 'id':
          return (o) => compare(o.id, t.op, Number(v));
        case 'name':
          return (o) => textEq(`#${o.number}`, v.startsWith('#') ? v : `#${v}`) || textEq(String(o.number), v);
        case 'email':
          return (o) => o.email !== null && textEq(o.email, v);
        case 'customer_id':
          return (o) => o.customerId !== null && o.customerId === Number(v);
        case 'tag':
          return (o) => o.tags.some((x) => textEq(x, v));
        case 'tag_not':
          return (o) => !o.tags.some((x) => textEq(x, v));
        case 'sku':
          return (o) => o.lines.some((l) => l.sku !== null && textEq(l.sku, v));
        case 'source_name':
          return (o) => textEq(o.sourceName, v);
        case 'location_id':
          return (o) => o.locationId === Number(v);
        case 'test':
          return (o) => o.test === (v.toLowerCase() === 'true');
        case 'financial_status':
          return (o) => list.includes(financialStatus(o).toLowerCase());
        case 'fulfillment_status': {
          const map: Record<string, string> = { shipped: 'FULFILLED', fulfilled: 'FULFILLED', partial: 'PARTIALLY_FULFILLED', unshipped: 'UNFULFILLED', unfulfilled: 'UNFULFILLED' };
          // on_hold looks at the fulfillment order; a held order is still unfulfilled/unshipped too.
          return (o) => list.some((x) => (x === 'on_hold' ? fulfillmentOrderStatus(o) === 'ON_HOLD' : (map[x] ?? x.toUpperCase()) === fulfillmentStatus(o)));
        }
        case 'status':
          return (o) => list.some((x) => (x === 'open' ? o.closedAt === null && o.cancelledAt === null : x === 'closed' ? o.closedAt !== null : x === 'cancelled' ? o.cancelledAt !== null : x === 'any'));
        case 'created_at':
          return timeTerm(t, tz, now, (o) => o.createdAt, extra);
        case 'updated_at':
          return timeTerm(t, tz, now, (o) => o.updatedAt, extra);
        case 'processed_at':
          return timeTerm(t, tz, now, (o) => o.processedAt, extra);
        default:
          return null;
      }
    },
    (o, v) => textContains([`#${o.number}`, o.email ?? '', ...o.tags, ...o.lines.map((l) => `${l.title} ${l.sku ?? ''}`)].join(' '), v),
  );
  return { match: r.match, warnings: [...r.warnings, ...extra] };
}

/**
 * automaticDiscountNodes(query:): `id`, `status` (active / expired / scheduled),
 * `type` (all, all_with_app, percentage, fixed_amount; app and bxgy match
 * nothing, as the sandbox holds basic discounts only) and free text on the title.
 */
export function compileAutomaticDiscountSearch(query: string, now: number): CompiledFilter<AutomaticDiscountRecord> {
  return compileWith<AutomaticDiscountRecord>(
    query,
    (t) => {
      const list = t.value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      switch (t.field) {
        case 'id':
          return (d) => compare(d.id, t.op, Number(t.value));
        case 'status':
          return (d) => list.includes(discountStatus(d, now).toLowerCase());
        case 'type':
          return (d) => list.some((x) => x === 'all' || x === 'all_with_app' || (x === 'percentage' && d.value.kind === 'percentage') || (x === 'fixed_amount' && d.value.kind === 'amount'));
        default:
          return null;
      }
    },
    (d, v) => textContains(d.title, v),
  );
}
