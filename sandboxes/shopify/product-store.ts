import { compareKeys, locateSorted, lowerBound, orientSequence as orient, type CursorKey, type Located, type Sequence } from '../framework/graphql-connection';
import { ID_BASE, ID_STRIDE } from './ids';
import { totalInventory, type ProductRecord } from './records';
import type { SeededCatalog, SeedMeta } from './seed';

/**
 * Product storage: seeded products are generated on demand from the seed;
 * anything created or changed lives in an overlay map. Live ids are kept in
 * one ascending array so a page is a binary search plus a slice.
 */

/** Sort keys of QueryRoot.products (enum ProductSortKeys). */
export type ProductSortKey = 'CREATED_AT' | 'ID' | 'INVENTORY_TOTAL' | 'PRODUCT_TYPE' | 'PUBLISHED_AT' | 'RELEVANCE' | 'TITLE' | 'UPDATED_AT' | 'VENDOR';

type IdKind = 'product' | 'option' | 'optionValue' | 'variant' | 'inventoryItem' | 'media';

interface SortedView {
  version: number;
  ids: number[];
  values: (string | number)[];
}

export class ProductStore {
  private readonly overlay = new Map<number, ProductRecord>();
  private readonly deletedSeeded = new Set<number>();
  private readonly variantOwner = new Map<number, number>();
  /** inventoryItemId → variantId for stored (non-seeded) variants. */
  private readonly itemVariant = new Map<number, number>();
  private readonly handles = new Map<string, number>();
  private readonly views = new Map<ProductSortKey, SortedView>();
  private readonly counters: Record<IdKind, number>;
  /** Live product ids, ascending (= creation order, Shopify's ID sort). */
  private readonly ids: number[];
  private variantTotal: number;
  /** Bumped on every write; sorted views rebuild lazily when it moves. */
  version = 0;

  constructor(readonly seeded: SeededCatalog | null) {
    const n = seeded?.count ?? 0;
    this.ids = new Array<number>(n);
    let variants = 0;
    for (let i = 0; i < n; i++) {
      this.ids[i] = ID_BASE.product + i + 1;
      variants += seeded!.variantCount(i + 1);
    }
    this.variantTotal = variants;
    const next = n + 1;
    this.counters = {
      product: ID_BASE.product + next,
      option: ID_BASE.option + next * ID_STRIDE.option,
      optionValue: ID_BASE.optionValue + next * ID_STRIDE.optionValue,
      variant: ID_BASE.variant + next * ID_STRIDE.variant,
      inventoryItem: ID_BASE.inventoryItem + next * ID_STRIDE.inventoryItem,
      media: ID_BASE.media + next * ID_STRIDE.media,
    };
  }

  get size(): number {
    return this.ids.length;
  }

  get variantCount(): number {
    return this.variantTotal;
  }

  nextId(kind: IdKind): number {
    return this.counters[kind]++;
  }

  has(id: number): boolean {
    return this.overlay.has(id) || this.seededIndex(id) !== null;
  }

  /** The product as stored. Seeded products are regenerated: treat the result as read-only. */
  get(id: number): ProductRecord | undefined {
    const own = this.overlay.get(id);
    if (own) return own;
    const index = this.seededIndex(id);
    return index === null ? undefined : this.seeded!.generate(index);
  }

  /** Timestamps and status without generating a seeded product (filters, sort keys). */
  meta(id: number): SeedMeta | undefined {
    const own = this.overlay.get(id);
    if (own) return { createdAt: own.createdAt, updatedAt: own.updatedAt, status: own.status, publishedAt: own.publishedAt };
    const index = this.seededIndex(id);
    return index === null ? undefined : this.seeded!.meta(index);
  }

  /** Inserts or replaces a product (callers pass a record they own). */
  put(record: ProductRecord): void {
    const previous = this.get(record.id);
    if (previous) {
      this.variantTotal -= previous.variants.length;
      if (this.overlay.has(record.id)) {
        for (const v of previous.variants) {
          this.variantOwner.delete(v.id);
          this.itemVariant.delete(v.inventoryItemId);
        }
        if (this.handles.get(previous.handle) === record.id) this.handles.delete(previous.handle);
      }
    } else {
      this.insertId(record.id);
    }
    this.overlay.set(record.id, record);
    for (const v of record.variants) {
      this.variantOwner.set(v.id, record.id);
      this.itemVariant.set(v.inventoryItemId, v.id);
    }
    this.handles.set(record.handle, record.id);
    this.variantTotal += record.variants.length;
    this.version++;
  }

