import type { Square } from 'square';
import { stableHash } from '../../canonical/hash';
import type { Product } from '../../canonical/product';
import type { ProductField } from '../../canonical/product-fields';
import type { Variant } from '../../canonical/variant';
import { squareArchived, squareDescriptionHtml, squareUpc } from './item-fields-v1';

/**
 * Square CatalogItem → the canonical fields it holds (see item-fields-v1 for
 * the table), for field ownership (a field the POS owns flows from here into
 * the canonical record), drift and echo detection. Pure.
 *
 * https://developer.squareup.com/reference/square/objects/CatalogItem
 */
export const MAPPING_VERSION = 'square.catalog-item-read.v1';

/** What Switchyard reads of one item: its content without versions or timestamps. */
export interface SquareItemState {
  itemId: string;
  name: string;
  descriptionHtml: string | null;
  abbreviation: string | null;
  archived: boolean;
  seo: { pageTitle: string | null; pageDescription: string | null; permalink: string | null };
  /** Sorted by Square id, deleted ones left out. */
  variations: SquareVariationState[];
}

export interface SquareVariationState {
  id: string;
  /** The canonical variant it is linked to (id map), null for one Switchyard never wrote. */
  variantId: string | null;
  sku: string | null;
  upc: string | null;
  pricingType: string | null;
  price: { amount: number; currency: string } | null;
}

/** The item's state; null when `obj` is not a live ITEM. */
export function readSquareItem(obj: Square.CatalogObject, variantOf: (variationId: string) => string | null): SquareItemState | null {
  if (obj.type !== 'ITEM' || obj.isDeleted) return null;
  const d = obj.itemData ?? {};
  const variations: SquareVariationState[] = [];
  for (const v of d.variations ?? []) {
    if (v.type !== 'ITEM_VARIATION' || v.isDeleted || !v.id) continue;
    const vd = v.itemVariationData ?? {};
    const amount = vd.priceMoney?.amount;
    variations.push({
      id: v.id,
      variantId: variantOf(v.id),
      sku: blankToNull(vd.sku),
      upc: blankToNull(vd.upc),
      pricingType: vd.pricingType ?? null,
      price: amount !== undefined && amount !== null && vd.priceMoney?.currency ? { amount: Number(amount), currency: vd.priceMoney.currency } : null,
    });
  }
  variations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    itemId: obj.id,
    name: d.name ?? '',
    descriptionHtml: blankToNull(d.descriptionHtml) ?? plainToHtml(blankToNull(d.description)),
    abbreviation: blankToNull(d.abbreviation),
    archived: d.isArchived === true,
    seo: { pageTitle: blankToNull(d.ecomSeoData?.pageTitle), pageDescription: blankToNull(d.ecomSeoData?.pageDescription), permalink: blankToNull(d.ecomSeoData?.permalink) },
    variations,
  };
}

/** Equal hashes: nothing Switchyard reads changed in the item (its echo, or a no-op save). */
export function squareItemHash(state: SquareItemState): string {
  return stableHash(state);
}

export interface Overlay {
  /** `base` with every field Square holds replaced by Square's value. */
  product: Product;
  /** Fields whose Square value could not be taken, with the reason (base's value is kept). */
  issues: Map<ProductField, string>;
}

/**
 * `base` with the fields Square holds replaced by the item's values. A value
 * Square holds in a lossy form (status, barcode) replaces base's only when
 * the two differ in Square's terms, so reading back what was written changes
 * nothing. Variants are matched through the id map; a variant Square doesn't
 * have keeps base's values.
 */
export function overlaySquareItem(base: Product, state: SquareItemState): Overlay {
  const issues = new Map<ProductField, string>();
  const out: Product = { ...base, seo: { ...base.seo } };
  if (state.name.trim()) out.title = state.name;
  else issues.set('title', `item ${state.itemId} has no name`);
  if (state.descriptionHtml !== squareDescriptionHtml(base.descriptionHtml)) out.descriptionHtml = state.descriptionHtml ?? '';
  if (state.seo.permalink && state.seo.permalink !== base.handle) out.handle = state.seo.permalink;
  out.seo.title = state.seo.pageTitle;
  out.seo.description = state.seo.pageDescription;
  if (state.archived !== squareArchived(base.status)) out.status = state.archived ? 'archived' : 'active';
  if (state.abbreviation) out.shortName = state.abbreviation;
  else delete out.shortName;

  const byVariant = new Map(state.variations.filter((v) => v.variantId).map((v) => [v.variantId, v]));
  out.variants = base.variants.map((v) => {
    const sq = byVariant.get(v.id);
    if (!sq) return v;
    const next: Variant = { ...v, sku: sq.sku };
    if (sq.upc !== squareUpc(v.barcode)) next.barcode = sq.upc;
    const price = takePrice(v, sq);
    if (typeof price === 'string') {
      if (!issues.has('price')) issues.set('price', price);
    } else {
      Object.assign(next, price);
    }
    return next;
  });
  return { product: out, issues };
}

