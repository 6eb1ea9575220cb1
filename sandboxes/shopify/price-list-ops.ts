import { gid, parseGid } from './ids';
import type { UserErrorData } from './ops-common';
import type { ShopifyState } from './state';

/**
 * Price lists (Shopify Markets): a currency, a relative adjustment of the
 * shop's prices, and fixed prices per variant that override it, attached to
 * a market catalog. Catalogs are created by the merchant (admin helper); the
 * API creates price lists and their fixed prices.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/PriceList
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/priceListCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/priceListFixedPricesAdd
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/priceListFixedPricesDelete
 */

export interface MarketCatalogRecord {
  id: number;
  title: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
}

export interface FixedPriceRecord {
  /** Decimal strings in the price list's currency, as sent. */
  price: string;
  compareAtPrice: string | null;
}

export interface PriceListRecord {
  id: number;
  name: string;
  currency: string;
  catalogId: number | null;
  adjustment: { type: 'PERCENTAGE_DECREASE' | 'PERCENTAGE_INCREASE'; value: number };
  compareAtMode: 'ADJUSTED' | 'NULLIFY';
  /** variant id → fixed price, in insertion order. */
  fixed: Map<number, FixedPriceRecord>;
}

export interface PriceListCreateInput {
  name: string;
  currency: string;
  parent: { adjustment: { type: 'PERCENTAGE_DECREASE' | 'PERCENTAGE_INCREASE'; value: number }; settings?: { compareAtMode?: 'ADJUSTED' | 'NULLIFY' | null } | null };
  catalogId?: string | null;
}

export interface MoneyInputData {
  amount: string | number;
  currencyCode: string;
}

export interface PriceListPriceInputData {
  variantId: string;
  price: MoneyInputData;
  compareAtPrice?: MoneyInputData | null;
}

const DECIMAL = /^\d+(\.\d+)?$/;

export function createMarketCatalog(state: ShopifyState, title: string): MarketCatalogRecord {
  const c: MarketCatalogRecord = { id: state.commerce.nextId('catalog'), title, status: 'ACTIVE' };
  state.commerce.catalogs.set(c.id, c);
  return c;
}

export function createPriceList(state: ShopifyState, input: PriceListCreateInput): { priceList: PriceListRecord | null; errors: UserErrorData[] } {
  const errors: UserErrorData[] = [];
  const name = input.name.trim();
  const { commerce } = state;
  if (!name) errors.push({ field: ['input', 'name'], message: "Name can't be blank", code: 'BLANK' });
  else if ([...commerce.priceLists.values()].some((p) => p.name.toLowerCase() === name.toLowerCase())) errors.push({ field: ['input', 'name'], message: 'Name has already been taken', code: 'TAKEN' });
  const { value, type } = input.parent.adjustment;
  if (!(value >= 0 && value <= (type === 'PERCENTAGE_DECREASE' ? 100 : 1000))) {
    errors.push({ field: ['input', 'parent', 'adjustment', 'value'], message: 'Adjustment value is out of range', code: 'INVALID_ADJUSTMENT_VALUE' });
  }
  let catalogId: number | null = null;
  if (input.catalogId) {
    const parsed = parseGid(input.catalogId);
    const catalog = parsed?.type === 'MarketCatalog' ? commerce.catalogs.get(parsed.id) : undefined;
    if (!catalog) errors.push({ field: ['input', 'catalogId'], message: "Catalog doesn't exist", code: 'CATALOG_DOES_NOT_EXIST' });
    else if ([...commerce.priceLists.values()].some((p) => p.catalogId === catalog.id)) errors.push({ field: ['input', 'catalogId'], message: 'Catalog already has a price list', code: 'CATALOG_TAKEN' });
    else catalogId = catalog.id;
  }
  if (errors.length) return { priceList: null, errors };
  const priceList: PriceListRecord = {
    id: commerce.nextId('priceList'),
    name,
    currency: input.currency,
    catalogId,
    adjustment: { type, value },
    compareAtMode: input.parent.settings?.compareAtMode ?? 'ADJUSTED',
    fixed: new Map(),
  };
  commerce.priceLists.set(priceList.id, priceList);
  return { priceList, errors: [] };
}

