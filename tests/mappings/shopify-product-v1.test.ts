import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalId } from '../../canonical/common';
import { Product } from '../../canonical/product';
import { MAPPING_VERSION, mapShopifyProduct } from '../../mappings/shopify/product-v1';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
/** A deep copy we can damage without touching the fixture. */
const mutable = (name: string): TeeNode => structuredClone(fixture(name)) as TeeNode;
type TeeNode = { variants: { nodes: { price: unknown }[]; pageInfo: { hasNextPage: boolean } }; title: string; status: string; id?: unknown };

const CTX = { connector: 'shop', currency: 'USD' };
const ref = (type: string, id: string) => ({ connector: 'shop', type, id });

describe('mapShopifyProduct (shopify.product.v1)', () => {
  it('given the mapping module, when its version is read, then it names the vendor, entity and version', () => {
    expect(MAPPING_VERSION).toBe('shopify.product.v1');
  });

  it('given a recorded product with options, variants and media, when mapped, then the canonical product is exactly as expected', () => {
    const result = mapShopifyProduct(fixture('shopify-product-tee.json'), CTX);
    const P = 'gid://shopify/Product/8123456789012';
    const V = (n: string) => `gid://shopify/ProductVariant/${n}`;
    const I = (n: string) => `gid://shopify/MediaImage/${n}`;
    expect(result).toEqual({
      ok: true,
      externalId: P,
      record: {
        id: canonicalId('prd', ref('Product', P)),
        externalRefs: [ref('Product', P)],
        title: 'Organic Cotton Tee',
        handle: 'organic-cotton-tee',
        descriptionHtml: '<p>Soft <strong>organic</strong> cotton &amp; a relaxed fit.</p><ul><li>100% cotton</li><li>Machine wash</li></ul>',
        vendor: 'North Loom',
        productType: 'T-Shirts',
        status: 'active',
        tags: ['cotton', 'summer', 'unisex'],
        options: [
          { name: 'Size', position: 1, values: ['S', 'M'] },
          { name: 'Color', position: 2, values: ['Oat', 'Black'] },
        ],
        variants: [
          {
            id: canonicalId('var', ref('ProductVariant', V('45011111111111'))),
            externalRefs: [ref('ProductVariant', V('45011111111111'))],
            title: 'S / Oat',
            sku: 'TEE-OAT-S',
            barcode: '0812345678905',
            position: 1,
            selectedOptions: [{ name: 'Size', value: 'S' }, { name: 'Color', value: 'Oat' }],
            price: { amount: 2800, currency: 'USD' },
            compareAtPrice: { amount: 3500, currency: 'USD' },
          },
          {
            id: canonicalId('var', ref('ProductVariant', V('45011111111112'))),
            externalRefs: [ref('ProductVariant', V('45011111111112'))],
            title: 'S / Black',
            sku: 'TEE-BLK-S',
            barcode: null,
            position: 2,
            selectedOptions: [{ name: 'Size', value: 'S' }, { name: 'Color', value: 'Black' }],
            price: { amount: 2999, currency: 'USD' },
            compareAtPrice: null,
          },
          {
            id: canonicalId('var', ref('ProductVariant', V('45011111111113'))),
            externalRefs: [ref('ProductVariant', V('45011111111113'))],
            title: 'M / Oat',
            sku: 'TEE-OAT-M',
            barcode: null,
            position: 3,
            selectedOptions: [{ name: 'Size', value: 'M' }, { name: 'Color', value: 'Oat' }],
            price: { amount: 2850, currency: 'USD' },
            compareAtPrice: null,
          },
        ],
        images: [
          {
            id: canonicalId('img', ref('MediaImage', I('31000000000001'))),
            externalRefs: [ref('MediaImage', I('31000000000001'))],
            url: 'https://cdn.shopify.com/s/files/1/0600/0000/0001/files/tee-oat-front.jpg?v=1710408413',
            altText: 'Oat tee, front',
            position: 1,
          },
          {
            id: canonicalId('img', ref('MediaImage', I('31000000000002'))),
            externalRefs: [ref('MediaImage', I('31000000000002'))],
            url: 'https://cdn.shopify.com/s/files/1/0600/0000/0001/files/tee-black-front.jpg?v=1710408413',
            altText: null,
            position: 2,
          },
        ],
        seo: { title: 'Organic Cotton Tee | North Loom', description: null },
        updatedAt: '2025-03-14T09:26:53Z',
      },
    });
    expect(result.ok && Product.safeParse(result.record).success).toBe(true);
  });

  it('given the same product mapped twice, when ids are compared, then they are identical and pinned (ids are persisted)', () => {
    const a = mapShopifyProduct(fixture('shopify-product-tee.json'), CTX);
    const b = mapShopifyProduct(fixture('shopify-product-tee.json'), CTX);
    if (!a.ok || !b.ok) throw new Error('expected both to map');
    expect(b.record.id).toBe(a.record.id);
    expect(b.record.variants.map((v) => v.id)).toEqual(a.record.variants.map((v) => v.id));
    // A change to canonicalId() would orphan every stored link: this literal must never change.
    expect(a.record.id).toBe('prd_ewgpccXGYKYr8A_Q74NGPB');
    expect(a.record.variants[0]?.id).toBe('var_HhwZpjy9m3zk3sMFqKFnTN');
  });

  it('given a different connector id, when mapped, then the canonical ids differ (ids are per source connector)', () => {
    const a = mapShopifyProduct(fixture('shopify-product-tee.json'), CTX);
    const b = mapShopifyProduct(fixture('shopify-product-tee.json'), { connector: 'other-shop', currency: 'USD' });
    if (!a.ok || !b.ok) throw new Error('expected both to map');
    expect(b.record.id).not.toBe(a.record.id);
  });

  it('given a product with only the Default Title variant in a zero-decimal currency, when mapped, then it has no options and prices in yen', () => {
    const result = mapShopifyProduct(fixture('shopify-product-default-variant.json'), { connector: 'shop', currency: 'JPY' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.record.options).toEqual([]);
    expect(result.record.status).toBe('draft');
    expect(result.record.vendor).toBeNull();
    expect(result.record.productType).toBeNull();
    expect(result.record.seo).toEqual({ title: null, description: null });
    expect(result.record.variants).toHaveLength(1);
    expect(result.record.variants[0]).toMatchObject({
      title: '',
      sku: null,
      selectedOptions: [],
      price: { amount: 1500, currency: 'JPY' },
      compareAtPrice: { amount: 1800, currency: 'JPY' },
    });
  });

  it('given a variant whose price is not a decimal, when mapped, then it is refused naming variants[3].price', () => {
    const result = mapShopifyProduct(fixture('shopify-product-bad-price.json'), CTX);
    expect(result).toMatchObject({ ok: false, externalId: 'gid://shopify/Product/8123456789012', reason: 'variants[3].price: not a decimal' });
  });

  it('given a price with more precision than the currency, when mapped, then it is refused, never rounded', () => {
    const node = mutable('shopify-product-tee.json');
    node.variants.nodes[1]!.price = '28.505';
    const result = mapShopifyProduct(node, CTX);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^variants\[1\]\.price: .*precision/);
  });

  it('given a node whose variants list claims more pages, when mapped, then it is refused rather than truncated', () => {
    const node = mutable('shopify-product-tee.json');
    node.variants.pageInfo.hasNextPage = true;
    const result = mapShopifyProduct(node, CTX);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^variants: incomplete/) });
  });

  it('given an unknown status, when mapped, then it is refused naming status', () => {
    const node = mutable('shopify-product-tee.json');
    node.status = 'UNLISTED';
    const result = mapShopifyProduct(node, CTX);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^status: /) });
  });

  it('given an empty title (canonical requires one), when mapped, then it is refused naming the canonical field', () => {
    const node = mutable('shopify-product-tee.json');
    node.title = '';
    const result = mapShopifyProduct(node, CTX);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^canonical title: /) });
  });

  it('given garbage instead of a product, when mapped, then it does not throw and keeps the raw payload', () => {
    expect(mapShopifyProduct(null, CTX)).toMatchObject({ ok: false, externalId: '', raw: null });
    expect(mapShopifyProduct({ id: 42 }, CTX)).toMatchObject({ ok: false, externalId: '', reason: expect.stringMatching(/^id: /) });
  });
});
