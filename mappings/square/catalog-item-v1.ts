import type { Square } from 'square';
import type { Product } from '../../canonical/product';
import { priceIn } from '../../canonical/variant';
import type { IdMapping } from '../../store/types';
import { htmlToText } from './html-text';
import { imageCanonicalId, indexKnown, linkKey, optionCanonicalId, optionValueCanonicalId, type SquareObjectType } from './catalog-ids';
import { squareArchived, squareDescriptionHtml, squareUpc } from './item-fields-v1';

export * from './catalog-ids';
export { reconcileLinks, toIdMappings } from './catalog-links-v1';
export { SQUARE_OWNABLE_FIELDS, SQUARE_STORED_FIELDS } from './item-fields-v1';

/**
 * Canonical Product → the Square catalog objects that represent it: one ITEM
 * (variations nested) plus one ITEM_OPTION per product option (values
 * nested). Pure; the SDK types make the compiler check every field name.
 *
 * Options are per product (never shared between items) so editing one
 * product's "Size" can't reshape another product's variations. Which
 * canonical field lands in which Square attribute, and how status maps to
 * `is_archived`, is tabled in ./item-fields-v1.ts.
 *
 * https://developer.squareup.com/reference/square/catalog-api/batch-upsert-catalog-objects
 */
export const MAPPING_VERSION = 'square.catalog-item.v1';

export type SquarePlan =
  | {
      ok: true;
      /** Top-level objects for one batch: the ITEM first, then its ITEM_OPTIONs. */
      objects: Square.CatalogObject[];
      /** ITEM_OPTION ids linked earlier that the product no longer uses (delete after the upsert). */
      staleOptionIds: string[];
    }
  | { ok: false; reason: string };

/** Square caps plain descriptions at 4,096 characters. */
const MAX_DESCRIPTION = 4096;

/**
 * Builds the objects to upsert. `known` are the id-map links already recorded
 * for this product in this connector: known objects keep their Square id and
 * send their `version` (optimistic concurrency); new ones get `#<canonicalId>`
 * temporary ids that Square swaps for permanent ids in `id_mappings`.
 * Variations missing from the product are simply not listed — Square deletes
 * variations an ITEM upsert leaves out. Images are referenced by the ids of
 * IMAGE objects already uploaded (links of type IMAGE).
 */
