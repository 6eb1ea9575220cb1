import { apiError, SquareApiError } from './errors';
import { type GiftCardStore } from './gift-cards';
import { recordRefund, type ReturnLine } from './order-returns';
import { type OrderStore } from './orders';
import { type Payment, type PaymentStore } from './payments';
import { amountOf, clean, currencyOf, money, newRefundId, newVersionToken, str, type Clock } from './pos-util';
import { isRecord } from './types';

/**
 * Refunds API state. https://developer.squareup.com/reference/square/refunds-api
 * https://developer.squareup.com/docs/payments-api/refund-payments
 *
 * Only COMPLETED payments refund, up to what is left of their total. Card and
 * gift card refunds start PENDING and settle to COMPLETED shortly after
 * (refund.updated); cash and external refunds complete at once. The payment
 * gains `refund_ids` / `refunded_money`; an order payment's refund is
 * recorded on the order and on a return order (see order-returns.ts).
 */

export type PaymentRefund = Record<string, unknown> & { id: string; status: string; payment_id: string; location_id: string; created_at: string; updated_at: string; amount_money: { amount: number; currency: string } };

export interface RefundDeps {
  clock: Clock;
  payments: PaymentStore;
  orders: OrderStore;
  giftCards: GiftCardStore;
  emit: (type: string, data: Record<string, unknown>) => void;
  /** Schedules settlement of a PENDING refund (a timer in the sandbox). */
  schedule: (fn: () => void) => void;
  /** Returned goods back to stock (SOLD → IN_STOCK). */
  restock: (refundId: string, locationId: string, lines: { catalogObjectId: string; quantity: string }[]) => void;
}

export class RefundStore {
  readonly byId = new Map<string, PaymentRefund>();

  constructor(private readonly deps: RefundDeps) {}

  private announce(type: 'refund.created' | 'refund.updated', r: PaymentRefund): void {
    this.deps.emit(type, { type: 'refund', id: r.id, object: { refund: structuredClone(r) } });
  }

  refund(body: Record<string, unknown>, opts: { returnLines?: ReturnLine[]; restock?: boolean } = {}): PaymentRefund {
    if (body.unlinked === true) throw apiError('BAD_REQUEST', 'Unlinked refunds are not modelled by this sandbox.', 'unlinked');
    const paymentId = str(body.payment_id);
    if (!paymentId) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `payment_id`.', 'payment_id');
    const payment = this.deps.payments.mustGet(paymentId);
    if (payment.status !== 'COMPLETED') throw new SquareApiError([{ category: 'REFUND_ERROR', code: 'PAYMENT_NOT_REFUNDABLE', detail: `Payment \`${paymentId}\` is ${payment.status}; only COMPLETED payments can be refunded.`, field: 'payment_id' }]);
    if (str(body.payment_version_token) && body.payment_version_token !== payment.version_token) throw apiError('VERSION_MISMATCH', 'payment_version_token is out of date.', 'payment_version_token');
    const c = payment.amount_money.currency;
    if (currencyOf(body.amount_money) !== c) throw apiError('CURRENCY_MISMATCH', `amount_money must be in ${c}.`, 'amount_money.currency');
    const amount = amountOf(body.amount_money);
    const left = amountOf(payment.total_money) - amountOf(payment.refunded_money);
    if (amount <= 0 || amount > left) throw new SquareApiError([{ category: 'REFUND_ERROR', code: 'REFUND_AMOUNT_INVALID', detail: `The refund amount must be between 1 and ${left}.`, field: 'amount_money.amount' }]);
    const now = this.deps.clock.now();
    const card = isRecord(payment.card_details) ? payment.card_details : null;
    const giftCard = isRecord(card?.card) && card.card.card_brand === 'SQUARE_GIFT_CARD';
    const immediate = payment.source_type === 'CASH' || payment.source_type === 'EXTERNAL';
    const refund: PaymentRefund = clean({
      id: newRefundId(paymentId),
      status: immediate ? 'COMPLETED' : 'PENDING',
      location_id: payment.location_id,
      destination_type: giftCard ? 'CARD' : String(payment.source_type),
      amount_money: money(amount, c),
      app_fee_money: body.app_fee_money,
      payment_id: paymentId,
      reason: str(body.reason),
      created_at: now,
      updated_at: now,
      team_member_id: str(body.team_member_id),
    }) as PaymentRefund;
    if (giftCard) this.refundGiftCard(payment, amount);
    const next: Payment = { ...payment, refund_ids: [...(Array.isArray(payment.refund_ids) ? payment.refund_ids : []), refund.id], refunded_money: money(amountOf(payment.refunded_money) + amount, c), updated_at: now, version_token: newVersionToken() };
    this.deps.payments.byId.set(paymentId, next);
    const orderId = str(payment.order_id);
    if (orderId) {
      const { returnOrder } = recordRefund(this.deps.orders, orderId, refund, opts.returnLines ?? []);
      refund.order_id = returnOrder.id;
      if (opts.restock && opts.returnLines?.length) {
        const sold = this.deps.orders.mustGet(orderId);
        const lines = (Array.isArray(sold.line_items) ? sold.line_items : []).filter(isRecord);
        this.deps.restock(refund.id, sold.location_id, opts.returnLines.flatMap((r) => {
          const cid = str(lines.find((l) => l.uid === r.uid)?.catalog_object_id);
          return cid ? [{ catalogObjectId: cid, quantity: r.quantity }] : [];
        }));
      }
    }
    this.byId.set(refund.id, refund);
    this.announce('refund.created', refund);
    this.deps.payments.announce('payment.updated', next);
    if (!immediate) this.deps.schedule(() => this.settle(refund.id));
    return structuredClone(refund);
  }

  /** Gift card money goes back on the card (a REFUND activity). */
  private refundGiftCard(payment: Payment, amount: number): void {
    const gc = [...this.deps.giftCards.activities].reverse().find((a) => a.type === 'REDEEM' && isRecord(a.redeem_activity_details) && a.redeem_activity_details.payment_id === payment.id);
    if (!gc) return;
    this.deps.giftCards.activity({ type: 'REFUND', location_id: payment.location_id, gift_card_id: gc.gift_card_id, refund_activity_details: { amount_money: money(amount, payment.amount_money.currency), payment_id: payment.id } });
  }

  /** PENDING → COMPLETED (what the card network eventually reports). */
  settle(id: string): PaymentRefund | undefined {
    const r = this.byId.get(id);
    if (!r || r.status !== 'PENDING') return r;
    const next: PaymentRefund = { ...r, status: 'COMPLETED', updated_at: this.deps.clock.now() };
    this.byId.set(id, next);
    this.announce('refund.updated', next);
    // The sale's Refund entry follows (Refund.status PENDING → APPROVED).
    const orderId = str(this.deps.payments.byId.get(r.payment_id)?.order_id);
    const order = orderId ? this.deps.orders.get(orderId) : undefined;
    if (order && orderId) {
      const patched = structuredClone(order);
      patched.refunds = (Array.isArray(order.refunds) ? order.refunds : []).map((x) => (isRecord(x) && x.id === id ? { ...x, status: 'APPROVED' } : x));
      this.deps.orders.commit(this.deps.orders.mustGet(orderId), patched);
    }
    return structuredClone(next);
  }

  clear(): void {
    this.byId.clear();
  }
}
