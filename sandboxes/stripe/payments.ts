import { errorBody, invalidRequest, resourceMissing, StripeApiError } from './errors';
import { type StripeState } from './state';
import { type JsonObject, type StripeObject } from './types';
import { type EmitOptions } from './webhooks';

/**
 * Money movement shared by the PaymentIntent routes and the Dashboard
 * helpers: charges (https://docs.stripe.com/api/charges/object), balance
 * transactions (https://docs.stripe.com/api/balance_transactions/object) and
 * the PaymentIntent lifecycle (https://docs.stripe.com/payments/paymentintents/lifecycle).
 *
 * Test payment methods (https://docs.stripe.com/testing#cards): pm_card_visa,
 * pm_card_mastercard, pm_card_amex succeed; pm_card_chargeDeclined /
 * pm_card_chargeDeclinedInsufficientFunds decline (402 card_error);
 * pm_card_createDispute succeeds then is disputed; pm_card_bypassPending makes
 * funds available at once (otherwise pending for 2 days).
 */

interface TestCard {
  brand: string;
  last4: string;
  decline?: 'generic_decline' | 'insufficient_funds';
  dispute?: boolean;
  bypassPending?: boolean;
}

const CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', decline: 'generic_decline' },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', decline: 'insufficient_funds' },
  pm_card_createDispute: { brand: 'visa', last4: '0259', dispute: true },
  pm_card_bypassPending: { brand: 'visa', last4: '0077', bypassPending: true },
};

export function testCard(state: StripeState, pm: string): TestCard {
  return CARDS[state.testPaymentMethods.get(pm) ?? pm] ?? { brand: 'visa', last4: '4242' };
}

/**
 * Test tokens become PaymentMethods with their own pm_ ids, as in Stripe
 * (`payment_method: 'pm_card_visa'` comes back as `pm_1…`). Other pm_ ids
 * must be ones minted here, else 404 resource_missing.
 */
export function resolvePaymentMethod(state: StripeState, pm: string): string {
  if (CARDS[pm] || pm.startsWith('pm_card_')) {
    const id = state.ids.id('pm');
    state.testPaymentMethods.set(id, pm);
    return id;
  }
  if (state.testPaymentMethods.has(pm)) return pm;
  throw invalidRequest(`No such PaymentMethod: '${pm}'`, 'payment_method', 'resource_missing', 404);
}

/** Standard US pricing, 2.9% + 30¢ (https://stripe.com/pricing); the sandbox charges it on every capture. */
export function stripeFee(amount: number): number {
  return Math.round(amount * 0.029) + 30;
}

const DAY = 86400;

export function createBalanceTransaction(state: StripeState, input: { amount: number; fee: number; currency: string; type: string; category: string; source: string; description: string | null; availableNow?: boolean }): StripeObject {
  const created = state.clock.now();
  const txn: StripeObject = {
    id: state.ids.id('txn'),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: input.availableNow ? created : created + 2 * DAY,
    balance_type: 'payments',
    created,
    currency: input.currency,
    description: input.description,
    exchange_rate: null,
    fee: input.fee,
    fee_details: input.fee ? [{ amount: input.fee, application: null, currency: input.currency, description: 'Stripe processing fees', type: 'stripe_fee' }] : [],
    net: input.amount - input.fee,
    reporting_category: input.category,
    source: input.source,
    status: input.availableNow ? 'available' : 'pending',
    type: input.type,
  };
  return state.balanceTransactions.insert(txn);
}

/** `status` follows the clock: pending until `available_on`. */
export function renderBalanceTransaction(state: StripeState, txn: StripeObject): StripeObject {
  return { ...txn, status: Number(txn.available_on) <= state.clock.now() ? 'available' : 'pending' };
}

