import type { Square } from 'square';
import { minorToDecimal } from '../../canonical/common';
import type { Discount } from '../../canonical/discount';
import type { IdMapping } from '../../store/types';

/**
 * Canonical Discount → Square catalog objects. Pure.
 *
 * Square's POS has no customer-entered codes, so a code discount becomes:
 * - **products scope** → a DISCOUNT (FIXED_PERCENTAGE / FIXED_AMOUNT), a
 *   PRODUCT_SET of the items and variations it applies to, and a
 *   PRICING_RULE tying them together with the validity window
 *   (`valid_from_*` / `valid_until_*`, in the selling location's local time)
 *   and the minimum subtotal. The POS applies it automatically to every
 *   matching sale in the window: the code is not asked for.
 * - **order scope** → a DISCOUNT alone that staff apply at the till. A rule
 *   would apply it to every sale, so there is none; the DISCOUNT's name
 *   carries the code and the conditions staff must check (minimum subtotal,
 *   end date), because Square enforces neither on a staff-applied discount.
 *
 * Written but not enforceable in Square (reported as `notEnforced` for every
 * write, never silent): usage limits, once-per-customer, the code itself,
 * and, for order scope, the window and the minimum subtotal.
 *
 * Refused (the discount is quarantined with the reason): free shipping (no
 * shipping at a till); an amount off once per order spread over products
 * (a Square pricing rule takes a fixed amount off each matching item); an
 * amount or minimum in another currency than the POS sells in; more than 500
 * products (Square's product-set limit); products not in Square.
 *
 * https://developer.squareup.com/docs/catalog-api/configure-pricing-rules
 * https://developer.squareup.com/reference/square/objects/CatalogPricingRule
 */
export const MAPPING_VERSION = 'square.discount.v1';

export type SquareDiscountType = 'DISCOUNT' | 'PRICING_RULE' | 'PRODUCT_SET';

export interface SquareDiscountContext {
  /** What the POS sells in (connector `currency`, else its location's). */
  currency: string;
  /** IANA zone of the selling location: pricing-rule dates are local. */
  timezone: string;
  /** This discount's links in the connector (DISCOUNT, PRICING_RULE, PRODUCT_SET). */
  known: readonly IdMapping[];
  /** ITEM / ITEM_VARIATION links of the products and variants it applies to. */
  products: readonly IdMapping[];
}

export type SquareDiscountPlan =
  | {
      ok: true;
      /** One batch: DISCOUNT first, then PRODUCT_SET and PRICING_RULE for products scope. */
      objects: Square.CatalogObject[];
      /** Objects written earlier that this form no longer uses (delete after the upsert). */
      obsoleteIds: string[];
      notEnforced: string[];
    }
  | { ok: false; reason: string };

/** Square: at most 500 ids in product_ids_any; 255 characters in a discount name. */
const MAX_PRODUCT_SET = 500;
const MAX_NAME = 255;

