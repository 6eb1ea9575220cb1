import { type SandboxRequest } from '../framework/server';
import { parseXeroDate } from './dates';
import { queryParseError } from './errors';
import { type Stored } from './state';
import { type JsonObject } from './types';
import { parseOrder, parseWhere } from './where';

/**
 * The shared GET-collection behaviour
 * (https://developer.xero.com/documentation/api/accounting/requests-and-responses):
 * - `If-Modified-Since` header: only records created or modified at or after that
 *   UTC timestamp (ISO `yyyy-mm-ddThh:mm:ss[.fff][Z]` or an HTTP date);
 * - `IDs` (comma-separated GUIDs), then `where` and `order` (see where.ts);
 * - `page` (1-based): 100 records per page, or `pageSize` (max 1000) where the
 *   endpoint takes it; paged responses carry `pagination {page,pageSize,pageCount,itemCount}`.
 *   Without `page` everything matching is returned.
 */

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ListOptions<T> {
  stored: Stored<T>[];
  render: (s: Stored<T>) => JsonObject;
  id: (rec: T) => string;
  /** Extra query filters of the endpoint (ContactIDs, Statuses, includeArchived...). */
  filter?: (s: Stored<T>, rendered: JsonObject) => boolean;
  pageSizeParam: boolean;
}

export interface ListResult {
  records: JsonObject[];
  paged: boolean;
  pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number };
}

export function intQuery(req: SandboxRequest, name: string): number | null {
  const v = req.query.get(name);
  if (v === null || v === '') return null;
  if (!/^-?\d+$/.test(v)) throw queryParseError(`${name} must be an integer`);
  return Number(v);
}

export function ifModifiedSince(req: SandboxRequest): number | null {
  const h = req.headers['if-modified-since'];
  if (!h) return null;
  return parseXeroDate(h);
}

export function listQuery<T>(req: SandboxRequest, opts: ListOptions<T>): ListResult {
  const since = ifModifiedSince(req);
  const ids = req.query.get('IDs');
  const idSet = ids ? new Set(ids.split(',').map((s) => s.trim().toLowerCase())) : null;
  const where = req.query.get('where');
  const predicate = where && where.trim() ? parseWhere(where) : null;
  const order = req.query.get('order');
  let rows = opts.stored
    .filter((s) => since === null || s.updatedMs >= since)
    .filter((s) => !idSet || idSet.has(opts.id(s.rec).toLowerCase()))
    .map((s) => ({ s, r: opts.render(s) }))
    .filter(({ s, r }) => (opts.filter ? opts.filter(s, r) : true))
    .filter(({ r }) => !predicate || predicate(r));
  if (order && order.trim()) {
    const cmp = parseOrder(order);
    rows = [...rows].sort((a, b) => cmp(a.r, b.r));
  }
  const page = intQuery(req, 'page');
  if (page === null) return { records: rows.map((x) => x.r), paged: false };
  const requested = opts.pageSizeParam ? intQuery(req, 'pageSize') : null;
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, requested ?? DEFAULT_PAGE_SIZE));
  const p = Math.max(1, page);
  const records = rows.slice((p - 1) * pageSize, p * pageSize).map((x) => x.r);
  return { records, paged: true, pagination: { page: p, pageSize, pageCount: Math.ceil(rows.length / pageSize), itemCount: rows.length } };
}
