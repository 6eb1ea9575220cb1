import { canonicalJson, stableHash } from './hash';
import type { Product } from './product';
import type { Variant } from './variant';

/**
 * The product fields a flow can give an owner (`fields: { price: pos }`),
 * by the names operators write in the YAML. A field nobody is named for
 * belongs to the flow's `from`. Pure helpers to read, copy and hash fields so
 * the engine can merge one canonical product out of several systems without
 * knowing any vendor.
 *
 * | name            | canonical                         |
 * |-----------------|-----------------------------------|
 * | title           | Product.title                     |
 * | handle          | Product.handle                    |
 * | description     | Product.descriptionHtml           |
 * | vendor          | Product.vendor                    |
 * | productType     | Product.productType               |
 * | status          | Product.status                    |
 * | tags            | Product.tags                      |
 * | options         | Product.options (structural)      |
 * | images          | Product.images (structural)       |
 * | seo.title       | Product.seo.title                 |
 * | seo.description | Product.seo.description           |
 * | shortName       | Product.shortName (POS label)     |
 * | price           | Variant.price, per variant        |
 * | compareAtPrice  | Variant.compareAtPrice            |
 * | sku             | Variant.sku                       |
 * | barcode         | Variant.barcode                   |
 */
export const PRODUCT_FIELDS = [
  'title',
  'handle',
  'description',
  'vendor',
  'productType',
  'status',
  'tags',
  'options',
  'images',
  'seo.title',
  'seo.description',
  'shortName',
  'price',
  'compareAtPrice',
  'sku',
  'barcode',
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** Fields held per variant; variants are matched across systems by canonical variant id. */
export const VARIANT_FIELDS: readonly ProductField[] = ['price', 'compareAtPrice', 'sku', 'barcode'];

/**
 * Fields that shape the record rather than describe it (which options, and so
 * which variants, exist; which images): only the flow's source may own them.
 */
export const STRUCTURAL_FIELDS: readonly ProductField[] = ['options', 'images'];

export function isProductField(name: string): name is ProductField {
  return (PRODUCT_FIELDS as readonly string[]).includes(name);
}

/** The part of a flow that says who owns what (a product FlowConfig satisfies it). */
export interface FieldOwnership {
  from: string;
  fields?: Readonly<Record<string, string>>;
}

/** `fields[f]`, else the flow's `from`. */
export function ownerOf(flow: FieldOwnership, field: ProductField): string {
  return flow.fields?.[field] ?? flow.from;
}

export function fieldsOwnedBy(flow: FieldOwnership, connector: string): ProductField[] {
  return PRODUCT_FIELDS.filter((f) => ownerOf(flow, f) === connector);
}

type ProductLevel = Exclude<ProductField, 'price' | 'compareAtPrice' | 'sku' | 'barcode'>;
type VariantLevel = Extract<ProductField, 'price' | 'compareAtPrice' | 'sku' | 'barcode'>;

const PRODUCT_LEVEL: { readonly [F in ProductLevel]: { get(p: Product): unknown; copy(target: Product, source: Product): Product } } = {
  title: { get: (p) => p.title, copy: (t, s) => ({ ...t, title: s.title }) },
  handle: { get: (p) => p.handle, copy: (t, s) => ({ ...t, handle: s.handle }) },
  description: { get: (p) => p.descriptionHtml, copy: (t, s) => ({ ...t, descriptionHtml: s.descriptionHtml }) },
  vendor: { get: (p) => p.vendor, copy: (t, s) => ({ ...t, vendor: s.vendor }) },
  productType: { get: (p) => p.productType, copy: (t, s) => ({ ...t, productType: s.productType }) },
  status: { get: (p) => p.status, copy: (t, s) => ({ ...t, status: s.status }) },
  tags: { get: (p) => p.tags, copy: (t, s) => ({ ...t, tags: [...s.tags] }) },
  options: { get: (p) => p.options, copy: (t, s) => ({ ...t, options: structuredClone(s.options) }) },
  images: { get: (p) => p.images, copy: (t, s) => ({ ...t, images: structuredClone(s.images) }) },
  'seo.title': { get: (p) => p.seo.title, copy: (t, s) => ({ ...t, seo: { ...t.seo, title: s.seo.title } }) },
  'seo.description': { get: (p) => p.seo.description, copy: (t, s) => ({ ...t, seo: { ...t.seo, description: s.seo.description } }) },
  shortName: {
    get: (p) => p.shortName ?? null,
    copy: (t, s) => {
      const { shortName: _old, ...rest } = t;
      return s.shortName ? { ...rest, shortName: s.shortName } : rest;
    },
  },
};

const VARIANT_LEVEL: { readonly [F in VariantLevel]: { get(v: Variant): unknown; copy(target: Variant, source: Variant): Variant } } = {
  price: { get: (v) => v.price, copy: (t, s) => ({ ...t, price: { ...s.price } }) },
  compareAtPrice: { get: (v) => v.compareAtPrice, copy: (t, s) => ({ ...t, compareAtPrice: s.compareAtPrice ? { ...s.compareAtPrice } : null }) },
  sku: { get: (v) => v.sku, copy: (t, s) => ({ ...t, sku: s.sku }) },
  barcode: { get: (v) => v.barcode, copy: (t, s) => ({ ...t, barcode: s.barcode }) },
};

function isVariantLevel(f: ProductField): f is VariantLevel {
  return f in VARIANT_LEVEL;
}

/**
 * `target` with `fields` taken from `source`. Variant fields are copied per
 * variant id; a variant `source` doesn't have keeps its own value (a variant
 * new to the catalog starts with the value its source gave it).
 */
export function copyFields(target: Product, source: Product, fields: readonly ProductField[]): Product {
  let out = target;
  const variantFields = fields.filter(isVariantLevel);
  for (const f of fields) if (!isVariantLevel(f)) out = PRODUCT_LEVEL[f].copy(out, source);
  if (variantFields.length) {
    const from = new Map(source.variants.map((v) => [v.id, v]));
    out = {
      ...out,
      variants: out.variants.map((v) => {
        const s = from.get(v.id);
        return s ? variantFields.reduce((acc, f) => VARIANT_LEVEL[f].copy(acc, s), v) : v;
      }),
    };
  }
  return out;
}

/** The fields among `fields` whose values differ between two versions of one product. */
export function differingFields(a: Product, b: Product, fields: readonly ProductField[]): ProductField[] {
  return fields.filter((f) => canonicalJson(valueOf(a, f)) !== canonicalJson(valueOf(b, f)));
}

function valueOf(p: Product, f: ProductField): unknown {
  if (!isVariantLevel(f)) return PRODUCT_LEVEL[f].get(p);
  return [...p.variants].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).map((v) => [v.id, VARIANT_LEVEL[f].get(v)]);
}