export function toSquareDiscountObjects(d: Discount, ctx: SquareDiscountContext): SquareDiscountPlan {
  if (d.value.kind === 'free_shipping') return { ok: false, reason: 'free shipping has no equivalent at a Square POS' };
  const link = (type: SquareDiscountType) => ctx.known.find((k) => k.externalType === type && k.canonicalId === d.id);
  const idOf = (type: SquareDiscountType) => link(type)?.externalId ?? tempId(d.id, type);
  const version = (type: SquareDiscountType) => versionField(link(type)?.externalVersion ?? null);

  let discountData: Square.CatalogDiscount;
  if (d.value.kind === 'percentage') {
    discountData = { discountType: 'FIXED_PERCENTAGE', percentage: String(d.value.basisPoints / 100) };
  } else {
    if (d.value.amount.currency !== ctx.currency) return { ok: false, reason: `value: an amount in ${d.value.amount.currency} but this POS sells in ${ctx.currency}` };
    if (d.appliesTo.scope === 'products' && !d.value.eachItem) {
      return { ok: false, reason: 'value: an amount off once per order, spread over products, has no Square form (a pricing rule takes a fixed amount off each matching item)' };
    }
    discountData = { discountType: 'FIXED_AMOUNT', amountMoney: { amount: BigInt(d.value.amount.amount), currency: ctx.currency as Square.Currency } };
  }

  const notEnforced: string[] = [];
  if (d.usageLimits.total !== null) notEnforced.push(`usage limit of ${d.usageLimits.total} (Square counts no redemptions)`);
  if (d.usageLimits.perCustomer !== null) notEnforced.push(`${d.usageLimits.perCustomer} use(s) per customer`);
  const label = d.code ? `${d.code} · ${d.title}` : d.title;

  if (d.appliesTo.scope !== 'products') {
    if (d.code) notEnforced.push(`code ${d.code}: staff apply the discount by name`);
    const conditions: string[] = [];
    if (d.minimumSubtotal) conditions.push(`min ${minorToDecimal(d.minimumSubtotal.amount, d.minimumSubtotal.currency)} ${d.minimumSubtotal.currency}`);
    if (d.endsAt) conditions.push(`until ${local(d.endsAt, ctx.timezone).date}`);
    if (d.minimumSubtotal) notEnforced.push('minimum subtotal (staff check it)');
    notEnforced.push(`validity window ${d.startsAt} – ${d.endsAt ?? 'open'} (staff check it)`);
    const discount: Square.CatalogObject = {
      type: 'DISCOUNT',
      id: idOf('DISCOUNT'),
      ...version('DISCOUNT'),
      discountData: { ...discountData, name: withConditions(label, conditions), pinRequired: false, modifyTaxBasis: 'MODIFY_TAX_BASIS' },
    };
    const obsoleteIds = ctx.known.filter((k) => k.canonicalId === d.id && (k.externalType === 'PRICING_RULE' || k.externalType === 'PRODUCT_SET')).map((k) => k.externalId);
    return { ok: true, objects: [discount], obsoleteIds, notEnforced };
  }

  const targets: string[] = [];
  for (const [ids, type] of [[d.appliesTo.productIds, 'ITEM'], [d.appliesTo.variantIds, 'ITEM_VARIATION']] as const) {
    for (const id of ids) {
      const target = ctx.products.find((p) => p.canonicalId === id && p.externalType === type);
      if (!target) return { ok: false, reason: `appliesTo: ${id} has no ${type} in Square` };
      targets.push(target.externalId);
    }
  }
  if (!targets.length) return { ok: false, reason: 'appliesTo: no products' };
  if (targets.length > MAX_PRODUCT_SET) return { ok: false, reason: `appliesTo: ${targets.length} products; a Square product set holds at most ${MAX_PRODUCT_SET}` };
  if (d.minimumSubtotal && d.minimumSubtotal.currency !== ctx.currency) return { ok: false, reason: `minimumSubtotal: in ${d.minimumSubtotal.currency} but this POS sells in ${ctx.currency}` };
  if (d.code) notEnforced.push(`code ${d.code}: the pricing rule applies to every matching sale in its window`);

  const from = local(d.startsAt, ctx.timezone);
  const until = d.endsAt ? local(d.endsAt, ctx.timezone) : null;
  const discountId = idOf('DISCOUNT');
  const setId = idOf('PRODUCT_SET');
  const objects: Square.CatalogObject[] = [
    { type: 'DISCOUNT', id: discountId, ...version('DISCOUNT'), discountData: { ...discountData, name: label.slice(0, MAX_NAME), pinRequired: false, modifyTaxBasis: 'MODIFY_TAX_BASIS' } },
    { type: 'PRODUCT_SET', id: setId, ...version('PRODUCT_SET'), productSetData: { name: label, productIdsAny: targets } },
    {
      type: 'PRICING_RULE',
      id: idOf('PRICING_RULE'),
      ...version('PRICING_RULE'),
      pricingRuleData: {
        name: label,
        discountId,
        matchProductsId: setId,
        validFromDate: from.date,
        validFromLocalTime: from.time,
        ...(until ? { validUntilDate: until.date, validUntilLocalTime: until.time } : {}),
        ...(d.minimumSubtotal ? { minimumOrderSubtotalMoney: { amount: BigInt(d.minimumSubtotal.amount), currency: ctx.currency as Square.Currency } } : {}),
      },
    },
  ];
  return { ok: true, objects, obsoleteIds: [], notEnforced };
}

/** After an upsert: the links of the discount's objects (temporary ids resolved, versions from the response). */
export function discountIdMappings(
  d: Discount,
  connector: string,
  sent: readonly Square.CatalogObject[],
  response: { objects?: readonly Square.CatalogObject[]; idMappings?: readonly Square.CatalogIdMapping[] },
): IdMapping[] {
  const permanent = new Map<string, string>();
  for (const m of response.idMappings ?? []) if (m.clientObjectId && m.objectId) permanent.set(m.clientObjectId, m.objectId);
  const versions = new Map((response.objects ?? []).map((o) => [o.id ?? '', o.version]));
  const out: IdMapping[] = [];
  for (const o of sent) {
    if (!o.id) continue;
    const externalId = permanent.get(o.id) ?? (o.id.startsWith('#') ? null : o.id);
    if (!externalId) continue;
    const v = versions.get(externalId);
    out.push({ entity: 'discount', canonicalId: d.id, connector, externalType: o.type, externalId, externalVersion: v === undefined ? null : v.toString() });
  }
  return out;
}

/** The instant as the selling location's wall clock: RFC 3339 full-date and partial-time. */
export function local(iso: string, timezone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}:${get('second')}` };
}

function tempId(discountId: string, type: SquareDiscountType): string {
  return type === 'DISCOUNT' ? `#${discountId}` : `#${discountId}-${type === 'PRICING_RULE' ? 'rule' : 'set'}`;
}

function withConditions(label: string, conditions: string[]): string {
  const suffix = conditions.length ? ` (${conditions.join(', ')})` : '';
  return `${label.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}

function versionField(value: string | null): { version?: bigint } {
  return value !== null && /^\d+$/.test(value) ? { version: BigInt(value) } : {};
}
