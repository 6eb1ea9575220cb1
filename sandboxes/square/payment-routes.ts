import { type SandboxRequest, type SandboxServer } from '../framework/server';
import { apiError, errorResponse, notFound } from './errors';
import { compact, mountApi, type ApiContext } from './http';
import { PaymentDeclined } from './payment-sources';
import { type PosState } from './pos-state';
import { clampLimit, paginate, parseTime, requireField, sortBy, str } from './pos-util';

/**
 * Payments and Refunds API routes.
 * https://developer.squareup.com/reference/square/payments-api
 * https://developer.squareup.com/reference/square/refunds-api
 * List endpoints: begin_time default one year back, end_time now, sort_order
 * DESC by created_at (or UPDATED_AT with sort_field), limit ≤ 100.
 */

interface Listed {
  id: string;
  created_at: string;
  updated_at: string;
  location_id: string;
  [key: string]: unknown;
}

function listQuery<T extends Listed>(req: SandboxRequest, all: Iterable<T>, extra: (t: T) => boolean, generation: number): { page: T[]; cursor?: string } {
  const q = req.query;
  const byUpdated = q.get('sort_field') === 'UPDATED_AT';
  const field = byUpdated ? 'updated_at' : 'created_at';
  const begin = parseTime(q.get('begin_time'), 'begin_time') ?? Date.now() - 365 * 24 * 3600 * 1000;
  const end = parseTime(q.get('end_time'), 'end_time');
  const ub = parseTime(q.get('updated_at_begin_time'), 'updated_at_begin_time');
  const ue = parseTime(q.get('updated_at_end_time'), 'updated_at_end_time');
  const loc = q.get('location_id');
  const desc = (q.get('sort_order') ?? 'DESC') !== 'ASC';
  const matching = [...all].filter((t) => {
    const c = Date.parse(t.created_at);
    const u = Date.parse(t.updated_at);
    return c >= begin && (end === undefined || c < end) && (ub === undefined || u >= ub) && (ue === undefined || u < ue) && (!loc || t.location_id === loc) && extra(t);
  });
  const key = (t: T): string => `${t[field] as string}|${t.id}`;
  const limit = clampLimit(q.get('limit') ?? undefined, 100);
  const request = [...q.entries()].filter(([k]) => k !== 'cursor' && k !== 'limit').sort();
  return paginate(sortBy(matching, key, desc), key, { cursor: q.get('cursor') ?? undefined, limit, request, generation, desc });
}

export function mountPaymentRoutes(server: SandboxServer, ctx: ApiContext, pos: PosState): void {
  const payments = pos.payments;

  // https://developer.squareup.com/reference/square/payments-api/list-payments
  mountApi(server, ctx, 'GET', '/v2/payments', (req) => {
    const q = req.query;
    const total = q.get('total');
    const last4 = q.get('last_4');
    const brand = q.get('card_brand');
    const card = (p: Listed): Record<string, unknown> => ((p.card_details as { card?: Record<string, unknown> } | undefined)?.card ?? {});
    const r = listQuery(req, payments.byId.values(), (p) => (!total || (p.amount_money as { amount: number }).amount === Number(total)) && (!last4 || card(p).last_4 === last4) && (!brand || card(p).card_brand === brand), pos.generation);
    return { status: 200, body: compact({ payments: r.page, cursor: r.cursor }) };
  });

  // https://developer.squareup.com/reference/square/payments-api/create-payment
  mountApi(
    server,
    ctx,
    'POST',
    '/v2/payments',
    (_req, body) => {
      requireField(body, 'source_id');
      requireField(body, 'idempotency_key');
      try {
        return { status: 200, body: { payment: payments.create(body) } };
      } catch (err) {
        // A decline still created a (FAILED) payment: the response carries both, and a replay returns the same.
        if (err instanceof PaymentDeclined) return { response: { ...errorResponse(400, err.errors), body: { errors: err.errors, payment: err.payment } }, committed: true };
        throw err;
      }
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/payments-api/cancel-payment-by-idempotency-key
  mountApi(server, ctx, 'POST', '/v2/payments/cancel', (_req, body) => {
    requireField(body, 'idempotency_key');
    return { status: 200, body: {} };
  });

  // https://developer.squareup.com/reference/square/payments-api/get-payment
  mountApi(server, ctx, 'GET', '/v2/payments/{payment_id}', (req) => {
    const p = payments.byId.get(req.params.payment_id ?? '');
    return p ? { status: 200, body: { payment: structuredClone(p) } } : notFound(`Payment \`${req.params.payment_id ?? ''}\` not found.`);
  });

  // https://developer.squareup.com/reference/square/payments-api/complete-payment
  mountApi(server, ctx, 'POST', '/v2/payments/{payment_id}/complete', (req, body) => ({ status: 200, body: { payment: payments.transition(req.params.payment_id ?? '', 'COMPLETED', str(body.version_token)) } }));

  // https://developer.squareup.com/reference/square/payments-api/cancel-payment
  mountApi(server, ctx, 'POST', '/v2/payments/{payment_id}/cancel', (req) => ({ status: 200, body: { payment: payments.transition(req.params.payment_id ?? '', 'CANCELED') } }));

  // https://developer.squareup.com/reference/square/refunds-api/list-payment-refunds
  mountApi(server, ctx, 'GET', '/v2/refunds', (req) => {
    const status = req.query.get('status');
    const sourceType = req.query.get('source_type');
    const r = listQuery(req, pos.refunds.byId.values(), (x) => (!status || x.status === status) && (!sourceType || x.destination_type === sourceType), pos.generation);
    return { status: 200, body: compact({ refunds: r.page.map((x) => structuredClone(x)), cursor: r.cursor }) };
  });

  // https://developer.squareup.com/reference/square/refunds-api/refund-payment
  mountApi(
    server,
    ctx,
    'POST',
    '/v2/refunds',
    (_req, body) => {
      requireField(body, 'idempotency_key');
      if (body.amount_money === undefined) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `amount_money`.', 'amount_money');
      return { status: 200, body: { refund: pos.refunds.refund(body) } };
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/refunds-api/get-payment-refund
  mountApi(server, ctx, 'GET', '/v2/refunds/{refund_id}', (req) => {
    const r = pos.refunds.byId.get(req.params.refund_id ?? '');
    return r ? { status: 200, body: { refund: structuredClone(r) } } : notFound(`Refund \`${req.params.refund_id ?? ''}\` not found.`);
  });
}