  remove(id: number): ProductRecord | undefined {
    const previous = this.get(id);
    if (!previous) return undefined;
    if (this.overlay.delete(id)) {
      for (const v of previous.variants) {
        this.variantOwner.delete(v.id);
        this.itemVariant.delete(v.inventoryItemId);
      }
      if (this.handles.get(previous.handle) === id) this.handles.delete(previous.handle);
    }
    if (this.seeded && this.seeded.indexOf(id) !== null) this.deletedSeeded.add(id);
    const at = lowerBound(this.ids, id);
    if (this.ids[at] === id) this.ids.splice(at, 1);
    this.variantTotal -= previous.variants.length;
    this.version++;
    return previous;
  }

  /** Id of the live product owning `variantId`, or null. */
  productOfVariant(variantId: number): number | null {
    const own = this.variantOwner.get(variantId);
    if (own !== undefined) return own;
    const index = this.seeded?.indexOfVariant(variantId) ?? null;
    if (index === null) return null;
    const productId = this.seeded!.productId(index);
    return this.overlay.has(productId) || this.deletedSeeded.has(productId) ? null : productId;
  }

  /** Id of the live variant whose inventory item is `itemId`, or null. */
  variantOfInventoryItem(itemId: number): number | null {
    const own = this.itemVariant.get(itemId);
    if (own !== undefined) return own;
    // Seeded variants pair item and variant by the same slot (equal strides).
    const variantId = itemId - ID_BASE.inventoryItem + ID_BASE.variant;
    const productId = this.seeded ? this.productOfVariant(variantId) : null;
    if (productId === null || this.overlay.has(productId)) return null;
    return variantId;
  }

  /** Live product ids ascending (read-only view). */
  liveIds(): readonly number[] {
    return this.ids;
  }

  /** Id of the live product using `handle`, or null. */
  productOfHandle(handle: string): number | null {
    const own = this.handles.get(handle);
    if (own !== undefined) return own;
    const index = this.seeded?.indexOfHandle(handle) ?? null;
    if (index === null) return null;
    const productId = this.seeded!.productId(index);
    return this.overlay.has(productId) || this.deletedSeeded.has(productId) ? null : productId;
  }

  /** Live ids in the order of `sortKey` (optionally reversed), as a pageable sequence of ids. */
  sequence(sortKey: ProductSortKey, reverse: boolean): Sequence<number> {
    if (sortKey === 'ID' || sortKey === 'CREATED_AT' || sortKey === 'RELEVANCE') {
      const ids = this.ids;
      const locate = (key: CursorKey): Located => {
        const at = lowerBound(ids, key.id);
        return { before: at, exact: ids[at] === key.id };
      };
      return orient(ids.length, (i) => ids[i]!, locate, reverse);
    }
    const view = this.sortedView(sortKey);
    return orient(view.ids.length, (i) => view.ids[i]!, (key) => locateSorted(view.ids, view.values, key), reverse);
  }

  /** The value a cursor carries for `id` under `sortKey`. */
  sortValue(id: number, sortKey: ProductSortKey): string | number {
    switch (sortKey) {
      case 'UPDATED_AT':
        return this.meta(id)?.updatedAt ?? 0;
      case 'PUBLISHED_AT':
        return this.meta(id)?.publishedAt ?? 0;
      case 'TITLE':
        return (this.get(id)?.title ?? '').toLowerCase();
      case 'VENDOR':
        return (this.get(id)?.vendor ?? '').toLowerCase();
      case 'PRODUCT_TYPE':
        return (this.get(id)?.productType ?? '').toLowerCase();
      case 'INVENTORY_TOTAL': {
        const p = this.get(id);
        return p ? totalInventory(p) : 0;
      }
      default:
        return id;
    }
  }

  private sortedView(sortKey: ProductSortKey): SortedView {
    const cached = this.views.get(sortKey);
    if (cached && cached.version === this.version) return cached;
    const rows = this.ids.map((id) => ({ id, value: this.sortValue(id, sortKey) }));
    rows.sort(compareKeys);
    const view = { version: this.version, ids: rows.map((r) => r.id), values: rows.map((r) => r.value) };
    this.views.set(sortKey, view);
    return view;
  }

  private seededIndex(id: number): number | null {
    if (!this.seeded || this.overlay.has(id) || this.deletedSeeded.has(id)) return null;
    return this.seeded.indexOf(id);
  }

  private insertId(id: number): void {
    const at = lowerBound(this.ids, id);
    if (this.ids[at] !== id) this.ids.splice(at, 0, id);
  }
}


