import { z } from 'zod';
import { canonicalIdSchema, CurrencyCode, DecimalString, ExternalRef, IsoDate, Money, Timestamp } from './common';
import { checkCurrencies } from './integrity';

/**
 * How line amounts relate to tax (Xero's LineAmountTypes): `exclusive` lines
 * are net and tax is added, `inclusive` lines already contain the tax,
 * `no_tax` documents carry none at all.
 */
export const LineAmountTypes = z.enum(['exclusive', 'inclusive', 'no_tax']);
export type LineAmountTypes = z.infer<typeof LineAmountTypes>;

export const AccountingStatus = z.enum(['draft', 'submitted', 'authorized', 'paid', 'voided', 'deleted']);
export type AccountingStatus = z.infer<typeof AccountingStatus>;

/** Who is billed: a Xero contact, linked to our customer when we know it. */
export const AccountingContact = z.object({
  customerId: canonicalIdSchema('cus').nullable(),
  externalRefs: z.array(ExternalRef),
  name: z.string().min(1),
  email: z.string().nullable(),
});
export type AccountingContact = z.infer<typeof AccountingContact>;

export const InvoiceLine = z.object({
  description: z.string().min(1),
  /** Accounting quantities can be fractional (hours, kilos): exact decimal string. */
  quantity: DecimalString,
  unitAmount: Money,
  /** Line discount in basis points (1250 = 12.5 %); null = none. */
  discountBasisPoints: z.number().int().min(1).max(10_000).nullable(),
  /** Ledger account and tax code in the accounting system; null = its defaults. */
  accountCode: z.string().min(1).nullable(),
  taxType: z.string().min(1).nullable(),
  itemCode: z.string().min(1).nullable(),
  taxAmount: Money,
  /** Quantity × unit amount − discount, as the accounting system rounded it. */
  lineAmount: Money,
  /** The order line this bills, when the invoice came from an order. */
  lineItemId: canonicalIdSchema('li').nullable(),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

/** Fields shared by invoices and credit notes, and the arithmetic they must satisfy. */
export const accountingDocumentShape = {
  externalRefs: z.array(ExternalRef),
  /** Assigned by the accounting system; null until it does. */
  number: z.string().min(1).nullable(),
  reference: z.string().nullable(),
  contact: AccountingContact,
  status: AccountingStatus,
  lineAmountTypes: LineAmountTypes,
  currency: CurrencyCode,
  issueDate: IsoDate,
  lines: z.array(InvoiceLine).min(1),
  /** Total excluding tax, whatever the line amount type. */
  subtotal: Money,
  totalTax: Money,
  total: Money,
  updatedAt: Timestamp,
};

interface AccountingTotals {
  currency: string;
  lineAmountTypes: LineAmountTypes;
  lines: readonly { taxAmount: Money }[];
  subtotal: Money;
  totalTax: Money;
  total: Money;
}

export function checkAccountingDocument(ctx: z.RefinementCtx<unknown>, doc: AccountingTotals): void {
  checkCurrencies(ctx, doc, doc.currency);
  if (doc.subtotal.amount + doc.totalTax.amount !== doc.total.amount) {
    ctx.addIssue({ code: 'custom', path: ['total'], message: `expected subtotal + totalTax = ${doc.subtotal.amount + doc.totalTax.amount} (got ${doc.total.amount})` });
  }
  if (doc.lineAmountTypes === 'no_tax') {
    doc.lines.forEach((line, i) => {
      if (line.taxAmount.amount !== 0) ctx.addIssue({ code: 'custom', path: ['lines', i, 'taxAmount'], message: 'expected no tax on a no_tax document' });
    });
    if (doc.totalTax.amount !== 0) ctx.addIssue({ code: 'custom', path: ['totalTax'], message: 'expected no tax on a no_tax document' });
  }
}

export const Invoice = z
  .object({
    id: canonicalIdSchema('inv'),
    ...accountingDocumentShape,
    orderId: canonicalIdSchema('ord').nullable(),
    dueDate: IsoDate.nullable(),
    amountPaid: Money,
    amountCredited: Money,
    amountDue: Money,
  })
  .superRefine((inv, ctx) => {
    checkAccountingDocument(ctx, inv);
    // ISO dates compare correctly as strings.
    if (inv.dueDate !== null && inv.dueDate < inv.issueDate) {
      ctx.addIssue({ code: 'custom', path: ['dueDate'], message: `expected a due date on or after ${inv.issueDate} (got ${inv.dueDate})` });
    }
    const due = inv.total.amount - inv.amountPaid.amount - inv.amountCredited.amount;
    if (inv.amountDue.amount !== due) {
      ctx.addIssue({ code: 'custom', path: ['amountDue'], message: `expected total − paid − credited = ${due} (got ${inv.amountDue.amount})` });
    }
  });
export type Invoice = z.infer<typeof Invoice>;
