import { type SandboxServer } from '../framework/server';
import { invalidRequest, resourceMissing } from './errors';
import { allowOnly, int, mergeMetadata, missingParam, str } from './form';
import { mountApi, type ApiContext } from './http';
import { createdFilter, listParams, paginate } from './list';
import { createBalanceTransaction, renderBalanceTransaction } from './payments';
import { type StripeState } from './state';
import { type FormObject, type JsonObject, type StripeObject } from './types';
import { type EmitOptions } from './webhooks';

/**
 * Payouts (https://docs.stripe.com/api/payouts), balance transactions
 * (https://docs.stripe.com/api/balance_transactions) and the balance
 * (https://docs.stripe.com/api/balance). A payout draws on the *available*
 * balance (else 400 balance_insufficient), books a `payout` balance
 * transaction and starts `pending`; the bank side (paid / failed) is played by
 * the Dashboard helpers, which emit payout.paid / payout.failed.
 */

export function balances(state: StripeState): { available: Map<string, number>; pending: Map<string, number> } {
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  const now = state.clock.now();
  for (const t of state.balanceTransactions.newestFirst()) {
    const bucket = Number(t.available_on) <= now ? available : pending;
    const cur = String(t.currency);
    bucket.set(cur, (bucket.get(cur) ?? 0) + Number(t.net));
  }
  return { available, pending };
}

export function createPayout(state: StripeState, form: FormObject, origin: EmitOptions = {}): StripeObject {
  allowOnly(form, ['amount', 'currency', 'description', 'destination', 'metadata', 'method', 'source_type', 'statement_descriptor']);
  const amount = int(form, 'amount');
  if (amount === undefined) throw missingParam('amount');
  const currency = str(form, 'currency')?.toLowerCase();
  if (!currency) throw missingParam('currency');
  if (amount < 1) throw invalidRequest('Invalid positive integer', 'amount', 'parameter_invalid_integer');
  const available = balances(state).available.get(currency) ?? 0;
  if (amount > available) {
    throw invalidRequest('You have insufficient funds in your Stripe account. One likely reason you have insufficient funds is that your funds are automatically being paid out; try enabling manual payouts by going to https://dashboard.stripe.com/account/payouts.', 'amount', 'balance_insufficient');
  }
  const method = str(form, 'method') ?? 'standard';
  const id = state.ids.id('po');
  const txn = createBalanceTransaction(state, { amount: -amount, fee: 0, currency, type: 'payout', category: 'payout', source: id, description: str(form, 'description') ?? 'STRIPE PAYOUT', availableNow: true });
  const created = state.clock.now();
  const payout: StripeObject = {
    id,
    object: 'payout',
    amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: method === 'instant' ? created : Math.floor(created / 86400) * 86400 + 2 * 86400,
    automatic: false,
    balance_transaction: txn.id,
    created,
    currency,
    description: str(form, 'description') ?? 'STRIPE PAYOUT',
    destination: str(form, 'destination') ?? 'ba_1SwitchyardDemoBankAcct',
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: state.livemode,
    metadata: mergeMetadata({}, form),
    method,
    original_payout: null,
    payout_method: null,
    reconciliation_status: 'not_applicable',
    reversed_by: null,
    source_type: str(form, 'source_type') ?? 'card',
    statement_descriptor: str(form, 'statement_descriptor') ?? null,
    status: 'pending',
    trace_id: { status: 'pending', value: null },
    type: 'bank_account',
  };
  state.payouts.insert(payout);
  state.bus.emit('payout.created', payout, origin);
  return payout;
}

