import { describe, expect, it } from 'vitest';
import { canonicalId } from '../../canonical/common';
import { MAPPING_VERSION, mapShopifyDiscount } from '../../mappings/shopify/discount-v1';
import { readDiscountWebhook } from '../../mappings/shopify/webhook-discount-v1';

const ctx = { connector: 'shop' };
const ID = 'gid://shopify/DiscountCodeNode/1100000000001';

/** A DiscountCodeNode as connectors/shopify/discounts.ts selects it. */
function node(overrides: Record<string, unknown> = {}, gets: Record<string, unknown> = {}) {
  return {
    id: ID,
    codeDiscount: {
      __typename: 'DiscountCodeBasic',
      title: 'Summer sale',
      startsAt: '2025-06-01T04:00:00Z',
      endsAt: '2025-09-01T03:59:59Z',
      updatedAt: '2025-05-20T10:00:00Z',
      usageLimit: 100,
      appliesOncePerCustomer: true,
      asyncUsageCount: 7,
      codes: { nodes: [{ code: 'SUMMER20' }] },
      minimumRequirement: null,
      customerGets: {
        value: { __typename: 'DiscountPercentage', percentage: 0.2 },
        items: { __typename: 'AllDiscountItems' },
        ...gets,
      },
      ...overrides,
    },
  };
}

const products = (productIds: string[], variantIds: string[] = [], hasNextPage = false) => ({
  __typename: 'DiscountProducts',
  products: { nodes: productIds.map((id) => ({ id })), pageInfo: { hasNextPage, endCursor: null } },
  productVariants: { nodes: variantIds.map((id) => ({ id })), pageInfo: { hasNextPage: false, endCursor: null } },
});

