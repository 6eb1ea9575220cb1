import type { Square } from 'square';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import { differingFields } from '../../canonical/product-fields';
import { keepSquareFields, MAPPING_VERSION, overlaySquareItem, readSquareItem, squareItemHash } from '../../mappings/square/catalog-item-read-v1';
import { SQUARE_OWNABLE_FIELDS, toSquareCatalogObjects } from '../../mappings/square/catalog-item-v1';
import type { IdMapping } from '../../store/types';

/** Square CatalogItem → canonical fields (square.catalog-item-read.v1), and keeping Square-owned fields on a write. */

const PRD = 'prd_tee00000000000000000';
const VAR_S = 'var_s0000000000000000000';
const VAR_M = 'var_m0000000000000000000';

function tee(overrides: Partial<Product> = {}): Product {
  const variant = (id: string, size: string, position: number, amount: number, barcode: string | null) => ({
    id,
    externalRefs: [{ connector: 'shop', type: 'ProductVariant', id: `gid://shopify/ProductVariant/${position}` }],
    title: size,
    sku: `TEE-${size}`,
    barcode,
    position,
    selectedOptions: [],
    price: { amount, currency: 'USD' },
    compareAtPrice: null,
  });
  return {
    id: PRD,
    externalRefs: [{ connector: 'shop', type: 'Product', id: 'gid://shopify/Product/1' }],
    title: 'Organic Cotton Tee',
    handle: 'organic-cotton-tee',
    descriptionHtml: '<p>Soft cotton.</p>',
    vendor: 'North Loom',
    productType: 'T-Shirts',
    status: 'active',
    tags: [],
    options: [],
    variants: [variant(VAR_S, 'S', 1, 2800, '0812345678905'), variant(VAR_M, 'M', 2, 2850, 'NOT-A-GTIN')],
    images: [],
    seo: { title: 'Tee | North Loom', description: null },
    updatedAt: '2025-03-14T09:26:53Z',
    ...overrides,
  };
}

const link = (entity: string, canonicalId: string, externalType: string, externalId: string): IdMapping => ({ entity, canonicalId, connector: 'pos', externalType, externalId, externalVersion: '7' });
const KNOWN = [link('product', PRD, 'ITEM', 'ITEM1'), link('variant', VAR_S, 'ITEM_VARIATION', 'VARS'), link('variant', VAR_M, 'ITEM_VARIATION', 'VARM')];
const variantOf = (id: string) => KNOWN.find((l) => l.externalId === id && l.externalType === 'ITEM_VARIATION')?.canonicalId ?? null;

/** The ITEM as Square holds it after we wrote `p` (what the upsert response returns). */
function written(p: Product): Square.CatalogObject {
  const result = toSquareCatalogObjects(p, KNOWN, 'USD');
  if (!result.ok) throw new Error(result.reason);
  const item = result.objects[0]!;
  return { ...item, version: 1700000000000n, updatedAt: '2025-03-14T10:00:00Z' } as Square.CatalogObject;
}

function state(item: Square.CatalogObject) {
  const s = readSquareItem(item, variantOf);
  if (!s) throw new Error('not an item');
  return s;
}

function withItemData(item: Square.CatalogObject, data: Partial<Square.CatalogItem>): Square.CatalogObject {
  return item.type === 'ITEM' ? { ...item, itemData: { ...item.itemData, ...data } } : item;
}

function withVariation(item: Square.CatalogObject, id: string, data: Partial<Square.CatalogItemVariation>): Square.CatalogObject {
  if (item.type !== 'ITEM') return item;
  const variations = (item.itemData?.variations ?? []).map((v) => (v.id === id && v.type === 'ITEM_VARIATION' ? { ...v, itemVariationData: { ...v.itemVariationData, ...data } } : v));
  return { ...item, itemData: { ...item.itemData, variations } };
}

