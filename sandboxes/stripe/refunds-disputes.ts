import { type SandboxServer } from '../framework/server';
import { invalidRequest, resourceMissing } from './errors';
import { allowOnly, int, mergeMetadata, str, sub } from './form';
import { mountApi, type ApiContext } from './http';
import { createdFilter, listParams, paginate } from './list';
import { createBalanceTransaction } from './payments';
import { type StripeState } from './state';
import { type FormObject, type JsonObject, type StripeObject } from './types';
import { type EmitOptions } from './webhooks';

/**
 * Refunds (https://docs.stripe.com/api/refunds) and Disputes
 * (https://docs.stripe.com/api/disputes). A refund books a negative balance
 * transaction and updates the charge's `amount_refunded` / `refunded`
 * (events refund.created, charge.refunded). Disputes are opened by the card
 * network (the Dashboard helper or pm_card_createDispute stand in for it):
 * charge.dispute.created, the amount plus a $15.00 dispute fee withdrawn
 * (https://docs.stripe.com/disputes/how-disputes-work).
 */

export const DISPUTE_FEE = 1500;

export function createRefund(state: StripeState, form: FormObject, origin: EmitOptions): StripeObject {
  allowOnly(form, ['charge', 'payment_intent', 'amount', 'reason', 'metadata', 'instructions_email']);
  let chargeId = str(form, 'charge');
  const piId = str(form, 'payment_intent');
  if (!chargeId && !piId) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', undefined, 'parameter_missing');
  if (!chargeId && piId) {
    const pi = state.paymentIntents.get(piId);
    if (!pi) throw resourceMissing('payment_intent', piId, 'payment_intent');
    if (!pi.latest_charge || pi.status !== 'succeeded') throw invalidRequest(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
    chargeId = String(pi.latest_charge);
  }
  const charge = state.charges.get(chargeId ?? '');
  if (!charge) throw resourceMissing('charge', chargeId ?? '', 'charge');
  const captured = Number(charge.amount_captured);
  const refunded = Number(charge.amount_refunded);
  if (charge.refunded === true || (captured > 0 && refunded >= captured)) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
  if (!charge.captured) throw invalidRequest(`Charge ${charge.id} has not been captured; cancel its PaymentIntent instead.`, 'charge', 'charge_not_refundable');
  const amount = int(form, 'amount') ?? captured - refunded;
  if (amount < 1) throw invalidRequest('Invalid positive integer', 'amount', 'parameter_invalid_integer');
  if (amount > captured - refunded) {
    throw invalidRequest(`Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${((captured - refunded) / 100).toFixed(2)})`, 'amount', 'amount_too_large');
  }
  const reason = str(form, 'reason');
  if (reason !== undefined && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) throw invalidRequest(`Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`, 'reason', 'parameter_invalid_string');
  const id = state.ids.id('re');
  const txn = createBalanceTransaction(state, { amount: -amount, fee: 0, currency: String(charge.currency), type: 'refund', category: 'refund', source: id, description: 'REFUND FOR CHARGE', availableNow: true });
  const refund: StripeObject = {
    id,
    object: 'refund',
    amount,
    balance_transaction: txn.id,
    charge: charge.id,
    created: state.clock.now(),
    currency: charge.currency ?? 'usd',
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata: mergeMetadata({}, form),
    payment_intent: charge.payment_intent ?? null,
    payment_method: charge.payment_method ?? null,
    customer: charge.customer ?? null,
    customer_account: null,
    reason: reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  state.refunds.insert(refund);
  const nextCharge: StripeObject = { ...charge, amount_refunded: refunded + amount, refunded: refunded + amount >= captured };
  state.charges.replace(nextCharge);
  state.bus.emit('refund.created', refund, origin);
  state.bus.emit('charge.refunded', nextCharge, { ...origin, previous: { amount_refunded: refunded, refunded: charge.refunded ?? false } });
  return refund;
}

export function openDispute(state: StripeState, chargeId: string, opts: { reason?: string; amount?: number } = {}, origin: EmitOptions = {}): StripeObject {
  const charge = state.charges.get(chargeId);
  if (!charge) throw resourceMissing('charge', chargeId, 'charge');
  if (charge.disputed) throw invalidRequest(`Charge ${chargeId} is already disputed.`, 'charge', 'charge_disputed');
  const amount = opts.amount ?? Number(charge.amount_captured);
  const id = state.ids.id('dp');
  const txn = createBalanceTransaction(state, { amount: -amount, fee: DISPUTE_FEE, currency: String(charge.currency), type: 'adjustment', category: 'dispute', source: id, description: `Chargeback withdrawal for ${chargeId}`, availableNow: true });
  const created = state.clock.now();
  const card = ((charge.payment_method_details as JsonObject | null)?.card as JsonObject | undefined) ?? {};
  const dispute: StripeObject = {
    id,
    object: 'dispute',
    amount,
    balance_transactions: [structuredClone(txn)],
    charge: chargeId,
    created,
    currency: charge.currency ?? 'usd',
    enhanced_eligibility_types: [],
    evidence: { access_activity_log: null, billing_address: null, cancellation_policy: null, customer_email_address: null, customer_name: null, product_description: null, receipt: null, refund_policy: null, shipping_tracking_number: null, uncategorized_text: null },
    evidence_details: { due_by: created + 7 * 86400, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: state.livemode,
    metadata: {},
    payment_intent: charge.payment_intent ?? null,
    payment_method_details: { card: { brand: card.brand ?? 'visa', case_type: 'chargeback', network_reason_code: '10.4' }, type: 'card' },
    reason: opts.reason ?? 'fraudulent',
    status: 'needs_response',
  };
  state.disputes.insert(dispute);
  state.charges.replace({ ...charge, disputed: true });
  state.bus.emit('charge.dispute.created', dispute, origin);
  state.bus.emit('charge.dispute.funds_withdrawn', dispute, origin);
  return dispute;
}

export function closeDispute(state: StripeState, dispute: StripeObject, outcome: 'lost' | 'won', origin: EmitOptions): StripeObject {
  if (['won', 'lost', 'warning_closed'].includes(String(dispute.status))) throw invalidRequest(`This dispute is already closed.`, undefined, 'dispute_already_closed' );
  const next: StripeObject = { ...dispute, status: outcome };
  if (outcome === 'won') {
    const txn = createBalanceTransaction(state, { amount: Number(dispute.amount), fee: -DISPUTE_FEE, currency: String(dispute.currency), type: 'adjustment', category: 'dispute_reversal', source: dispute.id, description: `Chargeback reversal for ${String(dispute.charge)}`, availableNow: true });
    next.balance_transactions = [...((dispute.balance_transactions as JsonObject[]) ?? []), structuredClone(txn)];
  }
  state.disputes.replace(next);
  state.bus.emit('charge.dispute.closed', next, { ...origin, previous: { status: dispute.status ?? null } });
  if (outcome === 'won') state.bus.emit('charge.dispute.funds_reinstated', next, origin);
  return next;
}

export function mountRefundDisputeRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  const dispute = (id: string): StripeObject => {
    const d = state.disputes.get(id);
    if (!d) throw resourceMissing('dispute', id, 'dispute');
    return d;
  };
  // https://docs.stripe.com/api/refunds/create
  mountApi(server, ctx, 'POST', '/v1/refunds', (r) => createRefund(state, r.form, r.origin));
  // https://docs.stripe.com/api/refunds/list
  mountApi(server, ctx, 'GET', '/v1/refunds', (r) => {
    listParams(r.form, ['charge', 'payment_intent']);
    const charge = str(r.form, 'charge');
    const pi = str(r.form, 'payment_intent');
    const inRange = createdFilter(r.form);
    const all = state.refunds.newestFirst().filter((x) => inRange(x) && (charge === undefined || x.charge === charge) && (pi === undefined || x.payment_intent === pi));
    return paginate(r.form, all, '/v1/refunds', 'refund', (id) => state.refunds.has(id));
  });
  // https://docs.stripe.com/api/refunds/retrieve
  mountApi(server, ctx, 'GET', '/v1/refunds/{refund}', (r) => {
    allowOnly(r.form, []);
    const x = state.refunds.get(r.params.refund ?? '');
    if (!x) throw resourceMissing('refund', r.params.refund ?? '', 'refund');
    return x;
  });
  // https://docs.stripe.com/api/disputes/list
  mountApi(server, ctx, 'GET', '/v1/disputes', (r) => {
    listParams(r.form, ['charge', 'payment_intent']);
    const charge = str(r.form, 'charge');
    const pi = str(r.form, 'payment_intent');
    const inRange = createdFilter(r.form);
    const all = state.disputes.newestFirst().filter((x) => inRange(x) && (charge === undefined || x.charge === charge) && (pi === undefined || x.payment_intent === pi));
    return paginate(r.form, all, '/v1/disputes', 'dispute', (id) => state.disputes.has(id));
  });
  // https://docs.stripe.com/api/disputes/retrieve
  mountApi(server, ctx, 'GET', '/v1/disputes/{dispute}', (r) => {
    allowOnly(r.form, []);
    return dispute(r.params.dispute ?? '');
  });
  // https://docs.stripe.com/api/disputes/update — evidence and metadata.
  mountApi(server, ctx, 'POST', '/v1/disputes/{dispute}', (r) => {
    allowOnly(r.form, ['evidence', 'metadata', 'submit']);
    const d = dispute(r.params.dispute ?? '');
    const evidence = { ...((d.evidence as JsonObject) ?? {}) };
    for (const [k, v] of Object.entries(sub(r.form, 'evidence') ?? {})) if (typeof v === 'string') evidence[k] = v;
    const submitted = str(r.form, 'submit') !== 'false' && r.form.evidence !== undefined;
    const details = { ...((d.evidence_details as JsonObject) ?? {}), has_evidence: Object.values(evidence).some((v) => v !== null) };
    const next: StripeObject = { ...d, evidence, evidence_details: details, metadata: mergeMetadata((d.metadata as JsonObject) ?? {}, r.form), status: submitted ? 'under_review' : d.status ?? 'needs_response' };
    state.disputes.replace(next);
    state.bus.emit('charge.dispute.updated', next, { ...r.origin, previous: { status: d.status ?? null } });
    return next;
  });
  // https://docs.stripe.com/api/disputes/close — conceding: the dispute is lost.
  mountApi(server, ctx, 'POST', '/v1/disputes/{dispute}/close', (r) => {
    allowOnly(r.form, []);
    return closeDispute(state, dispute(r.params.dispute ?? ''), 'lost', r.origin);
  });
}
