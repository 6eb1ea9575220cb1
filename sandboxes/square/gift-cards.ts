import { apiError, SquareApiError } from './errors';
import { amountOf, clean, currencyOf, money, newGan, newGiftCardActivityId, newGiftCardId, str, strings, type Clock } from './pos-util';
import { isRecord, type Location } from './types';

/**
 * Gift Cards and Gift Card Activities.
 * https://developer.squareup.com/reference/square/gift-cards-api
 * https://developer.squareup.com/docs/gift-cards/using-gift-cards-api
 *
 * A card is created PENDING with a zero balance; ACTIVATE makes it ACTIVE
 * with the first load; LOAD adds, REDEEM takes (never below zero:
 * INSUFFICIENT_FUNDS), CLEAR_BALANCE empties, DEACTIVATE ends it. ACTIVATE
 * and LOAD need either `order_id` + `line_item_uid` (sold through Square
 * Orders) or `buyer_payment_instrument_ids` (sold elsewhere).
 */

export type GiftCard = Record<string, unknown> & { id: string; gan: string; state: string; balance_money: { amount: number; currency: string }; created_at: string };
export type GiftCardActivity = Record<string, unknown> & { id: string; type: string; gift_card_id: string; created_at: string; location_id: string };

const DETAILS: Record<string, string> = {
  ACTIVATE: 'activate_activity_details',
  LOAD: 'load_activity_details',
  REDEEM: 'redeem_activity_details',
  CLEAR_BALANCE: 'clear_balance_activity_details',
  DEACTIVATE: 'deactivate_activity_details',
  ADJUST_INCREMENT: 'adjust_increment_activity_details',
  ADJUST_DECREMENT: 'adjust_decrement_activity_details',
  REFUND: 'refund_activity_details',
};

export class GiftCardStore {
  readonly cards = new Map<string, GiftCard>();
  readonly activities: GiftCardActivity[] = [];

  constructor(private readonly deps: { clock: Clock; locations: () => Location[]; currency: () => string; emit: (type: string, data: Record<string, unknown>) => void }) {}

  create(locationId: string, input: Record<string, unknown>): GiftCard {
    if (!this.deps.locations().some((l) => l.id === locationId)) throw apiError('INVALID_LOCATION', `Location \`${locationId}\` not found.`, 'location_id');
    const type = str(input.type);
    if (type !== 'DIGITAL' && type !== 'PHYSICAL') throw apiError('INVALID_ENUM_VALUE', 'gift_card.type must be DIGITAL or PHYSICAL.', 'gift_card.type');
    const ganSource = str(input.gan_source) ?? 'SQUARE';
    const gan = ganSource === 'OTHER' ? str(input.gan) : newGan();
    if (!gan || !/^[A-Za-z0-9]{8,20}$/.test(gan)) throw apiError('INVALID_VALUE', 'A custom GAN must be 8-20 alphanumeric characters.', 'gift_card.gan');
    if ([...this.cards.values()].some((c) => c.gan === gan)) throw apiError('INVALID_VALUE', `GAN \`${gan}\` is already in use.`, 'gift_card.gan');
    const card: GiftCard = { id: newGiftCardId(), type, gan_source: ganSource, state: 'PENDING', balance_money: { amount: 0, currency: this.deps.currency() }, gan, created_at: this.deps.clock.now() };
    this.cards.set(card.id, card);
    this.deps.emit('gift_card.created', { type: 'gift_card', id: card.id, object: { gift_card: structuredClone(card) } });
    return structuredClone(card);
  }

  get(id: string): GiftCard | undefined {
    const c = this.cards.get(id);
    return c ? structuredClone(c) : undefined;
  }

  byGan(gan: string): GiftCard | undefined {
    const c = [...this.cards.values()].find((x) => x.gan === gan);
    return c ? structuredClone(c) : undefined;
  }

