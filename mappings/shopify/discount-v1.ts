import { z } from 'zod';
import { canonicalId, decimalToMinor, type Money } from '../../canonical/common';
import { Discount, type DiscountAppliesTo, type DiscountValue } from '../../canonical/discount';
import type { Mapped } from '../../connectors/types';
import { formatPath, issueReason } from './reason';
import { ShopifyPageInfo } from './product-v1';

/**
 * Shopify Admin GraphQL 2025-01 code discount (`DiscountCodeNode`) →
 * canonical Discount. Pure: no I/O, never throws.
 *
 * Mapping decisions (anything outside them is refused with a reason and
 * quarantined, never dropped):
 * - DiscountCodeBasic (percentage or amount off the order, or off products /
 *   variants) and DiscountCodeFreeShipping map; Buy X Get Y and app
 *   (Functions) discounts have no canonical form.
 * - Collection-scoped discounts are refused: collections are not synced, and
 *   expanding them here would freeze a membership that changes without a
 *   discounts/* webhook.
 * - A minimum *quantity* requirement has no canonical field (a minimum
 *   subtotal does).
 * - Percentages become basis points (0.125 → 1250); finer ones are refused.
 * - `appliesOnEachItem` is kept for product-scoped amounts (`eachItem`).
 * - A discount with several redeem codes keeps its first as `code` (a POS
 *   has no codes to check, and the rest are the same discount).
 * - `appliesOncePerCustomer` becomes a per-customer limit of 1;
 *   `asyncUsageCount` is the usage count.
 * - Product and variant ids become canonical ids derived the way the product
 *   mapping derives them, so they meet the catalog's id map.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/DiscountCodeNode
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/DiscountCodeBasic
 */
export const MAPPING_VERSION = 'shopify.discount.v1';

const Decimal = z.string().regex(/^\d+(\.\d+)?$/, 'not a non-negative decimal');
const MoneyV2 = z.object({ amount: Decimal, currencyCode: z.string().regex(/^[A-Z]{3}$/) });
const IdConnection = z.object({ nodes: z.array(z.object({ id: z.string() })), pageInfo: ShopifyPageInfo.optional() });

const Common = {
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  updatedAt: z.string(),
  usageLimit: z.number().int().nullable(),
  appliesOncePerCustomer: z.boolean(),
  asyncUsageCount: z.number().int().nonnegative(),
  codes: z.object({ nodes: z.array(z.object({ code: z.string() })) }),
  minimumRequirement: z
    .discriminatedUnion('__typename', [
      z.object({ __typename: z.literal('DiscountMinimumSubtotal'), greaterThanOrEqualToSubtotal: MoneyV2 }),
      z.object({ __typename: z.literal('DiscountMinimumQuantity'), greaterThanOrEqualToQuantity: z.string() }),
    ])
    .nullable(),
};

const Value = z.discriminatedUnion('__typename', [
  z.object({ __typename: z.literal('DiscountPercentage'), percentage: z.number() }),
  z.object({ __typename: z.literal('DiscountAmount'), amount: MoneyV2, appliesOnEachItem: z.boolean() }),
  z.object({ __typename: z.literal('DiscountOnQuantity') }),
]);

const Items = z.discriminatedUnion('__typename', [
  z.object({ __typename: z.literal('AllDiscountItems') }),
  z.object({ __typename: z.literal('DiscountProducts'), products: IdConnection, productVariants: IdConnection }),
  z.object({ __typename: z.literal('DiscountCollections') }),
]);

/** Exactly the selection of connectors/shopify/discounts.ts DISCOUNT_FIELDS. */
export const ShopifyDiscountCodeNode = z.object({
  id: z.string().startsWith('gid://shopify/DiscountCodeNode/'),
  codeDiscount: z.discriminatedUnion('__typename', [
    z.object({ __typename: z.literal('DiscountCodeBasic'), ...Common, customerGets: z.object({ value: Value, items: Items }) }),
    z.object({ __typename: z.literal('DiscountCodeFreeShipping'), ...Common }),
    z.object({ __typename: z.literal('DiscountCodeBxgy') }),
    z.object({ __typename: z.literal('DiscountCodeApp') }),
  ]),
});
export type ShopifyDiscountCodeNode = z.infer<typeof ShopifyDiscountCodeNode>;

export interface ShopifyDiscountContext {
  /** Connector id from the YAML (part of every canonical id minted here). */
  connector: string;
}

