import { apiError } from './errors';
import { newCatalogId } from './ids';
import { checkImageRefs, detachImages, keepImageUrl, refuseNewImage } from './catalog-images';
import { dataOf, type CatalogStore, type Stored } from './catalog-store';
import { DATA_FIELD, isRecord, type CatalogObject, type IdMapping, type Money } from './types';

/**
 * Catalog writes with Square's semantics
 * (https://developer.squareup.com/docs/catalog-api/update-catalog-objects,
 *  https://developer.squareup.com/docs/build-basics/common-api-patterns/optimistic-concurrency):
 *
 * - new objects carry a temporary id starting with `#`; the response maps each
 *   one (nested variations and option values too) in `id_mappings`, and any
 *   `*_id` / `*_ids` field of the request naming a temporary id is rewritten;
 * - a write stamps every object of the batch with one new catalog `version`
 *   and `updated_at` (same instant, as in Square's examples);
 * - an existing object sent with a `version` other than the current one is
 *   rejected with VERSION_MISMATCH; without `version` "the latest version is
 *   assumed" and the write overwrites (no sparse updates: the whole object);
 * - a batch is all-or-nothing: any error leaves the catalog untouched;
 * - an ITEM sent with `item_data.variations` owns exactly that set: existing
 *   variations left out are deleted (sent without the field, they are kept);
 * - IMAGE objects come from CreateCatalogImage only: an upsert may rename or
 *   re-caption one, and `image_ids` must name live IMAGEs (catalog-images.ts).
 */

export interface WriteContext {
  store: CatalogStore;
  /** Location id → currency (a variation's location override must match it). */
  locationCurrency: ReadonlyMap<string, string>;
  /** The seller's currency (main location): base prices must use it. */
  merchantCurrency: string;
}

export interface WriteResult {
  objects: CatalogObject[];
  idMappings: IdMapping[];
  updatedAt: string;
}

interface Entry {
  obj: CatalogObject;
  field: string;
  /** Sent at the top level of the request (not nested in an item or option). */
  top: boolean;
  /** Children listed inline (item variations / option values), when the field was sent. */
  ownedChildren?: CatalogObject[];
  position?: number;
}

/** Nested child lists: ITEM.item_data.variations, ITEM_OPTION.item_option_data.values. */
const NESTED: Readonly<Record<string, { holder: string; list: string; childData: string; parentKey: string }>> = {
  ITEM: { holder: 'item_data', list: 'variations', childData: 'item_variation_data', parentKey: 'item_id' },
  ITEM_OPTION: { holder: 'item_option_data', list: 'values', childData: 'item_option_value_data', parentKey: 'item_option_id' },
};

/**
 * Splits the request into one entry per object (nested children included).
 * Objects and their `*_data` are copied shallowly; deeper values are copied
 * by resolveRefs, so the caller's input is never modified.
 */
function flatten(input: readonly CatalogObject[], field: string, single: boolean): Entry[] {
  const entries: Entry[] = [];
  input.forEach((raw, i) => {
    const f = single ? field : `${field}[${i}]`;
    if (!isRecord(raw)) throw apiError('EXPECTED_OBJECT', 'Catalog objects must be JSON objects.', f);
    const obj: CatalogObject = { ...raw };
    const entry: Entry = { obj, field: f, top: true };
    entries.push(entry);
    const nested = NESTED[obj.type];
    const holder = nested ? obj[nested.holder] : undefined;
    if (!nested || !isRecord(holder)) return;
    const { [nested.list]: kids, ...rest } = holder;
    obj[nested.holder] = rest;
    if (!Array.isArray(kids)) return;
    entry.ownedChildren = [];
    kids.forEach((kid: unknown, j) => {
      const at = `${f}.${nested.holder}.${nested.list}[${j}]`;
      if (!isRecord(kid)) throw apiError('EXPECTED_OBJECT', 'Catalog objects must be JSON objects.', at);
      const data = isRecord(kid[nested.childData]) ? kid[nested.childData] : {};
      // A nested child belongs to the object it is nested in, whatever it says.
      const child = { ...kid, [nested.childData]: { ...(data as Record<string, unknown>), [nested.parentKey]: obj.id } } as CatalogObject;
      entry.ownedChildren?.push(child);
      entries.push({ obj: child, field: at, top: false, position: j });
    });
  });
  return entries;
}

