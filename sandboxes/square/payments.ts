import { apiError, SquareApiError } from './errors';
import { type GiftCardStore } from './gift-cards';
import { type OrderStore } from './orders';
import { parseSource, PaymentDeclined, type Source } from './payment-sources';
import { amountOf, clean, currencyOf, money, newPaymentId, newVersionToken, str, type Clock } from './pos-util';
import { isRecord, type Location } from './types';

/**
 * Payments API state. https://developer.squareup.com/reference/square/payments-api
 * https://developer.squareup.com/docs/payments-api/take-payments
 *
 * autocomplete (default true) takes the payment straight to COMPLETED (card
 * CAPTURED); with autocomplete false it stays APPROVED (card AUTHORIZED)
 * until CompletePayment / PayOrder, or CancelPayment (CANCELED, card VOIDED).
 * A payment for an order adds a tender to it; the order completes once its
 * completed payments cover the total.
 */

export type Payment = Record<string, unknown> & { id: string; status: string; location_id: string; created_at: string; updated_at: string; amount_money: { amount: number; currency: string } };

export interface PaymentDeps {
  clock: Clock;
  locations: () => Location[];
  orders: OrderStore;
  giftCards: GiftCardStore;
  emit: (type: string, data: Record<string, unknown>) => void;
}

const TENDER_TYPE: Record<string, string> = { CARD: 'CARD', CASH: 'CASH', EXTERNAL: 'OTHER' };

export class PaymentStore {
  readonly byId = new Map<string, Payment>();

  constructor(private readonly deps: PaymentDeps) {}

  private location(id: unknown): Location {
    const locs = this.deps.locations();
    const loc = id === undefined ? locs[0] : locs.find((l) => l.id === id);
    if (!loc) throw apiError('INVALID_LOCATION', `Location \`${String(id)}\` not found.`, 'location_id');
    return loc;
  }

  announce(type: 'payment.created' | 'payment.updated', p: Payment): void {
    this.deps.emit(type, { type: 'payment', id: p.id, object: { payment: structuredClone(p) } });
  }

  create(body: Record<string, unknown>): Payment {
    const source = parseSource(body);
    const orderId = str(body.order_id);
    const order = orderId ? this.deps.orders.mustGet(orderId) : undefined;
    const loc = this.location(str(body.location_id) ?? order?.location_id);
    if (order && order.location_id !== loc.id) throw apiError('INVALID_VALUE', 'The payment location must be the order location.', 'location_id');
    if (!isRecord(body.amount_money)) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `amount_money`.', 'amount_money');
    const amount = amountOf(body.amount_money);
    const tip = amountOf(body.tip_money);
    if (amount <= 0) throw apiError('INVALID_VALUE', 'amount_money must be positive.', 'amount_money.amount');
    for (const f of ['amount_money', 'tip_money', 'app_fee_money']) {
      if (isRecord(body[f]) && currencyOf(body[f]) !== loc.currency) throw apiError('CURRENCY_MISMATCH', `${f} must be in ${loc.currency}, the location's currency.`, `${f}.currency`);
    }
    const autocomplete = source.kind === 'CASH' || source.kind === 'EXTERNAL' || body.autocomplete !== false;
    if (order) {
      if (order.state !== 'OPEN') throw apiError('BAD_REQUEST', `Order \`${order.id}\` is ${order.state}.`, 'order_id');
      const due = amountOf(order.net_amount_due_money);
      if (amount > due || (autocomplete && amount !== due)) throw apiError('PAYMENT_AMOUNT_MISMATCH', `amount_money must be ${autocomplete ? 'exactly' : 'at most'} the order's amount due (${due}).`, 'amount_money');
    }
    const now = this.deps.clock.now();
    const c = loc.currency;
    const total = amount + tip;
    const id = newPaymentId();
    const p: Payment = clean({
      id,
      created_at: now,
      updated_at: now,
      amount_money: money(amount, c),
      tip_money: tip ? money(tip, c) : undefined,
      total_money: money(total, c),
      approved_money: money(total, c),
      app_fee_money: body.app_fee_money,
      status: autocomplete ? 'COMPLETED' : 'APPROVED',
      source_type: source.kind === 'GIFT_CARD' ? 'CARD' : source.kind,
      location_id: loc.id,
      order_id: orderId,
      reference_id: body.reference_id,
      customer_id: body.customer_id,
      team_member_id: body.team_member_id,
      note: body.note,
      buyer_email_address: body.buyer_email_address,
      billing_address: body.billing_address,
      shipping_address: body.shipping_address,
      receipt_number: id.slice(0, 4),
      receipt_url: `https://squareup.com/receipt/preview/${id}`,
      application_details: { square_product: 'ECOMMERCE_API', application_id: 'sandbox-sq0idb-switchyard' },
      version_token: newVersionToken(),
      ...(autocomplete ? {} : { delay_duration: str(body.delay_duration) ?? 'PT168H', delay_action: str(body.delay_action) ?? 'CANCEL', delayed_until: new Date(Date.parse(now) + 7 * 24 * 3600 * 1000).toISOString() }),
    }) as Payment;
    this.applySource(p, source, amount, tip, now, autocomplete);
    this.byId.set(p.id, p);
    this.announce('payment.created', p);
    if (order) this.syncOrder(p);
    return structuredClone(p);
  }

