import { describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import { contentHash, copyFields, differingFields, fieldsOwnedBy, ownerOf, PRODUCT_FIELDS } from '../../canonical/product-fields';
import { driftOf, fieldPlan, mergeProduct, shouldWrite, writeHash, type Member } from '../../activities/catalog-ownership';
import type { CatalogObservation } from '../../connectors/types';

/** Field ownership: reading, copying and hashing fields, the merge, and when a write is due. Pure. */

const V1 = 'var_a0000000000000000000';
const V2 = 'var_b0000000000000000000';

function product(overrides: Partial<Product> = {}): Product {
  const variant = (id: string, position: number, sku: string, amount: number) => ({
    id,
    externalRefs: [{ connector: 'shop', type: 'ProductVariant', id: `gid://shopify/ProductVariant/${position}` }],
    title: `Size ${position}`,
    sku,
    barcode: '0812345678905',
    position,
    selectedOptions: [{ name: 'Size', value: String(position) }],
    price: { amount, currency: 'USD' },
    compareAtPrice: null,
  });
  return {
    id: 'prd_tee00000000000000000',
    externalRefs: [{ connector: 'shop', type: 'Product', id: 'gid://shopify/Product/1' }],
    title: 'Tee',
    handle: 'tee',
    descriptionHtml: '<p>Soft.</p>',
    vendor: 'North Loom',
    productType: 'Shirts',
    status: 'active',
    tags: ['cotton'],
    options: [{ name: 'Size', position: 1, values: ['1', '2'] }],
    variants: [variant(V1, 1, 'TEE-1', 2800), variant(V2, 2, 'TEE-2', 2900)],
    images: [],
    seo: { title: null, description: null },
    updatedAt: '2025-03-14T09:26:53Z',
    ...overrides,
  };
}

const flow = { from: 'shop', to: ['pos'], fields: { shortName: 'pos', price: 'pos' } };
const SHOP: Member = { connector: 'shop', stored: PRODUCT_FIELDS.filter((f) => f !== 'shortName'), ownable: PRODUCT_FIELDS.filter((f) => f !== 'shortName') };
const POS: Member = {
  connector: 'pos',
  stored: ['title', 'handle', 'description', 'status', 'options', 'seo.title', 'seo.description', 'shortName', 'price', 'sku', 'barcode'],
  ownable: ['title', 'handle', 'description', 'status', 'seo.title', 'seo.description', 'shortName', 'price', 'sku', 'barcode'],
};

/** An observation that holds `held` (what a vendor would report), hashed by its content. */
function observation(held: Product, issues = new Map()): CatalogObservation {
  return {
    canonicalId: held.id,
    externalId: 'ITEM1',
    hash: contentHash(held),
    overlay: (base) => ({ product: copyFields(base, held, POS.ownable), issues }),
  };
}

describe('canonical product fields', () => {
  it('given a flow with field owners, then a field belongs to its listed owner and every other field to `from`', () => {
    expect(ownerOf(flow, 'price')).toBe('pos');
    expect(ownerOf(flow, 'title')).toBe('shop');
    expect(fieldsOwnedBy(flow, 'pos')).toEqual(['shortName', 'price']);
  });

  it('given two versions of a product, when fields are copied, then variant fields go per variant id and a variant only one side has keeps its value', () => {
    const target = product();
    const source = product({ title: 'Other', shortName: 'TEE', variants: [{ ...product().variants[1]!, price: { amount: 1, currency: 'USD' } }] });
    const out = copyFields(target, source, ['price', 'shortName']);
    expect(out.title).toBe('Tee');
    expect(out.shortName).toBe('TEE');
    expect(out.variants.map((v) => v.price.amount)).toEqual([2800, 1]);
    expect(differingFields(target, out, PRODUCT_FIELDS)).toEqual(['shortName', 'price']);
    // Copying an absent short name removes it rather than setting it empty.
    expect('shortName' in copyFields(out, target, ['shortName'])).toBe(false);
  });

  it('given products that differ only in what a system does not hold, then its content hash is equal; updatedAt and external refs never count', () => {
    const a = product();
    expect(contentHash(a, ['vendor', 'tags'])).toBe(contentHash(product({ vendor: 'Else', tags: [] }), ['vendor', 'tags']));
    expect(contentHash(a)).not.toBe(contentHash(product({ vendor: 'Else' })));
    expect(contentHash(a)).toBe(contentHash(product({ updatedAt: '2026-01-01T00:00:00Z', externalRefs: [] })));
    expect(contentHash(a, ['price'])).toBe(contentHash(product({ variants: a.variants.map((v) => ({ ...v, price: { amount: 5, currency: 'USD' } })) }), ['price']));
  });
});

describe('field ownership', () => {
  it('given owners per field, then each system is written what it holds and does not own', () => {
    const pos = fieldPlan(flow, POS);
    expect(pos.owned).toEqual(['shortName', 'price']);
    expect(pos.written).toEqual(['title', 'handle', 'description', 'status', 'options', 'seo.title', 'seo.description', 'sku', 'barcode']);
    expect(pos.readable).not.toContain('options');
    const shop = fieldPlan(flow, SHOP);
    expect(shop.written).toEqual(['price']);
    // A change to a field the POS owns doesn't make a write to the POS due.
    expect(writeHash(product(), pos)).toBe(writeHash(product({ shortName: 'X', variants: product().variants.map((v) => ({ ...v, price: { amount: 1, currency: 'USD' } })) }), pos));
    expect(writeHash(product(), pos)).not.toBe(writeHash(product({ title: 'New' }), pos));
    expect(writeHash(product(), pos)).toBe(writeHash(product({ tags: ['other'] }), pos));
  });

  it('given the source, the last canonical copy and an owner holding other values, when merged, then each field comes from its owner', () => {
    const source = product({ title: 'From Shopify', variants: product().variants.map((v) => ({ ...v, price: { amount: 9999, currency: 'USD' } })) });
    const previous = product({ shortName: 'OLD' });
    const held = product({ title: 'From the till', shortName: 'TILL', variants: product().variants.map((v, i) => ({ ...v, price: { amount: 100 + i, currency: 'USD' } })) });
    const merged = mergeProduct(flow, source, previous, [{ connector: 'pos', owned: ['shortName', 'price'], observation: observation(held) }]);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.product.title).toBe('From Shopify');
    expect(merged.product.shortName).toBe('TILL');
    expect(merged.product.variants.map((v) => v.price.amount)).toEqual([100, 101]);
  });

  it('given an owner that does not hold the product yet, when merged, then the last canonical value stands, else the source value', () => {
    const source = product({ shortName: undefined });
    expect(mergeProduct(flow, source, product({ shortName: 'KEPT' }), [])).toMatchObject({ ok: true, product: { shortName: 'KEPT' } });
    const fresh = mergeProduct(flow, source, null, []);
    expect(fresh.ok && fresh.product.variants[0]?.price.amount).toBe(2800);
  });

  it('given an owner whose value for an owned field cannot be read, when merged, then the product is refused with that owner and reason', () => {
    const held = observation(product(), new Map([['price', 'variation V1 has no fixed price in Square (pricing VARIABLE_PRICING)']]));
    expect(mergeProduct(flow, product(), null, [{ connector: 'pos', owned: ['shortName', 'price'], observation: held }])).toEqual({
      ok: false,
      connector: 'pos',
      externalId: 'ITEM1',
      reason: 'pos owns price: variation V1 has no fixed price in Square (pricing VARIABLE_PRICING)',
    });
  });

  it('given what a system holds, then drift is a readable written field holding another value', () => {
    const pos = fieldPlan(flow, POS);
    expect(driftOf(product(), observation(product({ title: 'Renamed at the till' })), pos)).toEqual(['title']);
    expect(driftOf(product(), observation(product({ shortName: 'X', tags: [] })), pos)).toEqual([]);
  });

  it('when deciding a write, then pending content is written, our own echo and a system\'s own normalisation are not, and a change there is repaired', () => {
    const base = { write: 'w1', lastWrite: 'w1', lastSeen: 's1', triggeredHere: false };
    expect(shouldWrite({ ...base, lastWrite: 'w0' })).toBe(true);
    expect(shouldWrite(base)).toBe(false);
    // Read this run, holding what it held after our last write of this very content: an echo or a normalisation.
    expect(shouldWrite({ ...base, observed: { hash: 's1', drift: ['title'] } })).toBe(false);
    // Changed there since: repaired.
    expect(shouldWrite({ ...base, observed: { hash: 's2', drift: ['title'] } })).toBe(true);
    expect(shouldWrite({ ...base, observed: { hash: 's2', drift: [] } })).toBe(false);
    // Started by that system's own change feed: only drift is repaired, never a pending write the source sync owns.
    expect(shouldWrite({ ...base, lastWrite: 'w0', observed: { hash: 's2', drift: [] }, triggeredHere: true })).toBe(false);
    expect(shouldWrite({ ...base, lastWrite: 'w0', observed: { hash: 's2', drift: ['title'] }, triggeredHere: true })).toBe(true);
  });
});
