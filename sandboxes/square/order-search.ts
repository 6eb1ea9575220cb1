import { apiError } from './errors';
import { type Order, type OrderStore } from './orders';
import { clampLimit, paginate, parseTime, sortBy, str, strings } from './pos-util';
import { isRecord } from './types';

/**
 * SearchOrders. https://developer.squareup.com/reference/square/orders-api/search-orders
 * - location_ids is required (1–10); filters: state, date_time (created_at /
 *   updated_at / closed_at range, which must match the sort field), customer,
 *   source, fulfillment;
 * - sort: sort_field CREATED_AT (default) | UPDATED_AT | CLOSED_AT,
 *   sort_order DESC by default; limit ≤ 1000 (default 500);
 * - return_entries: OrderEntry summaries instead of full orders.
 */

const SORT_FIELD: Record<string, 'created_at' | 'updated_at' | 'closed_at'> = { CREATED_AT: 'created_at', UPDATED_AT: 'updated_at', CLOSED_AT: 'closed_at' };

export function searchOrders(store: OrderStore, body: Record<string, unknown>, generation: number): { orders?: Order[]; order_entries?: Record<string, unknown>[]; cursor?: string } {
  const locs = strings(body.location_ids);
  if (!locs.length) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `location_ids`.', 'location_ids');
  if (locs.length > 10) throw apiError('ARRAY_LENGTH_TOO_LONG', 'At most 10 location_ids.', 'location_ids');
  const query = isRecord(body.query) ? body.query : {};
  const filter = isRecord(query.filter) ? query.filter : {};
  const sort = isRecord(query.sort) ? query.sort : {};
  const sortField = SORT_FIELD[str(sort.sort_field) ?? 'CREATED_AT'] ?? 'created_at';
  const desc = (str(sort.sort_order) ?? 'DESC') === 'DESC';
  const preds: ((o: Order) => boolean)[] = [(o) => locs.includes(o.location_id)];

  const states = isRecord(filter.state_filter) ? strings(filter.state_filter.states) : [];
  if (states.length) preds.push((o) => states.includes(o.state));
  const dt = isRecord(filter.date_time_filter) ? filter.date_time_filter : {};
  for (const field of ['created_at', 'updated_at', 'closed_at'] as const) {
    const range = dt[field];
    if (!isRecord(range)) continue;
    if (field !== sortField) throw apiError('INVALID_VALUE', `Filtering on ${field} requires sort_field ${field.toUpperCase()}.`, `query.filter.date_time_filter.${field}`);
    const start = parseTime(range.start_at, `query.filter.date_time_filter.${field}.start_at`);
    const end = parseTime(range.end_at, `query.filter.date_time_filter.${field}.end_at`);
    preds.push((o) => {
      const v = str(o[field]);
      const t = v ? Date.parse(v) : NaN;
      return !Number.isNaN(t) && (start === undefined || t >= start) && (end === undefined || t <= end);
    });
  }
  const customers = isRecord(filter.customer_filter) ? strings(filter.customer_filter.customer_ids) : [];
  if (customers.length) preds.push((o) => customers.includes(str(o.customer_id) ?? ''));
  const sources = isRecord(filter.source_filter) ? strings(filter.source_filter.source_names) : [];
  if (sources.length) preds.push((o) => sources.includes(isRecord(o.source) ? (str(o.source.name) ?? '') : ''));
  const ff = isRecord(filter.fulfillment_filter) ? filter.fulfillment_filter : {};
  const fTypes = strings(ff.fulfillment_types);
  const fStates = strings(ff.fulfillment_states);
  if (fTypes.length || fStates.length) {
    preds.push((o) => (Array.isArray(o.fulfillments) ? o.fulfillments : []).some((f) => isRecord(f) && (!fTypes.length || fTypes.includes(String(f.type))) && (!fStates.length || fStates.includes(String(f.state)))));
  }
  if (sortField === 'closed_at') preds.push((o) => typeof o.closed_at === 'string');

  const key = (o: Order): string => `${str(o[sortField]) ?? ''}|${o.id}`;
  const matching = [...store.byId.values()].filter((o) => preds.every((p) => p(o)));
  const limit = clampLimit(body.limit, 1000, 500);
  const { page, cursor } = paginate(sortBy(matching, key, desc), key, { cursor: body.cursor, limit, request: { l: [...locs].sort(), f: filter, s: sortField, d: desc, e: body.return_entries === true }, generation, desc });
  if (body.return_entries === true) return { order_entries: page.map((o) => ({ order_id: o.id, version: o.version, location_id: o.location_id })), ...(cursor ? { cursor } : {}) };
  return { orders: page.map((o) => structuredClone(o)), ...(cursor ? { cursor } : {}) };
}
