import Stripe from 'stripe';
import type { WebhookEvent, WebhookVerifier } from '../types';

/**
 * Stripe-Signature verification (https://docs.stripe.com/webhooks#verify-official-libraries)
 * with the SDK's `webhooks.constructEvent`: HMAC-SHA256 over "<t>.<raw body>"
 * with the endpoint secret, any matching `v1`, and a 300 s tolerance on `t`
 * against replays. A bad or stale signature → 401; a missing header or an
 * unparseable body → 400.
 */

const DEFAULT_TOLERANCE_SECONDS = 300;

type Entity = WebhookEvent['entity'];

/**
 * Event type → our entity: customers are customers; payment intents, charges,
 * refunds and disputes belong to orders (Stripe has no order object, a
 * PaymentIntent is the order's payment); everything else is `other`.
 */
export function stripeEntity(type: string): Entity {
  if (type.startsWith('customer.') && !type.startsWith('customer.subscription.') && !type.startsWith('customer.source.') && !type.startsWith('customer.tax_id.') && !type.startsWith('customer.discount.')) return 'customer';
  if (/^(payment_intent|charge|refund)\./.test(type)) return 'order';
  return 'other';
}

export function createStripeWebhookVerifier(secret: string, opts: { toleranceSeconds?: number; now?: () => number } = {}): WebhookVerifier {
  // constructEvent needs no API access: a key-less client is enough.
  const stripe = new Stripe('sk_webhook_verification_only');
  return {
    verify(req) {
      const header = req.headers['stripe-signature'];
      if (!header) return { ok: false, status: 400, reason: 'missing Stripe-Signature header' };
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(req.rawBody, header, secret, opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS, undefined, opts.now?.());
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
          // A header that doesn't parse is malformed; a parsed one that doesn't match (or is stale) is unauthorised.
          const malformed = !/t=\d+/.test(header) || !/v1=/.test(header);
          return { ok: false, status: malformed ? 400 : 401, reason: err.message };
        }
        return { ok: false, status: 400, reason: `body is not a Stripe event: ${(err as Error).message}` };
      }
      if (typeof event?.id !== 'string' || typeof event.type !== 'string') return { ok: false, status: 400, reason: 'body is not a Stripe event' };
      const object = (event.data?.object ?? null) as { id?: unknown } | null;
      return {
        ok: true,
        event: {
          eventId: event.id,
          topic: event.type,
          entity: stripeEntity(event.type),
          action: event.type.endsWith('.deleted') ? 'delete' : 'upsert',
          externalId: typeof object?.id === 'string' ? object.id : null,
          occurredAt: typeof event.created === 'number' ? new Date(event.created * 1000).toISOString() : null,
        },
      };
    },
  };
}
