import { z } from 'zod';
import { canonicalIdSchema, IsoDate, Money } from './common';
import { accountingDocumentShape, checkAccountingDocument } from './invoice';

/** Part of a credit note applied against an invoice. */
export const CreditAllocation = z.object({
  invoiceId: canonicalIdSchema('inv'),
  amount: Money,
  date: IsoDate,
});
export type CreditAllocation = z.infer<typeof CreditAllocation>;

/**
 * The accounting side of a refund or a return: same shape as an invoice,
 * the other way round. Credit is allocated to invoices or paid out.
 */
export const CreditNote = z
  .object({
    id: canonicalIdSchema('crn'),
    ...accountingDocumentShape,
    /** The refund this records, when it came from one. */
    refundId: canonicalIdSchema('rfd').nullable(),
    allocations: z.array(CreditAllocation),
    /** Credit not yet allocated or paid out. */
    remainingCredit: Money,
  })
  .superRefine((cn, ctx) => {
    checkAccountingDocument(ctx, cn);
    const allocated = cn.allocations.reduce((sum, a) => sum + a.amount.amount, 0);
    if (allocated + cn.remainingCredit.amount > cn.total.amount) {
      ctx.addIssue({ code: 'custom', path: ['allocations'], message: `expected allocations + remaining credit ≤ total ${cn.total.amount} (got ${allocated + cn.remainingCredit.amount})` });
    }
  });
export type CreditNote = z.infer<typeof CreditNote>;
