import { type Order, type OrderStore } from './orders';
import { amountOf, money, newOrderId, newUid, records, roundHalfEven, str } from './pos-util';

/**
 * Refunds and returns on orders
 * (https://developer.squareup.com/docs/orders-api/refunds-returns,
 *  https://developer.squareup.com/docs/payments-api/refund-payments):
 * the refunded order lists the refund under `refunds` (a Refund against the
 * payment's tender); the goods come back on a new COMPLETED return order whose
 * `returns[].source_order_id` names the sale and whose `return_line_items`
 * take their amounts pro rata from the sold lines.
 */

export interface ReturnLine {
  uid: string;
  quantity: string;
}

const REFUND_STATUS: Record<string, string> = { PENDING: 'PENDING', COMPLETED: 'APPROVED', REJECTED: 'REJECTED', FAILED: 'FAILED' };

export function recordRefund(store: OrderStore, orderId: string, refund: Record<string, unknown>, lines: ReturnLine[] = []): { order: Order; returnOrder: Order } {
  const current = store.mustGet(orderId);
  const next = structuredClone(current) as Order;
  const entry = {
    id: String(refund.id),
    location_id: current.location_id,
    transaction_id: current.id,
    tender_id: str(refund.payment_id),
    created_at: str(refund.created_at),
    reason: str(refund.reason) ?? 'Refund',
    amount_money: refund.amount_money,
    status: REFUND_STATUS[String(refund.status)] ?? 'PENDING',
  };
  next.refunds = [...records(next.refunds).filter((r) => r.id !== entry.id), entry];
  const order = store.commit(current, next);
  const currency = String((refund.amount_money as { currency?: string }).currency ?? 'USD');
  const m = (n: number) => money(n, currency);
  const sold = records(current.line_items);
  const returnLines = lines.map((r) => {
    const src = sold.find((l) => l.uid === r.uid);
    if (!src) throw new Error(`order ${orderId} has no line item ${r.uid}`);
    const share = Number(r.quantity) / Number(src.quantity);
    const part = (v: unknown) => m(roundHalfEven(amountOf(v) * share));
    return {
      uid: newUid(),
      source_line_item_uid: r.uid,
      name: src.name,
      quantity: r.quantity,
      catalog_object_id: src.catalog_object_id,
      catalog_version: src.catalog_version,
      variation_name: src.variation_name,
      item_type: src.item_type,
      base_price_money: src.base_price_money,
      variation_total_price_money: m(roundHalfEven(amountOf(src.base_price_money) * Number(r.quantity))),
      gross_return_money: part(src.gross_sales_money),
      total_tax_money: part(src.total_tax_money),
      total_discount_money: part(src.total_discount_money),
      total_money: part(src.total_money),
    };
  });
  const sum = (k: 'total_tax_money' | 'total_discount_money') => m(returnLines.reduce((s, l) => s + amountOf(l[k]), 0));
  const amounts = { total_money: refund.amount_money, tax_money: sum('total_tax_money'), discount_money: sum('total_discount_money'), tip_money: m(0), service_charge_money: m(0) };
  const now = store.now();
  const ret = {
    id: newOrderId(),
    location_id: current.location_id,
    ...(current.customer_id ? { customer_id: current.customer_id } : {}),
    source: { name: 'Switchyard Sandbox' },
    returns: [{ uid: newUid(), source_order_id: current.id, ...(returnLines.length ? { return_line_items: returnLines } : {}), return_amounts: amounts }],
    return_amounts: amounts,
    refunds: [entry],
    state: 'COMPLETED',
    version: 1,
    created_at: now,
    updated_at: now,
    closed_at: now,
  } as Order;
  const returnOrder = store.insert(ret);
  return { order, returnOrder };
}
