import { z } from 'zod';
import { collectFixedPrices, relevantPriceLists, ShopifyPriceListNode } from '../../mappings/shopify/price-list-v1';
import { ShopifyPageInfo } from '../../mappings/shopify/product-v1';
import { VendorError } from '../types';
import { parseData, type ShopifyGraphql } from './graphql-client';

/**
 * Reads the fixed prices Shopify Markets price lists hold for a set of
 * products: one listing of the price lists, then, per market price list in
 * another currency, its FIXED prices filtered to those products (a page of
 * products costs one query per such list, not one per product). A shop
 * without price lists pays one cheap query.
 *
 * No webhook fires when only a fixed price changes, so such edits reach the
 * channels with the next backfill or product update.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/priceLists
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/PriceList#connection-prices
 */

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

const PRICE_LIST_NODES = `nodes { id name currency fixedPricesCount catalog { __typename } } ${PAGE_INFO}`;

export const PRICE_LISTS_QUERY = `query SwitchyardPriceLists($after: String) {
  priceLists(first: 50, after: $after) { ${PRICE_LIST_NODES} }
}`;

/** The first page of price lists, as a root field another query can carry (one request instead of two). */
export const FIRST_PRICE_LISTS_FIELD = `priceLists(first: 50) { ${PRICE_LIST_NODES} }`;

export const FIXED_PRICES_QUERY = `query SwitchyardFixedPrices($id: ID!, $query: String!, $after: String) {
  priceList(id: $id) { prices(first: 100, after: $after, originType: FIXED, query: $query) { nodes { variant { id } price { amount currencyCode } } ${PAGE_INFO} } }
}`;

/** Products per filtered read: keeps the search string short. */
const PRODUCTS_PER_QUERY = 50;

export const PriceListsConnection = z.object({ nodes: z.array(ShopifyPriceListNode), pageInfo: ShopifyPageInfo });
export type PriceListsConnection = z.infer<typeof PriceListsConnection>;
const ListsPage = z.object({ priceLists: PriceListsConnection });
const PricesPage = z.object({ priceList: z.object({ prices: z.object({ nodes: z.array(z.unknown()), pageInfo: ShopifyPageInfo }) }).nullable() });

export type FixedPrices = ReturnType<typeof collectFixedPrices>;

/** `firstLists`: the first page of price lists when the caller already read it (FIRST_PRICE_LISTS_FIELD). */
export async function readFixedPrices(gql: ShopifyGraphql, productGids: readonly string[], shopCurrency: string, firstLists?: PriceListsConnection): Promise<FixedPrices> {
  if (!productGids.length) return { prices: new Map(), problems: new Map() };
  const lists = relevantPriceLists(await allPriceLists(gql, firstLists), shopCurrency);
  const read: { list: ShopifyPriceListNode; prices: unknown[] }[] = [];
  for (const list of lists) {
    const prices: unknown[] = [];
    for (let i = 0; i < productGids.length; i += PRODUCTS_PER_QUERY) {
      const query = productGids.slice(i, i + PRODUCTS_PER_QUERY).map((g) => `product_id:${legacyId(g)}`).join(' OR ');
      let after: string | null = null;
      for (;;) {
        const page: z.infer<typeof PricesPage> = parseData(PricesPage, await gql.request(FIXED_PRICES_QUERY, { id: list.id, query, after }), 'priceList.prices');
        if (!page.priceList) break; // deleted meanwhile: no prices from it
        prices.push(...page.priceList.prices.nodes);
        const info = page.priceList.prices.pageInfo;
        if (!info.hasNextPage) break;
        if (!info.endCursor) throw new VendorError('Shopify said hasNextPage without an endCursor', 'shopify', 502);
        after = info.endCursor;
      }
    }
    read.push({ list, prices });
  }
  return collectFixedPrices(read);
}

async function allPriceLists(gql: ShopifyGraphql, firstLists?: PriceListsConnection): Promise<ShopifyPriceListNode[]> {
  const out: ShopifyPriceListNode[] = [];
  let after: string | null = null;
  for (let first = firstLists; ; first = undefined) {
    const page: z.infer<typeof ListsPage> = first ? { priceLists: first } : parseData(ListsPage, await gql.request(PRICE_LISTS_QUERY, { after }), 'priceLists');
    out.push(...page.priceLists.nodes);
    if (!page.priceLists.pageInfo.hasNextPage) return out;
    if (!page.priceLists.pageInfo.endCursor) throw new VendorError('Shopify said hasNextPage without an endCursor', 'shopify', 502);
    after = page.priceLists.pageInfo.endCursor;
  }
}

function legacyId(gid: string): string {
  return gid.slice(gid.lastIndexOf('/') + 1);
}
