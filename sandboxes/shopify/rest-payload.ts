import { gid } from './ids';
import { variantTitle, type ProductRecord } from './records';
import { formatInZone } from './shop-time';

/**
 * Webhook payloads for products/* topics use the REST Admin API product
 * resource (snake_case, numeric ids, shop-local timestamps, comma-joined tags,
 * lower-case status, money as strings), version 2025-01.
 * https://shopify.dev/docs/api/admin-rest/2025-01/resources/product
 * https://shopify.dev/docs/api/webhooks/2025-01?reference=toml#list-of-topics-products/update
 */

export interface RestVariant {
  id: number;
  product_id: number;
  title: string;
  price: string;
  position: number;
  inventory_policy: string;
  compare_at_price: string | null;
  option1: string | null;
  option2: string | null;
  option3: string | null;
  created_at: string;
  updated_at: string;
  taxable: boolean;
  barcode: string | null;
  sku: string | null;
  inventory_item_id: number;
  inventory_quantity: number;
  old_inventory_quantity: number;
  image_id: number | null;
  admin_graphql_api_id: string;
}

export interface RestImage {
  id: number;
  product_id: number;
  position: number;
  created_at: string;
  updated_at: string;
  alt: string | null;
  width: number;
  height: number;
  src: string;
  variant_ids: number[];
  admin_graphql_api_id: string;
}

export interface RestProduct {
  id: number;
  title: string;
  body_html: string;
  vendor: string;
  product_type: string;
  created_at: string;
  handle: string;
  updated_at: string;
  published_at: string | null;
  template_suffix: string | null;
  published_scope: string;
  tags: string;
  status: string;
  admin_graphql_api_id: string;
  variants: RestVariant[];
  options: { id: number; product_id: number; name: string; position: number; values: string[] }[];
  images: RestImage[];
  image: RestImage | null;
  media: { id: number; product_id: number; position: number; created_at: string; updated_at: string; alt: string | null; status: string; media_content_type: string; preview_image: { width: number; height: number; src: string; status: string }; variant_ids: number[]; admin_graphql_api_id: string }[];
  variant_gids: { admin_graphql_api_id: string; updated_at: string }[];
  has_variants_that_requires_components: boolean;
  category: null;
}

export function toRestProduct(p: ProductRecord, timeZone: string): RestProduct {
  const t = (ms: number): string => formatInZone(ms, timeZone);
  const images: RestImage[] = p.media.map((m, i) => ({
    id: m.id,
    product_id: p.id,
    position: i + 1,
    created_at: t(m.createdAt),
    updated_at: t(Math.max(m.createdAt, p.updatedAt)),
    alt: m.alt,
    width: m.width,
    height: m.height,
    src: m.url,
    variant_ids: [],
    admin_graphql_api_id: gid('ProductImage', m.id),
  }));
  return {
    id: p.id,
    title: p.title,
    body_html: p.descriptionHtml,
    vendor: p.vendor,
    product_type: p.productType,
    created_at: t(p.createdAt),
    handle: p.handle,
    updated_at: t(p.updatedAt),
    published_at: p.publishedAt === null ? null : t(p.publishedAt),
    template_suffix: p.templateSuffix,
    published_scope: 'global',
    tags: p.tags.join(', '),
    status: p.status.toLowerCase(),
    admin_graphql_api_id: gid('Product', p.id),
    variants: p.variants.map((v) => ({
      id: v.id,
      product_id: p.id,
      title: variantTitle(v),
      price: v.price,
      position: v.position,
      inventory_policy: v.inventoryPolicy.toLowerCase(),
      compare_at_price: v.compareAtPrice,
      option1: v.optionValues[0] ?? null,
      option2: v.optionValues[1] ?? null,
      option3: v.optionValues[2] ?? null,
      created_at: t(v.createdAt),
      updated_at: t(v.updatedAt),
      taxable: v.taxable,
      barcode: v.barcode,
      sku: v.sku,
      inventory_item_id: v.inventoryItemId,
      inventory_quantity: v.inventoryQuantity,
      old_inventory_quantity: v.inventoryQuantity,
      image_id: null,
      admin_graphql_api_id: gid('ProductVariant', v.id),
    })),
    options: p.options.map((o) => ({ id: o.id, product_id: p.id, name: o.name, position: o.position, values: o.values.map((v) => v.name) })),
    images,
    image: images[0] ?? null,
    media: p.media.map((m, i) => ({
      id: m.id,
      product_id: p.id,
      position: i + 1,
      created_at: t(m.createdAt),
      updated_at: t(Math.max(m.createdAt, p.updatedAt)),
      alt: m.alt,
      status: 'READY',
      media_content_type: 'IMAGE',
      preview_image: { width: m.width, height: m.height, src: m.url, status: 'READY' },
      variant_ids: [],
      admin_graphql_api_id: gid('MediaImage', m.id),
    })),
    variant_gids: p.variants.map((v) => ({ admin_graphql_api_id: gid('ProductVariant', v.id), updated_at: new Date(v.updatedAt).toISOString() })),
    has_variants_that_requires_components: false,
    category: null,
  };
}
