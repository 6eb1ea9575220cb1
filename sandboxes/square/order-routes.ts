import { type SandboxServer } from '../framework/server';
import { apiError, notFound } from './errors';
import { compact, mountApi, type ApiContext } from './http';
import { searchOrders } from './order-search';
import { type PosState } from './pos-state';
import { amountOf, requireField, strings } from './pos-util';
import { isRecord } from './types';

/** Orders API routes. https://developer.squareup.com/reference/square/orders-api */
export function mountOrderRoutes(server: SandboxServer, ctx: ApiContext, pos: PosState): void {
  const orders = pos.orders;

  // https://developer.squareup.com/reference/square/orders-api/create-order
  mountApi(server, ctx, 'POST', '/v2/orders', (_req, body) => ({ status: 200, body: { order: orders.create(body.order) } }), { idempotent: true });

  // https://developer.squareup.com/reference/square/orders-api/calculate-order
  mountApi(server, ctx, 'POST', '/v2/orders/calculate', (_req, body) => ({ status: 200, body: { order: orders.calculate(body.order) } }));

  // https://developer.squareup.com/reference/square/orders-api/batch-retrieve-orders
  // Unknown ids are left out; at most 100 ids.
  mountApi(server, ctx, 'POST', '/v2/orders/batch-retrieve', (_req, body) => {
    const ids = strings(body.order_ids);
    if (ids.length > 100) throw apiError('ARRAY_LENGTH_TOO_LONG', 'At most 100 order_ids.', 'order_ids');
    const loc = typeof body.location_id === 'string' ? body.location_id : undefined;
    const found = ids.map((id) => orders.get(id)).filter((o) => o !== undefined && (!loc || o.location_id === loc));
    return { status: 200, body: compact({ orders: found }) };
  });

  // https://developer.squareup.com/reference/square/orders-api/search-orders
  mountApi(server, ctx, 'POST', '/v2/orders/search', (_req, body) => ({ status: 200, body: compact(searchOrders(orders, body, pos.generation)) }));

  // https://developer.squareup.com/reference/square/orders-api/retrieve-order
  mountApi(server, ctx, 'GET', '/v2/orders/{order_id}', (req) => {
    const o = orders.get(req.params.order_id ?? '');
    return o ? { status: 200, body: { order: o } } : notFound(`Order \`${req.params.order_id ?? ''}\` not found.`);
  });

  // https://developer.squareup.com/reference/square/orders-api/update-order
  mountApi(
    server,
    ctx,
    'PUT',
    '/v2/orders/{order_id}',
    (req, body) => {
      const patch = isRecord(body.order) ? body.order : {};
      return { status: 200, body: { order: orders.update(req.params.order_id ?? '', patch, strings(body.fields_to_clear)) } };
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/orders-api/pay-order
  // The payments (APPROVED or COMPLETED, for this order) must add up to the order total.
  mountApi(
    server,
    ctx,
    'POST',
    '/v2/orders/{order_id}/pay',
    (req, body) => {
      requireField(body, 'idempotency_key');
      const order = orders.mustGet(req.params.order_id ?? '');
      if (typeof body.order_version === 'number' && body.order_version !== order.version) throw apiError('VERSION_MISMATCH', `Order is at version ${order.version}.`, 'order_version');
      if (order.state !== 'OPEN') throw apiError('BAD_REQUEST', `Order \`${order.id}\` is ${order.state}.`, 'order_id');
      const payments = strings(body.payment_ids).map((id) => pos.payments.mustGet(id));
      payments.forEach((p, i) => {
        if (p.order_id !== order.id) throw apiError('INVALID_VALUE', `Payment \`${p.id}\` is not for this order.`, `payment_ids[${i}]`);
        if (p.status !== 'APPROVED' && p.status !== 'COMPLETED') throw apiError('BAD_REQUEST', `Payment \`${p.id}\` is ${p.status}.`, `payment_ids[${i}]`);
      });
      const paid = payments.reduce((s, p) => s + p.amount_money.amount, 0);
      if (paid !== amountOf(order.total_money)) throw apiError('PAYMENT_AMOUNT_MISMATCH', `The payments add up to ${paid}, the order total is ${amountOf(order.total_money)}.`, 'payment_ids');
      for (const p of payments) if (p.status === 'APPROVED') pos.payments.transition(p.id, 'COMPLETED');
      return { status: 200, body: { order: orders.get(order.id) } };
    },
    { idempotent: true },
  );
}
