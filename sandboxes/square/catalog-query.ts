import { apiError } from './errors';
import { attributeOf, firstAfter, type CatalogStore, type Stored } from './catalog-store';
import { decodeCursor, encodeCursor, requestHash, type CursorState } from './cursor';
import { DEFAULT_TOP_LEVEL_TYPES, isRecord } from './types';

/**
 * SearchCatalogObjects: https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects
 * Query semantics from the spec's CatalogQuery: exact, prefix, range, set,
 * text and sorted-attribute filters over the searchable attributes (name,
 * description, abbreviation, sku, upc, caption, display_name). String
 * comparisons are case-insensitive, like Square's search index. `text_query`
 * takes 1–3 keywords, ignores keywords shorter than 3 alphanumerics, and
 * matches each keyword as a prefix of a token ("independent of token order or case").
 */

export interface SearchRequest {
  object_types?: string[];
  include_deleted_objects?: boolean;
  begin_time?: string;
  query?: Record<string, unknown>;
  limit?: number;
  cursor?: string;
}

export interface Page {
  objects: Stored[];
  cursor?: string;
}

/** Default and ceiling of SearchCatalogObjects `limit` ("higher than the maximum limit of 1,000 ... ignored"). */
export const SEARCH_DEFAULT_LIMIT = 100;
export const SEARCH_MAX_LIMIT = 1000;
/** How far past a full page we look to decide whether to hand out a cursor at all. */
const PEEK_BUDGET = 1000;
const SEARCHABLE = ['name', 'description', 'abbreviation', 'sku', 'upc', 'caption', 'display_name'];

type Predicate = (s: Stored) => boolean;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const lower = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v).toLowerCase());

function filters(q: Record<string, unknown>): Predicate[] {
  const out: Predicate[] = [];
  const exact = isRecord(q.exact_query) ? q.exact_query : null;
  if (exact) {
    const want = str(exact.attribute_value).toLowerCase();
    out.push((s) => lower(attributeOf(s.obj, str(exact.attribute_name))) === want);
  }
  const prefix = isRecord(q.prefix_query) ? q.prefix_query : null;
  if (prefix) {
    const want = str(prefix.attribute_prefix).toLowerCase();
    out.push((s) => lower(attributeOf(s.obj, str(prefix.attribute_name)))?.startsWith(want) ?? false);
  }
  const set = isRecord(q.set_query) ? q.set_query : null;
  if (set) {
    const values = new Set((Array.isArray(set.attribute_values) ? set.attribute_values : []).map((v) => String(v).toLowerCase()));
    out.push((s) => values.has(lower(attributeOf(s.obj, str(set.attribute_name))) ?? '\u0000'));
  }
  const range = isRecord(q.range_query) ? q.range_query : null;
  if (range) {
    const min = typeof range.attribute_min_value === 'number' ? range.attribute_min_value : -Infinity;
    const max = typeof range.attribute_max_value === 'number' ? range.attribute_max_value : Infinity;
    out.push((s) => {
      const v = Number(attributeOf(s.obj, str(range.attribute_name)));
      return Number.isFinite(v) && v >= min && v <= max;
    });
  }
  const text = isRecord(q.text_query) ? q.text_query : null;
  if (text) {
    const keywords = (Array.isArray(text.keywords) ? text.keywords : []).map((k) => String(k).toLowerCase());
    if (keywords.length > 3) throw apiError('ARRAY_LENGTH_TOO_LONG', 'text_query accepts 1, 2, or 3 keywords.', 'query.text_query.keywords');
    const used = keywords.filter((k) => k.replace(/[^\p{L}\p{N}]/gu, '').length >= 3);
    out.push((s) => {
      const tokens = SEARCHABLE.flatMap((a) => lower(attributeOf(s.obj, a))?.split(/[^\p{L}\p{N}]+/u) ?? []);
      return used.every((k) => tokens.some((t) => t.startsWith(k.replace(/[^\p{L}\p{N}]/gu, ''))));
    });
  }
  return out;
}

export interface SortedEntry {
  v: string;
  s: Stored;
}

/**
 * Index where a page of a (value, seq)-sorted list starts: strictly after
 * `after` when ascending, strictly before it when descending (binary search).
 */
export function sortedStart(list: readonly SortedEntry[], after: [string, number] | null, desc: boolean): number {
  if (!after) return desc ? list.length - 1 : 0;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = list[mid] as SortedEntry;
    const c = e.v < after[0] ? -1 : e.v > after[0] ? 1 : e.s.seq - after[1];
    if (c <= 0) lo = mid + 1;
    else hi = mid;
  }
  if (!desc) return lo;
  // lo - 1 is the last entry <= after; skip it when it *is* `after` (the previous page's last object).
  const prev = list[lo - 1];
  return prev && prev.v === after[0] && prev.s.seq === after[1] ? lo - 2 : lo - 1;
}

/** Sorted snapshots for sorted_attribute_query, rebuilt only when the catalog changed. */
const sortedCache = new WeakMap<CatalogStore, Map<string, { stamp: string; list: SortedEntry[] }>>();