describe(`${MAPPING_VERSION}`, () => {
  it('given an order-wide percentage code, when mapped, then the canonical discount carries code, basis points, window and limits', () => {
    const m = mapShopifyDiscount(node(), ctx);
    expect(m).toEqual({
      ok: true,
      externalId: ID,
      record: {
        id: canonicalId('dsc', { connector: 'shop', type: 'DiscountCodeNode', id: ID }),
        externalRefs: [{ connector: 'shop', type: 'DiscountCodeNode', id: ID }],
        code: 'SUMMER20',
        title: 'Summer sale',
        value: { kind: 'percentage', basisPoints: 2000 },
        appliesTo: { scope: 'order' },
        minimumSubtotal: null,
        startsAt: '2025-06-01T04:00:00Z',
        endsAt: '2025-09-01T03:59:59Z',
        usageLimits: { total: 100, perCustomer: 1 },
        usageCount: 7,
        updatedAt: '2025-05-20T10:00:00Z',
      },
    });
  });

  it('given a fixed amount off each of some products and variants with a minimum subtotal, when mapped, then the ids are the catalog canonical ids and the amount is minor units', () => {
    const m = mapShopifyDiscount(
      node(
        { minimumRequirement: { __typename: 'DiscountMinimumSubtotal', greaterThanOrEqualToSubtotal: { amount: '50.0', currencyCode: 'USD' } }, usageLimit: null, appliesOncePerCustomer: false },
        {
          value: { __typename: 'DiscountAmount', amount: { amount: '5.5', currencyCode: 'USD' }, appliesOnEachItem: true },
          items: products(['gid://shopify/Product/2', 'gid://shopify/Product/1'], ['gid://shopify/ProductVariant/9']),
        },
      ),
      ctx,
    );
    if (!m.ok) throw new Error(m.reason);
    const prd = (id: string) => canonicalId('prd', { connector: 'shop', type: 'Product', id });
    expect(m.record.value).toEqual({ kind: 'fixed', amount: { amount: 550, currency: 'USD' }, eachItem: true });
    expect(m.record.appliesTo).toEqual({
      scope: 'products',
      productIds: [prd('gid://shopify/Product/1'), prd('gid://shopify/Product/2')].sort(),
      variantIds: [canonicalId('var', { connector: 'shop', type: 'ProductVariant', id: 'gid://shopify/ProductVariant/9' })],
    });
    expect(m.record.minimumSubtotal).toEqual({ amount: 5000, currency: 'USD' });
    expect(m.record.usageLimits).toEqual({ total: null, perCustomer: null });
  });

  it('given an order-wide amount, when mapped, then eachItem is not set (it only means something for products)', () => {
    const m = mapShopifyDiscount(node({}, { value: { __typename: 'DiscountAmount', amount: { amount: '10.00', currencyCode: 'USD' }, appliesOnEachItem: false } }), ctx);
    expect(m.ok && m.record.value).toEqual({ kind: 'fixed', amount: { amount: 1000, currency: 'USD' } });
  });

  it('given a free-shipping code, when mapped, then it is a shipping-scoped free_shipping discount', () => {
    const { customerGets: _gets, ...rest } = node().codeDiscount;
    const m = mapShopifyDiscount({ id: ID, codeDiscount: { ...rest, __typename: 'DiscountCodeFreeShipping' } }, ctx);
    expect(m.ok && [m.record.value, m.record.appliesTo]).toEqual([{ kind: 'free_shipping' }, { scope: 'shipping' }]);
  });

  it.each<[string, unknown, string]>([
    ['collection scope', node({}, { items: { __typename: 'DiscountCollections' } }), 'customerGets.items: collection-scoped discounts are not synced (collections are not part of the catalog sync)'],
    ['a minimum quantity', node({ minimumRequirement: { __typename: 'DiscountMinimumQuantity', greaterThanOrEqualToQuantity: '3' } }), 'minimumRequirement: a minimum quantity has no canonical form (a minimum subtotal has)'],
    ['a Buy X Get Y discount', { id: ID, codeDiscount: { __typename: 'DiscountCodeBxgy' } }, 'codeDiscount: Buy X Get Y discounts have no canonical form'],
    ['an app discount', { id: ID, codeDiscount: { __typename: 'DiscountCodeApp' } }, 'codeDiscount: app (Shopify Functions) discounts have no canonical form'],
    ['a percentage finer than basis points', node({}, { value: { __typename: 'DiscountPercentage', percentage: 0.12345 } }), 'customerGets.value.percentage: 0.12345 is finer than 0.01 %'],
    ['an unfinished product list', node({}, { items: products(['gid://shopify/Product/1'], [], true) }), 'customerGets.items.products: incomplete list (pageInfo.hasNextPage is true)'],
    ['no code', node({ codes: { nodes: [] } }), 'codes: the discount has no redeem code'],
    ['an end before the start', node({ endsAt: '2025-05-01T00:00:00Z' }), 'canonical endsAt: expected a time after 2025-06-01T04:00:00Z'],
  ])('given %s, when mapped, then it is refused with a reason naming the field', (_what, raw, reason) => {
    const m = mapShopifyDiscount(raw, ctx);
    expect(m.ok).toBe(false);
    if (!m.ok) {
      expect(m.externalId).toBe(ID);
      expect(m.reason.startsWith(reason), m.reason).toBe(true);
    }
  });

  it('given a malformed node, when mapped, then it is refused naming the bad field', () => {
    const m = mapShopifyDiscount({ id: ID, codeDiscount: { ...node().codeDiscount, usageLimit: 'lots' } }, ctx);
    expect(m).toMatchObject({ ok: false, externalId: ID, reason: expect.stringContaining('codeDiscount.usageLimit') });
  });
});

describe('shopify.webhook-discount.v1', () => {
  it('given discounts/update and discounts/delete bodies, when read, then the code discount gid and time come out', () => {
    expect(readDiscountWebhook({ admin_graphql_api_id: ID, title: 'x', status: 'ACTIVE', created_at: '2025-05-01T10:00:00-04:00', updated_at: '2025-05-02T10:00:00-04:00' })).toEqual({ externalId: ID, occurredAt: '2025-05-02T10:00:00-04:00' });
    expect(readDiscountWebhook({ admin_graphql_api_id: ID, deleted_at: '2025-05-03T10:00:00-04:00' })).toEqual({ externalId: ID, occurredAt: '2025-05-03T10:00:00-04:00' });
  });

  it('given an automatic discount or a body without an id, when read, then no code discount is named', () => {
    expect(readDiscountWebhook({ admin_graphql_api_id: 'gid://shopify/DiscountAutomaticNode/5', updated_at: null }).externalId).toBeNull();
    expect(readDiscountWebhook({ id: 5 }).externalId).toBeNull();
  });
});
