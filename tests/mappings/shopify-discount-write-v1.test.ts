import { describe, expect, it } from 'vitest';
import type { Discount } from '../../canonical/discount';
import { MAPPING_VERSION, toShopifyAutomaticDiscount } from '../../mappings/shopify/discount-write-v1';
import type { IdMapping } from '../../store/types';

const PRD = 'prd_tee00000000000000000';
const PRD2 = 'prd_cap00000000000000000';
const VAR = 'var_m0000000000000000000';

function discount(overrides: Partial<Discount> = {}): Discount {
  return {
    id: 'dsc_rule0000000000000000',
    externalRefs: [{ connector: 'pos', type: 'PRICING_RULE', id: 'RULE1' }],
    code: null,
    title: 'Happy tees',
    value: { kind: 'percentage', basisPoints: 1250 },
    appliesTo: { scope: 'products', productIds: [PRD, PRD2], variantIds: [VAR] },
    minimumSubtotal: { amount: 2500, currency: 'USD' },
    startsAt: '2030-06-01T13:00:00.000Z',
    endsAt: '2030-07-01T04:00:00.000Z',
    usageLimits: { total: null, perCustomer: null },
    usageCount: 0,
    updatedAt: '2030-05-02T12:00:00.000Z',
    ...overrides,
  };
}

const link = (entity: string, canonicalId: string, externalType: string, n: number): IdMapping => ({ entity, canonicalId, connector: 'shop', externalType, externalId: `gid://shopify/${externalType}/${n}`, externalVersion: null });
const products = [link('product', PRD, 'Product', 1), link('product', PRD2, 'Product', 2), link('variant', VAR, 'ProductVariant', 11)];

describe(`${MAPPING_VERSION}`, () => {
  it('given a new products discount, when mapped, then the input adds its Product and ProductVariant ids with the fraction, window and minimum', () => {
    const plan = toShopifyAutomaticDiscount(discount(), { currency: 'USD', products, current: null });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.input).toEqual({
      title: 'Happy tees',
      startsAt: '2030-06-01T13:00:00.000Z',
      endsAt: '2030-07-01T04:00:00.000Z',
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '25.00' } },
      customerGets: {
        value: { percentage: 0.125 },
        items: { products: { productsToAdd: ['gid://shopify/Product/1', 'gid://shopify/Product/2'], productsToRemove: [], productVariantsToAdd: ['gid://shopify/ProductVariant/11'], productVariantsToRemove: [] } },
      },
    });
    expect(plan.notEnforced).toEqual([]);
  });

  it('given what Shopify holds now, when mapped for an update, then only the difference is sent', () => {
    const plan = toShopifyAutomaticDiscount(discount({ appliesTo: { scope: 'products', productIds: [PRD2], variantIds: [VAR] } }), {
      currency: 'USD',
      products,
      current: { all: false, productIds: ['gid://shopify/Product/1', 'gid://shopify/Product/2'], variantIds: [] },
    });
    expect(plan.ok && plan.input.customerGets.items).toEqual({ products: { productsToAdd: [], productsToRemove: ['gid://shopify/Product/1'], productVariantsToAdd: ['gid://shopify/ProductVariant/11'], productVariantsToRemove: [] } });
  });

  it('given an amount off each item and an order-wide percentage without a minimum, then appliesOnEachItem and items.all are set and the minimum is cleared', () => {
    const each = toShopifyAutomaticDiscount(discount({ value: { kind: 'fixed', amount: { amount: 500, currency: 'USD' }, eachItem: true } }), { currency: 'USD', products, current: null });
    expect(each.ok && each.input.customerGets.value).toEqual({ discountAmount: { amount: '5.00', appliesOnEachItem: true } });
    const wide = toShopifyAutomaticDiscount(discount({ appliesTo: { scope: 'order' }, minimumSubtotal: null }), { currency: 'USD', products: [], current: null });
    expect(wide.ok && wide.input.customerGets.items).toEqual({ all: true });
    expect(wide.ok && wide.input.minimumRequirement).toBeNull();
  });

  it.each([
    ['a code', discount({ code: 'SAVE10' }), /code SAVE10/],
    ['free shipping', discount({ value: { kind: 'free_shipping' }, appliesTo: { scope: 'shipping' } }), /free shipping/],
    ['an amount in another currency', discount({ value: { kind: 'fixed', amount: { amount: 500, currency: 'EUR' }, eachItem: true } }), /EUR but the shop sells in USD/],
    ['a minimum in another currency', discount({ minimumSubtotal: { amount: 500, currency: 'CAD' } }), /minimumSubtotal: in CAD/],
    ['a product Shopify does not have', discount({ appliesTo: { scope: 'products', productIds: ['prd_gone0000000000000000'], variantIds: [] } }), /prd_gone\S+ has no Product in Shopify/],
  ])('given %s, when mapped, then it is refused with why', (_what, d, reason) => {
    const plan = toShopifyAutomaticDiscount(d, { currency: 'USD', products, current: null });
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.reason).toMatch(reason);
  });

  it('given usage limits, then they are written as not enforceable', () => {
    const plan = toShopifyAutomaticDiscount(discount({ usageLimits: { total: 50, perCustomer: 1 } }), { currency: 'USD', products, current: null });
    expect(plan.ok && plan.notEnforced).toEqual(['usage limit of 50 (automatic discounts have none)', '1 use(s) per customer (automatic discounts have no limit)']);
  });
});
