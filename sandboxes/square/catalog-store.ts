import { DATA_FIELD, isRecord, type CatalogObject } from './types';

/**
 * The merchant's catalog, in memory, with the indexes that keep every page of
 * ListCatalog / SearchCatalogObjects proportional to the page, not the catalog:
 *
 * - `byType`: per object type, in creation order (append-only → sorted by seq);
 * - `changes`: every write in catalog-version order (the `begin_time` feed);
 * - `exact`: searchable attribute values (name, sku, upc...) → objects, seq-sorted.
 *
 * Deleted objects stay (is_deleted: true) because Square keeps returning them
 * to SearchCatalogObjects with include_deleted_objects, which is how delta
 * syncs learn about deletions.
 */

export interface Stored {
  /** Flat object: an ITEM without its variations, an ITEM_OPTION without its values. */
  obj: CatalogObject;
  /** Creation order; stable across updates. */
  seq: number;
  /** exact-index keys this object is filed under (stale ones included). */
  exactKeys?: Set<string>;
}

/** Attributes indexed for exact_query (CatalogQuery "searchable attributes"). */
export const EXACT_ATTRIBUTES = ['name', 'sku', 'upc'] as const;

export function dataOf(obj: CatalogObject): Record<string, unknown> | undefined {
  const key = DATA_FIELD[obj.type];
  const data = key ? obj[key] : undefined;
  return isRecord(data) ? data : undefined;
}

/** A searchable attribute's value (spec: CatalogQuery): name, description, abbreviation, sku, upc, caption, display_name. */
export function attributeOf(obj: CatalogObject, attribute: string): string | number | undefined {
  const data = dataOf(obj);
  if (!data) return undefined;
  const v = attribute === 'description' ? (data.description_plaintext ?? data.description) : data[attribute];
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

/** Parent id of nested types: variation → item, option value → option. */
export function parentOf(obj: CatalogObject): string | undefined {
  if (obj.type === 'ITEM_VARIATION') return obj.item_variation_data?.item_id ?? undefined;
  if (obj.type === 'ITEM_OPTION_VAL') return obj.item_option_value_data?.item_option_id ?? undefined;
  return undefined;
}

export class CatalogStore {
  private readonly byId = new Map<string, Stored>();
  private readonly byType = new Map<string, Stored[]>();
  private readonly children = new Map<string, Set<string>>();
  private readonly exact = new Map<string, Stored[]>();
  /** Every write, in version order; an entry is current when entry.version === stored.obj.version. */
  readonly changes: { version: number; stored: Stored }[] = [];
  /** Latest catalog version (int64, monotonically increasing, ms-based like Square's). */
  version = 0;
  /** Bumped by clear(): cursors from before a reset are refused. */
  generation = 1;
  private seq = 0;

  /** One version per write request: Square stamps every object of a batch with the same version and updated_at. */
  nextVersion(): number {
    this.version = Math.max(Date.now(), this.version + 1);
    return this.version;
  }

  get updatedAt(): string | null {
    return this.version ? new Date(this.version).toISOString() : null;
  }

  get(id: string): Stored | undefined {
    return this.byId.get(id);
  }

  live(id: string): Stored | undefined {
    const s = this.byId.get(id);
    return s && !s.obj.is_deleted ? s : undefined;
  }

  write(obj: CatalogObject): Stored {
    let stored = this.byId.get(obj.id);
    if (stored) {
      const oldParent = parentOf(stored.obj);
      if (oldParent && oldParent !== parentOf(obj)) this.children.get(oldParent)?.delete(obj.id);
      stored.obj = obj;
    } else {
      stored = { obj, seq: ++this.seq };
      this.byId.set(obj.id, stored);
      const list = this.byType.get(obj.type) ?? [];
      list.push(stored);
      this.byType.set(obj.type, list);
    }
    const parent = parentOf(obj);
    if (parent) {
      const set = this.children.get(parent) ?? new Set<string>();
      set.add(obj.id);
      this.children.set(parent, set);
    }
    this.indexExact(stored);
    this.changes.push({ version: obj.version ?? this.version, stored });
    return stored;
  }

  typeList(type: string): readonly Stored[] {
    return this.byType.get(type) ?? [];
  }

  /** Seq-sorted candidates for `attribute == value` (case-insensitive), or undefined if not indexed. */
  exactList(attribute: string, value: string): readonly Stored[] | undefined {
    if (!(EXACT_ATTRIBUTES as readonly string[]).includes(attribute)) return undefined;
    return this.exact.get(`${attribute}\u0000${value.toLowerCase()}`) ?? [];
  }

  childrenOf(parentId: string, includeDeleted = false): Stored[] {
    const ids = this.children.get(parentId);
    if (!ids) return [];
    const out: Stored[] = [];
    for (const id of ids) {
      const s = this.byId.get(id);
      if (s && parentOf(s.obj) === parentId && (includeDeleted || !s.obj.is_deleted)) out.push(s);
    }
    return out.sort((a, b) => ordinal(a) - ordinal(b) || a.seq - b.seq);
  }

  /** The object as the API returns it: items carry their variations, options their values. */
  render(s: Stored): CatalogObject {
    const o: CatalogObject = { ...s.obj };
    const kids = o.type === 'ITEM' || o.type === 'ITEM_OPTION' ? this.childrenOf(o.id, o.is_deleted === true).map((c) => this.render(c)) : [];
    if (o.type === 'ITEM' && o.item_data) {
      o.item_data = { ...o.item_data };
      if (kids.length) o.item_data.variations = kids;
      else delete o.item_data.variations;
    }
    if (o.type === 'ITEM_OPTION' && o.item_option_data) {
      o.item_option_data = { ...o.item_option_data };
      if (kids.length) o.item_option_data.values = kids;
      else delete o.item_option_data.values;
    }
    return o;
  }

  counts(): { byType: Record<string, number>; deleted: number } {
    const byType: Record<string, number> = {};
    let deleted = 0;
    for (const [type, list] of this.byType) {
      let live = 0;
      for (const s of list) if (s.obj.is_deleted) deleted++;
      else live++;
      if (live) byType[type] = live;
    }
    return { byType, deleted };
  }

  clear(): void {
    this.byId.clear();
    this.byType.clear();
    this.children.clear();
    this.exact.clear();
    this.changes.length = 0;
    this.generation++;
  }

  private indexExact(stored: Stored): void {
    const keys = (stored.exactKeys ??= new Set<string>());
    for (const attr of EXACT_ATTRIBUTES) {
      const v = attributeOf(stored.obj, attr);
      if (typeof v !== 'string' || !v) continue;
      const key = `${attr}\u0000${v.toLowerCase()}`;
      if (keys.has(key)) continue; // stale entries stay; readers re-check the value
      keys.add(key);
      const list = this.exact.get(key) ?? [];
      insertBySeq(list, stored);
      this.exact.set(key, list);
    }
  }
}

function ordinal(s: Stored): number {
  const o = s.obj.item_variation_data?.ordinal ?? s.obj.item_option_value_data?.ordinal;
  return typeof o === 'number' ? o : Number.MAX_SAFE_INTEGER;
}

/** Binary search: index of the first element with seq > `seq`. */
export function firstAfter(list: readonly Stored[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.seq ?? 0) <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertBySeq(list: Stored[], s: Stored): void {
  const last = list[list.length - 1];
  if (!last || last.seq < s.seq) list.push(s);
  else list.splice(firstAfter(list, s.seq), 0, s);
}
