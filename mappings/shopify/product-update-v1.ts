import { minorToDecimal } from '../../canonical/common';
import type { Product } from '../../canonical/product';
import { differingFields, PRODUCT_FIELDS, type ProductField } from '../../canonical/product-fields';

/**
 * Canonical fields → the Admin GraphQL 2025-01 inputs that write them into
 * an existing Shopify product: the way fields owned by another system (a
 * price the POS owns, say) reach Shopify. Pure; only fields that differ from
 * what Shopify holds (`current`, mapped by product-v1) are sent.
 *
 * | canonical                          | Shopify input                                  |
 * |------------------------------------|------------------------------------------------|
 * | title, handle, vendor, productType | ProductUpdateInput.<same name>                 |
 * | description                        | ProductUpdateInput.descriptionHtml             |
 * | status                             | ProductUpdateInput.status (ACTIVE/DRAFT/ARCHIVED) |
 * | tags                               | ProductUpdateInput.tags                        |
 * | seo.title, seo.description         | ProductUpdateInput.seo { title, description }  |
 * | price, compareAtPrice, barcode     | ProductVariantsBulkInput.<same name>           |
 * | sku                                | ProductVariantsBulkInput.inventoryItem.sku     |
 *
 * Shopify holds no POS short name (`shortName`). Options and images shape
 * the product and belong to the catalog's source, so they are never written
 * here.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productVariantsBulkUpdate
 */
export const MAPPING_VERSION = 'shopify.product-update.v1';

/** Fields a Shopify product holds (and reads back through product-v1). */
export const SHOPIFY_STORED_FIELDS: readonly ProductField[] = PRODUCT_FIELDS.filter((f) => f !== 'shortName');

/** Fields Switchyard can write into an existing Shopify product. */
export const SHOPIFY_WRITABLE_FIELDS: readonly ProductField[] = SHOPIFY_STORED_FIELDS.filter((f) => f !== 'options' && f !== 'images');

/** ProductUpdateInput, the part Switchyard sends. */
export interface ShopifyProductUpdateInput {
  id: string;
  title?: string;
  handle?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  status?: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  tags?: string[];
  seo?: { title?: string | null; description?: string | null };
}

/** ProductVariantsBulkInput, the part Switchyard sends. */
export interface ShopifyVariantUpdateInput {
  id: string;
  price?: string;
  compareAtPrice?: string | null;
  barcode?: string | null;
  inventoryItem?: { sku: string | null };
}

export interface ShopifyUpdatePlan {
  /** The product gid. */
  productId: string;
  /** null when no product-level field differs. */
  product: ShopifyProductUpdateInput | null;
  /** One entry per variant with a differing field. */
  variants: ShopifyVariantUpdateInput[];
}

export type PlanResult = { ok: true; plan: ShopifyUpdatePlan } | { ok: false; reason: string };

const STATUS = { active: 'ACTIVE', draft: 'DRAFT', archived: 'ARCHIVED' } as const;

/**
 * What to send so Shopify holds `target`'s values of `fields` (those of them
 * it can hold). `connector` names the Shopify connector whose external refs
 * identify the product and its variants.
 */
export function planShopifyUpdate(target: Product, current: Product, fields: readonly ProductField[], connector: string): PlanResult {
  const productId = target.externalRefs.find((r) => r.connector === connector && r.type === 'Product')?.id;
  if (!productId) return { ok: false, reason: `the product has no ${connector} Product id` };
  const writable = differingFields(target, current, fields.filter((f) => SHOPIFY_WRITABLE_FIELDS.includes(f)));
  const has = (f: ProductField) => writable.includes(f);

  const input: ShopifyProductUpdateInput = { id: productId };
  if (has('title')) input.title = target.title;
  if (has('handle')) input.handle = target.handle;
  if (has('description')) input.descriptionHtml = target.descriptionHtml;
  if (has('vendor')) input.vendor = target.vendor ?? '';
  if (has('productType')) input.productType = target.productType ?? '';
  if (has('status')) input.status = STATUS[target.status];
  if (has('tags')) input.tags = [...target.tags];
  if (has('seo.title') || has('seo.description')) {
    input.seo = {};
    if (has('seo.title')) input.seo.title = target.seo.title;
    if (has('seo.description')) input.seo.description = target.seo.description;
  }

  const variants: ShopifyVariantUpdateInput[] = [];
  const now = new Map(current.variants.map((v) => [v.id, v]));
  for (const v of target.variants) {
    const cur = now.get(v.id);
    const id = v.externalRefs.find((r) => r.connector === connector && r.type === 'ProductVariant')?.id;
    if (!cur || !id) continue; // a variant Shopify doesn't have: the source adds variants, not this write
    const change: ShopifyVariantUpdateInput = { id };
    if (has('price') && !sameMoney(v.price, cur.price)) {
      if (v.price.currency !== cur.price.currency) return { ok: false, reason: `variant ${v.sku ?? id}: price in ${v.price.currency}, but the shop sells in ${cur.price.currency}` };
      change.price = minorToDecimal(v.price.amount, v.price.currency);
    }
    if (has('compareAtPrice') && !sameMoney(v.compareAtPrice, cur.compareAtPrice)) {
      change.compareAtPrice = v.compareAtPrice ? minorToDecimal(v.compareAtPrice.amount, v.compareAtPrice.currency) : null;
    }
    if (has('barcode') && v.barcode !== cur.barcode) change.barcode = v.barcode;
    if (has('sku') && v.sku !== cur.sku) change.inventoryItem = { sku: v.sku };
    if (Object.keys(change).length > 1) variants.push(change);
  }
  return { ok: true, plan: { productId, product: Object.keys(input).length > 1 ? input : null, variants } };
}

function sameMoney(a: { amount: number; currency: string } | null, b: { amount: number; currency: string } | null): boolean {
  return a === b || (a !== null && b !== null && a.amount === b.amount && a.currency === b.currency);
}
