import { apiError } from './errors';
import { attributeOf, type CatalogStore, type Stored } from './catalog-store';
import { bySeq, sortedStart, type Page, type SortedEntry } from './catalog-query';
import { decodeCursor, encodeCursor, requestHash } from './cursor';
import { DATA_FIELD, DEFAULT_TOP_LEVEL_TYPES, type CatalogObject } from './types';

/**
 * Read paths besides SearchCatalogObjects: ListCatalog, related objects,
 * BatchRetrieve and SearchCatalogItems.
 */

/** "The page size is currently set to be 100." (ListCatalog `cursor` parameter, spec 2025-10-16.) */
export const LIST_PAGE_SIZE = 100;

/** `types` of ListCatalog: "case-insensitive, comma-separated list" of CatalogObjectType. */
export function parseTypes(csv: string | null): string[] {
  if (!csv) return [...DEFAULT_TOP_LEVEL_TYPES];
  const types = csv.split(',').map((t) => t.trim().toUpperCase()).filter(Boolean);
  for (const t of types) if (!DATA_FIELD[t]) throw apiError('INVALID_ENUM_VALUE', `Unknown catalog object type \`${t}\`.`, 'types');
  return types;
}

/**
 * ListCatalog never returns deleted objects (that is SearchCatalogObjects with
 * include_deleted_objects): https://developer.squareup.com/reference/square/catalog-api/list-catalog
 */
export function listCatalog(store: CatalogStore, types: string[], cursor: string | null): Page {
  const hash = requestHash({ list: [...types].sort() });
  const from = decodeCursor(cursor, store.generation, hash);
  const objects: Stored[] = [];
  let more = false;
  for (const s of bySeq(store, types, typeof from?.k === 'number' ? from.k : 0)) {
    if (s.obj.is_deleted) continue;
    if (objects.length === LIST_PAGE_SIZE) {
      more = true;
      break;
    }
    objects.push(s);
  }
  const last = objects[objects.length - 1];
  return { objects, ...(more && last ? { cursor: encodeCursor({ g: store.generation, h: hash, k: last.seq }) } : {}) };
}

/**
 * One level of referenced objects (spec, include_related_objects): an item's
 * categories, taxes, images and modifier lists; a variation's parent item.
 */
function referencedIds(obj: CatalogObject): string[] {
  if (obj.type === 'ITEM_VARIATION') return [obj.item_variation_data?.item_id ?? '', ...(obj.item_variation_data?.image_ids ?? [])];
  if (obj.type !== 'ITEM' || !obj.item_data) return [];
  const d = obj.item_data;
  return [
    d.category_id ?? '',
    ...(d.categories ?? []).map((c) => c.id ?? ''),
    d.reporting_category?.id ?? '',
    ...(d.tax_ids ?? []),
    ...(d.image_ids ?? []),
    ...(d.modifier_list_info ?? []).map((m) => m.modifier_list_id ?? ''),
    ...(d.variations ?? []).flatMap((v) => v.item_variation_data?.image_ids ?? []),
  ];
}

export function relatedObjects(store: CatalogStore, rendered: readonly CatalogObject[]): CatalogObject[] {
  const have = new Set(rendered.map((o) => o.id));
  const out: CatalogObject[] = [];
  for (const o of rendered) {
    for (const id of referencedIds(o)) {
      if (!id || have.has(id)) continue;
      have.add(id);
      const s = store.live(id);
      if (s) out.push(store.render(s));
    }
  }
  return out;
}

export function batchRetrieve(store: CatalogStore, ids: readonly string[], includeDeleted: boolean): CatalogObject[] {
  const out: CatalogObject[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const s = store.get(id);
    if (!s || seen.has(id) || (s.obj.is_deleted && !includeDeleted)) continue;
    seen.add(id);
    out.push(store.render(s));
  }
  return out;
}

