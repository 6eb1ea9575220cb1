import type { Square } from 'square';
import type { Product } from '../../canonical/product';
import type { IdMapping } from '../../store/types';
import { flattenObjects, indexKnown, linkKey, optionCanonicalId, optionValueCanonicalId, squareEntities, type SquareEntityRef } from './catalog-ids';

/**
 * Square objects → the id-map links Switchyard remembers for a product. Pure.
 * Versions are Square's optimistic-concurrency `version`, kept as strings.
 */

/**
 * After a batch upsert: the links for `product`. Temporary `#` ids resolve
 * through `idMappings`; versions come from the returned objects (nested
 * variations and option values included). An object Square didn't account
 * for is left out (the caller notices a missing ITEM).
 */
export function toIdMappings(
  product: Product,
  connector: string,
  known: readonly IdMapping[],
  response: { objects?: readonly Square.CatalogObject[]; idMappings?: readonly Square.CatalogIdMapping[] },
): IdMapping[] {
  const links = indexKnown(known);
  const { permanent, versions } = responseIndex(response);

  const out: IdMapping[] = [];
  for (const ref of squareEntities(product)) {
    const clientId = links.get(linkKey(ref.externalType, ref.canonicalId))?.externalId ?? `#${ref.canonicalId}`;
    const externalId = permanent.get(clientId) ?? (clientId.startsWith('#') ? null : clientId);
    if (externalId) out.push(link(ref, connector, externalId, versions.get(externalId)));
  }
  return out;
}

/**
 * Rebuilds the links of `product` from what Square holds now (`current`: the
 * product's ITEM and its ITEM_OPTIONs as batch-retrieve returns them). Used
 * when the recorded versions went stale (someone edited in the dashboard) or
 * option links were never recorded. Objects deleted in Square drop out, so
 * the next upsert recreates them; options are recognised by name. `current`
 * also holds the IMAGEs of the product's image links.
 */
export function reconcileLinks(product: Product, connector: string, known: readonly IdMapping[], current: readonly Square.CatalogObject[]): IdMapping[] {
  const links = indexKnown(known);
  const itemId = links.get(linkKey('ITEM', product.id))?.externalId;
  const item = current.find((o): o is Square.CatalogObject.Item => o.type === 'ITEM' && o.id === itemId && !o.isDeleted);
  if (!item) return [];
  const versions = versionsOf(current);
  const out: IdMapping[] = [link({ entity: 'product', canonicalId: product.id, externalType: 'ITEM' }, connector, item.id, item.version)];

  const variationIds = new Set((item.itemData?.variations ?? []).map((v) => v.id));
  for (const v of product.variants) {
    const known = links.get(linkKey('ITEM_VARIATION', v.id));
    if (known && variationIds.has(known.externalId)) {
      out.push(link({ entity: 'variant', canonicalId: v.id, externalType: 'ITEM_VARIATION' }, connector, known.externalId, versions.get(known.externalId)));
    }
  }

  const attached = new Set((item.itemData?.itemOptions ?? []).map((o) => o.itemOptionId));
  const options = current.filter((o): o is Square.CatalogObject.ItemOption => o.type === 'ITEM_OPTION' && attached.has(o.id) && !o.isDeleted);
  for (const o of product.options) {
    const optCanonical = optionCanonicalId(product.id, o.name);
    const knownId = links.get(linkKey('ITEM_OPTION', optCanonical))?.externalId;
    const match =
      options.find((x) => x.id === knownId) ??
      options.find((x) => x.itemOptionData?.displayName === o.name || x.itemOptionData?.name === o.name);
    if (!match) continue;
    out.push(link({ entity: 'option', canonicalId: optCanonical, externalType: 'ITEM_OPTION' }, connector, match.id, match.version));
    for (const value of o.values) {
      const existing = (match.itemOptionData?.values ?? []).find((x): x is Square.CatalogObject.ItemOptionVal => x.type === 'ITEM_OPTION_VAL' && x.itemOptionValueData?.name === value);
      if (!existing) continue;
      const ref: SquareEntityRef = { entity: 'option_value', canonicalId: optionValueCanonicalId(product.id, o.name, value), externalType: 'ITEM_OPTION_VAL' };
      out.push(link(ref, connector, existing.id, existing.version));
    }
  }

  // Image files stay linked while Square still has them (uploaded ones the item doesn't show yet included).
  const images = new Set(current.filter((o) => o.type === 'IMAGE' && !o.isDeleted).map((o) => o.id));
  for (const ref of squareEntities(product)) {
    if (ref.externalType !== 'IMAGE') continue;
    const known = links.get(linkKey('IMAGE', ref.canonicalId));
    if (known && images.has(known.externalId)) out.push(link(ref, connector, known.externalId, versions.get(known.externalId)));
  }
  return out;
}

type UpsertResponse = Parameters<typeof toIdMappings>[3];
interface ResponseIndex {
  permanent: Map<string, string>;
  versions: Map<string, bigint | undefined>;
}
/**
 * One index per response: a page's response serves every product on it, so
 * indexing it per product would make a page quadratic in its size.
 */
const responseIndexes = new WeakMap<UpsertResponse, ResponseIndex>();
function responseIndex(response: UpsertResponse): ResponseIndex {
  let index = responseIndexes.get(response);
  if (!index) {
    const permanent = new Map<string, string>();
    for (const m of response.idMappings ?? []) if (m.clientObjectId && m.objectId) permanent.set(m.clientObjectId, m.objectId);
    index = { permanent, versions: versionsOf(response.objects ?? []) };
    responseIndexes.set(response, index);
  }
  return index;
}

function versionsOf(objects: readonly Square.CatalogObject[]): Map<string, bigint | undefined> {
  const versions = new Map<string, bigint | undefined>();
  for (const o of flattenObjects(objects)) if (o.id) versions.set(o.id, o.version);
  return versions;
}

function link(ref: SquareEntityRef, connector: string, externalId: string, version: bigint | undefined): IdMapping {
  return { ...ref, connector, externalId, externalVersion: version === undefined ? null : version.toString() };
}
