import type { DiscountRecord } from '../commerce-records';
import { discountStatus } from '../discount-ops';
import { gid } from '../ids';
import { isoSeconds } from '../records';
import { count, emptyConnection, type ExecContext } from './context';
import { moneyBag } from './money';
import { listConnection } from './order-parts';

/**
 * DiscountCodeNode wrapping a DiscountCodeBasic.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/DiscountCodeNode
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/DiscountCodeBasic
 */

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

export function discountCodeNode(d: DiscountRecord, ctx: ExecContext): Obj {
  const cur = ctx.state.shop.currencyCode;
  const now = ctx.state.now();
  const value =
    d.value.kind === 'percentage'
      ? { __typename: 'DiscountPercentage', percentage: d.value.percentage }
      : { __typename: 'DiscountAmount', amount: moneyBag(d.value.cents, cur).shopMoney, appliesOnEachItem: d.value.appliesOnEachItem };
  const summary = d.value.kind === 'percentage' ? `${Math.round(d.value.percentage * 100)}% off entire order` : `$${(d.value.cents / 100).toFixed(2)} off entire order`;
  const basic: Obj = {
    __typename: 'DiscountCodeBasic',
    title: d.title,
    status: discountStatus(d, now),
    startsAt: isoSeconds(d.startsAt),
    endsAt: d.endsAt === null ? null : isoSeconds(d.endsAt),
    createdAt: isoSeconds(d.createdAt),
    updatedAt: isoSeconds(d.updatedAt),
    usageLimit: d.usageLimit,
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    asyncUsageCount: d.usageCount,
    recurringCycleLimit: null,
    discountClass: 'ORDER',
    hasTimelineComment: false,
    shareableUrls: [],
    summary: `${summary}${d.usageLimit !== null ? ` • Limit of ${d.usageLimit} uses` : ''}${d.appliesOncePerCustomer ? ', one per customer' : ''}`,
    shortSummary: summary,
    totalSales: null,
    minimumRequirement: null,
    combinesWith: { ...d.combinesWith },
    customerSelection: { __typename: 'DiscountCustomerAll', allCustomers: true },
    customerGets: { value, items: { __typename: 'AllDiscountItems', allItems: true }, appliesOnOneTimePurchase: true, appliesOnSubscription: false },
    codesCount: count(1),
    codes: (args: Args) => listConnection([{ id: d.redeemCodeId }], args, () => ({ __typename: 'DiscountRedeemCode', id: gid('DiscountRedeemCode', d.redeemCodeId), code: d.code, asyncUsageCount: d.usageCount, createdBy: null })),
  };
  return {
    __typename: 'DiscountCodeNode',
    id: gid('DiscountCodeNode', d.id),
    codeDiscount: basic,
    events: (args: Args) => emptyConnection(args),
    metafields: (args: Args) => emptyConnection(args),
    metafield: null,
  };
}
