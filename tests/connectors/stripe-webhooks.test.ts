import { describe, expect, it } from 'vitest';
import { createStripeWebhookVerifier, stripeEntity } from '../../connectors/stripe/webhooks';
import { signStripePayload } from '../../sandboxes/stripe/index';

/** Stripe-Signature verification and event → WebhookEvent mapping. */

const SECRET = 'whsec_test_secret_for_verifier';
const body = JSON.stringify({ id: 'evt_1Abc', object: 'event', type: 'customer.deleted', created: 1_700_000_000, data: { object: { id: 'cus_Q1', object: 'customer' } }, livemode: false });
const now = (): number => Math.floor(Date.now() / 1000);
const request = (sig: string | undefined, raw = body): { headers: Record<string, string | undefined>; rawBody: Buffer; url: string } => ({
  headers: { 'stripe-signature': sig },
  rawBody: Buffer.from(raw),
  url: 'https://hooks.example.com/stripe',
});

describe('Stripe webhook verifier', () => {
  const verifier = createStripeWebhookVerifier(SECRET);

  it('given a correctly signed delivery, when verified, then the event is reduced to ids, entity and action', () => {
    const verdict = verifier.verify(request(signStripePayload(SECRET, body, now())));
    expect(verdict).toEqual({ ok: true, event: { eventId: 'evt_1Abc', topic: 'customer.deleted', entity: 'customer', action: 'delete', externalId: 'cus_Q1', occurredAt: '2023-11-14T22:13:20.000Z' } });
  });

  it('given a header with an extra stale v1 and one good v1, when verified, then it passes (any matching v1 counts, as during secret rolls)', () => {
    const t = now();
    const good = signStripePayload(SECRET, body, t).split(',')[1];
    expect(verifier.verify(request(`t=${t},v1=${'0'.repeat(64)},${good}`)).ok).toBe(true);
  });

  it('given the wrong secret or a tampered body, when verified, then 401', () => {
    expect(verifier.verify(request(signStripePayload('whsec_other', body, now())))).toMatchObject({ ok: false, status: 401 });
    expect(verifier.verify(request(signStripePayload(SECRET, body, now()), body.replace('cus_Q1', 'cus_Q2')))).toMatchObject({ ok: false, status: 401 });
  });

  it('given a signature older than the 300 s tolerance, when verified, then 401; within it, accepted', () => {
    expect(verifier.verify(request(signStripePayload(SECRET, body, now() - 301)))).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/tolerance/) });
    expect(verifier.verify(request(signStripePayload(SECRET, body, now() - 250))).ok).toBe(true);
  });

  it('given no header, a malformed header or a signed non-JSON body, when verified, then 400', () => {
    expect(verifier.verify(request(undefined))).toMatchObject({ ok: false, status: 400 });
    expect(verifier.verify(request('garbage'))).toMatchObject({ ok: false, status: 400 });
    expect(verifier.verify(request(signStripePayload(SECRET, 'not json', now()), 'not json'))).toMatchObject({ ok: false, status: 400 });
  });

  it('given event types, when mapped, then customers, order-side payments and others are told apart', () => {
    expect(['customer.created', 'payment_intent.succeeded', 'charge.refunded', 'refund.created', 'charge.dispute.created', 'customer.subscription.created', 'payout.paid'].map(stripeEntity)).toEqual([
      'customer', 'order', 'order', 'order', 'order', 'other', 'other',
    ]);
  });
});
