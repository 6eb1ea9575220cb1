import type { Square } from 'square';
import { describe, expect, it } from 'vitest';
import type { Discount } from '../../canonical/discount';
import { discountIdMappings, local, MAPPING_VERSION, toSquareDiscountObjects } from '../../mappings/square/discount-v1';
import type { IdMapping } from '../../store/types';

const DSC = 'dsc_summer00000000000000';
const PRD = 'prd_tee00000000000000000';
const VAR = 'var_m0000000000000000000';

function discount(overrides: Partial<Discount> = {}): Discount {
  return {
    id: DSC,
    externalRefs: [{ connector: 'shop', type: 'DiscountCodeNode', id: 'gid://shopify/DiscountCodeNode/1' }],
    code: 'SUMMER20',
    title: 'Summer sale',
    value: { kind: 'percentage', basisPoints: 1250 },
    appliesTo: { scope: 'products', productIds: [PRD], variantIds: [VAR] },
    minimumSubtotal: { amount: 5000, currency: 'USD' },
    startsAt: '2025-06-01T04:00:00Z',
    endsAt: '2025-09-01T03:59:59Z',
    usageLimits: { total: 100, perCustomer: 1 },
    usageCount: 3,
    updatedAt: '2025-05-20T10:00:00Z',
    ...overrides,
  };
}

const link = (entity: string, canonicalId: string, externalType: string, externalId: string, externalVersion: string | null = null): IdMapping => ({ entity, canonicalId, connector: 'pos', externalType, externalId, externalVersion });
const products = [link('product', PRD, 'ITEM', 'ITEMTEE'), link('variant', VAR, 'ITEM_VARIATION', 'VARM')];
const ctx = { currency: 'USD', timezone: 'America/New_York', known: [] as IdMapping[], products };

