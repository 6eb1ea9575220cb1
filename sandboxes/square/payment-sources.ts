import { apiError, SquareApiError } from './errors';
import { str } from './pos-util';
import { isRecord, type SquareErrorBody } from './types';

/**
 * Payment sources CreatePayment accepts here:
 * - the Sandbox test tokens of "Payment tokens for testing the Payments API"
 *   (https://developer.squareup.com/docs/devtools/sandbox/payments):
 *   `cnon:card-nonce-ok` and `ccof:customer-card-id-ok` succeed, the
 *   documented failure tokens decline with their error code; any other
 *   `cnon:` token is taken as a Web Payments SDK token for the Visa test card;
 * - `CASH` (cash_details.buyer_supplied_money required) and `EXTERNAL`
 *   (external_details.type and .source required)
 *   (https://developer.squareup.com/docs/payments-api/take-payments/cash-payments,
 *    https://developer.squareup.com/docs/payments-api/take-payments/external-payments);
 * - a Square gift card: its id (`gftc:…`) or `cnon:gift-card-nonce-ok`
 *   (the sandbox gift card 7783 3200 0000 0000 with an ample balance).
 * Declines answer 400 with category PAYMENT_METHOD_ERROR and detail
 * "Authorization error: '<CODE>'" (Payments API error codes page), and carry
 * the FAILED payment.
 */

export type Source =
  | { kind: 'CARD'; card: Record<string, unknown>; entry: string; decline?: string; cvv?: string; avs?: string }
  | { kind: 'GIFT_CARD'; giftCardId: string | null; card: Record<string, unknown> }
  | { kind: 'CASH'; supplied: Record<string, unknown> }
  | { kind: 'EXTERNAL'; details: Record<string, unknown> };

const VISA = { card_brand: 'VISA', last_4: '1111', exp_month: 12, exp_year: 2030, fingerprint: 'sq-1-switchyard-sandbox-visa-4111', card_type: 'CREDIT', prepaid_type: 'NOT_PREPAID', bin: '411111' };

/** Documented failure tokens → error code (and which verification failed). */
export const DECLINE_TOKENS: Readonly<Record<string, { code: string; cvv?: string; avs?: string }>> = {
  'cnon:card-nonce-declined': { code: 'GENERIC_DECLINE' },
  'cnon:card-nonce-rejected-cvv': { code: 'CVV_FAILURE', cvv: 'CVV_REJECTED' },
  'cnon:card-nonce-rejected-postalcode': { code: 'ADDRESS_VERIFICATION_FAILURE', avs: 'AVS_REJECTED' },
  'cnon:card-nonce-rejected-expiration': { code: 'INVALID_EXPIRATION' },
  'cnon:card-nonce-already-used': { code: 'CARD_TOKEN_USED' },
  'cnon:card-nonce-requires-verification': { code: 'CARD_DECLINED_VERIFICATION_REQUIRED' },
  'ccof:customer-card-id-requires-verification': { code: 'CARD_DECLINED_VERIFICATION_REQUIRED' },
  'cnon:gift-card-nonce-insufficient-funds': { code: 'INSUFFICIENT_FUNDS' },
};

export const SANDBOX_GIFT_CARD = { card_brand: 'SQUARE_GIFT_CARD', last_4: '0000', fingerprint: 'sq-1-switchyard-sandbox-gift-card', card_type: 'CREDIT', prepaid_type: 'PREPAID', bin: '778332' };

export function parseSource(body: Record<string, unknown>): Source {
  const id = str(body.source_id) ?? '';
  if (id === 'CASH') {
    const cash = isRecord(body.cash_details) ? body.cash_details : null;
    if (!cash || !isRecord(cash.buyer_supplied_money)) throw apiError('MISSING_REQUIRED_PARAMETER', 'A CASH payment needs cash_details.buyer_supplied_money.', 'cash_details.buyer_supplied_money');
    return { kind: 'CASH', supplied: cash.buyer_supplied_money };
  }
  if (id === 'EXTERNAL') {
    const ext = isRecord(body.external_details) ? body.external_details : null;
    if (!ext || !str(ext.type) || !str(ext.source)) throw apiError('MISSING_REQUIRED_PARAMETER', 'An EXTERNAL payment needs external_details.type and external_details.source.', 'external_details');
    return { kind: 'EXTERNAL', details: ext };
  }
  if (id.startsWith('gftc:')) return { kind: 'GIFT_CARD', giftCardId: id, card: { ...SANDBOX_GIFT_CARD } };
  if (id === 'cnon:gift-card-nonce-ok') return { kind: 'GIFT_CARD', giftCardId: null, card: { ...SANDBOX_GIFT_CARD } };
  const decline = DECLINE_TOKENS[id];
  if (decline) return { kind: 'CARD', card: id.includes('gift-card') ? { ...SANDBOX_GIFT_CARD } : { ...VISA }, entry: id.startsWith('ccof:') ? 'ON_FILE' : 'KEYED', decline: decline.code, cvv: decline.cvv, avs: decline.avs };
  if (id === 'ccof:customer-card-id-ok') return { kind: 'CARD', card: { ...VISA, id: 'ccof:customer-card-id-ok' }, entry: 'ON_FILE' };
  if (id.startsWith('cnon:')) return { kind: 'CARD', card: { ...VISA }, entry: 'KEYED' };
  throw apiError('INVALID_CARD_DATA', `source_id \`${id}\` is not a payment token, card on file, gift card, CASH or EXTERNAL.`, 'source_id');
}

export function declineError(code: string): SquareErrorBody {
  return { category: 'PAYMENT_METHOD_ERROR', code, detail: `Authorization error: '${code}'` };
}

export class PaymentDeclined extends SquareApiError {
  constructor(code: string, readonly payment: Record<string, unknown>) {
    super([declineError(code)], 400);
  }
}