/** The variant's price fields with Square's price taken, or why it can't be. */
function takePrice(v: Variant, sq: SquareVariationState): Pick<Variant, 'price' | 'prices'> | string {
  if (sq.pricingType !== 'FIXED_PRICING' || !sq.price) {
    return `variation ${sq.id} (${sq.sku ?? 'no SKU'}) has no fixed price in Square (pricing ${sq.pricingType ?? 'unset'})`;
  }
  const money = { amount: sq.price.amount, currency: sq.price.currency };
  if (v.price.currency === money.currency) return { price: money, prices: v.prices };
  if (v.prices?.some((p) => p.currency === money.currency)) {
    return { price: v.price, prices: v.prices.map((p) => (p.currency === money.currency ? money : p)) };
  }
  return `variation ${sq.id} (${sq.sku ?? 'no SKU'}) is priced in ${money.currency}, but the product has no price in that currency (base ${v.price.currency})`;
}

/**
 * The ITEM about to be written with the fields Square owns put back to the
 * values `current` (the item as Square holds it now) has: an owner's own
 * value is never overwritten, even when the canonical record hasn't caught
 * up with it yet. Variations are matched by Square id; new ones keep the
 * canonical values.
 */
export function keepSquareFields(item: Square.CatalogObject, current: Square.CatalogObject, keep: readonly ProductField[]): Square.CatalogObject {
  if (item.type !== 'ITEM' || current.type !== 'ITEM' || !keep.length) return item;
  const has = (f: ProductField) => keep.includes(f);
  const cur = current.itemData ?? {};
  const data: Square.CatalogItem = { ...item.itemData };
  const seo: Square.CatalogEcomSeoData = { ...data.ecomSeoData };
  if (has('title') && cur.name) data.name = cur.name;
  if (has('description')) {
    setOrDrop(data, 'descriptionHtml', cur.descriptionHtml);
    setOrDrop(data, 'description', cur.description);
  }
  if (has('shortName')) setOrDrop(data, 'abbreviation', cur.abbreviation);
  if (has('status')) data.isArchived = cur.isArchived ?? false;
  if (has('handle')) seo.permalink = cur.ecomSeoData?.permalink ?? seo.permalink;
  if (has('seo.title')) seo.pageTitle = cur.ecomSeoData?.pageTitle ?? null;
  if (has('seo.description')) seo.pageDescription = cur.ecomSeoData?.pageDescription ?? null;
  data.ecomSeoData = seo;

  const currentVariations = new Map((cur.variations ?? []).filter((v) => v.type === 'ITEM_VARIATION' && !v.isDeleted).map((v) => [v.id, v]));
  data.variations = (data.variations ?? []).map((v) => {
    const now = currentVariations.get(v.id);
    if (v.type !== 'ITEM_VARIATION' || now?.type !== 'ITEM_VARIATION') return v;
    const vd: Square.CatalogItemVariation = { ...v.itemVariationData };
    const nd = now.itemVariationData ?? {};
    if (has('price')) {
      vd.pricingType = nd.pricingType ?? vd.pricingType;
      setOrDrop(vd, 'priceMoney', nd.priceMoney);
    }
    if (has('sku')) setOrDrop(vd, 'sku', nd.sku);
    if (has('barcode')) setOrDrop(vd, 'upc', nd.upc);
    return { ...v, itemVariationData: vd };
  });
  return { ...item, itemData: data };
}

function setOrDrop<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined | null): void {
  if (value === undefined || value === null) delete target[key];
  else target[key] = value;
}

function blankToNull(v: string | null | undefined): string | null {
  return v === undefined || v === null || v.trim() === '' ? null : v;
}

/** A plain-text description (items edited before description_html existed) as one paragraph of HTML. */
function plainToHtml(text: string | null): string | null {
  if (text === null) return null;
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<p>${escaped.replace(/\n/g, '<br>')}</p>`;
}
