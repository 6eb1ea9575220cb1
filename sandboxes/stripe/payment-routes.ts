import { type SandboxServer } from '../framework/server';
import { invalidRequest, resourceMissing } from './errors';
import { allowOnly, bool, int, mergeMetadata, missingParam, nullableStr, str, strList } from './form';
import { mountApi, type ApiContext } from './http';
import { createdFilter, listParams, paginate } from './list';
import { cancelIntent, captureIntent, confirmIntent, resolvePaymentMethod, type DisputeOpener } from './payments';
import { type StripeState } from './state';
import { type FormObject, type StripeObject } from './types';
import { type EmitOptions } from './webhooks';

/**
 * PaymentIntents (https://docs.stripe.com/api/payment_intents) and Charges
 * (https://docs.stripe.com/api/charges, read side: list and retrieve).
 */

const CREATE_PARAMS = ['amount', 'currency', 'customer', 'description', 'metadata', 'payment_method', 'payment_method_types', 'confirm', 'capture_method', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix', 'setup_future_usage', 'automatic_payment_methods', 'return_url', 'off_session', 'transfer_group'];

/** "Amount must be at least $0.50 usd" (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const MINIMUM: Readonly<Record<string, number>> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, jpy: 50 };

export function createPaymentIntent(state: StripeState, form: FormObject, origin: EmitOptions, openDispute: DisputeOpener): StripeObject {
  allowOnly(form, CREATE_PARAMS);
  const amount = int(form, 'amount');
  if (amount === undefined) throw missingParam('amount');
  const currency = str(form, 'currency')?.toLowerCase();
  if (!currency) throw missingParam('currency');
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}. Stripe currently supports these currencies: usd, eur, gbp, ...`, 'currency', 'parameter_invalid_string');
  const min = MINIMUM[currency] ?? 50;
  if (amount < min) throw invalidRequest(`Amount must be at least ${min} ${currency}`, 'amount', 'amount_too_small');
  const customer = str(form, 'customer');
  if (customer && !state.customers.has(customer)) throw resourceMissing('customer', customer, 'customer');
  const captureMethod = str(form, 'capture_method') ?? 'automatic_async';
  if (!['automatic', 'automatic_async', 'manual'].includes(captureMethod)) throw invalidRequest(`Invalid capture_method: ${captureMethod}`, 'capture_method', 'parameter_invalid_string');
  const id = state.ids.id('pi');
  const pmInput = str(form, 'payment_method');
  const pm = pmInput ? resolvePaymentMethod(state, pmInput) : null;
  const types = strList(form, 'payment_method_types');
  const pi: StripeObject = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: types ? null : { allow_redirects: 'always', enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: captureMethod,
    client_secret: `${id}_secret_${state.ids.chars(25)}`,
    confirmation_method: 'automatic',
    created: state.clock.now(),
    currency,
    customer: customer ?? null,
    customer_account: null,
    description: nullableStr(form, 'description') ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: state.livemode,
    managed_payments: { enabled: false },
    metadata: mergeMetadata({}, form),
    next_action: null,
    on_behalf_of: null,
    payment_method: pm,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: types ?? ['card'],
    processing: null,
    receipt_email: str(form, 'receipt_email') ?? null,
    review: null,
    setup_future_usage: str(form, 'setup_future_usage') ?? null,
    shipping: null,
    source: null,
    statement_descriptor: str(form, 'statement_descriptor') ?? null,
    statement_descriptor_suffix: str(form, 'statement_descriptor_suffix') ?? null,
    status: pm ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: str(form, 'transfer_group') ?? null,
  };
  state.paymentIntents.insert(pi);
  state.bus.emit('payment_intent.created', pi, origin);
  return bool(form, 'confirm') ? confirmIntent(state, pi, origin, openDispute) : pi;
}

export function mountPaymentRoutes(server: SandboxServer, ctx: ApiContext, openDispute: DisputeOpener): void {
  const { state } = ctx;
  const intent = (id: string): StripeObject => {
    const pi = state.paymentIntents.get(id);
    if (!pi) throw resourceMissing('payment_intent', id, 'intent');
    return pi;
  };
  // https://docs.stripe.com/api/payment_intents/create
  mountApi(server, ctx, 'POST', '/v1/payment_intents', (r) => createPaymentIntent(state, r.form, r.origin, openDispute));
  // https://docs.stripe.com/api/payment_intents/list
  mountApi(server, ctx, 'GET', '/v1/payment_intents', (r) => {
    listParams(r.form, ['customer']);
    const customer = str(r.form, 'customer');
    const inRange = createdFilter(r.form);
    const all = state.paymentIntents.newestFirst().filter((p) => inRange(p) && (customer === undefined || p.customer === customer));
    return paginate(r.form, all, '/v1/payment_intents', 'payment_intent', (id) => state.paymentIntents.has(id));
  });
  // https://docs.stripe.com/api/payment_intents/retrieve
  mountApi(server, ctx, 'GET', '/v1/payment_intents/{intent}', (r) => {
    allowOnly(r.form, ['client_secret']);
    return intent(r.params.intent ?? '');
  });
  // https://docs.stripe.com/api/payment_intents/update — amount/currency only before success.
  mountApi(server, ctx, 'POST', '/v1/payment_intents/{intent}', (r) => {
    allowOnly(r.form, ['amount', 'currency', 'customer', 'description', 'metadata', 'payment_method', 'receipt_email']);
    const pi = intent(r.params.intent ?? '');
    const next: StripeObject = { ...pi, metadata: mergeMetadata((pi.metadata as StripeObject | null) ?? {}, r.form) };
    const amount = int(r.form, 'amount');
    if (amount !== undefined) {
      if (['succeeded', 'canceled'].includes(String(pi.status))) throw invalidRequest(`This PaymentIntent's amount could not be updated because it has a status of ${String(pi.status)}.`, 'amount', 'payment_intent_unexpected_state');
      next.amount = amount;
    }
    for (const k of ['description', 'receipt_email', 'customer'] as const) {
      const v = nullableStr(r.form, k);
      if (v !== undefined) next[k] = v;
    }
    const pm = nullableStr(r.form, 'payment_method');
    if (pm !== undefined) next.payment_method = pm === null ? null : resolvePaymentMethod(state, pm);
    if (next.payment_method && pi.status === 'requires_payment_method') next.status = 'requires_confirmation';
    state.paymentIntents.replace(next);
    return next;
  });
  // https://docs.stripe.com/api/payment_intents/confirm
  mountApi(server, ctx, 'POST', '/v1/payment_intents/{intent}/confirm', (r) => {
    allowOnly(r.form, ['payment_method', 'return_url', 'receipt_email', 'off_session', 'capture_method']);
    let pi = intent(r.params.intent ?? '');
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(String(pi.status))) {
      throw invalidRequest(`This PaymentIntent's status is ${String(pi.status)}, but it must be one of requires_payment_method, requires_confirmation, requires_action to confirm.`, undefined, 'payment_intent_unexpected_state');
    }
    const pm = str(r.form, 'payment_method');
    if (pm) pi = state.paymentIntents.replace({ ...pi, payment_method: resolvePaymentMethod(state, pm) });
    return confirmIntent(state, pi, r.origin, openDispute);
  });
  // https://docs.stripe.com/api/payment_intents/capture
  mountApi(server, ctx, 'POST', '/v1/payment_intents/{intent}/capture', (r) => {
    allowOnly(r.form, ['amount_to_capture', 'metadata', 'statement_descriptor', 'final_capture']);
    return captureIntent(state, intent(r.params.intent ?? ''), int(r.form, 'amount_to_capture'), r.origin);
  });
  // https://docs.stripe.com/api/payment_intents/cancel
  mountApi(server, ctx, 'POST', '/v1/payment_intents/{intent}/cancel', (r) => {
    allowOnly(r.form, ['cancellation_reason']);
    return cancelIntent(state, intent(r.params.intent ?? ''), str(r.form, 'cancellation_reason'), r.origin);
  });
  // https://docs.stripe.com/api/charges/list
  mountApi(server, ctx, 'GET', '/v1/charges', (r) => {
    listParams(r.form, ['customer', 'payment_intent', 'transfer_group']);
    const customer = str(r.form, 'customer');
    const pi = str(r.form, 'payment_intent');
    const inRange = createdFilter(r.form);
    const all = state.charges.newestFirst().filter((c) => inRange(c) && (customer === undefined || c.customer === customer) && (pi === undefined || c.payment_intent === pi));
    return paginate(r.form, all, '/v1/charges', 'charge', (id) => state.charges.has(id));
  });
  // https://docs.stripe.com/api/charges/retrieve
  mountApi(server, ctx, 'GET', '/v1/charges/{charge}', (r) => {
    allowOnly(r.form, []);
    const c = state.charges.get(r.params.charge ?? '');
    if (!c) throw resourceMissing('charge', r.params.charge ?? '', 'charge');
    return c;
  });
}
