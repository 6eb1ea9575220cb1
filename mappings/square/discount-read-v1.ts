import type { Square } from 'square';
import { canonicalId, type Money } from '../../canonical/common';
import { Discount, type DiscountAppliesTo, type DiscountValue } from '../../canonical/discount';
import type { Mapped } from '../../connectors/types';

/**
 * Square pricing rule (PRICING_RULE + its DISCOUNT + PRODUCT_SET) →
 * canonical Discount. Pure: no I/O, never throws.
 *
 * A pricing rule is Square's automatic discount: the POS applies it to every
 * matching sale in its window. It becomes a canonical discount with no code
 * (`code: null`), keyed by the rule's id.
 *
 * Mapping decisions (anything outside them is refused with a reason and
 * quarantined, never dropped):
 * - FIXED_PERCENTAGE → basis points ("12.5" → 1250; finer is refused);
 *   FIXED_AMOUNT → an amount off each matching item (`eachItem`), which is
 *   how a pricing rule applies it. VARIABLE_* discounts (the amount is keyed
 *   in at the till) and a `maximum_amount_money` cap have no canonical form.
 * - The product set's `product_ids_any` becomes products scope: ITEM and
 *   ITEM_VARIATION ids are translated through the catalog's id map (the
 *   caller resolves them). A CATEGORY, an id the catalog has not linked, or
 *   more than one rule shape Square can express but a basic discount cannot
 *   (`product_ids_all`, quantities, `apply_products_id`,
 *   `exclude_products_id`, time periods, customer groups) is refused.
 * - `all_products` with a percentage is order scope; with an amount off
 *   each item it is refused (no basic discount takes an amount off every
 *   item of an order).
 * - `valid_from_*` / `valid_until_*` are the selling location's wall clock;
 *   they become instants in its time zone. A date without a time starts at
 *   00:00 / ends after 23:59:59 that day. A rule with no start date is in
 *   force from its last save (`updated_at`).
 * - `minimum_order_subtotal_money` is the minimum subtotal.
 * - A DISCOUNT no rule points at is applied by staff at the till: nothing
 *   in another channel can hold that, so it is refused (`mapStaffDiscount`).
 *
 * https://developer.squareup.com/reference/square/objects/CatalogPricingRule
 * https://developer.squareup.com/reference/square/objects/CatalogDiscount
 * https://developer.squareup.com/reference/square/objects/CatalogProductSet
 */
export const MAPPING_VERSION = 'square.discount-read.v1';

export interface SquareRuleContext {
  /** Connector id from the YAML (part of the canonical id). */
  connector: string;
  /** IANA zone of the selling location: rule dates are its wall clock. */
  timezone: string;
  /** Canonical product / variant ids of the Square ITEM / ITEM_VARIATION ids the catalog has linked. */
  linked: ReadonlyMap<string, { kind: 'product' | 'variant'; canonicalId: string }>;
}

export interface SquareRuleParts {
  rule: Square.CatalogObject;
  /** The rule's `discount_id` object; undefined when Square no longer holds it. */
  discount?: Square.CatalogObject;
  /** The rule's `match_products_id` object; undefined when Square no longer holds it. */
  productSet?: Square.CatalogObject;
}

export const RULE_TYPE = 'PRICING_RULE';
const EPOCH = '1970-01-01T00:00:00.000Z';