export interface SearchItemsRequest {
  text_filter?: string;
  category_ids?: string[];
  product_types?: string[];
  enabled_location_ids?: string[];
  archived_state?: string;
  sort_order?: string;
  limit?: number;
  cursor?: string;
}

/** Items sorted by name (SearchCatalogItems `sort_order`: "by item names", ASC by default), cached per catalog version. */
const byNameCache = new WeakMap<CatalogStore, { stamp: string; list: SortedEntry[] }>();

function itemsByName(store: CatalogStore): SortedEntry[] {
  const stamp = `${store.generation}:${store.version}`;
  const hit = byNameCache.get(store);
  if (hit?.stamp === stamp) return hit.list;
  const list = store.typeList('ITEM').filter((s) => !s.obj.is_deleted).map((s) => ({ v: String(attributeOf(s.obj, 'name') ?? '').toLowerCase(), s }));
  list.sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.s.seq - b.s.seq));
  byNameCache.set(store, { stamp, list });
  return list;
}

/**
 * SearchCatalogItems (https://developer.squareup.com/reference/square/catalog-api/search-catalog-items):
 * text_filter over the item's name/description/abbreviation and its
 * variations' name/sku/upc; category, product type, location and archived
 * filters; stock levels and custom attribute filters are not modelled.
 */
export function searchItems(store: CatalogStore, req: SearchItemsRequest): { items: CatalogObject[]; matchedVariationIds: string[]; cursor?: string } {
  const limit = req.limit && req.limit > 0 ? Math.min(req.limit, 100) : 100;
  const desc = req.sort_order === 'DESC';
  const hash = requestHash({ ...req, cursor: null, limit: null });
  const from = decodeCursor(req.cursor, store.generation, hash);
  const list = itemsByName(store);
  const start = sortedStart(list, Array.isArray(from?.k) ? from.k : null, desc);
  const words = (req.text_filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const cats = req.category_ids?.length ? new Set(req.category_ids) : null;
  const types = req.product_types?.length ? new Set(req.product_types) : null;
  const archived = req.archived_state ?? 'ARCHIVED_STATE_NOT_ARCHIVED';
  const items: CatalogObject[] = [];
  const matched: string[] = [];
  let more = false;
  let lastKey: [string, number] | null = null;
  for (let i = start; desc ? i >= 0 : i < list.length; i += desc ? -1 : 1) {
    const e = list[i];
    if (!e) continue;
    const item = store.render(e.s);
    const d = item.item_data ?? {};
    if (archived !== 'ARCHIVED_STATE_ALL' && (d.is_archived === true) !== (archived === 'ARCHIVED_STATE_ARCHIVED')) continue;
    if (cats && !(d.categories ?? []).some((c) => c.id && cats.has(c.id)) && !(d.category_id && cats.has(d.category_id))) continue;
    if (types && !types.has(String(d.product_type ?? 'REGULAR'))) continue;
    if (req.enabled_location_ids?.length && !item.present_at_all_locations && !req.enabled_location_ids.some((l) => item.present_at_location_ids?.includes(l))) continue;
    const own = [d.name, d.description_plaintext ?? d.description, d.abbreviation].map((v) => String(v ?? '').toLowerCase()).join(' ');
    const vars = (d.variations ?? []).filter((v) => {
      const text = [v.item_variation_data?.name, v.item_variation_data?.sku, v.item_variation_data?.upc].map((x) => String(x ?? '').toLowerCase()).join(' ');
      return words.length > 0 && words.every((w) => text.includes(w) || own.includes(w));
    });
    if (words.length && !words.every((w) => own.includes(w)) && !vars.length) continue;
    if (items.length === limit) {
      more = true;
      break;
    }
    items.push(item);
    matched.push(...vars.map((v) => v.id));
    lastKey = [e.v, e.s.seq];
  }
  return { items, matchedVariationIds: matched, ...(more && lastKey ? { cursor: encodeCursor({ g: store.generation, h: hash, k: lastKey }) } : {}) };
}