  /** LinkCustomerToGiftCard / UnlinkCustomerFromGiftCard. */
  link(id: string, customerId: string, linked: boolean): GiftCard {
    const card = this.cards.get(id);
    if (!card) throw new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Gift card \`${id}\` not found.` }], 404);
    const ids = new Set(Array.isArray(card.customer_ids) ? card.customer_ids.map(String) : []);
    if (linked) ids.add(customerId);
    else ids.delete(customerId);
    const next: GiftCard = { ...card, customer_ids: [...ids] };
    if (!ids.size) delete next.customer_ids;
    this.cards.set(id, next);
    const type = linked ? 'gift_card.customer_linked' : 'gift_card.customer_unlinked';
    this.deps.emit(type, { type: 'gift_card', id, object: { gift_card: structuredClone(next), [linked ? 'linked_customer_id' : 'unlinked_customer_id']: customerId } });
    return structuredClone(next);
  }

  /** CreateGiftCardActivity (also used by payments: REDEEM with a payment id). */
  activity(input: Record<string, unknown>, opts: { paymentId?: string } = {}): GiftCardActivity {
    const type = str(input.type) ?? '';
    const detailsField = DETAILS[type];
    if (!detailsField) throw apiError('INVALID_VALUE', `Activity type ${type} cannot be created through the API here.`, 'gift_card_activity.type');
    const locationId = str(input.location_id) ?? '';
    if (!this.deps.locations().some((l) => l.id === locationId)) throw apiError('INVALID_LOCATION', `Location \`${locationId}\` not found.`, 'gift_card_activity.location_id');
    const card = str(input.gift_card_id) ? this.cards.get(String(input.gift_card_id)) : [...this.cards.values()].find((c) => c.gan === input.gift_card_gan);
    if (!card) throw new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: 'Gift card not found.', field: 'gift_card_activity.gift_card_id' }], 404);
    const details = isRecord(input[detailsField]) ? structuredClone(input[detailsField]) : {};
    const f = `gift_card_activity.${detailsField}`;
    const needsAmount = ['ACTIVATE', 'LOAD', 'REDEEM', 'ADJUST_INCREMENT', 'ADJUST_DECREMENT', 'REFUND'].includes(type);
    const amount = amountOf(details.amount_money);
    if (needsAmount) {
      if (!isRecord(details.amount_money) || amount <= 0) throw apiError('MISSING_REQUIRED_PARAMETER', 'amount_money must be a positive amount.', `${f}.amount_money`);
      if (currencyOf(details.amount_money) !== card.balance_money.currency) throw apiError('CURRENCY_MISMATCH', `Gift card balance is in ${card.balance_money.currency}.`, `${f}.amount_money.currency`);
    }
    if ((type === 'ACTIVATE' || type === 'LOAD') && !(str(details.order_id) && str(details.line_item_uid)) && !strings(details.buyer_payment_instrument_ids).length) {
      throw apiError('MISSING_REQUIRED_PARAMETER', 'Provide order_id and line_item_uid, or buyer_payment_instrument_ids.', `${f}.buyer_payment_instrument_ids`);
    }
    const expect = (state: string): void => {
      if (card.state !== state) throw apiError('BAD_REQUEST', `Gift card is ${card.state}; ${type} needs it ${state}.`, 'gift_card_activity.type');
    };
    let balance = card.balance_money.amount;
    let state = card.state;
    if (type === 'REDEEM' || type === 'ADJUST_DECREMENT') {
      expect('ACTIVE');
      if (amount > balance) throw new SquareApiError([{ category: type === 'REDEEM' && opts.paymentId !== undefined ? 'PAYMENT_METHOD_ERROR' : 'INVALID_REQUEST_ERROR', code: 'INSUFFICIENT_FUNDS', detail: `Gift card balance ${balance} is less than ${amount}.`, field: `${f}.amount_money` }]);
      balance -= amount;
      if (opts.paymentId) Object.assign(details, { payment_id: opts.paymentId, status: 'COMPLETED' });
    } else if (type === 'ACTIVATE') {
      expect('PENDING');
      balance += amount;
      state = 'ACTIVE';
    } else {
      expect('ACTIVE');
      if (type === 'CLEAR_BALANCE') balance = 0;
      else if (type === 'DEACTIVATE') state = 'DEACTIVATED';
      else balance += amount; // LOAD, ADJUST_INCREMENT, REFUND
    }
    const next: GiftCard = { ...card, state, balance_money: money(balance, card.balance_money.currency) as GiftCard['balance_money'] };
    this.cards.set(card.id, next);
    const act: GiftCardActivity = clean({ id: newGiftCardActivityId(), type, location_id: locationId, created_at: this.deps.clock.now(), gift_card_id: card.id, gift_card_gan: card.gan, gift_card_balance_money: next.balance_money, [detailsField]: details });
    this.activities.push(act);
    this.deps.emit('gift_card.activity.created', { type: 'gift_card_activity', id: act.id, object: { gift_card_activity: structuredClone(act) } });
    this.deps.emit('gift_card.updated', { type: 'gift_card', id: next.id, object: { gift_card: structuredClone(next) } });
    return structuredClone(act);
  }

  clear(): void {
    this.cards.clear();
    this.activities.length = 0;
  }
}