/**
 * Hash of a product's content without `leaveOut` and without what never
 * describes the product itself (updatedAt moves on no-op saves; external refs
 * are bookkeeping). Two products that agree on everything else hash equally.
 */
export function contentHash(p: Product, leaveOut: readonly ProductField[] = []): string {
  const drop = new Set(leaveOut);
  const content = {
    ...p,
    externalRefs: undefined,
    updatedAt: undefined,
    title: drop.has('title') ? undefined : p.title,
    handle: drop.has('handle') ? undefined : p.handle,
    descriptionHtml: drop.has('description') ? undefined : p.descriptionHtml,
    vendor: drop.has('vendor') ? undefined : p.vendor,
    productType: drop.has('productType') ? undefined : p.productType,
    status: drop.has('status') ? undefined : p.status,
    tags: drop.has('tags') ? undefined : p.tags,
    options: drop.has('options') ? undefined : p.options,
    images: drop.has('images') ? undefined : p.images.map((i) => ({ ...i, externalRefs: undefined })),
    seo: { title: drop.has('seo.title') ? undefined : p.seo.title, description: drop.has('seo.description') ? undefined : p.seo.description },
    shortName: drop.has('shortName') ? undefined : p.shortName,
    variants: p.variants.map((v) => ({
      ...v,
      externalRefs: undefined,
      price: drop.has('price') ? undefined : v.price,
      compareAtPrice: drop.has('compareAtPrice') ? undefined : v.compareAtPrice,
      sku: drop.has('sku') ? undefined : v.sku,
      barcode: drop.has('barcode') ? undefined : v.barcode,
    })),
  };
  return stableHash(content);
}