export function mapSquarePricingRule(parts: SquareRuleParts, ctx: SquareRuleContext): Mapped<Discount> {
  const { rule, discount, productSet } = parts;
  const id = rule.id ?? '';
  const raw = { rule, discount, productSet };
  const refuse = (reason: string): Mapped<Discount> => ({ ok: false, externalId: id, reason, raw });
  if (rule.type !== 'PRICING_RULE' || !id) return refuse('not a PRICING_RULE');
  const r = rule.pricingRuleData;
  if (!r) return refuse('pricing_rule_data: missing');
  if (!r.discountId) return refuse('pricing_rule_data.discount_id: missing (a rule without a discount takes nothing off)');
  if (discount?.type !== 'DISCOUNT' || !discount.discountData) return refuse(`pricing_rule_data.discount_id: DISCOUNT ${r.discountId} is not in the catalog`);
  if (!r.matchProductsId) return refuse('pricing_rule_data.match_products_id: missing');
  if (productSet?.type !== 'PRODUCT_SET' || !productSet.productSetData) return refuse(`pricing_rule_data.match_products_id: PRODUCT_SET ${r.matchProductsId} is not in the catalog`);
  if (r.timePeriodIds?.length) return refuse('pricing_rule_data.time_period_ids: time-of-day periods have no canonical form');
  if (r.customerGroupIdsAny?.length) return refuse('pricing_rule_data.customer_group_ids_any: customer-group rules are not synced');
  if (r.applyProductsId) return refuse('pricing_rule_data.apply_products_id: "buy these, get those" rules have no canonical form');
  if (r.excludeProductsId) return refuse('pricing_rule_data.exclude_products_id: exclusions have no canonical form');

  const dd = discount.discountData;
  let value: DiscountValue;
  if (dd.discountType === 'FIXED_PERCENTAGE') {
    const pct = Number(dd.percentage);
    const bp = pct * 100;
    if (!dd.percentage || !Number.isFinite(pct) || pct <= 0 || pct > 100) return refuse(`discount_data.percentage: "${dd.percentage ?? ''}" is not a percentage between 0 and 100`);
    if (Math.abs(bp - Math.round(bp)) > 1e-6) return refuse(`discount_data.percentage: ${dd.percentage} is finer than 0.01 %`);
    value = { kind: 'percentage', basisPoints: Math.round(bp) };
  } else if (dd.discountType === 'FIXED_AMOUNT') {
    const m = money(dd.amountMoney);
    if (!m || m.amount <= 0) return refuse('discount_data.amount_money: missing or not positive');
    value = { kind: 'fixed', amount: m, eachItem: true };
  } else {
    return refuse(`discount_data.discount_type: ${dd.discountType ?? 'missing'} (the amount is keyed in at the till) has no canonical form`);
  }
  if (dd.maximumAmountMoney) return refuse('discount_data.maximum_amount_money: a capped discount has no canonical form');

  const ps = productSet.productSetData;
  if (ps.productIdsAll?.length) return refuse('product_set_data.product_ids_all: "all of these together" sets have no canonical form');
  if (ps.quantityExact != null || ps.quantityMin != null || ps.quantityMax != null) return refuse('product_set_data.quantity_*: multi-buy quantities have no canonical form');
  let appliesTo: DiscountAppliesTo;
  if (ps.allProducts) {
    if (value.kind === 'fixed') return refuse('product_set_data.all_products: an amount off every item of an order has no canonical form');
    appliesTo = { scope: 'order' };
  } else {
    const ids = ps.productIdsAny ?? [];
    if (!ids.length) return refuse('product_set_data.product_ids_any: empty');
    const productIds: string[] = [];
    const variantIds: string[] = [];
    const unlinked: string[] = [];
    for (const sid of ids) {
      const l = ctx.linked.get(sid);
      if (!l) unlinked.push(sid);
      else (l.kind === 'product' ? productIds : variantIds).push(l.canonicalId);
    }
    if (unlinked.length) {
      const more = unlinked.length > 5 ? ` and ${unlinked.length - 5} more` : '';
      return refuse(`product_set_data.product_ids_any: ${unlinked.slice(0, 5).join(', ')}${more} not linked to a synced product or variant (categories and Square-only items are not synced); retried on the next sync`);
    }
    appliesTo = { scope: 'products', productIds: sorted(productIds), variantIds: sorted(variantIds) };
  }

  let minimumSubtotal: Money | null = null;
  if (r.minimumOrderSubtotalMoney) {
    minimumSubtotal = money(r.minimumOrderSubtotalMoney);
    if (!minimumSubtotal || minimumSubtotal.amount <= 0) return refuse('pricing_rule_data.minimum_order_subtotal_money: not a positive amount');
  }

  let startsAt: string;
  let endsAt: string | null = null;
  try {
    startsAt = r.validFromDate ? fromLocal(r.validFromDate, r.validFromLocalTime ?? '00:00:00', ctx.timezone) : (rule.updatedAt ?? EPOCH);
    if (r.validUntilDate) endsAt = r.validUntilLocalTime ? fromLocal(r.validUntilDate, r.validUntilLocalTime, ctx.timezone) : fromLocal(nextDay(r.validUntilDate), '00:00:00', ctx.timezone);
  } catch (err) {
    return refuse(`pricing_rule_data.valid_*: ${(err as Error).message}`);
  }

  const ruleRef = { connector: ctx.connector, type: RULE_TYPE, id };
  const updated = [rule.updatedAt, discount.updatedAt, productSet.updatedAt].filter((t): t is string => !!t).sort();
  const candidate: Discount = {
    id: canonicalId('dsc', ruleRef),
    externalRefs: [ruleRef, { connector: ctx.connector, type: 'DISCOUNT', id: r.discountId }],
    code: null,
    title: (r.name ?? '').trim() || (dd.name ?? '').trim() || 'Square pricing rule',
    value,
    appliesTo,
    minimumSubtotal,
    startsAt,
    endsAt,
    usageLimits: { total: null, perCustomer: null },
    usageCount: 0,
    updatedAt: updated[updated.length - 1] ?? startsAt,
  };
  const checked = Discount.safeParse(candidate);
  if (!checked.success) return refuse(`canonical: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ok: true, externalId: id, record: checked.data };
}

/** A DISCOUNT no pricing rule points at: staff apply it at the till, which no other channel can hold. */
export function mapStaffDiscount(discount: Square.CatalogObject): Mapped<Discount> {
  const name = (discount.type === 'DISCOUNT' ? discount.discountData?.name : null) ?? '';
  return {
    ok: false,
    externalId: discount.id ?? '',
    reason: `DISCOUNT${name ? ` "${name}"` : ''} has no pricing rule: staff apply it at the till, which has no form in another channel (add a pricing rule in Square to sync it as an automatic discount)`,
    raw: discount,
  };
}

/** A wall-clock date and time in `timezone` as a UTC instant (ISO 8601). Throws on a malformed date or time. */
export function fromLocal(date: string, time: string, timezone: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d) throw new Error(`"${date}" is not a YYYY-MM-DD date`);
  if (!t) throw new Error(`"${time}" is not an HH:MM:SS time`);
  const wall = Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +t[1]!, +t[2]!, +(t[3] ?? 0));
  if (Number.isNaN(wall)) throw new Error(`"${date} ${time}" is not a valid date and time`);
  // The zone's offset at that instant; twice, so a wall time just after a DST change lands right.
  let utc = wall - offsetMs(wall, timezone);
  utc = wall - offsetMs(utc, timezone);
  return new Date(utc).toISOString();
}

function offsetMs(instant: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function nextDay(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`"${date}" is not a YYYY-MM-DD date`);
  return new Date(ms + 86_400_000).toISOString().slice(0, 10);
}

function money(m: Square.Money | undefined): Money | null {
  if (!m || m.amount === undefined || m.amount === null || !m.currency) return null;
  const amount = Number(m.amount);
  return Number.isSafeInteger(amount) ? { amount, currency: m.currency } : null;
}

function sorted(ids: string[]): string[] {
  return [...new Set(ids)].sort();
}
