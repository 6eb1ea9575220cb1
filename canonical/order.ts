import { z } from 'zod';
import { Address } from './address';
import { canonicalIdSchema, CurrencyCode, ExternalRef, Money, Timestamp } from './common';
import { AppliedDiscount } from './discount';
import { Fulfillment } from './fulfillment';
import { checkCurrencies, checkLineRefs } from './integrity';
import { LineItem } from './line-item';
import { Refund } from './refund';
import { Return } from './return';
import { TaxLine } from './tax-line';
import { Tender } from './tender';

export const FinancialStatus = z.enum([
  'pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided',
]);
export type FinancialStatus = z.infer<typeof FinancialStatus>;

export const FulfillmentStatus = z.enum(['unfulfilled', 'partially_fulfilled', 'fulfilled', 'on_hold', 'cancelled']);
export type FulfillmentStatus = z.infer<typeof FulfillmentStatus>;

/**
 * Order totals as the selling system computed them. We carry them instead of
 * recomputing: vendors round per line or per order differently, and the
 * customer paid what the vendor said.
 */
export const OrderTotals = z.object({
  /** Line prices × quantities, after line-level discounts. */
  subtotal: Money,
  discounts: Money,
  shipping: Money,
  tax: Money,
  total: Money,
  refunded: Money,
});
export type OrderTotals = z.infer<typeof OrderTotals>;

export const Order = z
  .object({
    id: canonicalIdSchema('ord'),
    externalRefs: z.array(ExternalRef),
    /** Human order name/number as the customer saw it, e.g. "#1001". */
    name: z.string().min(1),
    customerId: canonicalIdSchema('cus').nullable(),
    email: z.string().nullable(),
    /** Every amount in the order is in this currency (checked). */
    currency: CurrencyCode,
    taxesIncluded: z.boolean(),
    channel: z.enum(['online', 'pos', 'draft', 'api', 'other']),
    /** Where a POS sale happened; null online. */
    locationId: canonicalIdSchema('loc').nullable(),
    lineItems: z.array(LineItem).min(1),
    /** Order-level tax summary (the per-line detail is on each line). */
    taxLines: z.array(TaxLine),
    discounts: z.array(AppliedDiscount),
    tenders: z.array(Tender),
    fulfillments: z.array(Fulfillment),
    returns: z.array(Return),
    refunds: z.array(Refund),
    totals: OrderTotals,
    financialStatus: FinancialStatus,
    fulfillmentStatus: FulfillmentStatus,
    shippingAddress: Address.nullable(),
    billingAddress: Address.nullable(),
    note: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    cancelledAt: Timestamp.nullable(),
  })
  .superRefine((o, ctx) => {
    checkCurrencies(ctx, o, o.currency);
    const lineIds = new Set(o.lineItems.map((l) => l.id));
    o.fulfillments.forEach((f, i) => checkLineRefs(ctx, lineIds, f.lines, ['fulfillments', i, 'lines']));
    o.returns.forEach((r, i) => checkLineRefs(ctx, lineIds, r.lines, ['returns', i, 'lines']));
    o.refunds.forEach((r, i) => checkLineRefs(ctx, lineIds, r.lines, ['refunds', i, 'lines']));
    // Nested documents carry their own orderId for when they travel alone; inside an order it must agree.
    const parented: [string, readonly { orderId: string | null }[]][] = [['tenders', o.tenders], ['returns', o.returns], ['refunds', o.refunds]];
    for (const [key, items] of parented) {
      items.forEach((item, i) => {
        if (item.orderId !== null && item.orderId !== o.id) {
          ctx.addIssue({ code: 'custom', path: [key, i, 'orderId'], message: `expected ${o.id} (got ${item.orderId})` });
        }
      });
    }
  });
export type Order = z.infer<typeof Order>;
