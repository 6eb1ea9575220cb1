import type { AutomaticDiscountRecord, BasicDiscountFields, DiscountRecord } from '../commerce-records';
import { discountStatus } from '../discount-ops';
import { gid } from '../ids';
import { isoSeconds } from '../records';
import { count, emptyConnection, type ExecContext } from './context';
import { moneyBag } from './money';
import { listConnection } from './order-parts';
import { ProductNode } from './product-node';
import { VariantNode } from './variant-node';

/**
 * DiscountCodeNode wrapping a DiscountCodeBasic, and DiscountAutomaticNode
 * wrapping a DiscountAutomaticBasic (the DiscountAutomatic union's member the
 * sandbox models).
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/DiscountCodeNode
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/DiscountCodeBasic
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/DiscountAutomaticNode
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/DiscountAutomaticBasic
 * https://shopify.dev/docs/api/admin-graphql/2025-01/unions/DiscountItems
 */

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

export function discountCodeNode(d: DiscountRecord, ctx: ExecContext): Obj {
  const shared = basicFields(d, ctx);
  const basic: Obj = {
    __typename: 'DiscountCodeBasic',
    ...shared,
    usageLimit: d.usageLimit,
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    recurringCycleLimit: null,
    hasTimelineComment: false,
    shareableUrls: [],
    summary: `${shared.shortSummary}${d.usageLimit !== null ? ` • Limit of ${d.usageLimit} uses` : ''}${d.appliesOncePerCustomer ? ', one per customer' : ''}`,
    totalSales: null,
    customerSelection: { __typename: 'DiscountCustomerAll', allCustomers: true },
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

export function discountAutomaticNode(d: AutomaticDiscountRecord, ctx: ExecContext): Obj {
  const shared = basicFields(d, ctx);
  const basic: Obj = {
    __typename: 'DiscountAutomaticBasic',
    ...shared,
    summary: shared.shortSummary,
    recurringCycleLimit: d.recurringCycleLimit,
    usageCount: d.usageCount,
  };
  return {
    __typename: 'DiscountAutomaticNode',
    id: gid('DiscountAutomaticNode', d.id),
    automaticDiscount: basic,
    events: (args: Args) => emptyConnection(args),
    metafields: (args: Args) => emptyConnection(args),
    metafieldDefinitions: (args: Args) => emptyConnection(args),
    metafield: null,
  };
}

/** The fields DiscountCodeBasic and DiscountAutomaticBasic share. */
function basicFields(d: BasicDiscountFields, ctx: ExecContext): Obj & { shortSummary: string } {
  const cur = ctx.state.shop.currencyCode;
  const value =
    d.value.kind === 'percentage'
      ? { __typename: 'DiscountPercentage', percentage: d.value.percentage }
      : { __typename: 'DiscountAmount', amount: moneyBag(d.value.cents, cur).shopMoney, appliesOnEachItem: d.value.appliesOnEachItem };
  const target = d.items.kind === 'all' ? 'entire order' : d.items.productIds.length + d.items.variantIds.length === 1 ? 'one product' : `${d.items.productIds.length + d.items.variantIds.length} products`;
  const amount = d.value.kind === 'percentage' ? `${Math.round(d.value.percentage * 100)}% off` : `$${(d.value.cents / 100).toFixed(2)} off${d.value.appliesOnEachItem && d.items.kind !== 'all' ? ' each' : ''}`;
  const minimum = d.minimum === null ? '' : d.minimum.kind === 'subtotal' ? ` • Minimum purchase of $${(d.minimum.cents / 100).toFixed(2)}` : ` • Minimum quantity of ${d.minimum.quantity}`;
  return {
    title: d.title,
    status: discountStatus(d, ctx.state.now()),
    startsAt: isoSeconds(d.startsAt),
    endsAt: d.endsAt === null ? null : isoSeconds(d.endsAt),
    createdAt: isoSeconds(d.createdAt),
    updatedAt: isoSeconds(d.updatedAt),
    asyncUsageCount: d.usageCount,
    discountClass: d.items.kind === 'all' ? 'ORDER' : 'PRODUCT',
    shortSummary: `${amount} ${target}${minimum}`,
    minimumRequirement:
      d.minimum === null
        ? null
        : d.minimum.kind === 'subtotal'
          ? { __typename: 'DiscountMinimumSubtotal', greaterThanOrEqualToSubtotal: moneyBag(d.minimum.cents, cur).shopMoney }
          : { __typename: 'DiscountMinimumQuantity', greaterThanOrEqualToQuantity: String(d.minimum.quantity) },
    combinesWith: { ...d.combinesWith },
    customerGets: { value, items: discountItems(d, ctx), appliesOnOneTimePurchase: true, appliesOnSubscription: false },
  };
}

/** AllDiscountItems, or DiscountProducts listing the live products and variants (deleted ones drop out). */
function discountItems(d: BasicDiscountFields, ctx: ExecContext): Obj {
  if (d.items.kind === 'all') return { __typename: 'AllDiscountItems', allItems: true };
  const { products } = ctx.state;
  const productIds = d.items.productIds.filter((id) => products.get(id) !== undefined).sort((a, b) => a - b);
  const variantIds = d.items.variantIds.filter((id) => products.productOfVariant(id) !== null).sort((a, b) => a - b);
  return {
    __typename: 'DiscountProducts',
    products: (args: Args) => listConnection(productIds.map((id) => ({ id })), args, (x) => new ProductNode(products.get(x.id)!, ctx)),
    productVariants: (args: Args) =>
      listConnection(variantIds.map((id) => ({ id })), args, (x) => {
        const p = products.get(products.productOfVariant(x.id)!)!;
        return new VariantNode(p.variants.find((v) => v.id === x.id)!, p, ctx);
      }),
  };
}
