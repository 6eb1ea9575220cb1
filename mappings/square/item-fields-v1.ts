import type { Product } from '../../canonical/product';
import type { ProductField } from '../../canonical/product-fields';

/**
 * Which canonical product fields a Square CatalogItem holds, and how each is
 * projected into Square's terms. Writer (catalog-item-v1) and reader
 * (catalog-item-read-v1) share these projections, so a value read back from
 * Square compares equal to the canonical value it was written from.
 *
 * | canonical        | Square                                                       |
 * |------------------|--------------------------------------------------------------|
 * | title            | item_data.name                                               |
 * | description      | item_data.description_html (+ plain `description`)           |
 * | handle           | item_data.ecom_seo_data.permalink                            |
 * | seo.title        | item_data.ecom_seo_data.page_title                           |
 * | seo.description  | item_data.ecom_seo_data.page_description                     |
 * | shortName        | item_data.abbreviation (the POS tile shows 5 characters)     |
 * | status           | item_data.is_archived — see below                            |
 * | options          | ITEM_OPTIONs + item_option_values (written, not read back)   |
 * | images           | IMAGEs (files uploaded) in item_data.image_ids, in order     |
 * |                  | (written, not read back; name = alt text or title)           |
 * | price            | variation price_money (FIXED_PRICING)                        |
 * | sku              | variation sku                                                |
 * | barcode          | variation upc, GTINs only (see isGtin)                       |
 *
 * Not held by Square: vendor, productType (Square's product_type is a kind
 * of item — REGULAR, FOOD_AND_BEV... — fixed at creation, not a merchant
 * category), tags, compareAtPrice. Images are files Square hosts itself
 * (uploaded through CreateCatalogImage; Square takes no bare URL), so only
 * the link from canonical image to IMAGE says which file stands for which.
 *
 * **Status.** A CatalogItem has no draft state; it offers `is_archived`
 * (hidden from the POS item library and from Square Online, kept in reports).
 * active → is_archived false; draft and archived → is_archived true, so
 * nothing unfinished or withdrawn is sellable at the till. Read back,
 * is_archived false is `active`; is_archived true keeps `draft` or
 * `archived` as the canonical record has it (both project to true), and
 * turns an `active` product `archived`.
 *
 * https://developer.squareup.com/reference/square/objects/CatalogItem
 */

/** Fields Switchyard writes into a Square item (a change to any of them is worth a write). */
export const SQUARE_STORED_FIELDS: readonly ProductField[] = [
  'title',
  'handle',
  'description',
  'status',
  'options',
  'images',
  'seo.title',
  'seo.description',
  'shortName',
  'price',
  'sku',
  'barcode',
];

/** Fields Square can own: it holds them and Switchyard reads them back (options and images are structural). */
export const SQUARE_OWNABLE_FIELDS: readonly ProductField[] = SQUARE_STORED_FIELDS.filter((f) => f !== 'options' && f !== 'images');

/** Square accepts GTINs in `upc` (UPC-E/EAN-8, UPC-A, EAN-13, GTIN-14); other barcodes are left out rather than rejected. */
export function isGtin(code: string): boolean {
  return /^(\d{8}|\d{12,14})$/.test(code);
}

/** A canonical barcode as Square holds it (null when it isn't a GTIN). */
export function squareUpc(barcode: string | null): string | null {
  return barcode && isGtin(barcode) ? barcode : null;
}

/** A canonical status as Square holds it. */
export function squareArchived(status: Product['status']): boolean {
  return status !== 'active';
}

/** A canonical description as Square holds it (null when there is none). */
export function squareDescriptionHtml(descriptionHtml: string): string | null {
  return descriptionHtml.trim() ? descriptionHtml : null;
}
