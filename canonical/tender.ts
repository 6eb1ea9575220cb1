import { z } from 'zod';
import { canonicalIdSchema, ExternalRef, Money, Timestamp } from './common';

/** How the customer paid. `bnpl` = buy now, pay later (Klarna, Afterpay, Affirm). */
export const TenderKind = z.enum(['card', 'gift_card', 'bnpl', 'cash', 'other']);
export type TenderKind = z.infer<typeof TenderKind>;

export const TenderStatus = z.enum(['pending', 'authorized', 'captured', 'failed', 'voided']);
export type TenderStatus = z.infer<typeof TenderStatus>;

export const CardBrand = z.enum(['visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners', 'unionpay', 'interac', 'eftpos', 'other']);
export type CardBrand = z.infer<typeof CardBrand>;

/** Only what a receipt shows: never a PAN, never a token that can charge. */
export const CardDetails = z.object({
  brand: CardBrand,
  last4: z.string().regex(/^\d{4}$/, 'the last four digits of the card'),
  entryMethod: z.enum(['chip', 'contactless', 'swiped', 'keyed', 'online']).nullable(),
});
export type CardDetails = z.infer<typeof CardDetails>;

/**
 * The payment processor's ids for this tender (Stripe payment intent and
 * charge, Square payment id...). Unlike ExternalRef, the gateway is often not
 * one of our connectors: Shopify Payments settles through Stripe.
 */
export const GatewayRef = z.object({
  gateway: z.string().min(1),
  /** Processor object type, e.g. `payment_intent`, `charge`, `payment`. */
  type: z.string().min(1),
  id: z.string().min(1),
});
export type GatewayRef = z.infer<typeof GatewayRef>;

export const Tender = z
  .object({
    id: canonicalIdSchema('tnd'),
    externalRefs: z.array(ExternalRef),
    /** Null for payments not (yet) tied to an order, e.g. a Stripe charge from an invoice link. */
    orderId: canonicalIdSchema('ord').nullable(),
    kind: TenderKind,
    status: TenderStatus,
    /** Includes the tip, which is also reported separately. */
    amount: Money,
    tip: Money.nullable(),
    /** Null when the vendor hides card details or the kind is not `card`. */
    card: CardDetails.nullable(),
    /** BNPL or gift-card provider name as the vendor reports it. */
    provider: z.string().min(1).nullable(),
    gatewayRefs: z.array(GatewayRef),
    processedAt: Timestamp.nullable(),
  })
  .superRefine((t, ctx) => {
    if (t.card !== null && t.kind !== 'card') {
      ctx.addIssue({ code: 'custom', path: ['card'], message: `expected no card details for a ${t.kind} tender` });
    }
    if (t.tip !== null && (t.tip.currency !== t.amount.currency || t.tip.amount > t.amount.amount)) {
      ctx.addIssue({ code: 'custom', path: ['tip'], message: 'expected a tip in the tender currency, not above the tender amount' });
    }
  });
export type Tender = z.infer<typeof Tender>;

/** A payment is a tender seen on its own (the `payment` entity of flows). */
export const Payment = Tender;
export type Payment = Tender;
