import { z } from 'zod';
import { decimalToMinor, minorToDecimal, type Money } from '../../canonical/common';
import { Product } from '../../canonical/product';
import type { Mapped } from '../../connectors/types';
import { issueReason } from './reason';

/**
 * Shopify Markets price lists → the canonical per-currency prices of a
 * variant (`Variant.prices`). Pure.
 *
 * Mapping decisions:
 * - Only FIXED prices count, and only those of price lists attached to a
 *   market catalog (what a shopper in that market pays). Relative prices are
 *   the shop's prices run through Shopify's daily exchange rates and
 *   rounding: they move without anyone editing them, so a channel can't be
 *   kept equal to them and they are left out. B2B (company location) and app
 *   catalogs price other audiences, not channels.
 * - A fixed price in the shop's own currency is ignored: the variant's base
 *   price is the canonical price in that currency.
 * - Two market price lists giving one variant different fixed prices in the
 *   same currency is ambiguous: the product is refused (quarantined) naming
 *   both lists, rather than picking one silently. Equal prices are fine.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/PriceList
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/PriceListPrice
 */
export const MAPPING_VERSION = 'shopify.price-list.v1';

const Decimal = z.string().regex(/^\d+(\.\d+)?$/, 'not a non-negative decimal');
const Currency = z.string().regex(/^[A-Z]{3}$/);

/** Exactly the selection of connectors/shopify/price-lists.ts PRICE_LISTS_QUERY. */
export const ShopifyPriceListNode = z.object({
  id: z.string().startsWith('gid://shopify/PriceList/'),
  name: z.string(),
  currency: Currency,
  fixedPricesCount: z.number().int().nonnegative(),
  catalog: z.object({ __typename: z.string() }).nullable(),
});
export type ShopifyPriceListNode = z.infer<typeof ShopifyPriceListNode>;

/** Exactly the selection of connectors/shopify/price-lists.ts FIXED_PRICES_QUERY. */
export const ShopifyPriceListPriceNode = z.object({
  variant: z.object({ id: z.string().startsWith('gid://shopify/ProductVariant/') }),
  price: z.object({ amount: Decimal, currencyCode: Currency }),
});
export type ShopifyPriceListPriceNode = z.infer<typeof ShopifyPriceListPriceNode>;

/** The price lists whose fixed prices are channel prices in a currency other than the shop's. */
export function relevantPriceLists(lists: readonly ShopifyPriceListNode[], shopCurrency: string): ShopifyPriceListNode[] {
  return lists.filter((l) => l.catalog?.__typename === 'MarketCatalog' && l.fixedPricesCount > 0 && l.currency !== shopCurrency);
}

/** One fixed price as read, with the list it came from (for reasons). */
export interface FixedPrice {
  priceList: string;
  money: Money;
}

/**
 * Fixed prices per variant gid. A price Shopify reports in another currency
 * than its list's, or that doesn't fit the currency's minor units, is
 * recorded as a problem for that variant (its product is refused).
 */
export function collectFixedPrices(lists: readonly { list: ShopifyPriceListNode; prices: readonly unknown[] }[]): { prices: Map<string, FixedPrice[]>; problems: Map<string, string> } {
  const prices = new Map<string, FixedPrice[]>();
  const problems = new Map<string, string>();
  for (const { list, prices: nodes } of lists) {
    for (const raw of nodes) {
      const parsed = ShopifyPriceListPriceNode.safeParse(raw);
      if (!parsed.success) {
        const variantId = peekVariant(raw);
        if (variantId) problems.set(variantId, `price list "${list.name}": ${issueReason(parsed.error)}`);
        continue;
      }
      const { variant, price } = parsed.data;
      if (price.currencyCode !== list.currency) {
        problems.set(variant.id, `price list "${list.name}": price in ${price.currencyCode}, list is in ${list.currency}`);
        continue;
      }
      try {
        const money = { amount: decimalToMinor(price.amount, price.currencyCode), currency: price.currencyCode };
        prices.set(variant.id, [...(prices.get(variant.id) ?? []), { priceList: list.name, money }]);
      } catch (err) {
        problems.set(variant.id, `price list "${list.name}": ${(err as Error).message}`);
      }
    }
  }
  return { prices, problems };
}

/**
 * The product with each variant's fixed prices attached (`prices`, sorted by
 * currency; absent when a variant has none), or refused with the reason.
 */
export function withFixedPrices(product: Product, connector: string, fixed: ReturnType<typeof collectFixedPrices>): Mapped<Product> {
  const productRef = product.externalRefs.find((r) => r.connector === connector)?.id ?? product.id;
  const variants = [];
  for (const [i, v] of product.variants.entries()) {
    const gid = v.externalRefs.find((r) => r.connector === connector && r.type === 'ProductVariant')?.id;
    const { prices: _previous, ...base } = v;
    if (!gid) {
      variants.push(base);
      continue;
    }
    const problem = fixed.problems.get(gid);
    if (problem) return { ok: false, externalId: productRef, reason: `variants[${i}].prices: ${problem}`, raw: { variant: gid } };
    const byCurrency = new Map<string, FixedPrice>();
    for (const p of fixed.prices.get(gid) ?? []) {
      if (p.money.currency === v.price.currency) continue;
      const seen = byCurrency.get(p.money.currency);
      if (seen && seen.money.amount !== p.money.amount) {
        return {
          ok: false,
          externalId: productRef,
          reason: `variants[${i}].prices: ${p.money.currency} price lists "${seen.priceList}" (${minorToDecimal(seen.money.amount, p.money.currency)}) and "${p.priceList}" (${minorToDecimal(p.money.amount, p.money.currency)}) disagree`,
          raw: { variant: gid, prices: fixed.prices.get(gid) },
        };
      }
      byCurrency.set(p.money.currency, p);
    }
    const prices = [...byCurrency.values()].map((p) => p.money).sort((a, b) => (a.currency < b.currency ? -1 : 1));
    variants.push(prices.length ? { ...base, prices } : base);
  }
  const checked = Product.safeParse({ ...product, variants });
  if (!checked.success) return { ok: false, externalId: productRef, reason: `canonical ${issueReason(checked.error)}`, raw: product };
  return { ok: true, externalId: productRef, record: checked.data };
}

function peekVariant(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || !('variant' in raw)) return null;
  const v = raw.variant;
  return v !== null && typeof v === 'object' && 'id' in v && typeof v.id === 'string' ? v.id : null;
}