export function mapShopifyDiscount(node: unknown, ctx: ShopifyDiscountContext): Mapped<Discount> {
  const externalId = peekId(node);
  const parsed = ShopifyDiscountCodeNode.safeParse(node);
  if (!parsed.success) return refuse(externalId, issueReason(parsed.error), node);
  const n = parsed.data;
  const d = n.codeDiscount;
  if (d.__typename === 'DiscountCodeBxgy') return refuse(n.id, 'codeDiscount: Buy X Get Y discounts have no canonical form', node);
  if (d.__typename === 'DiscountCodeApp') return refuse(n.id, 'codeDiscount: app (Shopify Functions) discounts have no canonical form', node);

  const code = d.codes.nodes[0]?.code.trim();
  if (!code) return refuse(n.id, 'codes: the discount has no redeem code', node);

  let value: DiscountValue;
  let appliesTo: DiscountAppliesTo;
  if (d.__typename === 'DiscountCodeFreeShipping') {
    value = { kind: 'free_shipping' };
    appliesTo = { scope: 'shipping' };
  } else {
    const items = d.customerGets.items;
    if (items.__typename === 'DiscountCollections') return refuse(n.id, 'customerGets.items: collection-scoped discounts are not synced (collections are not part of the catalog sync)', node);
    if (items.__typename === 'DiscountProducts') {
      for (const key of ['products', 'productVariants'] as const) {
        if (items[key].pageInfo?.hasNextPage) return refuse(n.id, `customerGets.items.${key}: incomplete list (pageInfo.hasNextPage is true)`, node);
      }
      appliesTo = {
        scope: 'products',
        productIds: sortedIds(items.products.nodes.map((p) => canonicalId('prd', { connector: ctx.connector, type: 'Product', id: p.id }))),
        variantIds: sortedIds(items.productVariants.nodes.map((v) => canonicalId('var', { connector: ctx.connector, type: 'ProductVariant', id: v.id }))),
      };
    } else {
      appliesTo = { scope: 'order' };
    }
    const v = d.customerGets.value;
    if (v.__typename === 'DiscountOnQuantity') return refuse(n.id, 'customerGets.value: quantity-based values belong to Buy X Get Y discounts', node);
    if (v.__typename === 'DiscountPercentage') {
      const bp = v.percentage * 10_000;
      if (Math.abs(bp - Math.round(bp)) > 1e-6) return refuse(n.id, `customerGets.value.percentage: ${v.percentage} is finer than 0.01 %`, node);
      value = { kind: 'percentage', basisPoints: Math.round(bp) };
    } else {
      const amount = money(v.amount, ['customerGets', 'value', 'amount']);
      if ('reason' in amount) return refuse(n.id, amount.reason, node);
      value = { kind: 'fixed', amount, ...(appliesTo.scope === 'products' && v.appliesOnEachItem ? { eachItem: true } : {}) };
    }
  }

  let minimumSubtotal: Money | null = null;
  const min = d.minimumRequirement;
  if (min?.__typename === 'DiscountMinimumQuantity') return refuse(n.id, 'minimumRequirement: a minimum quantity has no canonical form (a minimum subtotal has)', node);
  if (min?.__typename === 'DiscountMinimumSubtotal') {
    const m = money(min.greaterThanOrEqualToSubtotal, ['minimumRequirement', 'greaterThanOrEqualToSubtotal']);
    if ('reason' in m) return refuse(n.id, m.reason, node);
    minimumSubtotal = m;
  }

  const ref = { connector: ctx.connector, type: 'DiscountCodeNode', id: n.id };
  const candidate: Discount = {
    id: canonicalId('dsc', ref),
    externalRefs: [ref],
    code,
    title: d.title,
    value,
    appliesTo,
    minimumSubtotal,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    usageLimits: { total: d.usageLimit, perCustomer: d.appliesOncePerCustomer ? 1 : null },
    usageCount: d.asyncUsageCount,
    updatedAt: d.updatedAt,
  };
  const checked = Discount.safeParse(candidate);
  if (!checked.success) return refuse(n.id, `canonical ${issueReason(checked.error)}`, node);
  return { ok: true, externalId: n.id, record: checked.data };
}

function money(m: z.infer<typeof MoneyV2>, path: (string | number)[]): Money | { reason: string } {
  try {
    return { amount: decimalToMinor(m.amount, m.currencyCode), currency: m.currencyCode };
  } catch (err) {
    return { reason: `${formatPath(path)}: ${(err as Error).message}` };
  }
}

function sortedIds(ids: string[]): string[] {
  return [...new Set(ids)].sort();
}

function peekId(node: unknown): string {
  if (node !== null && typeof node === 'object' && 'id' in node && typeof node.id === 'string') return node.id;
  return '';
}

function refuse(externalId: string, reason: string, raw: unknown): Mapped<Discount> {
  return { ok: false, externalId, reason, raw };
}
