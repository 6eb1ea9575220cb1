import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import { MAPPING_VERSION, planShopifyUpdate, SHOPIFY_STORED_FIELDS, SHOPIFY_WRITABLE_FIELDS } from '../../mappings/shopify/product-update-v1';
import { mapShopifyProduct } from '../../mappings/shopify/product-v1';

/** Canonical fields → productUpdate / productVariantsBulkUpdate inputs (shopify.product-update.v1). */

function current(): Product {
  const node = JSON.parse(readFileSync(new URL('./fixtures/shopify-product-tee.json', import.meta.url), 'utf8')) as unknown;
  const mapped = mapShopifyProduct(node, { connector: 'shop', currency: 'USD' });
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.record;
}

describe('planShopifyUpdate (shopify.product-update.v1)', () => {
  it('given the mapping module, then its version is shopify.product-update.v1 and Shopify holds every field but the POS short name', () => {
    expect(MAPPING_VERSION).toBe('shopify.product-update.v1');
    expect(SHOPIFY_STORED_FIELDS).not.toContain('shortName');
    expect(SHOPIFY_WRITABLE_FIELDS).not.toContain('options');
    expect(SHOPIFY_WRITABLE_FIELDS).not.toContain('images');
  });

  it('given POS-owned price and SKU that differ on one variant, when planned, then one variant input carries exactly those, as Shopify decimals', () => {
    const now = current();
    const [first, ...rest] = now.variants;
    const target: Product = { ...now, variants: [{ ...first!, price: { amount: 4321, currency: 'USD' }, sku: 'POS-1' }, ...rest] };
    const result = planShopifyUpdate(target, now, ['price', 'sku', 'shortName'], 'shop');
    expect(result).toEqual({
      ok: true,
      plan: { productId: now.externalRefs[0]!.id, product: null, variants: [{ id: first!.externalRefs[0]!.id, price: '43.21', inventoryItem: { sku: 'POS-1' } }] },
    });
  });

  it('given product-level fields another system owns, when planned, then productUpdate carries only the differing ones', () => {
    const now = current();
    const target: Product = { ...now, title: 'From the PIM', status: 'archived', seo: { ...now.seo, description: 'New SEO' }, tags: [...now.tags] };
    const result = planShopifyUpdate(target, now, ['title', 'status', 'seo.description', 'tags', 'barcode'], 'shop');
    expect(result.ok && result.plan).toEqual({ productId: now.externalRefs[0]!.id, product: { id: now.externalRefs[0]!.id, title: 'From the PIM', status: 'ARCHIVED', seo: { description: 'New SEO' } }, variants: [] });
  });

  it('given nothing differs, when planned, then there is nothing to send', () => {
    const now = current();
    expect(planShopifyUpdate(now, now, SHOPIFY_WRITABLE_FIELDS, 'shop')).toEqual({ ok: true, plan: { productId: now.externalRefs[0]!.id, product: null, variants: [] } });
  });

  it('given a price in a currency the shop does not sell in, when planned, then it is refused with the variant named', () => {
    const now = current();
    const target: Product = { ...now, variants: now.variants.map((v, i) => (i === 0 ? { ...v, price: { amount: 100, currency: 'EUR' } } : v)) };
    const result = planShopifyUpdate(target, now, ['price'], 'shop');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^variant .+: price in EUR, but the shop sells in USD$/);
  });

  it('given a product without a Shopify id for the connector, when planned, then it is refused', () => {
    expect(planShopifyUpdate(current(), current(), ['title'], 'other-shop')).toEqual({ ok: false, reason: 'the product has no other-shop Product id' });
  });
});