function buildCharge(state: StripeState, pi: StripeObject, pm: string, card: TestCard, capture: boolean): StripeObject {
  const amount = Number(pi.amount);
  const id = state.ids.id('ch');
  const failed = card.decline !== undefined;
  return {
    id,
    object: 'charge',
    amount,
    amount_captured: failed || !capture ? 0 : amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'SWITCHYARD',
    captured: !failed && capture,
    created: state.clock.now(),
    currency: pi.currency ?? 'usd',
    customer: pi.customer ?? null,
    description: pi.description ?? null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failed ? 'card_declined' : null,
    failure_message: failed ? (card.decline === 'insufficient_funds' ? 'Your card has insufficient funds.' : 'Your card was declined.') : null,
    fraud_details: {},
    livemode: state.livemode,
    metadata: pi.metadata ?? {},
    on_behalf_of: null,
    outcome: {
      advice_code: null, network_advice_code: null, network_decline_code: null,
      network_status: failed ? 'declined_by_network' : 'approved_by_network',
      reason: card.decline ?? null,
      risk_level: 'normal',
      seller_message: failed ? 'The bank did not return any further details with this decline.' : 'Payment complete.',
      type: failed ? 'issuer_declined' : 'authorized',
    },
    paid: !failed,
    payment_intent: pi.id,
    payment_method: pm,
    payment_method_details: { card: { brand: card.brand, checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' }, country: 'US', exp_month: 12, exp_year: 2034, funding: 'credit', last4: card.last4, network: card.brand, three_d_secure: null, wallet: null }, type: 'card' },
    receipt_email: pi.receipt_email ?? null,
    receipt_number: null,
    receipt_url: `https://pay.stripe.com/receipts/payment/${state.ids.chars(40)}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: failed ? 'failed' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

/** Capturing books the funds: a `charge` balance transaction net of Stripe's fee. */
export function bookCapture(state: StripeState, charge: StripeObject, amount: number, card: TestCard): StripeObject {
  const txn = createBalanceTransaction(state, { amount, fee: stripeFee(amount), currency: String(charge.currency), type: 'charge', category: 'charge', source: charge.id, description: (charge.description as string | null) ?? null, availableNow: card.bypassPending });
  return { ...charge, balance_transaction: txn.id, amount_captured: amount, captured: true };
}

export type DisputeOpener = (chargeId: string, origin: EmitOptions) => void;

/**
 * Confirms a PaymentIntent with its payment method: creates the charge and,
 * for automatic capture, books it. A decline records the failed charge, sets
 * `last_payment_error`, and throws the 402 card_error Stripe answers with.
 */
export function confirmIntent(state: StripeState, pi: StripeObject, origin: EmitOptions, openDispute: DisputeOpener): StripeObject {
  const pm = String(pi.payment_method ?? '');
  if (!pm) throw invalidRequest('You cannot confirm this PaymentIntent because it\'s missing a payment method. To confirm the PaymentIntent with ' + pi.customer + ', specify a payment method attached to this customer along with the customer ID.', 'payment_method', 'payment_intent_unexpected_state');
  const card = testCard(state, pm);
  const capture = pi.capture_method !== 'manual';
  let charge = buildCharge(state, pi, pm, card, capture);
  if (card.decline) {
    state.charges.insert(charge);
    state.bus.emit('charge.failed', charge, origin);
    const message = String(charge.failure_message);
    const lastError: JsonObject = { type: 'card_error', code: 'card_declined', decline_code: card.decline, message, charge: charge.id, payment_method: { id: pm, object: 'payment_method', type: 'card' } };
    const failed: StripeObject = { ...pi, status: 'requires_payment_method', latest_charge: charge.id, last_payment_error: lastError, payment_method: null };
    state.paymentIntents.replace(failed);
    state.bus.emit('payment_intent.payment_failed', failed, origin);
    throw new StripeApiError(402, errorBody('card_error', message, { code: 'card_declined', decline_code: card.decline, charge: charge.id, payment_intent: failed }));
  }
  if (capture) charge = bookCapture(state, charge, Number(pi.amount), card);
  state.charges.insert(charge);
  const next: StripeObject = capture
    ? { ...pi, status: 'succeeded', amount_received: pi.amount ?? 0, amount_capturable: 0, latest_charge: charge.id, last_payment_error: null }
    : { ...pi, status: 'requires_capture', amount_capturable: pi.amount ?? 0, latest_charge: charge.id, last_payment_error: null };
  state.paymentIntents.replace(next);
  state.bus.emit('charge.succeeded', charge, origin);
  state.bus.emit(capture ? 'payment_intent.succeeded' : 'payment_intent.amount_capturable_updated', next, origin);
  if (card.dispute) openDispute(charge.id, {});
  return next;
}

export function captureIntent(state: StripeState, pi: StripeObject, amountToCapture: number | undefined, origin: EmitOptions): StripeObject {
  if (pi.status !== 'requires_capture') {
    throw invalidRequest(`This PaymentIntent could not be captured because it has a status of ${String(pi.status)}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, undefined, 'payment_intent_unexpected_state');
  }
  const amount = amountToCapture ?? Number(pi.amount_capturable);
  if (amount > Number(pi.amount_capturable) || amount < 1) throw invalidRequest(`The amount_to_capture must be between 1 and ${String(pi.amount_capturable)}.`, 'amount_to_capture', 'amount_too_large');
  const chargeId = String(pi.latest_charge);
  const charge = state.charges.get(chargeId);
  if (!charge) throw resourceMissing('charge', chargeId);
  const captured = bookCapture(state, charge, amount, testCard(state, String(charge.payment_method)));
  state.charges.replace(captured);
  state.bus.emit('charge.captured', captured, { ...origin, previous: { amount_captured: 0, captured: false, balance_transaction: null } });
  const next: StripeObject = { ...pi, status: 'succeeded', amount_received: amount, amount_capturable: 0 };
  state.paymentIntents.replace(next);
  state.bus.emit('payment_intent.succeeded', next, origin);
  return next;
}

const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];

export function cancelIntent(state: StripeState, pi: StripeObject, reason: string | undefined, origin: EmitOptions): StripeObject {
  if (!CANCELABLE.includes(String(pi.status))) {
    throw invalidRequest(`You cannot cancel this PaymentIntent because it has a status of ${String(pi.status)}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`, undefined, 'payment_intent_unexpected_state');
  }
  const next: StripeObject = { ...pi, status: 'canceled', canceled_at: state.clock.now(), cancellation_reason: reason ?? null, amount_capturable: 0 };
  state.paymentIntents.replace(next);
  state.bus.emit('payment_intent.canceled', next, origin);
  return next;
}
