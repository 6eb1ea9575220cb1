import { z } from 'zod';
import { canonicalId, decimalToMinor } from '../../canonical/common';
import { Product, type ProductOption } from '../../canonical/product';
import type { Variant } from '../../canonical/variant';
import type { Image } from '../../canonical/image';
import type { Mapped } from '../../connectors/types';
import { formatPath, issueReason } from './reason';

/**
 * Shopify Admin GraphQL 2025-01 `Product` → canonical Product. Pure: no I/O,
 * never throws; vendor data we can't trust becomes `{ ok: false, reason }`
 * naming the field, so the record is quarantined instead of half-written.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Product
 */
export const MAPPING_VERSION = 'shopify.product.v1';

/** A decimal string as Shopify sends money (`Money` scalar): "19.99". */
const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a decimal');

export const ShopifyPageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

export const ShopifyVariantNode = z.object({
  id: z.string().startsWith('gid://shopify/ProductVariant/'),
  title: z.string(),
  sku: z.string().nullable(),
  barcode: z.string().nullable(),
  price: Decimal,
  compareAtPrice: Decimal.nullable(),
  position: z.number().int().positive(),
  selectedOptions: z.array(z.object({ name: z.string(), value: z.string() })),
});
export type ShopifyVariantNode = z.infer<typeof ShopifyVariantNode>;

/**
 * `media` is an interface; we select `... on MediaImage` only, so videos and
 * 3D models arrive as `{}`. An image still processing has `image: null`.
 */
export const ShopifyMediaNode = z.object({
  id: z.string().optional(),
  alt: z.string().nullable().optional(),
  image: z.object({ url: z.string(), altText: z.string().nullable() }).nullable().optional(),
});
export type ShopifyMediaNode = z.infer<typeof ShopifyMediaNode>;

/** Exactly the selection of connectors/shopify/queries.ts `PRODUCT_FIELDS`. */
export const ShopifyProductNode = z.object({
  id: z.string().startsWith('gid://shopify/Product/'),
  title: z.string(),
  handle: z.string(),
  descriptionHtml: z.string(),
  vendor: z.string().nullable(),
  productType: z.string().nullable(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'DRAFT']),
  tags: z.array(z.string()),
  updatedAt: z.string(),
  options: z.array(z.object({ name: z.string(), position: z.number().int(), optionValues: z.array(z.object({ name: z.string() })) })),
  variants: z.object({ nodes: z.array(ShopifyVariantNode), pageInfo: ShopifyPageInfo.optional() }),
  media: z.object({ nodes: z.array(ShopifyMediaNode), pageInfo: ShopifyPageInfo.optional() }),
  seo: z.object({ title: z.string().nullable(), description: z.string().nullable() }),
});
export type ShopifyProductNode = z.infer<typeof ShopifyProductNode>;

export interface ShopifyMappingContext {
  /** Connector id from the YAML (part of every canonical id minted here). */
  connector: string;
  /** The shop's currency (`shop.currencyCode`): prices are in it. */
  currency: string;
}

const STATUS = { ACTIVE: 'active', DRAFT: 'draft', ARCHIVED: 'archived' } as const;

export function mapShopifyProduct(node: unknown, ctx: ShopifyMappingContext): Mapped<Product> {
  const externalId = peekId(node);
  const parsed = ShopifyProductNode.safeParse(node);
  if (!parsed.success) return refuse(externalId, issueReason(parsed.error), node);
  const p = parsed.data;

  // A connection still claiming more pages means the reader stopped early;
  // mapping it would silently delete the missing variants downstream.
  if (p.variants.pageInfo?.hasNextPage) return refuse(p.id, 'variants: incomplete list (pageInfo.hasNextPage is true)', node);
  if (p.media.pageInfo?.hasNextPage) return refuse(p.id, 'media: incomplete list (pageInfo.hasNextPage is true)', node);

  const ref = (type: string, id: string) => ({ connector: ctx.connector, type, id });
  // Shopify models "no options" as one option Title=Default Title; canonically that is no options.
  const defaultOnly = isDefaultTitleOnly(p);

  const options: ProductOption[] = defaultOnly
    ? []
    : [...p.options]
        .sort((a, b) => a.position - b.position)
        .map((o) => ({ name: o.name, position: o.position, values: o.optionValues.map((v) => v.name) }));

  const variants: Variant[] = [];
  const sorted = p.variants.nodes.map((v, index) => ({ v, index })).sort((a, b) => a.v.position - b.v.position);
  for (const { v, index } of sorted) {
    const price = money(v.price, ctx.currency, ['variants', index, 'price']);
    if (!price.ok) return refuse(p.id, price.reason, node);
    const compare = v.compareAtPrice === null ? null : money(v.compareAtPrice, ctx.currency, ['variants', index, 'compareAtPrice']);
    if (compare && !compare.ok) return refuse(p.id, compare.reason, node);
    variants.push({
      id: canonicalId('var', ref('ProductVariant', v.id)),
      externalRefs: [ref('ProductVariant', v.id)],
      title: defaultOnly ? '' : v.title,
      sku: emptyToNull(v.sku),
      barcode: emptyToNull(v.barcode),
      position: v.position,
      selectedOptions: defaultOnly ? [] : v.selectedOptions.map((o) => ({ name: o.name, value: o.value })),
      price: { amount: price.amount, currency: ctx.currency },
      compareAtPrice: compare ? { amount: compare.amount, currency: ctx.currency } : null,
    });
  }

  const images: Image[] = [];
  for (const m of p.media.nodes) {
    if (!m.id || !m.image) continue; // not an image, or still processing
    images.push({
      id: canonicalId('img', ref('MediaImage', m.id)),
      externalRefs: [ref('MediaImage', m.id)],
      url: m.image.url,
      altText: emptyToNull(m.alt ?? null) ?? emptyToNull(m.image.altText),
      position: images.length + 1,
    });
  }

  const candidate: Product = {
    id: canonicalId('prd', ref('Product', p.id)),
    externalRefs: [ref('Product', p.id)],
    title: p.title,
    handle: p.handle,
    descriptionHtml: p.descriptionHtml,
    vendor: emptyToNull(p.vendor),
    productType: emptyToNull(p.productType),
    status: STATUS[p.status],
    tags: [...p.tags],
    options,
    variants,
    images,
    seo: { title: emptyToNull(p.seo.title), description: emptyToNull(p.seo.description) },
    updatedAt: p.updatedAt,
  };
  // The canonical schema is the last word (empty title, bad URL, no variants...).
  const checked = Product.safeParse(candidate);
  if (!checked.success) return refuse(p.id, `canonical ${issueReason(checked.error)}`, node);
  return { ok: true, externalId: p.id, record: checked.data };
}

function isDefaultTitleOnly(p: ShopifyProductNode): boolean {
  const only = p.options.length === 1 ? p.options[0] : undefined;
  return only !== undefined && only.name === 'Title' && only.optionValues.length === 1 && only.optionValues[0]?.name === 'Default Title';
}

function money(decimal: string, currency: string, path: (string | number)[]): { ok: true; amount: number } | { ok: false; reason: string } {
  try {
    return { ok: true, amount: decimalToMinor(decimal, currency) };
  } catch (err) {
    return { ok: false, reason: `${formatPath(path)}: ${(err as Error).message}` };
  }
}

function emptyToNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

function peekId(node: unknown): string {
  if (node !== null && typeof node === 'object' && 'id' in node && typeof node.id === 'string') return node.id;
  return '';
}

function refuse(externalId: string, reason: string, raw: unknown): Mapped<Product> {
  return { ok: false, externalId, reason, raw };
}
