import type { Square } from 'square';
import type { Product } from '../../canonical/product';
import { imageCanonicalId } from '../../mappings/square/catalog-ids';
import { overlaySquareItem, readSquareItem, squareItemHash, type SquareItemState } from '../../mappings/square/catalog-item-read-v1';
import type { IdMapping } from '../../store/types';
import type { CatalogChangePage, CatalogObservation, CatalogPrefetch } from '../types';
import { readSquareCatalog } from './catalog-read';
import type { SquareApi } from './client';
import { searchCatalogPage } from './pos-read';

/**
 * Reading what Square holds for linked products: the observations field
 * ownership and echo detection run on, and the change feed that finds the
 * products behind a catalog.version.updated (which names none).
 */

/** One item as Square holds it now; `item` is kept for writes that must keep Square-owned fields. */
export class SquareItemObservation implements CatalogObservation {
  readonly hash: string;
  readonly externalId: string;
  constructor(
    readonly canonicalId: string,
    readonly item: Square.CatalogObject,
    readonly state: SquareItemState,
    /** Canonical image identities (IMAGE links) of the files the item shows. */
    private readonly shownImages: ReadonlySet<string> = new Set(),
  ) {
    this.hash = squareItemHash(state);
    this.externalId = state.itemId;
  }
  overlay(base: Product) {
    return overlaySquareItem(base, this.state);
  }
  missingParts(base: Product): string[] {
    const held = new Set(this.state.variations.map((v) => v.variantId));
    const variants = base.variants.filter((v) => !held.has(v.id)).map((v) => v.id);
    const images = base.images.map(imageCanonicalId).filter((id) => !this.shownImages.has(id));
    return [...variants, ...images];
  }
}

/** Items a change page already read. */
export class SquarePrefetch implements CatalogPrefetch {
  readonly vendor = 'square';
  constructor(readonly items: ReadonlyMap<string, Square.CatalogObject>) {}
}

/** Observation of `item` for `canonicalId`, variations named through the id-map links; null when not a live ITEM. */
export function observeItem(canonicalId: string, item: Square.CatalogObject, links: readonly IdMapping[]): SquareItemObservation | null {
  const variants = new Map(links.filter((l) => l.externalType === 'ITEM_VARIATION').map((l) => [l.externalId, l.canonicalId]));
  const state = readSquareItem(item, (id) => variants.get(id) ?? null);
  if (!state) return null;
  const images = new Map(links.filter((l) => l.externalType === 'IMAGE').map((l) => [l.externalId, l.canonicalId]));
  const shown = new Set((item.type === 'ITEM' ? (item.itemData?.imageIds ?? []) : []).flatMap((id) => images.get(id) ?? []));
  return new SquareItemObservation(canonicalId, item, state, shown);
}

/** What Square holds for the products it has (linked ITEMs that still exist). */
export async function observeProducts(api: SquareApi, products: readonly Product[], links: readonly IdMapping[], prefetched?: CatalogPrefetch): Promise<Map<string, SquareItemObservation>> {
  const itemOf = new Map(links.filter((l) => l.externalType === 'ITEM').map((l) => [l.canonicalId, l.externalId]));
  const ids = products.map((p) => itemOf.get(p.id)).filter((id): id is string => !!id);
  const have = new Map(prefetched instanceof SquarePrefetch ? prefetched.items : []);
  const missing = ids.filter((id) => !have.has(id));
  if (missing.length) for (const o of await readSquareCatalog(api, missing)) if (o.id) have.set(o.id, o);
  const out = new Map<string, SquareItemObservation>();
  for (const p of products) {
    const item = have.get(itemOf.get(p.id) ?? '');
    const seen = item ? observeItem(p.id, item, links) : null;
    if (seen) out.set(p.id, seen);
  }
  return out;
}

/** SearchCatalogObjects returns at most this many per page; Square's ceiling is 1,000. */
const CHANGES_PAGE = 500;

/**
 * One page of items changed after `since`: items themselves and items whose
 * variations changed (a price edit may touch only the variation). Deleted
 * objects are left out: a product lives or dies by its source.
 * https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects
 */
export async function catalogChanges(api: SquareApi, opts: { since: string | null; page: string | null }): Promise<CatalogChangePage> {
  const res = await searchCatalogPage(api, { types: ['ITEM', 'ITEM_VARIATION'], cursor: opts.page, beginTime: opts.since, limit: CHANGES_PAGE, includeDeleted: false });
  const items = new Map<string, Square.CatalogObject>();
  const viaVariation = new Set<string>();
  let latest: string | null = null;
  for (const o of res.objects) {
    if (o.updatedAt && (latest === null || Date.parse(o.updatedAt) > Date.parse(latest))) latest = o.updatedAt;
    if (o.type === 'ITEM' && o.id) items.set(o.id, o);
    else if (o.type === 'ITEM_VARIATION' && o.itemVariationData?.itemId) viaVariation.add(o.itemVariationData.itemId);
  }
  const toRead = [...viaVariation].filter((id) => !items.has(id));
  if (toRead.length) for (const o of await readSquareCatalog(api, toRead)) if (o.id) items.set(o.id, o);
  const externalIds = [...new Set([...items.keys(), ...viaVariation])];
  return { externalIds, page: res.cursor, latest, prefetched: new SquarePrefetch(items) };
}
