import { describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import { collectFixedPrices, MAPPING_VERSION, relevantPriceLists, withFixedPrices, type ShopifyPriceListNode } from '../../mappings/shopify/price-list-v1';

const V1 = 'gid://shopify/ProductVariant/1';
const V2 = 'gid://shopify/ProductVariant/2';

function product(): Product {
  const variant = (gid: string, position: number, sku: string) => ({
    id: `var_${'0'.repeat(19)}${position}`,
    externalRefs: [{ connector: 'shop', type: 'ProductVariant', id: gid }],
    title: '',
    sku,
    barcode: null,
    position,
    selectedOptions: [],
    price: { amount: 2500, currency: 'USD' },
    compareAtPrice: null,
  });
  return {
    id: 'prd_00000000000000000001',
    externalRefs: [{ connector: 'shop', type: 'Product', id: 'gid://shopify/Product/1' }],
    title: 'Mug',
    handle: 'mug',
    descriptionHtml: '',
    vendor: null,
    productType: null,
    status: 'active',
    tags: [],
    options: [],
    variants: [variant(V1, 1, 'MUG-1'), variant(V2, 2, 'MUG-2')],
    images: [],
    seo: { title: null, description: null },
    updatedAt: '2025-05-01T00:00:00Z',
  };
}

const list = (id: number, currency: string, over: Partial<ShopifyPriceListNode> = {}): ShopifyPriceListNode => ({
  id: `gid://shopify/PriceList/${id}`,
  name: `${currency} list ${id}`,
  currency,
  fixedPricesCount: 2,
  catalog: { __typename: 'MarketCatalog' },
  ...over,
});
const price = (variant: string, amount: string, currencyCode: string) => ({ variant: { id: variant }, price: { amount, currencyCode } });

describe(`${MAPPING_VERSION}`, () => {
  it('given price lists of several kinds, when filtered, then only market lists with fixed prices in another currency than the shop count', () => {
    const lists = [list(1, 'CAD'), list(2, 'USD'), list(3, 'EUR', { fixedPricesCount: 0 }), list(4, 'GBP', { catalog: { __typename: 'CompanyLocationCatalog' } }), list(5, 'JPY', { catalog: null })];
    expect(relevantPriceLists(lists, 'USD').map((l) => l.currency)).toEqual(['CAD']);
  });

  it('given fixed CAD and JPY prices, when attached, then each variant carries them in minor units sorted by currency', () => {
    const fixed = collectFixedPrices([
      { list: list(1, 'JPY'), prices: [price(V1, '3800.0', 'JPY')] },
      { list: list(2, 'CAD'), prices: [price(V1, '34.5', 'CAD'), price(V2, '36.0', 'CAD')] },
    ]);
    const m = withFixedPrices(product(), 'shop', fixed);
    if (!m.ok) throw new Error(m.reason);
    expect(m.record.variants.map((v) => v.prices)).toEqual([
      [{ amount: 3450, currency: 'CAD' }, { amount: 3800, currency: 'JPY' }],
      [{ amount: 3600, currency: 'CAD' }],
    ]);
  });

  it('given no fixed prices, when attached, then variants carry no prices field (hashes of single-currency shops do not move)', () => {
    const m = withFixedPrices(product(), 'shop', collectFixedPrices([]));
    expect(m.ok && m.record.variants.every((v) => !('prices' in v))).toBe(true);
  });

  it('given two CAD lists that disagree on a variant, when attached, then the product is refused naming both lists', () => {
    const fixed = collectFixedPrices([
      { list: list(1, 'CAD'), prices: [price(V2, '34.50', 'CAD')] },
      { list: list(2, 'CAD'), prices: [price(V2, '35.00', 'CAD')] },
    ]);
    expect(withFixedPrices(product(), 'shop', fixed)).toMatchObject({ ok: false, externalId: 'gid://shopify/Product/1', reason: 'variants[1].prices: CAD price lists "CAD list 1" (34.50) and "CAD list 2" (35.00) disagree' });
  });

  it('given two CAD lists that agree, when attached, then the price is kept once', () => {
    const fixed = collectFixedPrices([
      { list: list(1, 'CAD'), prices: [price(V1, '34.50', 'CAD')] },
      { list: list(2, 'CAD'), prices: [price(V1, '34.5', 'CAD')] },
    ]);
    const m = withFixedPrices(product(), 'shop', fixed);
    expect(m.ok && m.record.variants[0]?.prices).toEqual([{ amount: 3450, currency: 'CAD' }]);
  });

  it('given a price with more decimals than its currency has, when attached, then the product is refused with the reason', () => {
    const fixed = collectFixedPrices([{ list: list(1, 'JPY'), prices: [price(V1, '3800.5', 'JPY')] }]);
    expect(withFixedPrices(product(), 'shop', fixed)).toMatchObject({ ok: false, reason: 'variants[0].prices: price list "JPY list 1": 3800.5 has more precision than JPY allows (0 decimal places)' });
  });
});