describe('readSquareItem / overlaySquareItem (square.catalog-item-read.v1)', () => {
  it('given the mapping module, then its version is square.catalog-item-read.v1', () => {
    expect(MAPPING_VERSION).toBe('square.catalog-item-read.v1');
  });

  it('given what we wrote, when read back, then no field Square can own differs — a non-GTIN barcode and a draft included', () => {
    for (const p of [tee(), tee({ status: 'draft', shortName: 'TEE' }), tee({ status: 'archived', descriptionHtml: '' })]) {
      const back = overlaySquareItem(p, state(written(p)));
      expect(back.issues).toEqual(new Map());
      expect(differingFields(p, back.product, SQUARE_OWNABLE_FIELDS)).toEqual([]);
    }
  });

  it('given a short name, then it is the item abbreviation, and an item without one has no short name', () => {
    const item = written(tee({ shortName: 'TEE' }));
    expect(item.type === 'ITEM' && item.itemData?.abbreviation).toBe('TEE');
    expect(overlaySquareItem(tee({ shortName: 'OLD' }), state(withItemData(item, { abbreviation: null }))).product).not.toHaveProperty('shortName');
    expect(overlaySquareItem(tee(), state(withItemData(item, { abbreviation: 'NEW' }))).product.shortName).toBe('NEW');
  });

  it.each([
    ['active', false, 'active'],
    ['draft', true, 'draft'],
    ['archived', true, 'archived'],
    ['active', true, 'archived'],
    ['draft', false, 'active'],
    ['archived', false, 'active'],
  ] as const)('given a %s product and is_archived %s in Square, when read, then the status is %s', (status, archived, expected) => {
    const item = withItemData(written(tee({ status })), { isArchived: archived });
    expect(overlaySquareItem(tee({ status }), state(item)).product.status).toBe(expected);
  });

  it('given POS edits of name, SEO, price, SKU and barcode, when read, then the canonical values follow them', () => {
    let item = withItemData(written(tee()), { name: 'Tee (till)', ecomSeoData: { pageTitle: 'Till title', pageDescription: 'Till description', permalink: 'tee-till' } });
    item = withVariation(item, 'VARM', { priceMoney: { amount: 3100n, currency: 'USD' }, sku: 'TILL-M', upc: '0812345678912' });
    const out = overlaySquareItem(tee(), state(item)).product;
    expect(out).toMatchObject({ title: 'Tee (till)', handle: 'tee-till', seo: { title: 'Till title', description: 'Till description' } });
    expect(out.variants[1]).toMatchObject({ sku: 'TILL-M', barcode: '0812345678912', price: { amount: 3100, currency: 'USD' } });
    expect(out.variants[0]).toEqual(tee().variants[0]);
  });

  it('given an item with only a plain-text description, when read, then it becomes one escaped paragraph', () => {
    const item = withItemData(written(tee()), { descriptionHtml: null, description: 'Soft & warm\nwashable' });
    expect(overlaySquareItem(tee(), state(item)).product.descriptionHtml).toBe('<p>Soft &amp; warm<br>washable</p>');
  });

  it('given a variation with variable pricing or another currency, when read, then price is an issue naming the variation and the canonical price stays', () => {
    const variable = withVariation(written(tee()), 'VARS', { pricingType: 'VARIABLE_PRICING', priceMoney: undefined });
    const v = overlaySquareItem(tee(), state(variable));
    expect(v.issues.get('price')).toBe('variation VARS (TEE-S) has no fixed price in Square (pricing VARIABLE_PRICING)');
    expect(v.product.variants[0]?.price).toEqual({ amount: 2800, currency: 'USD' });
    const euro = withVariation(written(tee()), 'VARS', { priceMoney: { amount: 2500n, currency: 'EUR' } });
    expect(overlaySquareItem(tee(), state(euro)).issues.get('price')).toBe('variation VARS (TEE-S) is priced in EUR, but the product has no price in that currency (base USD)');
  });

  it('given a variation Switchyard never wrote, then it is left out of the canonical product but counted in the hash', () => {
    const item = written(tee());
    const extra = item.type === 'ITEM' ? { ...item, itemData: { ...item.itemData, variations: [...(item.itemData?.variations ?? []), { type: 'ITEM_VARIATION', id: 'STAFF1', itemVariationData: { itemId: 'ITEM1', sku: 'STAFF' } } as Square.CatalogObject] } } : item;
    expect(overlaySquareItem(tee(), state(extra)).product.variants).toHaveLength(2);
    expect(squareItemHash(state(extra))).not.toBe(squareItemHash(state(item)));
  });

  it('given the same content at another version, then the hash is the same', () => {
    const item = written(tee());
    expect(squareItemHash(state({ ...item, version: 1800000000000n, updatedAt: '2026-01-01T00:00:00Z' } as Square.CatalogObject))).toBe(squareItemHash(state(item)));
  });
});

describe('keepSquareFields', () => {
  it('given fields Square owns, when an item is written, then those fields carry what Square holds now and the rest the canonical values', () => {
    let current = withItemData(written(tee()), { name: 'Till name', abbreviation: 'TIL' });
    current = withVariation(current, 'VARS', { priceMoney: { amount: 999n, currency: 'USD' }, sku: 'TILL-S' });
    const next = keepSquareFields(written(tee({ title: 'Shopify name' })), current, ['shortName', 'price', 'sku']);
    if (next.type !== 'ITEM') throw new Error('not an item');
    expect(next.itemData?.name).toBe('Shopify name');
    expect(next.itemData?.abbreviation).toBe('TIL');
    const [s, m] = (next.itemData?.variations ?? []).map((v) => (v.type === 'ITEM_VARIATION' ? v.itemVariationData : undefined));
    expect(s).toMatchObject({ priceMoney: { amount: 999n, currency: 'USD' }, sku: 'TILL-S' });
    expect(m).toMatchObject({ priceMoney: { amount: 2850n, currency: 'USD' }, sku: 'TEE-M' });
  });

  it('given Square holds no value for a kept field, then the write leaves it out rather than setting the canonical one', () => {
    const current = withItemData(written(tee()), { abbreviation: null });
    const next = keepSquareFields(written(tee({ shortName: 'TEE' })), current, ['shortName']);
    expect(next.type === 'ITEM' && next.itemData).not.toHaveProperty('abbreviation');
  });
});
