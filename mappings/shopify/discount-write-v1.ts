import { minorToDecimal } from '../../canonical/common';
import type { Discount } from '../../canonical/discount';
import type { IdMapping } from '../../store/types';

/**
 * Canonical Discount → Shopify Admin GraphQL 2025-01
 * `DiscountAutomaticBasicInput`. Pure.
 *
 * Discounts owned elsewhere arrive in Shopify as **automatic** basic
 * discounts: a POS pricing rule applies itself to every matching sale, and
 * an automatic discount is how Shopify does the same online (no code to
 * type). Percentages become fractions (1250 bp → 0.125), amounts decimals in
 * the shop's currency; products scope names the Product / ProductVariant
 * ids the catalog linked, order scope is `items: { all: true }`.
 *
 * Refused (quarantined with the reason): a discount with a code (only
 * owners of codes create them: a code discount made here would be a second
 * code the owner never counts), free shipping, an amount or minimum in
 * another currency than the shop's, products not in Shopify, more than
 * Shopify's 100 products / 100 variants per discount input.
 * Not enforceable (written, reported): usage limits (automatic discounts
 * have none).
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/input-objects/DiscountAutomaticBasicInput
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountAutomaticBasicCreate
 */
export const MAPPING_VERSION = 'shopify.discount-write.v1';

export interface ShopifyAutomaticContext {
  /** The shop's currency (amounts are in it). */
  currency: string;
  /** Product / ProductVariant links of what the discount applies to. */
  products: readonly IdMapping[];
  /** What the discount applies to in Shopify now (update: the difference is sent); null on create. */
  current: { productIds: readonly string[]; variantIds: readonly string[]; all: boolean } | null;
}

export interface AutomaticBasicInput {
  title: string;
  startsAt: string;
  endsAt: string | null;
  minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: string } } | null;
  customerGets: {
    value: { percentage: number } | { discountAmount: { amount: string; appliesOnEachItem: boolean } };
    items: { all: true } | { products: { productsToAdd: string[]; productsToRemove: string[]; productVariantsToAdd: string[]; productVariantsToRemove: string[] } };
  };
}

export type ShopifyAutomaticPlan = { ok: true; input: AutomaticBasicInput; notEnforced: string[] } | { ok: false; reason: string };

/** Shopify accepts at most 100 ids per list in one discount input. */
const MAX_IDS = 100;

export function toShopifyAutomaticDiscount(d: Discount, ctx: ShopifyAutomaticContext): ShopifyAutomaticPlan {
  if (d.code !== null) return { ok: false, reason: `code ${d.code}: code discounts are created by the system that owns the code; Shopify receives automatic discounts` };
  if (d.value.kind === 'free_shipping') return { ok: false, reason: 'free shipping: not written to Shopify (no automatic free-shipping mapping)' };
  let value: AutomaticBasicInput['customerGets']['value'];
  if (d.value.kind === 'percentage') {
    value = { percentage: d.value.basisPoints / 10_000 };
  } else {
    if (d.value.amount.currency !== ctx.currency) return { ok: false, reason: `value: an amount in ${d.value.amount.currency} but the shop sells in ${ctx.currency}` };
    value = { discountAmount: { amount: minorToDecimal(d.value.amount.amount, ctx.currency), appliesOnEachItem: d.appliesTo.scope === 'products' && d.value.eachItem === true } };
  }
  let minimumRequirement: AutomaticBasicInput['minimumRequirement'] = null;
  if (d.minimumSubtotal) {
    if (d.minimumSubtotal.currency !== ctx.currency) return { ok: false, reason: `minimumSubtotal: in ${d.minimumSubtotal.currency} but the shop sells in ${ctx.currency}` };
    minimumRequirement = { subtotal: { greaterThanOrEqualToSubtotal: minorToDecimal(d.minimumSubtotal.amount, ctx.currency) } };
  }

  let items: AutomaticBasicInput['customerGets']['items'];
  if (d.appliesTo.scope === 'shipping') return { ok: false, reason: 'appliesTo: shipping has no automatic basic form' };
  if (d.appliesTo.scope === 'order') {
    items = { all: true };
  } else {
    const want = { product: [] as string[], variant: [] as string[] };
    for (const [ids, kind, type] of [[d.appliesTo.productIds, 'product', 'Product'], [d.appliesTo.variantIds, 'variant', 'ProductVariant']] as const) {
      for (const id of ids) {
        const link = ctx.products.find((p) => p.canonicalId === id && p.externalType === type);
        if (!link) return { ok: false, reason: `appliesTo: ${id} has no ${type} in Shopify` };
        want[kind].push(link.externalId);
      }
    }
    if (!want.product.length && !want.variant.length) return { ok: false, reason: 'appliesTo: no products' };
    const has = ctx.current && !ctx.current.all ? ctx.current : { productIds: [], variantIds: [] };
    const diff = (wanted: string[], held: readonly string[]) => ({ add: wanted.filter((id) => !held.includes(id)).sort(), remove: held.filter((id) => !wanted.includes(id)).sort() });
    const p = diff(want.product, has.productIds);
    const v = diff(want.variant, has.variantIds);
    for (const [name, list] of [['products', p.add], ['products to remove', p.remove], ['variants', v.add], ['variants to remove', v.remove]] as const) {
      if (list.length > MAX_IDS) return { ok: false, reason: `appliesTo: ${list.length} ${name}; Shopify takes at most ${MAX_IDS} per discount input` };
    }
    items = { products: { productsToAdd: p.add, productsToRemove: p.remove, productVariantsToAdd: v.add, productVariantsToRemove: v.remove } };
  }

  const notEnforced: string[] = [];
  if (d.usageLimits.total !== null) notEnforced.push(`usage limit of ${d.usageLimits.total} (automatic discounts have none)`);
  if (d.usageLimits.perCustomer !== null) notEnforced.push(`${d.usageLimits.perCustomer} use(s) per customer (automatic discounts have no limit)`);
  return { ok: true, input: { title: d.title, startsAt: d.startsAt, endsAt: d.endsAt, minimumRequirement, customerGets: { value, items } }, notEnforced };
}
