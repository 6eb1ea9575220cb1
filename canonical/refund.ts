import { z } from 'zod';
import { canonicalIdSchema, ExternalRef, Money, Timestamp } from './common';
import { checkCurrencies } from './integrity';
import { LineQuantity } from './line-item';
import { GatewayRef, TenderKind } from './tender';

export const RefundLine = LineQuantity.extend({
  /** Amount refunded for these units, tax included. */
  amount: Money,
  /** Whether the units went back into stock (drives inventory adjustments). */
  restock: z.boolean(),
});
export type RefundLine = z.infer<typeof RefundLine>;

/** Money paid back through one tender. */
export const RefundTender = z.object({
  /** The original tender when known; store credit and cash refunds may have none. */
  tenderId: canonicalIdSchema('tnd').nullable(),
  kind: TenderKind,
  amount: Money,
  gatewayRefs: z.array(GatewayRef),
});
export type RefundTender = z.infer<typeof RefundTender>;

export const Refund = z
  .object({
    id: canonicalIdSchema('rfd'),
    externalRefs: z.array(ExternalRef),
    orderId: canonicalIdSchema('ord'),
    returnId: canonicalIdSchema('ret').nullable(),
    /** Total paid back; equals the sum of `tenders` when the vendor reports them. */
    amount: Money,
    lines: z.array(RefundLine),
    /** Shipping refunded, if any. */
    shipping: Money.nullable(),
    tenders: z.array(RefundTender),
    reason: z.string().nullable(),
    createdAt: Timestamp,
  })
  .superRefine((r, ctx) => {
    checkCurrencies(ctx, r, r.amount.currency);
    const paid = r.tenders.reduce((sum, t) => sum + t.amount.amount, 0);
    if (r.tenders.length > 0 && paid !== r.amount.amount) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `expected the sum of refund tenders ${paid} (got ${r.amount.amount})` });
    }
  });
export type Refund = z.infer<typeof Refund>;
