import { type SandboxServer } from '../framework/server';
import { invalidRequest, resourceMissing } from './errors';
import { allowOnly, bool, int, mergeMetadata, missingParam, nullableStr, num, str, sub } from './form';
import { mountApi, type ApiContext } from './http';
import { createdFilter, listParams, paginate } from './list';
import { type StripeState } from './state';
import { type FormObject, type JsonObject, type StripeObject } from './types';
import { type EmitOptions } from './webhooks';

/**
 * Coupons (https://docs.stripe.com/api/coupons) and promotion codes
 * (https://docs.stripe.com/api/promotion_codes). Promotion codes reference
 * their coupon through `promotion: {type: 'coupon', coupon}` in current API
 * versions; the older top-level `coupon` parameter is accepted too.
 * Events: coupon.created/updated/deleted, promotion_code.created/updated.
 */

export function createCoupon(state: StripeState, form: FormObject, origin: EmitOptions = {}): StripeObject {
  allowOnly(form, ['id', 'name', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months', 'max_redemptions', 'redeem_by', 'metadata', 'applies_to', 'currency_options']);
  const percentOff = num(form, 'percent_off');
  const amountOff = int(form, 'amount_off');
  if (percentOff === undefined && amountOff === undefined) throw invalidRequest('Must provide one of `percent_off` or `amount_off`.', 'percent_off', 'parameter_missing');
  if (percentOff !== undefined && amountOff !== undefined) throw invalidRequest('You may only specify one of these parameters: amount_off, percent_off.', 'amount_off');
  if (percentOff !== undefined && (percentOff <= 0 || percentOff > 100)) throw invalidRequest('Invalid percent_off: must be greater than 0 and less than or equal to 100.', 'percent_off');
  const currency = str(form, 'currency')?.toLowerCase() ?? null;
  if (amountOff !== undefined && !currency) throw missingParam('currency');
  const duration = str(form, 'duration') ?? 'once';
  if (!['once', 'repeating', 'forever'].includes(duration)) throw invalidRequest(`Invalid duration: must be one of forever, once, or repeating`, 'duration');
  const months = int(form, 'duration_in_months');
  if (duration === 'repeating' && months === undefined) throw missingParam('duration_in_months');
  const id = str(form, 'id') ?? state.ids.couponId();
  if (state.coupons.has(id)) throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
  const coupon: StripeObject = {
    id,
    object: 'coupon',
    amount_off: amountOff ?? null,
    created: state.clock.now(),
    currency,
    duration,
    duration_in_months: duration === 'repeating' ? (months ?? null) : null,
    livemode: state.livemode,
    max_redemptions: int(form, 'max_redemptions') ?? null,
    metadata: mergeMetadata({}, form),
    name: str(form, 'name') ?? null,
    percent_off: percentOff ?? null,
    redeem_by: int(form, 'redeem_by') ?? null,
    times_redeemed: 0,
    valid: true,
  };
  state.coupons.insert(coupon);
  state.bus.emit('coupon.created', coupon, origin);
  return coupon;
}

export function createPromotionCode(state: StripeState, form: FormObject, origin: EmitOptions = {}): StripeObject {
  allowOnly(form, ['promotion', 'coupon', 'code', 'active', 'customer', 'expires_at', 'max_redemptions', 'metadata', 'restrictions']);
  const promotion = sub(form, 'promotion');
  const couponId = (promotion ? str(promotion, 'coupon') : undefined) ?? str(form, 'coupon');
  if (!couponId) throw missingParam('promotion');
  if (promotion && (str(promotion, 'type') ?? 'coupon') !== 'coupon') throw invalidRequest('Invalid promotion[type]: must be coupon', 'promotion[type]');
  if (!state.coupons.has(couponId)) throw resourceMissing('coupon', couponId, 'promotion[coupon]');
  const code = str(form, 'code') ?? state.ids.chars(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789');
  if (!/^[A-Za-z0-9-]{1,500}$/.test(code)) throw invalidRequest('Invalid code: can only contain letters, digits and dashes.', 'code');
  const clash = state.promotionCodes.newestFirst().find((p) => p.active === true && String(p.code).toLowerCase() === code.toLowerCase());
  if (clash) throw invalidRequest('An active promotion code with `code: ' + code + '` already exists.', 'code', 'resource_already_exists');
  const customer = str(form, 'customer');
  if (customer && !state.customers.has(customer)) throw resourceMissing('customer', customer, 'customer');
  const restrictions = sub(form, 'restrictions') ?? {};
  const pc: StripeObject = {
    id: state.ids.id('promo'),
    object: 'promotion_code',
    active: bool(form, 'active') ?? true,
    code,
    created: state.clock.now(),
    customer: customer ?? null,
    customer_account: null,
    expires_at: int(form, 'expires_at') ?? null,
    livemode: state.livemode,
    max_redemptions: int(form, 'max_redemptions') ?? null,
    metadata: mergeMetadata({}, form),
    promotion: { coupon: couponId, type: 'coupon' },
    restrictions: {
      first_time_transaction: bool(restrictions, 'first_time_transaction') ?? false,
      minimum_amount: int(restrictions, 'minimum_amount') ?? null,
      minimum_amount_currency: str(restrictions, 'minimum_amount_currency') ?? null,
    },
    times_redeemed: 0,
  };
  state.promotionCodes.insert(pc);
  state.bus.emit('promotion_code.created', pc, origin);
  return pc;
}

function previousOf(before: StripeObject, after: StripeObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(v) !== JSON.stringify(before[k])) out[k] = before[k] ?? null;
  return out;
}

export function mountCouponRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  const coupon = (id: string): StripeObject => {
    const c = state.coupons.get(id);
    if (!c) throw resourceMissing('coupon', id, 'coupon');
    return c;
  };
  const promo = (id: string): StripeObject => {
    const p = state.promotionCodes.get(id);
    if (!p) throw resourceMissing('promotion code', id, 'promotion_code');
    return p;
  };
  // https://docs.stripe.com/api/coupons/create
  mountApi(server, ctx, 'POST', '/v1/coupons', (r) => createCoupon(state, r.form, r.origin));
  // https://docs.stripe.com/api/coupons/list
  mountApi(server, ctx, 'GET', '/v1/coupons', (r) => {
    listParams(r.form, []);
    const inRange = createdFilter(r.form);
    return paginate(r.form, state.coupons.newestFirst().filter(inRange), '/v1/coupons', 'coupon', (id) => state.coupons.has(id));
  });
  // https://docs.stripe.com/api/coupons/retrieve
  mountApi(server, ctx, 'GET', '/v1/coupons/{coupon}', (r) => (allowOnly(r.form, []), coupon(r.params.coupon ?? '')));
  // https://docs.stripe.com/api/coupons/update — only name and metadata are editable.
  mountApi(server, ctx, 'POST', '/v1/coupons/{coupon}', (r) => {
    allowOnly(r.form, ['name', 'metadata', 'currency_options']);
    const before = coupon(r.params.coupon ?? '');
    const next: StripeObject = { ...before, metadata: mergeMetadata((before.metadata as JsonObject) ?? {}, r.form) };
    const name = nullableStr(r.form, 'name');
    if (name !== undefined) next.name = name;
    state.coupons.replace(next);
    const previous = previousOf(before, next);
    if (Object.keys(previous).length) state.bus.emit('coupon.updated', next, { ...r.origin, previous });
    return next;
  });
  // https://docs.stripe.com/api/coupons/delete
  mountApi(server, ctx, 'DELETE', '/v1/coupons/{coupon}', (r) => {
    const c = coupon(r.params.coupon ?? '');
    state.coupons.remove(c.id);
    state.bus.emit('coupon.deleted', { ...c, valid: false }, r.origin);
    return { id: c.id, object: 'coupon', deleted: true };
  });
  // https://docs.stripe.com/api/promotion_codes/create
  mountApi(server, ctx, 'POST', '/v1/promotion_codes', (r) => createPromotionCode(state, r.form, r.origin));
  // https://docs.stripe.com/api/promotion_codes/list
  mountApi(server, ctx, 'GET', '/v1/promotion_codes', (r) => {
    listParams(r.form, ['active', 'code', 'coupon', 'customer']);
    const active = bool(r.form, 'active');
    const code = str(r.form, 'code');
    const couponId = str(r.form, 'coupon');
    const customer = str(r.form, 'customer');
    const inRange = createdFilter(r.form);
    const all = state.promotionCodes.newestFirst().filter(
      (p) =>
        inRange(p) &&
        (active === undefined || p.active === active) &&
        (code === undefined || String(p.code).toLowerCase() === code.toLowerCase()) &&
        (couponId === undefined || (p.promotion as JsonObject).coupon === couponId) &&
        (customer === undefined || p.customer === customer),
    );
    return paginate(r.form, all, '/v1/promotion_codes', 'promotion code', (id) => state.promotionCodes.has(id));
  });
  // https://docs.stripe.com/api/promotion_codes/retrieve
  mountApi(server, ctx, 'GET', '/v1/promotion_codes/{promotion_code}', (r) => (allowOnly(r.form, []), promo(r.params.promotion_code ?? '')));
  // https://docs.stripe.com/api/promotion_codes/update — active, metadata, restrictions.currency_options.
  mountApi(server, ctx, 'POST', '/v1/promotion_codes/{promotion_code}', (r) => {
    allowOnly(r.form, ['active', 'metadata', 'restrictions']);
    const before = promo(r.params.promotion_code ?? '');
    const next: StripeObject = { ...before, metadata: mergeMetadata((before.metadata as JsonObject) ?? {}, r.form) };
    const active = bool(r.form, 'active');
    if (active !== undefined) next.active = active;
    state.promotionCodes.replace(next);
    const previous = previousOf(before, next);
    if (Object.keys(previous).length) state.bus.emit('promotion_code.updated', next, { ...r.origin, previous });
    return next;
  });
}
