import type { Square } from 'square';
import { describe, expect, it } from 'vitest';
import { canonicalId } from '../../canonical/common';
import { fromLocal, mapSquarePricingRule, mapStaffDiscount, MAPPING_VERSION, type SquareRuleParts } from '../../mappings/square/discount-read-v1';
import { local } from '../../mappings/square/discount-v1';

const PRD = 'prd_tee00000000000000000';
const VAR = 'var_m0000000000000000000';
const linked = new Map([
  ['ITEMTEE', { kind: 'product' as const, canonicalId: PRD }],
  ['VARM', { kind: 'variant' as const, canonicalId: VAR }],
]);
const ctx = { connector: 'pos', timezone: 'America/New_York', linked };

function parts(over: { rule?: Partial<Square.CatalogPricingRule>; discount?: Partial<Square.CatalogDiscount>; set?: Partial<Square.CatalogProductSet> } = {}): SquareRuleParts {
  return {
    rule: {
      type: 'PRICING_RULE',
      id: 'RULE1',
      updatedAt: '2030-05-01T12:00:00.000Z',
      pricingRuleData: { name: 'Happy tees', discountId: 'DISC1', matchProductsId: 'SET1', validFromDate: '2030-06-01', validFromLocalTime: '09:00:00', validUntilDate: '2030-06-30', minimumOrderSubtotalMoney: { amount: BigInt(2500), currency: 'USD' }, ...over.rule },
    },
    discount: { type: 'DISCOUNT', id: 'DISC1', updatedAt: '2030-05-02T12:00:00.000Z', discountData: { name: 'Tees 12.5% off', discountType: 'FIXED_PERCENTAGE', percentage: '12.5', ...over.discount } },
    productSet: { type: 'PRODUCT_SET', id: 'SET1', updatedAt: '2030-05-01T12:00:00.000Z', productSetData: { productIdsAny: ['ITEMTEE', 'VARM'], ...over.set } },
  };
}

function refusal(p: SquareRuleParts): string {
  const m = mapSquarePricingRule(p, ctx);
  if (m.ok) throw new Error('expected a refusal');
  return m.reason;
}

describe(`${MAPPING_VERSION}`, () => {
  it('given a percentage rule on an item and a variation with a local window and a minimum, when mapped, then it is an automatic products discount with UTC instants, the linked canonical ids and the minimum', () => {
    const m = mapSquarePricingRule(parts(), ctx);
    if (!m.ok) throw new Error(m.reason);
    expect(m.record).toEqual({
      id: canonicalId('dsc', { connector: 'pos', type: 'PRICING_RULE', id: 'RULE1' }),
      externalRefs: [
        { connector: 'pos', type: 'PRICING_RULE', id: 'RULE1' },
        { connector: 'pos', type: 'DISCOUNT', id: 'DISC1' },
      ],
      code: null,
      title: 'Happy tees',
      value: { kind: 'percentage', basisPoints: 1250 },
      appliesTo: { scope: 'products', productIds: [PRD], variantIds: [VAR] },
      minimumSubtotal: { amount: 2500, currency: 'USD' },
      // 09:00 EDT; the last day runs to midnight
      startsAt: '2030-06-01T13:00:00.000Z',
      endsAt: '2030-07-01T04:00:00.000Z',
      usageLimits: { total: null, perCustomer: null },
      usageCount: 0,
      updatedAt: '2030-05-02T12:00:00.000Z',
    });
  });

  it('given a fixed amount on all products, then it is refused; a percentage on all products is order-wide', () => {
    expect(refusal(parts({ discount: { discountType: 'FIXED_AMOUNT', percentage: undefined, amountMoney: { amount: BigInt(500), currency: 'USD' } }, set: { productIdsAny: undefined, allProducts: true } }))).toMatch(/all_products/);
    const m = mapSquarePricingRule(parts({ set: { productIdsAny: undefined, allProducts: true } }), ctx);
    expect(m.ok && m.record.appliesTo).toEqual({ scope: 'order' });
  });

  it('given a fixed amount on products, then it comes off each item; no start date means from the last save; an end time is kept', () => {
    const m = mapSquarePricingRule(parts({ discount: { discountType: 'FIXED_AMOUNT', percentage: undefined, amountMoney: { amount: BigInt(500), currency: 'USD' } }, rule: { validFromDate: undefined, validFromLocalTime: undefined, validUntilLocalTime: '18:30:00' } }), ctx);
    if (!m.ok) throw new Error(m.reason);
    expect(m.record.value).toEqual({ kind: 'fixed', amount: { amount: 500, currency: 'USD' }, eachItem: true });
    expect(m.record.startsAt).toBe('2030-05-01T12:00:00.000Z');
    expect(m.record.endsAt).toBe('2030-06-30T22:30:00.000Z');
  });

  it.each([
    ['a variable amount keyed in at the till', parts({ discount: { discountType: 'VARIABLE_PERCENTAGE', percentage: undefined } }), /VARIABLE_PERCENTAGE/],
    ['a cap', parts({ discount: { maximumAmountMoney: { amount: BigInt(1000), currency: 'USD' } } }), /maximum_amount_money/],
    ['a time period', parts({ rule: { timePeriodIds: ['TP1'] } }), /time_period_ids/],
    ['customer groups', parts({ rule: { customerGroupIdsAny: ['G1'] } }), /customer_group_ids_any/],
    ['buy-this-get-that', parts({ rule: { applyProductsId: 'SET2' } }), /apply_products_id/],
    ['exclusions', parts({ rule: { excludeProductsId: 'SET3' } }), /exclude_products_id/],
    ['a multi-buy quantity', parts({ set: { quantityMin: BigInt(3) } }), /quantity/],
    ['an item the catalog has not linked', parts({ set: { productIdsAny: ['ITEMTEE', 'CATEGORY9'] } }), /CATEGORY9 not linked .*retried on the next sync/],
    ['a percentage finer than 0.01 %', parts({ discount: { percentage: '12.345' } }), /finer than 0\.01/],
    ['a missing discount', { ...parts(), discount: undefined }, /DISCOUNT DISC1 is not in the catalog/],
    ['a missing product set', { ...parts(), productSet: undefined }, /PRODUCT_SET SET1 is not in the catalog/],
    ['a malformed date', parts({ rule: { validFromDate: '2030-13-45x' } }), /valid_\*/],
  ])('given %s, when mapped, then it is refused with the field and why', (_what, p, reason) => {
    expect(refusal(p)).toMatch(reason);
  });

  it('given a DISCOUNT no rule uses, then it is refused as staff-applied with its name', () => {
    const m = mapStaffDiscount({ type: 'DISCOUNT', id: 'DISC9', discountData: { name: 'Staff 10%', discountType: 'FIXED_PERCENTAGE', percentage: '10' } });
    expect(m).toMatchObject({ ok: false, externalId: 'DISC9' });
    expect(!m.ok && m.reason).toMatch(/^DISCOUNT "Staff 10%" has no pricing rule: staff apply it at the till/);
  });

  it('given wall-clock times around a DST change, when converted, then the local() round trip gives them back', () => {
    for (const [date, time, zone] of [['2030-03-10', '03:30:00', 'America/New_York'], ['2030-11-03', '00:30:00', 'America/New_York'], ['2030-07-01', '00:00:00', 'Europe/London'], ['2030-01-15', '23:59:59', 'Asia/Tokyo']] as const) {
      expect(local(fromLocal(date, time, zone), zone)).toEqual({ date, time });
    }
    expect(fromLocal('2030-01-15', '09:00:00', 'UTC')).toBe('2030-01-15T09:00:00.000Z');
  });
});