function sortedSnapshot(store: CatalogStore, types: readonly string[], attribute: string): SortedEntry[] {
  const perStore = sortedCache.get(store) ?? new Map<string, { stamp: string; list: SortedEntry[] }>();
  sortedCache.set(store, perStore);
  const key = `${attribute}|${types.join(',')}`;
  const stamp = `${store.generation}:${store.version}`;
  const hit = perStore.get(key);
  if (hit && hit.stamp === stamp) return hit.list;
  const list: SortedEntry[] = [];
  for (const t of types) for (const s of store.typeList(t)) list.push({ v: lower(attributeOf(s.obj, attribute)) ?? '', s });
  list.sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.s.seq - b.s.seq));
  perStore.set(key, { stamp, list });
  return list;
}

/** Objects of `types` in creation order after `afterSeq` (k-way merge of the per-type lists). */
export function* bySeq(store: CatalogStore, types: readonly string[], afterSeq: number): Generator<Stored> {
  const lists = types.map((t) => store.typeList(t));
  const pos = lists.map((l) => firstAfter(l, afterSeq));
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const cand = lists[i]?.[pos[i] ?? 0];
      if (cand && (best < 0 || cand.seq < (lists[best]?.[pos[best] ?? 0]?.seq ?? Infinity))) best = i;
    }
    if (best < 0) return;
    const s = lists[best]?.[pos[best] ?? 0];
    pos[best] = (pos[best] ?? 0) + 1;
    if (s) yield s;
  }
}

/** Ordered candidates + how to turn a returned object into the next cursor key. */
function source(store: CatalogStore, req: SearchRequest, types: readonly string[], from: CursorState | null): { iter: Iterable<Stored>; keyOf: (s: Stored) => CursorState['k'] } {
  const q = req.query ?? {};
  const sorted = isRecord(q.sorted_attribute_query) ? q.sorted_attribute_query : null;
  if (req.begin_time) {
    const since = Date.parse(req.begin_time);
    if (Number.isNaN(since)) throw apiError('INVALID_TIME', 'begin_time must be an RFC 3339 timestamp.', 'begin_time');
    const changes = store.changes;
    let start = typeof from?.k === 'number' ? from.k + 1 : 0;
    if (!from) {
      let lo = 0;
      let hi = changes.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((changes[mid]?.version ?? 0) <= since) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const index = new Map<Stored, number>();
    const iter = (function* () {
      for (let i = start; i < changes.length; i++) {
        const c = changes[i];
        if (!c || c.version !== c.stored.obj.version) continue; // superseded by a later write
        index.set(c.stored, i);
        yield c.stored;
      }
    })();
    return { iter, keyOf: (s) => index.get(s) ?? 0 };
  }
  if (sorted) {
    const attr = str(sorted.attribute_name);
    const desc = sorted.sort_order === 'DESC';
    const list = sortedSnapshot(store, types, attr);
    const initial = typeof sorted.initial_attribute_value === 'string' ? sorted.initial_attribute_value.toLowerCase() : null;
    const after: [string, number] | null = Array.isArray(from?.k) ? from.k : initial === null ? null : desc ? [initial, Infinity] : [initial, -Infinity];
    const start = sortedStart(list, after, desc);
    const iter = (function* () {
      for (let i = start; desc ? i >= 0 : i < list.length; i += desc ? -1 : 1) yield (list[i] as SortedEntry).s;
    })();
    return { iter, keyOf: (s) => [lower(attributeOf(s.obj, attr)) ?? '', s.seq] };
  }
  const afterSeq = typeof from?.k === 'number' ? from.k : 0;
  const exact = isRecord(q.exact_query) ? store.exactList(str(q.exact_query.attribute_name), str(q.exact_query.attribute_value)) : undefined;
  if (exact) return { iter: exact.slice(firstAfter(exact, afterSeq)), keyOf: (s) => s.seq };
  return { iter: bySeq(store, types, afterSeq), keyOf: (s) => s.seq };
}

export function searchObjects(store: CatalogStore, req: SearchRequest): Page {
  const types = req.object_types?.length ? req.object_types : DEFAULT_TOP_LEVEL_TYPES;
  const typeSet = new Set(types);
  const limit = req.limit && req.limit > 0 && req.limit <= SEARCH_MAX_LIMIT ? req.limit : SEARCH_DEFAULT_LIMIT;
  const hash = requestHash({ t: types, d: !!req.include_deleted_objects, b: req.begin_time ?? null, q: req.query ?? null });
  const from = decodeCursor(req.cursor, store.generation, hash);
  const preds = filters(req.query ?? {});
  const { iter, keyOf } = source(store, req, types, from);
  const objects: Stored[] = [];
  let more = false;
  let peeked = 0;
  for (const s of iter) {
    if (objects.length >= limit && ++peeked > PEEK_BUDGET) {
      more = true;
      break;
    }
    if (!typeSet.has(s.obj.type) || (s.obj.is_deleted && !req.include_deleted_objects)) continue;
    if (!preds.every((p) => p(s))) continue;
    if (objects.length >= limit) {
      more = true;
      break;
    }
    objects.push(s);
  }
  const last = objects[objects.length - 1];
  return { objects, ...(more && last ? { cursor: encodeCursor({ g: store.generation, h: hash, k: keyOf(last) }) } : {}) };
}