  private applySource(p: Payment, source: Source, amount: number, tip: number, now: string, autocomplete: boolean): void {
    const c = p.amount_money.currency;
    if (source.kind === 'CASH') {
      const supplied = amountOf(source.supplied);
      if (supplied < amount + tip) throw apiError('INVALID_VALUE', 'buyer_supplied_money must cover the payment total.', 'cash_details.buyer_supplied_money');
      p.cash_details = { buyer_supplied_money: money(supplied, c), change_back_money: money(supplied - amount - tip, c) };
      return;
    }
    if (source.kind === 'EXTERNAL') {
      p.external_details = source.details;
      return;
    }
    const cardStatus = autocomplete ? 'CAPTURED' : 'AUTHORIZED';
    const timeline = autocomplete ? { authorized_at: now, captured_at: now } : { authorized_at: now };
    const base = { card: source.card, entry_method: source.kind === 'CARD' ? source.entry : 'KEYED', statement_description: 'SQ *SWITCHYARD DEMO', card_payment_timeline: timeline };
    if (source.kind === 'GIFT_CARD') {
      if (source.giftCardId) {
        const gc = this.deps.giftCards.get(source.giftCardId);
        if (!gc) throw new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Gift card \`${source.giftCardId}\` not found.`, field: 'source_id' }], 404);
        if (gc.balance_money.amount < amount + tip || gc.state !== 'ACTIVE') throw this.declined(p, base, 'INSUFFICIENT_FUNDS');
        source.card.last_4 = gc.gan.slice(-4);
        this.deps.giftCards.activity({ type: 'REDEEM', location_id: p.location_id, gift_card_id: gc.id, redeem_activity_details: { amount_money: money(amount + tip, c), reference_id: p.id } }, { paymentId: p.id });
      }
      p.card_details = { status: cardStatus, ...base, cvv_status: 'CVV_NOT_CHECKED', avs_status: 'AVS_NOT_CHECKED' };
      return;
    }
    if (source.decline) throw this.declined(p, { ...base, cvv_status: source.cvv ?? 'CVV_ACCEPTED', avs_status: source.avs ?? 'AVS_ACCEPTED' }, source.decline);
    p.card_details = { status: cardStatus, ...base, cvv_status: 'CVV_ACCEPTED', avs_status: 'AVS_ACCEPTED', auth_result_code: 'SYA123' };
  }

  /** A declined payment is kept (FAILED) and returned with the error. */
  private declined(p: Payment, details: Record<string, unknown>, code: string): PaymentDeclined {
    const failed: Payment = { ...p, status: 'FAILED', approved_money: money(0, p.amount_money.currency), card_details: { ...details, status: 'FAILED', errors: [{ category: 'PAYMENT_METHOD_ERROR', code, detail: `Authorization error: '${code}'` }] } };
    delete failed.delay_duration;
    delete failed.delay_action;
    delete failed.delayed_until;
    this.byId.set(failed.id, failed);
    this.announce('payment.created', failed);
    return new PaymentDeclined(code, structuredClone(failed));
  }

  /** The payment's tender on its order; completes the order when every payment on it is completed. */
  syncOrder(p: Payment): void {
    const orderId = str(p.order_id);
    if (!orderId) return;
    const card = isRecord(p.card_details) ? p.card_details : null;
    const giftCard = isRecord(card?.card) && card.card.card_brand === 'SQUARE_GIFT_CARD';
    const tender = clean({
      id: p.id,
      location_id: p.location_id,
      transaction_id: orderId,
      created_at: p.created_at,
      amount_money: p.amount_money,
      tip_money: p.tip_money,
      customer_id: p.customer_id,
      type: giftCard ? 'SQUARE_GIFT_CARD' : (TENDER_TYPE[String(p.source_type)] ?? 'OTHER'),
      card_details: card ? { status: card.status, card: card.card, entry_method: card.entry_method } : undefined,
      cash_details: isRecord(p.cash_details) ? { buyer_tendered_money: p.cash_details.buyer_supplied_money, change_back_money: p.cash_details.change_back_money } : undefined,
      payment_id: p.id,
    });
    const all = [...this.byId.values()].filter((x) => x.order_id === orderId && x.status !== 'FAILED' && x.status !== 'CANCELED');
    this.deps.orders.applyTender(orderId, tender, all.every((x) => x.status === 'COMPLETED'));
  }

  mustGet(id: string): Payment {
    const p = this.byId.get(id);
    if (!p) throw new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Payment \`${id}\` not found.` }], 404);
    return p;
  }

  /** CompletePayment / CancelPayment: only an APPROVED payment moves. */
  transition(id: string, to: 'COMPLETED' | 'CANCELED', versionToken?: string): Payment {
    const p = this.mustGet(id);
    if (versionToken !== undefined && versionToken !== p.version_token) throw apiError('VERSION_MISMATCH', 'version_token is out of date.', 'version_token');
    if (p.status === to) return structuredClone(p);
    if (p.status !== 'APPROVED') throw apiError('BAD_REQUEST', `Payment \`${id}\` is ${p.status}; only APPROVED payments can be ${to.toLowerCase()}.`);
    const now = this.deps.clock.now();
    const next: Payment = { ...p, status: to, updated_at: now, version_token: newVersionToken() };
    delete next.delay_duration;
    delete next.delay_action;
    delete next.delayed_until;
    if (isRecord(p.card_details)) {
      const timeline = isRecord(p.card_details.card_payment_timeline) ? p.card_details.card_payment_timeline : {};
      next.card_details = { ...p.card_details, status: to === 'COMPLETED' ? 'CAPTURED' : 'VOIDED', card_payment_timeline: { ...timeline, ...(to === 'COMPLETED' ? { captured_at: now } : { voided_at: now }) } };
    }
    this.byId.set(id, next);
    this.announce('payment.updated', next);
    if (next.order_id) {
      if (to === 'COMPLETED') this.syncOrder(next);
      else this.dropTender(next);
    }
    return structuredClone(next);
  }

  private dropTender(p: Payment): void {
    const order = this.deps.orders.mustGet(String(p.order_id));
    const next = structuredClone(order);
    next.tenders = (Array.isArray(next.tenders) ? next.tenders : []).filter((t) => !isRecord(t) || t.id !== p.id);
    this.deps.orders.commit(order, next);
  }

  clear(): void {
    this.byId.clear();
  }
}