/** A temporary id's real id; unknown `#` references are errors. */
function mapRef(s: string, at: () => string, ids: ReadonlyMap<string, string>): string {
  if (!s.startsWith('#')) return s;
  const id = ids.get(s);
  if (!id) throw apiError('INVALID_VALUE', `Object references the temporary id \`${s}\`, which is not defined in this request.`, at());
  return id;
}

/**
 * Copy of `value` with every reference to a temporary id rewritten; unknown `#` references are errors.
 * Hot on big batches: the error path (`path`) is only built when an error needs it, and no closure is
 * made per value.
 */
function resolveRefs(value: unknown, key: string, path: () => string, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return key === 'id' || key.endsWith('_id') ? mapRef(value, path, ids) : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    const refs = key.endsWith('_ids');
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (refs) out[i] = typeof v === 'string' ? mapRef(v, () => `${path()}[${i}]`, ids) : v;
      else out[i] = resolveRefs(v, key, () => `${path()}[${i}]`, ids);
    }
    return out;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) {
      const v = value[k];
      // Numbers, booleans and plain strings that name no id come back as they are, without a call.
      out[k] = typeof v === 'object' && v !== null ? resolveRefs(v, k, () => `${path()}.${k}`, ids) : typeof v === 'string' && (k === 'id' || k.endsWith('_id')) ? mapRef(v, () => `${path()}.${k}`, ids) : v;
    }
    return out;
  }
  return value;
}

function checkMoney(money: Money | null | undefined, expected: string, field: string): void {
  if (!money) return;
  if (money.amount !== undefined && money.amount !== null && (!Number.isInteger(money.amount) || money.amount < 0)) {
    throw apiError('VALUE_TOO_LOW', 'Money amount must be a non-negative integer in the smallest currency unit.', `${field}.amount`);
  }
  const cur = money.currency;
  if (cur === undefined || cur === null) return;
  if (!/^[A-Z]{3}$/.test(cur)) throw apiError('INVALID_VALUE', `Currency \`${cur}\` is not an ISO 4217 code.`, `${field}.currency`);
  if (cur !== expected) throw apiError('INVALID_VALUE', `Currency \`${cur}\` does not match the location currency \`${expected}\`.`, `${field}.currency`);
}

function checkEntry(ctx: WriteContext, e: Entry, batchTypes: ReadonlyMap<string, string>): void {
  const o = e.obj;
  if (o.type === 'ITEM_VARIATION') {
    const v = o.item_variation_data ?? {};
    const itemId = v.item_id;
    const parentType = itemId ? (batchTypes.get(itemId) ?? ctx.store.live(itemId)?.obj.type) : undefined;
    if (!itemId) throw apiError('MISSING_REQUIRED_PARAMETER', 'An item variation needs item_variation_data.item_id.', `${e.field}.item_variation_data.item_id`);
    if (parentType !== 'ITEM') throw apiError('INVALID_VALUE', `item_id \`${itemId}\` does not reference an ITEM.`, `${e.field}.item_variation_data.item_id`);
    checkMoney(v.price_money, ctx.merchantCurrency, `${e.field}.item_variation_data.price_money`);
    (v.location_overrides ?? []).forEach((lo, i) => {
      const at = `${e.field}.item_variation_data.location_overrides[${i}]`;
      const currency = lo.location_id ? ctx.locationCurrency.get(lo.location_id) : undefined;
      if (!currency) throw apiError('INVALID_VALUE', `Location \`${lo.location_id ?? ''}\` does not exist.`, `${at}.location_id`);
      checkMoney(lo.price_money, currency, `${at}.price_money`);
    });
  }
  if (o.type === 'DISCOUNT' && isRecord(o.discount_data)) checkMoney(o.discount_data.amount_money as Money | null | undefined, ctx.merchantCurrency, `${e.field}.discount_data.amount_money`);
  if (o.type === 'PRICING_RULE' || o.type === 'PRODUCT_SET') checkPricingRefs(ctx, e, batchTypes);
  checkImageRefs(ctx.store, o, e.field);
  if (o.type === 'ITEM_OPTION_VAL') {
    const optionId = o.item_option_value_data?.item_option_id;
    const parentType = optionId ? (batchTypes.get(optionId) ?? ctx.store.live(optionId)?.obj.type) : undefined;
    if (parentType !== 'ITEM_OPTION') throw apiError('INVALID_VALUE', `item_option_id \`${optionId ?? ''}\` does not reference an ITEM_OPTION.`, `${e.field}.item_option_value_data.item_option_id`);
  }
}