/** Adds or replaces fixed prices; all-or-nothing, as the mutation's userErrors imply. */
export function addFixedPrices(state: ShopifyState, priceListId: string, prices: readonly PriceListPriceInputData[]): { added: { variantId: number; price: FixedPriceRecord }[] | null; list: PriceListRecord | null; errors: UserErrorData[] } {
  const list = priceListOf(state, priceListId);
  if (!list) return { added: null, list: null, errors: [{ field: ['priceListId'], message: "Price list doesn't exist", code: 'PRICE_LIST_NOT_FOUND' }] };
  const errors: UserErrorData[] = [];
  const added: { variantId: number; price: FixedPriceRecord }[] = [];
  prices.forEach((p, i) => {
    const variantId = variantOf(state, p.variantId);
    if (variantId === null) errors.push({ field: ['prices', String(i), 'variantId'], message: 'Variant not found', code: 'VARIANT_NOT_FOUND' });
    for (const [key, money] of [['price', p.price], ['compareAtPrice', p.compareAtPrice]] as const) {
      if (!money) continue;
      if (money.currencyCode !== list.currency) errors.push({ field: ['prices', String(i), key, 'currencyCode'], message: `Currency must match the price list currency (${list.currency})`, code: 'PRICE_LIST_CURRENCY_MISMATCH' });
      if (!DECIMAL.test(String(money.amount))) errors.push({ field: ['prices', String(i), key, 'amount'], message: 'Amount must be a non-negative decimal', code: 'BLANK' });
    }
    if (variantId !== null) added.push({ variantId, price: { price: String(p.price.amount), compareAtPrice: p.compareAtPrice ? String(p.compareAtPrice.amount) : null } });
  });
  if (errors.length) return { added: null, list, errors };
  for (const a of added) list.fixed.set(a.variantId, a.price);
  return { added, list, errors: [] };
}

export function deleteFixedPrices(state: ShopifyState, priceListId: string, variantIds: readonly string[]): { deleted: string[] | null; errors: UserErrorData[] } {
  const list = priceListOf(state, priceListId);
  if (!list) return { deleted: null, errors: [{ field: ['priceListId'], message: "Price list doesn't exist", code: 'PRICE_LIST_NOT_FOUND' }] };
  const errors: UserErrorData[] = [];
  const ids: number[] = [];
  variantIds.forEach((v, i) => {
    const id = variantOf(state, v);
    if (id === null || !list.fixed.has(id)) errors.push({ field: ['variantIds', String(i)], message: "A fixed price for the variant doesn't exist", code: 'VARIANT_NOT_FOUND' });
    else ids.push(id);
  });
  if (errors.length) return { deleted: null, errors };
  for (const id of ids) list.fixed.delete(id);
  return { deleted: ids.map((id) => gid('ProductVariant', id)), errors: [] };
}

/** Fixed prices of variants that still exist (a deleted variant takes its fixed prices with it). */
export function liveFixedPrices(state: ShopifyState, list: PriceListRecord): { variantId: number; productId: number; price: FixedPriceRecord }[] {
  const out: { variantId: number; productId: number; price: FixedPriceRecord }[] = [];
  for (const [variantId, price] of list.fixed) {
    const productId = state.products.productOfVariant(variantId);
    if (productId !== null && state.products.get(productId)?.variants.some((v) => v.id === variantId)) out.push({ variantId, productId, price });
  }
  return out;
}

export function priceListOf(state: ShopifyState, id: unknown): PriceListRecord | undefined {
  const parsed = typeof id === 'string' ? parseGid(id) : null;
  return parsed?.type === 'PriceList' ? state.commerce.priceLists.get(parsed.id) : undefined;
}

function variantOf(state: ShopifyState, value: string): number | null {
  const parsed = parseGid(value);
  if (parsed?.type !== 'ProductVariant') return null;
  const productId = state.products.productOfVariant(parsed.id);
  return productId !== null && state.products.get(productId)?.variants.some((v) => v.id === parsed.id) ? parsed.id : null;
}