/** The bank side of a payout: paid, failed (funds returned) or canceled (only while pending). */
export function settlePayout(state: StripeState, id: string, outcome: 'paid' | 'failed' | 'canceled', origin: EmitOptions = {}): StripeObject {
  const po = state.payouts.get(id);
  if (!po) throw resourceMissing('payout', id, 'payout');
  if (po.status !== 'pending' && po.status !== 'in_transit') {
    throw invalidRequest(`Payouts can only be ${outcome} while pending; this payout is ${String(po.status)}.`, undefined, 'payout_not_pending' );
  }
  const next: StripeObject = { ...po, status: outcome, trace_id: { status: outcome === 'paid' ? 'supported' : 'unsupported', value: null } };
  if (outcome !== 'paid') {
    const back = createBalanceTransaction(state, { amount: Number(po.amount), fee: 0, currency: String(po.currency), type: outcome === 'failed' ? 'payout_failure' : 'payout_cancel', category: outcome === 'failed' ? 'payout_reversal' : 'payout', source: id, description: null, availableNow: true });
    next.failure_balance_transaction = back.id;
    if (outcome === 'failed') Object.assign(next, { failure_code: 'account_closed', failure_message: 'The bank account has been closed.' });
  } else next.reconciliation_status = 'completed';
  state.payouts.replace(next);
  state.bus.emit(`payout.${outcome}`, next, { ...origin, previous: { status: po.status ?? null } });
  return next;
}

function toList(m: Map<string, number>): JsonObject[] {
  return [...m].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
}

export function mountPayoutRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  // https://docs.stripe.com/api/payouts/create
  mountApi(server, ctx, 'POST', '/v1/payouts', (r) => createPayout(state, r.form, r.origin));
  // https://docs.stripe.com/api/payouts/list
  mountApi(server, ctx, 'GET', '/v1/payouts', (r) => {
    listParams(r.form, ['status', 'destination', 'arrival_date']);
    const status = str(r.form, 'status');
    const inRange = createdFilter(r.form);
    const arrival = createdFilter(r.form, 'arrival_date');
    const all = state.payouts.newestFirst().filter((p) => inRange(p) && arrival(p) && (status === undefined || p.status === status));
    return paginate(r.form, all, '/v1/payouts', 'payout', (id) => state.payouts.has(id));
  });
  // https://docs.stripe.com/api/payouts/retrieve
  mountApi(server, ctx, 'GET', '/v1/payouts/{payout}', (r) => {
    allowOnly(r.form, []);
    const p = state.payouts.get(r.params.payout ?? '');
    if (!p) throw resourceMissing('payout', r.params.payout ?? '', 'payout');
    return p;
  });
  // https://docs.stripe.com/api/payouts/cancel
  mountApi(server, ctx, 'POST', '/v1/payouts/{payout}/cancel', (r) => (allowOnly(r.form, []), settlePayout(state, r.params.payout ?? '', 'canceled', r.origin)));
  // https://docs.stripe.com/api/balance_transactions/list
  mountApi(server, ctx, 'GET', '/v1/balance_transactions', (r) => {
    listParams(r.form, ['type', 'source', 'payout', 'currency']);
    const type = str(r.form, 'type');
    const source = str(r.form, 'source');
    const currency = str(r.form, 'currency');
    const inRange = createdFilter(r.form);
    const all = state.balanceTransactions
      .newestFirst()
      .filter((t) => inRange(t) && (type === undefined || t.type === type) && (source === undefined || t.source === source) && (currency === undefined || t.currency === currency))
      .map((t) => renderBalanceTransaction(state, t));
    return paginate(r.form, all, '/v1/balance_transactions', 'balance transaction', (id) => state.balanceTransactions.has(id));
  });
  // https://docs.stripe.com/api/balance_transactions/retrieve
  mountApi(server, ctx, 'GET', '/v1/balance_transactions/{id}', (r) => {
    allowOnly(r.form, []);
    const t = state.balanceTransactions.get(r.params.id ?? '');
    if (!t) throw resourceMissing('balance transaction', r.params.id ?? '', 'id');
    return renderBalanceTransaction(state, t);
  });
  // https://docs.stripe.com/api/balance/balance_retrieve
  mountApi(server, ctx, 'GET', '/v1/balance', (r) => {
    allowOnly(r.form, []);
    const { available, pending } = balances(state);
    if (!available.size) available.set('usd', 0);
    if (!pending.size) pending.set('usd', 0);
    return { object: 'balance', available: toList(available), livemode: state.livemode, pending: toList(pending), connect_reserved: [...available.keys()].map((currency) => ({ amount: 0, currency })) };
  });
}