/**
 * A pricing rule names its discount and product sets, a product set the
 * catalog objects it matches; each must exist (in the batch or the catalog)
 * and be of a type that can play the part.
 * https://developer.squareup.com/docs/catalog-api/configure-pricing-rules
 */
function checkPricingRefs(ctx: WriteContext, e: Entry, batchTypes: ReadonlyMap<string, string>): void {
  const typeOf = (id: string) => batchTypes.get(id) ?? ctx.store.live(id)?.obj.type;
  const expect = (id: unknown, types: readonly string[], field: string) => {
    if (id === undefined || id === null) return;
    const t = typeof id === 'string' ? typeOf(id) : undefined;
    if (!t || !types.includes(t)) throw apiError('INVALID_VALUE', `Object \`${String(id)}\` is not a ${types.join(' or ')} in this catalog.`, field);
  };
  if (e.obj.type === 'PRICING_RULE') {
    const r = isRecord(e.obj.pricing_rule_data) ? e.obj.pricing_rule_data : {};
    const at = `${e.field}.pricing_rule_data`;
    expect(r.discount_id, ['DISCOUNT'], `${at}.discount_id`);
    for (const k of ['match_products_id', 'apply_products_id', 'exclude_products_id'] as const) expect(r[k], ['PRODUCT_SET'], `${at}.${k}`);
    (Array.isArray(r.time_period_ids) ? (r.time_period_ids as unknown[]) : []).forEach((id, i) => expect(id, ['TIME_PERIOD'], `${at}.time_period_ids[${i}]`));
    checkMoney(r.minimum_order_subtotal_money as Money | null | undefined, ctx.merchantCurrency, `${at}.minimum_order_subtotal_money`);
  } else {
    const d = isRecord(e.obj.product_set_data) ? e.obj.product_set_data : {};
    const at = `${e.field}.product_set_data`;
    for (const k of ['product_ids_any', 'product_ids_all'] as const) {
      (Array.isArray(d[k]) ? (d[k] as unknown[]) : []).forEach((id, i) => expect(id, ['ITEM', 'ITEM_VARIATION', 'CATEGORY', 'PRODUCT_SET'], `${at}.${k}[${i}]`));
    }
  }
}

function plaintext(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  return html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
}

/** Validates, then commits one batch atomically. Throws SquareApiError (nothing written) on any problem. */
export function upsertObjects(ctx: WriteContext, input: readonly CatalogObject[], field: string, single = false): WriteResult {
  const { store } = ctx;
  const entries = flatten(input, field, single);
  const ids = new Map<string, string>();
  const seen = new Set<string>();
  for (const e of entries) {
    const id = e.obj.id;
    if (typeof id !== 'string' || !id) throw apiError('MISSING_REQUIRED_PARAMETER', 'Catalog objects need an id (a temporary one starting with `#` for new objects).', `${e.field}.id`);
    if (seen.has(id)) throw apiError('INVALID_VALUE', `Object id \`${id}\` appears more than once in the request.`, `${e.field}.id`);
    seen.add(id);
    if (id.startsWith('#')) {
      refuseNewImage(e.obj, e.field);
      ids.set(id, newCatalogId());
      continue;
    }
    const existing = store.live(id);
    if (!existing) throw apiError('INVALID_VALUE', `Object \`${id}\` was not found; new objects must use a temporary id starting with \`#\`.`, `${e.field}.id`);
    if (existing.obj.type !== e.obj.type) throw apiError('INVALID_VALUE', `Object \`${id}\` is a ${existing.obj.type}, not a ${e.obj.type}.`, `${e.field}.type`);
    if (typeof e.obj.version === 'number' && e.obj.version !== existing.obj.version) {
      throw apiError('VERSION_MISMATCH', `Object version does not match latest database version. Object \`${id}\` is at version ${existing.obj.version ?? 0}, the request has ${e.obj.version}.`, `${e.field}.version`);
    }
  }
  const batchTypes = new Map<string, string>();
  for (const e of entries) {
    e.obj.id = ids.get(e.obj.id) ?? e.obj.id;
    batchTypes.set(e.obj.id, e.obj.type);
    const key = DATA_FIELD[e.obj.type];
    if (key && e.obj[key] !== undefined) e.obj[key] = resolveRefs(e.obj[key], key, () => `${e.field}.${key}`, ids);
  }
  for (const e of entries) checkEntry(ctx, e, batchTypes);

  const version = store.nextVersion();
  const updatedAt = new Date(version).toISOString();
  for (const e of entries) commit(ctx, e, version, updatedAt);
  for (const e of entries) if (e.ownedChildren) dropOrphans(store, e, version, updatedAt);

  const idMappings = [...ids].map(([client_object_id, object_id]) => ({ client_object_id, object_id }));
  const top = entries.filter((e) => e.top);
  const objects = top.map((e) => store.render(store.get(e.obj.id) as Stored));
  return { objects, idMappings, updatedAt };
}

