import { hash } from 'node:crypto';
import type { Square } from 'square';
import type { Image } from '../../canonical/image';
import type { Product } from '../../canonical/product';
import type { IdMapping } from '../../store/types';

/**
 * Identity of the Square objects a canonical product maps to. Options and
 * option values have no canonical id of their own, so one is derived from the
 * product id + names: deterministic, so a retry or a re-sync finds the same
 * id-map rows.
 */

export type SquareEntity = 'product' | 'variant' | 'option' | 'option_value' | 'image';
export type SquareObjectType = 'ITEM' | 'ITEM_VARIATION' | 'ITEM_OPTION' | 'ITEM_OPTION_VAL' | 'IMAGE';

/** One Square object we write for a product, by its canonical identity. */
export interface SquareEntityRef {
  entity: SquareEntity;
  canonicalId: string;
  externalType: SquareObjectType;
}

export function optionCanonicalId(productId: string, optionName: string): string {
  return `opt_${digest(productId, optionName)}`;
}

export function optionValueCanonicalId(productId: string, optionName: string, value: string): string {
  return `optv_${digest(productId, optionName, value)}`;
}

/**
 * The Square IMAGE holding one file of a product image. Square keeps the file
 * itself (uploaded, not linked by URL), so the identity covers what the file
 * was made from: a new file or alt text under the same canonical image is a
 * new upload, and the old IMAGE is retired.
 */
export function imageCanonicalId(image: Image): string {
  return `sqimg_${digest(image.id, image.url, image.altText ?? '')}`;
}

/**
 * Every Square object a product maps to, in a stable order (ITEM, variations,
 * options, values, images). Worked out once per product object (the sink asks for it
 * at every step of a page) and shared, so it is read-only.
 */
export function squareEntities(product: Product): readonly SquareEntityRef[] {
  let refs = entitiesOf.get(product);
  if (!refs) {
    refs = Object.freeze(entitiesFor(product));
    entitiesOf.set(product, refs);
  }
  return refs;
}

const entitiesOf = new WeakMap<Product, readonly SquareEntityRef[]>();

function entitiesFor(product: Product): SquareEntityRef[] {
  const refs: SquareEntityRef[] = [{ entity: 'product', canonicalId: product.id, externalType: 'ITEM' }];
  for (const v of product.variants) refs.push({ entity: 'variant', canonicalId: v.id, externalType: 'ITEM_VARIATION' });
  for (const o of product.options) {
    refs.push({ entity: 'option', canonicalId: optionCanonicalId(product.id, o.name), externalType: 'ITEM_OPTION' });
    for (const value of o.values) {
      refs.push({ entity: 'option_value', canonicalId: optionValueCanonicalId(product.id, o.name, value), externalType: 'ITEM_OPTION_VAL' });
    }
  }
  for (const image of product.images) refs.push({ entity: 'image', canonicalId: imageCanonicalId(image), externalType: 'IMAGE' });
  return refs;
}

/** The id-map keys a product's Square links are stored under (pass them to Store.findByCanonical). */
export function squareLinkCanonicalIds(product: Product): string[] {
  return squareEntities(product).map((r) => r.canonicalId);
}

/** Top-level objects plus the ones nested in them (variations, option values). */
export function flattenObjects(objects: readonly Square.CatalogObject[]): Square.CatalogObject[] {
  const out: Square.CatalogObject[] = [];
  for (const o of objects) {
    out.push(o);
    if (o.type === 'ITEM') out.push(...(o.itemData?.variations ?? []));
    if (o.type === 'ITEM_OPTION') out.push(...(o.itemOptionData?.values ?? []));
  }
  return out;
}

export function indexKnown(known: readonly IdMapping[]): Map<string, IdMapping> {
  return new Map(known.map((k) => [linkKey(k.externalType, k.canonicalId), k]));
}

export function linkKey(type: string, canonical: string): string {
  return `${type}\u0000${canonical}`;
}

function digest(...parts: string[]): string {
  return hash('sha256', parts.join('\u0000'), 'base64url').slice(0, 22);
}

/** Counts objects with their nested children (Square's batch limits count them all). */
export function countObjects(objects: readonly Square.CatalogObject[]): number {
  return flattenObjects(objects).length;
}