describe(`${MAPPING_VERSION}`, () => {
  it('given a product-scoped percentage code, when mapped, then a DISCOUNT, a PRODUCT_SET of the item and variation, and a PRICING_RULE with the local window and minimum are planned', () => {
    const plan = toSquareDiscountObjects(discount(), ctx);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.objects).toEqual<Square.CatalogObject[]>([
      { type: 'DISCOUNT', id: `#${DSC}`, discountData: { discountType: 'FIXED_PERCENTAGE', percentage: '12.5', name: 'SUMMER20 · Summer sale', pinRequired: false, modifyTaxBasis: 'MODIFY_TAX_BASIS' } },
      { type: 'PRODUCT_SET', id: `#${DSC}-set`, productSetData: { name: 'SUMMER20 · Summer sale', productIdsAny: ['ITEMTEE', 'VARM'] } },
      {
        type: 'PRICING_RULE',
        id: `#${DSC}-rule`,
        pricingRuleData: {
          name: 'SUMMER20 · Summer sale',
          discountId: `#${DSC}`,
          matchProductsId: `#${DSC}-set`,
          // 04:00Z is midnight in New York (EDT); the end is the last second of August there.
          validFromDate: '2025-06-01',
          validFromLocalTime: '00:00:00',
          validUntilDate: '2025-08-31',
          validUntilLocalTime: '23:59:59',
          minimumOrderSubtotalMoney: { amount: 5000n, currency: 'USD' },
        },
      },
    ]);
    expect(plan.obsoleteIds).toEqual([]);
    expect(plan.notEnforced).toEqual(['usage limit of 100 (Square counts no redemptions)', '1 use(s) per customer', 'code SUMMER20: the pricing rule applies to every matching sale in its window']);
  });

  it('given links from an earlier write, when mapped again, then the same Square ids are reused with their versions (optimistic concurrency)', () => {
    const known = [link('discount', DSC, 'DISCOUNT', 'D1', '11'), link('discount', DSC, 'PRODUCT_SET', 'S1', '12'), link('discount', DSC, 'PRICING_RULE', 'R1', '13')];
    const plan = toSquareDiscountObjects(discount({ endsAt: null }), { ...ctx, known });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.objects.map((o) => [o.type, o.id, o.version])).toEqual([['DISCOUNT', 'D1', 11n], ['PRODUCT_SET', 'S1', 12n], ['PRICING_RULE', 'R1', 13n]]);
    const rule = plan.objects[2]!;
    expect(rule.type === 'PRICING_RULE' && rule.pricingRuleData).toMatchObject({ discountId: 'D1', matchProductsId: 'S1' });
    expect(rule.type === 'PRICING_RULE' && rule.pricingRuleData).not.toHaveProperty('validUntilDate');
  });

  it('given an order-wide fixed amount, when mapped, then only a staff-applied DISCOUNT is planned, named with the code and the conditions staff must check', () => {
    const known = [link('discount', DSC, 'DISCOUNT', 'D1', '11'), link('discount', DSC, 'PRODUCT_SET', 'S1', '12'), link('discount', DSC, 'PRICING_RULE', 'R1', '13')];
    const plan = toSquareDiscountObjects(discount({ appliesTo: { scope: 'order' }, value: { kind: 'fixed', amount: { amount: 1000, currency: 'USD' } } }), { ...ctx, known });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.objects).toEqual([
      { type: 'DISCOUNT', id: 'D1', version: 11n, discountData: { discountType: 'FIXED_AMOUNT', amountMoney: { amount: 1000n, currency: 'USD' }, name: 'SUMMER20 · Summer sale (min 50.00 USD, until 2025-08-31)', pinRequired: false, modifyTaxBasis: 'MODIFY_TAX_BASIS' } },
    ]);
    // A discount that used to name products leaves its rule and set behind: they are deleted.
    expect(plan.obsoleteIds).toEqual(['S1', 'R1']);
    expect(plan.notEnforced).toEqual([
      'usage limit of 100 (Square counts no redemptions)',
      '1 use(s) per customer',
      'code SUMMER20: staff apply the discount by name',
      'minimum subtotal (staff check it)',
      'validity window 2025-06-01T04:00:00Z – 2025-09-01T03:59:59Z (staff check it)',
    ]);
  });

  it.each<[string, Partial<Discount>, Partial<typeof ctx>, string]>([
    ['free shipping', { value: { kind: 'free_shipping' }, appliesTo: { scope: 'shipping' } }, {}, 'free shipping has no equivalent at a Square POS'],
    ['an amount in another currency', { value: { kind: 'fixed', amount: { amount: 500, currency: 'USD' }, eachItem: true } }, { currency: 'CAD' }, 'value: an amount in USD but this POS sells in CAD'],
    ['an amount once per order over products', { value: { kind: 'fixed', amount: { amount: 500, currency: 'USD' } } }, {}, 'value: an amount off once per order, spread over products, has no Square form (a pricing rule takes a fixed amount off each matching item)'],
    ['a product not in Square', {}, { products: products.slice(1) }, `appliesTo: ${PRD} has no ITEM in Square`],
    ['a minimum in another currency', { value: { kind: 'percentage', basisPoints: 500 } }, { currency: 'CAD' }, 'minimumSubtotal: in USD but this POS sells in CAD'],
  ])('given %s, when mapped, then it is refused with the reason', (_what, overrides, context, reason) => {
    expect(toSquareDiscountObjects(discount(overrides), { ...ctx, ...context })).toEqual({ ok: false, reason });
  });

  it('given a fixed amount off each product, when mapped, then the DISCOUNT is FIXED_AMOUNT in minor units', () => {
    const plan = toSquareDiscountObjects(discount({ value: { kind: 'fixed', amount: { amount: 250, currency: 'USD' }, eachItem: true } }), ctx);
    expect(plan.ok && plan.objects[0]?.type === 'DISCOUNT' && plan.objects[0].discountData).toMatchObject({ discountType: 'FIXED_AMOUNT', amountMoney: { amount: 250n, currency: 'USD' } });
  });

  it('given Square answered with permanent ids and versions, when inverted, then every object sent has its link', () => {
    const plan = toSquareDiscountObjects(discount(), ctx);
    if (!plan.ok) throw new Error(plan.reason);
    const response = {
      idMappings: [
        { clientObjectId: `#${DSC}`, objectId: 'D9' },
        { clientObjectId: `#${DSC}-set`, objectId: 'S9' },
        { clientObjectId: `#${DSC}-rule`, objectId: 'R9' },
      ],
      objects: [
        { type: 'DISCOUNT', id: 'D9', version: 5n },
        { type: 'PRODUCT_SET', id: 'S9', version: 5n },
        { type: 'PRICING_RULE', id: 'R9', version: 5n },
      ] as Square.CatalogObject[],
    };
    expect(discountIdMappings(discount(), 'pos', plan.objects, response)).toEqual([
      link('discount', DSC, 'DISCOUNT', 'D9', '5'),
      link('discount', DSC, 'PRODUCT_SET', 'S9', '5'),
      link('discount', DSC, 'PRICING_RULE', 'R9', '5'),
    ]);
  });

  it('given instants either side of a DST change, when localised, then the wall clock of the zone comes out', () => {
    expect(local('2025-03-09T06:59:59Z', 'America/New_York')).toEqual({ date: '2025-03-09', time: '01:59:59' });
    expect(local('2025-03-09T07:00:00Z', 'America/New_York')).toEqual({ date: '2025-03-09', time: '03:00:00' });
    expect(local('2025-01-01T00:00:00Z', 'Asia/Tokyo')).toEqual({ date: '2025-01-01', time: '09:00:00' });
  });
});
