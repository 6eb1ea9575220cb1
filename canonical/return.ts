import { z } from 'zod';
import { canonicalIdSchema, ExternalRef, Timestamp } from './common';
import { LineQuantity } from './line-item';

/** Reasons as Shopify reports them; other vendors map onto these or `other`. */
export const ReturnReason = z.enum([
  'size_too_small', 'size_too_large', 'unwanted', 'not_as_described', 'wrong_item', 'defective', 'style', 'color', 'other', 'unknown',
]);
export type ReturnReason = z.infer<typeof ReturnReason>;

export const ReturnLine = LineQuantity.extend({
  reason: ReturnReason,
  note: z.string().nullable(),
});
export type ReturnLine = z.infer<typeof ReturnLine>;

/** Goods coming back. Money going back is a Refund, which may or may not follow. */
export const Return = z.object({
  id: canonicalIdSchema('ret'),
  externalRefs: z.array(ExternalRef),
  orderId: canonicalIdSchema('ord'),
  status: z.enum(['requested', 'open', 'closed', 'declined', 'cancelled']),
  lines: z.array(ReturnLine).min(1),
  requestedAt: Timestamp,
  closedAt: Timestamp.nullable(),
});
export type Return = z.infer<typeof Return>;
