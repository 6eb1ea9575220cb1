import { z } from 'zod';
import { canonicalIdSchema, ExternalRef, Money } from './common';
import { TaxLine } from './tax-line';

/** One line of an order. Prices are per unit, before order-level discounts. */
export const LineItem = z.object({
  id: canonicalIdSchema('li'),
  externalRefs: z.array(ExternalRef),
  /** Null for custom (ad-hoc) items a clerk typed in at the POS. */
  productId: canonicalIdSchema('prd').nullable(),
  variantId: canonicalIdSchema('var').nullable(),
  sku: z.string().nullable(),
  /** Title at the time of sale; the product may since have been renamed. */
  title: z.string().min(1),
  variantTitle: z.string().nullable(),
  quantity: z.number().int().positive(),
  unitPrice: Money,
  /** Discounts allocated to this line (line-level plus its share of order-level). */
  totalDiscount: Money,
  taxLines: z.array(TaxLine),
  requiresShipping: z.boolean(),
  taxable: z.boolean(),
});
export type LineItem = z.infer<typeof LineItem>;

/** A quantity of one line item, as fulfilled, returned or refunded. */
export const LineQuantity = z.object({
  lineItemId: canonicalIdSchema('li'),
  quantity: z.number().int().positive(),
});
export type LineQuantity = z.infer<typeof LineQuantity>;
