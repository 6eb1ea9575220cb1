import { type ReturnLine } from './order-returns';
import { type Order } from './orders';
import { type Payment } from './payments';
import { type PaymentRefund } from './refunds';
import { amountOf, formatQuantity, records } from './pos-util';
import { type SquareState } from './state';

/**
 * What happens at the counter and in the back office, outside our connector:
 * a POS sale (order + payment → order.created/updated, payment.created,
 * inventory.count.updated), a stock count or adjustment by staff, a refund
 * with returned items. Everything goes through the same stores as the API.
 */

const POS_SOURCE = { product: 'SQUARE_POS', name: 'Square Point of Sale' };

export interface SaleInput {
  locationId?: string;
  lines: { variationId: string; quantity: number }[];
  tender?: 'CARD' | 'CASH' | 'GIFT_CARD';
  giftCardId?: string;
  customerId?: string;
  /** An ADDITIVE order-level tax, e.g. "8.875". */
  taxPercentage?: string;
}

export function posSale(state: SquareState, input: SaleInput): { order: Order; payment: Payment } {
  const pos = state.pos;
  const locationId = input.locationId ?? state.locations[0]?.id ?? '';
  const order = pos.orders.create({
    location_id: locationId,
    source: { name: 'Square Point of Sale' },
    ...(input.customerId ? { customer_id: input.customerId } : {}),
    line_items: input.lines.map((l) => ({ catalog_object_id: l.variationId, quantity: formatQuantity(l.quantity) })),
    ...(input.taxPercentage ? { taxes: [{ name: 'Sales tax', percentage: input.taxPercentage, type: 'ADDITIVE', scope: 'ORDER' }] } : {}),
  });
  const total = amountOf(order.total_money);
  const currency = state.locations.find((l) => l.id === locationId)?.currency ?? state.currency;
  const tender = input.tender ?? 'CARD';
  const source =
    tender === 'CASH' ? { source_id: 'CASH', cash_details: { buyer_supplied_money: { amount: Math.ceil(total / 500) * 500, currency } } }
    : tender === 'GIFT_CARD' ? { source_id: input.giftCardId ?? 'cnon:gift-card-nonce-ok' }
    : { source_id: 'cnon:card-nonce-ok' };
  const payment = pos.payments.create({ ...source, amount_money: { amount: total, currency }, order_id: order.id, location_id: locationId, ...(input.customerId ? { customer_id: input.customerId } : {}) });
  return { order: pos.orders.get(order.id) ?? order, payment };
}

export interface StockInput {
  variationId: string;
  locationId?: string;
  /** Set the IN_STOCK count outright (a physical count). */
  countTo?: number;
  /** Received (+) or written off as WASTE (−). */
  delta?: number;
  teamMemberId?: string;
}

export function staffStockChange(state: SquareState, input: StockInput): Record<string, unknown>[] {
  const locationId = input.locationId ?? state.locations[0]?.id ?? '';
  const at = new Date().toISOString();
  const who = input.teamMemberId ? { team_member_id: input.teamMemberId } : {};
  const change =
    input.countTo !== undefined
      ? { type: 'PHYSICAL_COUNT', physical_count: { catalog_object_id: input.variationId, location_id: locationId, state: 'IN_STOCK', quantity: formatQuantity(input.countTo), occurred_at: at, ...who } }
      : {
          type: 'ADJUSTMENT',
          adjustment: {
            catalog_object_id: input.variationId,
            location_id: locationId,
            from_state: (input.delta ?? 0) >= 0 ? 'NONE' : 'IN_STOCK',
            to_state: (input.delta ?? 0) >= 0 ? 'IN_STOCK' : 'WASTE',
            quantity: formatQuantity(Math.abs(input.delta ?? 0)),
            occurred_at: at,
            ...who,
          },
        };
  return state.pos.inventory.apply([change], { ignoreUnchangedCounts: false, source: POS_SOURCE }).counts;
}

export interface RefundInput {
  /** Return these line items (uid + quantity); the refund amount defaults to their total. */
  lines?: ReturnLine[];
  amount?: number;
  restock?: boolean;
  reason?: string;
}

export function posRefund(state: SquareState, paymentId: string, input: RefundInput = {}): PaymentRefund {
  const pos = state.pos;
  const payment = pos.payments.mustGet(paymentId);
  const order = typeof payment.order_id === 'string' ? pos.orders.get(payment.order_id) : undefined;
  const lines = input.lines ?? [];
  const fromLines = lines.reduce((s, r) => {
    const l = records(order?.line_items).find((x) => x.uid === r.uid);
    return s + (l ? Math.round((amountOf(l.total_money) * Number(r.quantity)) / Number(l.quantity)) : 0);
  }, 0);
  const amount = input.amount ?? (lines.length ? fromLines : amountOf(payment.total_money) - amountOf(payment.refunded_money));
  return pos.refunds.refund(
    { payment_id: paymentId, amount_money: { amount, currency: payment.amount_money.currency }, reason: input.reason ?? 'Returned goods' },
    { returnLines: lines, restock: input.restock ?? true },
  );
}
