import { GraphQLError } from 'graphql';
import { arraySequence, paginate, type CursorKey } from '../../framework/graphql-connection';
import { gid, parseGid } from '../ids';
import { liveFixedPrices, type PriceListRecord } from '../price-list-ops';
import { emptyConnection, money, shopifyConnectionArgs, toConnection, type ConnectionResult, type ExecContext } from './context';
import { VariantNode } from './variant-node';

/**
 * PriceList, its fixed PriceListPrices and the MarketCatalog it prices.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/PriceList
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/PriceListPrice
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/MarketCatalog
 */

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

export function priceListNode(list: PriceListRecord, ctx: ExecContext): Obj {
  const catalog = list.catalogId === null ? undefined : ctx.state.commerce.catalogs.get(list.catalogId);
  return {
    __typename: 'PriceList',
    id: gid('PriceList', list.id),
    name: list.name,
    currency: list.currency,
    get fixedPricesCount() {
      return liveFixedPrices(ctx.state, list).length;
    },
    parent: { adjustment: { ...list.adjustment }, settings: { compareAtMode: list.compareAtMode } },
    catalog: catalog
      ? {
          __typename: 'MarketCatalog',
          id: gid('MarketCatalog', catalog.id),
          title: catalog.title,
          status: catalog.status,
          priceList: () => priceListNode(list, ctx),
          operations: [],
          publication: null,
          markets: (args: Args) => emptyConnection(args),
        }
      : null,
    prices: (args: Args) => prices(list, args, ctx),
    quantityRules: (args: Args) => emptyConnection(args),
  };
}

/**
 * `prices`, FIXED origin only: relative prices are the shop's prices
 * converted at Shopify's exchange rates, which the sandbox does not model —
 * asking for them is reported as a sandbox gap rather than answered wrongly.
 */
function prices(list: PriceListRecord, args: Args, ctx: ExecContext): ConnectionResult<Obj> {
  if (args.originType !== 'FIXED') {
    throw new GraphQLError('PriceList.prices without originType: FIXED (relative prices) is not implemented by the Switchyard Shopify sandbox', { extensions: { code: 'SANDBOX_NOT_IMPLEMENTED' } });
  }
  const a = shopifyConnectionArgs(args);
  const match = compilePriceQuery(typeof args.query === 'string' ? args.query : '');
  const rows = liveFixedPrices(ctx.state, list)
    .filter(match)
    .sort((x, y) => x.variantId - y.variantId);
  const keyOf = (r: (typeof rows)[number]): CursorKey => ({ id: r.variantId, value: r.variantId });
  return toConnection(
    paginate(arraySequence(rows, keyOf, a.reverse), a, null),
    (r) => {
      const product = ctx.state.products.get(r.productId)!;
      const variant = product.variants.find((v) => v.id === r.variantId)!;
      return {
        originType: 'FIXED',
        price: money(r.price.price, list.currency),
        compareAtPrice: r.price.compareAtPrice === null ? null : money(r.price.compareAtPrice, list.currency),
        variant: new VariantNode(variant, product, ctx),
        quantityPriceBreaks: (qa: Args) => emptyConnection(qa),
      };
    },
    keyOf,
  );
}

/**
 * The filters PriceList.prices documents (`product_id`, `variant_id`, `id`),
 * joined by whitespace/AND and OR. Unknown terms match nothing, so a typo
 * shows up as an empty page rather than every price.
 * https://shopify.dev/docs/api/usage/search-syntax
 */
export function compilePriceQuery(query: string): (row: { variantId: number; productId: number }) => boolean {
  const q = query.trim();
  if (!q) return () => true;
  const alternatives = q.split(/\s+OR\s+/).map((alt) =>
    alt
      .split(/\s+(?:AND\s+)?/)
      .filter((t) => t && t !== 'AND')
      .map((term) => {
        const m = /^(product_id|variant_id|id):(\S+)$/.exec(term);
        const raw = m?.[2]?.replace(/^["']|["']$/g, '') ?? '';
        const n = /^\d+$/.test(raw) ? Number(raw) : (parseGid(raw)?.id ?? Number.NaN);
        return (r: { variantId: number; productId: number }) => (m?.[1] === 'product_id' ? r.productId === n : m ? r.variantId === n : false);
      }),
  );
  return (row) => alternatives.some((terms) => terms.every((t) => t(row)));
}

/** QueryRoot.priceLists / priceList. https://shopify.dev/docs/api/admin-graphql/2025-01/queries/priceLists */
export function priceLists(ctx: ExecContext, args: Args): ConnectionResult<Obj> {
  const a = shopifyConnectionArgs(args);
  const byName = args.sortKey === 'NAME';
  const list = [...ctx.state.commerce.priceLists.values()].sort((x, y) => (byName ? x.name.localeCompare(y.name) || x.id - y.id : x.id - y.id));
  const keyOf = (p: PriceListRecord): CursorKey => ({ id: p.id, value: byName ? p.name.toLowerCase() : p.id });
  return toConnection(paginate(arraySequence(list, keyOf, a.reverse), a, null), (p) => priceListNode(p, ctx), keyOf);
}

export function priceList(ctx: ExecContext, args: Args): Obj | null {
  const parsed = typeof args.id === 'string' ? parseGid(args.id) : null;
  const list = parsed?.type === 'PriceList' ? ctx.state.commerce.priceLists.get(parsed.id) : undefined;
  return list ? priceListNode(list, ctx) : null;
}
