import { z } from 'zod';
import { canonicalIdSchema, ExternalRef, Money, Timestamp } from './common';
import { checkWindow } from './integrity';

/**
 * What a discount takes off. Percentages are integer basis points
 * (1250 = 12.5 %) for the same reason money is minor units: no floats.
 */
export const DiscountValue = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percentage'), basisPoints: z.number().int().min(1).max(10_000) }),
  z.object({
    kind: z.literal('fixed'),
    amount: Money,
    /**
     * Products scope only: true = the amount comes off each entitled item;
     * absent/false = once per order, spread over the entitled items.
     */
    eachItem: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('free_shipping') }),
]);
export type DiscountValue = z.infer<typeof DiscountValue>;
export type DiscountKind = DiscountValue['kind'];

/** What the discount can apply to. */
export const DiscountAppliesTo = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('order') }),
  z.object({
    scope: z.literal('products'),
    productIds: z.array(canonicalIdSchema('prd')),
    variantIds: z.array(canonicalIdSchema('var')),
  }),
  z.object({ scope: z.literal('shipping') }),
]);
export type DiscountAppliesTo = z.infer<typeof DiscountAppliesTo>;

export const UsageLimits = z.object({
  /** Total redemptions allowed; null = unlimited. */
  total: z.number().int().positive().nullable(),
  /** Redemptions per customer; null = unlimited. */
  perCustomer: z.number().int().positive().nullable(),
});
export type UsageLimits = z.infer<typeof UsageLimits>;

/** A discount definition (a code, or an automatic discount when `code` is null). */
export const Discount = z
  .object({
    id: canonicalIdSchema('dsc'),
    externalRefs: z.array(ExternalRef),
    /** Customer-entered code, compared case-insensitively by every vendor; null for automatic discounts. */
    code: z.string().min(1).nullable(),
    title: z.string().min(1),
    value: DiscountValue,
    appliesTo: DiscountAppliesTo,
    /** Minimum order subtotal to qualify; null = none. */
    minimumSubtotal: Money.nullable(),
    startsAt: Timestamp,
    /** Null = open-ended. */
    endsAt: Timestamp.nullable(),
    usageLimits: UsageLimits,
    /** Redemptions so far, as last reported by the owning system. */
    usageCount: z.number().int().nonnegative(),
    updatedAt: Timestamp,
  })
  .superRefine((d, ctx) => {
    checkWindow(ctx, d.startsAt, d.endsAt, ['endsAt']);
    if (d.value.kind === 'free_shipping' && d.appliesTo.scope === 'products') {
      ctx.addIssue({ code: 'custom', path: ['appliesTo', 'scope'], message: 'expected order or shipping scope for a free-shipping discount' });
    }
  });
export type Discount = z.infer<typeof Discount>;

/** A discount as applied to one order: what it was and what it took off. */
export const AppliedDiscount = z.object({
  /** Our discount definition when we know it (automatic/manual POS discounts have none). */
  discountId: canonicalIdSchema('dsc').nullable(),
  code: z.string().min(1).nullable(),
  title: z.string().min(1),
  value: DiscountValue,
  /** Amount actually taken off the order. */
  amount: Money,
});
export type AppliedDiscount = z.infer<typeof AppliedDiscount>;