function commit(ctx: WriteContext, e: Entry, version: number, updatedAt: string): void {
  const prev = ctx.store.get(e.obj.id)?.obj;
  const obj: CatalogObject = { ...e.obj, version, updated_at: updatedAt, is_deleted: false };
  if (obj.present_at_all_locations === undefined) obj.present_at_all_locations = !obj.present_at_location_ids;
  keepImageUrl(obj, prev);
  if (obj.type === 'ITEM' && obj.item_data) {
    const d = obj.item_data;
    if (typeof d.description_html === 'string') d.description_plaintext = plaintext(d.description_html);
    else if (typeof d.description === 'string') d.description_plaintext = d.description;
  }
  if (obj.type === 'ITEM_VARIATION' && obj.item_variation_data && typeof obj.item_variation_data.ordinal !== 'number') {
    const keep = prev?.item_variation_data?.ordinal;
    obj.item_variation_data.ordinal = typeof keep === 'number' ? keep : (e.position ?? ctx.store.childrenOf(obj.item_variation_data.item_id ?? '').length) + 1;
  }
  ctx.store.write(obj);
}

/** An ITEM (ITEM_OPTION) sent with its variations (values) owns exactly that list. */
function dropOrphans(store: CatalogStore, e: Entry, version: number, updatedAt: string): void {
  const keep = new Set((e.ownedChildren ?? []).map((c) => c.id));
  for (const child of store.childrenOf(e.obj.id)) {
    if (!keep.has(child.obj.id)) store.write({ ...child.obj, is_deleted: true, version, updated_at: updatedAt });
  }
}

/**
 * Deletes objects and their children (an ITEM takes its ITEM_VARIATIONs, an
 * ITEM_OPTION its values). Missing or already deleted ids are skipped, as
 * BatchDeleteCatalogObjects "succeeds even if only a portion of the targeted
 * IDs can be deleted". A deleted IMAGE leaves the `image_ids` of the objects
 * that listed it (they take the delete's version).
 */
export function deleteObjects(store: CatalogStore, ids: readonly string[]): { deleted: string[]; deletedAt: string | null } {
  const targets = new Map<string, Stored>();
  for (const id of ids) {
    const s = store.live(id);
    if (!s) continue;
    targets.set(id, s);
    for (const c of store.childrenOf(id)) targets.set(c.obj.id, c);
  }
  if (!targets.size) return { deleted: [], deletedAt: null };
  const version = store.nextVersion();
  const deletedAt = new Date(version).toISOString();
  for (const s of targets.values()) store.write({ ...s.obj, is_deleted: true, version, updated_at: deletedAt });
  const images = new Set([...targets.values()].filter((s) => s.obj.type === 'IMAGE').map((s) => s.obj.id));
  detachImages(store, images, new Set(targets.keys()), version, deletedAt);
  return { deleted: [...targets.keys()], deletedAt };
}

export { dataOf };