export function toSquareCatalogObjects(product: Product, known: readonly IdMapping[], currency: string): SquarePlan {
  const links = indexKnown(known);
  const idOf = (type: SquareObjectType, canonical: string) => links.get(linkKey(type, canonical))?.externalId ?? `#${canonical}`;
  const versionOf = (type: SquareObjectType, canonical: string) => toVersion(links.get(linkKey(type, canonical))?.externalVersion ?? null);

  const itemId = idOf('ITEM', product.id);
  const optionIds = new Map<string, string>();
  const valueIds = new Map<string, string>();
  const optionObjects: Square.CatalogObject[] = [];
  for (const o of [...product.options].sort((a, b) => a.position - b.position)) {
    const optCanonical = optionCanonicalId(product.id, o.name);
    const optionId = idOf('ITEM_OPTION', optCanonical);
    optionIds.set(o.name, optionId);
    const values: Square.CatalogObject[] = o.values.map((value, ordinal) => {
      const valCanonical = optionValueCanonicalId(product.id, o.name, value);
      const valueId = idOf('ITEM_OPTION_VAL', valCanonical);
      valueIds.set(`${o.name}\u0000${value}`, valueId);
      return {
        type: 'ITEM_OPTION_VAL',
        id: valueId,
        ...versionField(versionOf('ITEM_OPTION_VAL', valCanonical)),
        itemOptionValueData: { itemOptionId: optionId, name: value, ordinal },
      };
    });
    optionObjects.push({
      type: 'ITEM_OPTION',
      id: optionId,
      ...versionField(versionOf('ITEM_OPTION', optCanonical)),
      // `name` must be unique across the seller's item options; the handle makes it so. Buyers see display_name.
      itemOptionData: { name: `${o.name} (${product.handle})`, displayName: o.name, values },
    });
  }

  const variations: Square.CatalogObject[] = [];
  for (const [i, v] of [...product.variants].sort((a, b) => a.position - b.position).entries()) {
    // The base price when it is in the POS's currency, else the variant's fixed price there (price lists).
    const price = priceIn(v, currency);
    if (!price) return { ok: false, reason: `no ${currency} price for variant ${v.sku ?? (v.title || v.id)}` };
    if (price.amount < 0) return { ok: false, reason: `variants[${i}].price: Square sells nothing at a negative price (${price.amount})` };
    const optionValues: Square.CatalogItemOptionValueForItemVariation[] = [];
    for (const sel of v.selectedOptions) {
      const itemOptionId = optionIds.get(sel.name);
      const itemOptionValueId = valueIds.get(`${sel.name}\u0000${sel.value}`);
      if (!itemOptionId || !itemOptionValueId) {
        return { ok: false, reason: `variants[${i}].selectedOptions: ${sel.name}=${sel.value} is not among the product's options` };
      }
      optionValues.push({ itemOptionId, itemOptionValueId });
    }
    variations.push({
      type: 'ITEM_VARIATION',
      id: idOf('ITEM_VARIATION', v.id),
      ...versionField(versionOf('ITEM_VARIATION', v.id)),
      itemVariationData: {
        itemId,
        name: variationName(v.title, v.selectedOptions.map((s) => s.value)),
        ...(v.sku ? { sku: v.sku } : {}),
        ...(squareUpc(v.barcode) ? { upc: v.barcode } : {}),
        ordinal: v.position,
        pricingType: 'FIXED_PRICING',
        priceMoney: { amount: BigInt(price.amount), currency: currency as Square.Currency },
        ...(optionValues.length ? { itemOptionValues: optionValues } : {}),
      },
    });
  }

  // Files are uploaded ahead of the upsert (CreateCatalogImage); the item lists them in canonical order, the first being
  // the one the POS shows. An image not uploaded yet is left out, and one the product dropped is detached.
  const imageIds = [...product.images]
    .sort((a, b) => a.position - b.position)
    .flatMap((img) => links.get(linkKey('IMAGE', imageCanonicalId(img)))?.externalId ?? []);

  const descriptionHtml = squareDescriptionHtml(product.descriptionHtml);
  const description = htmlToText(product.descriptionHtml).slice(0, MAX_DESCRIPTION);
  const item: Square.CatalogObject = {
    type: 'ITEM',
    id: itemId,
    ...versionField(versionOf('ITEM', product.id)),
    itemData: {
      name: product.title,
      ...(descriptionHtml ? { descriptionHtml, description } : {}),
      ...(product.shortName ? { abbreviation: product.shortName } : {}),
      productType: 'REGULAR',
      variations,
      ...(optionObjects.length ? { itemOptions: optionObjects.map((o) => ({ itemOptionId: o.id })) } : {}),
      ecomSeoData: { pageTitle: product.seo.title, pageDescription: product.seo.description, permalink: product.handle },
      // Square keeps no image the upsert leaves out (no sparse updates): an empty list and none are the same.
      ...(imageIds.length ? { imageIds } : {}),
      // Drafts and archived products must not be sellable at the till (see item-fields-v1).
      isArchived: squareArchived(product.status),
    },
  };

  const current = new Set(optionObjects.map((o) => o.id));
  const staleOptionIds = known.filter((k) => k.externalType === 'ITEM_OPTION' && !current.has(k.externalId)).map((k) => k.externalId);
  return { ok: true, objects: [item, ...optionObjects], staleOptionIds };
}

function variationName(title: string, optionValues: string[]): string {
  if (title.trim()) return title;
  if (optionValues.length) return optionValues.join(' / ');
  return 'Regular'; // what Square itself calls the single variation of an item
}

function toVersion(value: string | null): bigint | undefined {
  return value !== null && /^\d+$/.test(value) ? BigInt(value) : undefined;
}

function versionField(version: bigint | undefined): { version?: bigint } {
  return version === undefined ? {} : { version };
}
