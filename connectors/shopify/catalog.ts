import { z } from 'zod';
import type { ImageFetcher } from '../image-fetch';
import type { Product } from '../../canonical/product';
import { withFixedPrices } from '../../mappings/shopify/price-list-v1';
import { mapShopifyProduct, ShopifyPageInfo } from '../../mappings/shopify/product-v1';
import { SHOPIFY_STORED_FIELDS } from '../../mappings/shopify/product-update-v1';
import { type CatalogSource, type Mapped, type Page, VendorError } from '../types';
import { updateShopifyProductFields } from './catalog-write';
import { parseData, type GraphqlVariables, type ShopifyGraphql } from './graphql-client';
import { PriceListsConnection, readFixedPrices } from './price-lists';
import {
  PRODUCT_AND_PRICE_LISTS_QUERY,
  PRODUCT_MEDIA_QUERY,
  PRODUCT_VARIANTS_QUERY,
  PRODUCTS_COUNT_QUERY,
  PRODUCTS_QUERY,
  SHOP_CURRENCY_QUERY,
  NestedShape,
  SINGLE_PRODUCT_SIZES,
  pageCursor,
  planProductPage,
  productsQueryCost,
  readPageCursor,
} from './queries';

/**
 * Shopify as the owner of the catalog. Reads pages of products, completes
 * every nested list a page cut short (a product with 250 variants arrives
 * whole, never truncated), adds the Markets fixed prices in other currencies
 * (connectors/shopify/price-lists.ts), and maps each product on its own so one
 * bad record can't sink its page.
 */

const Connection = z.object({ nodes: z.array(z.unknown()), pageInfo: ShopifyPageInfo.optional() });
type Connection = z.infer<typeof Connection>;

const ProductsResponse = z.object({ products: z.object({ nodes: z.array(z.unknown()), pageInfo: ShopifyPageInfo }) });
const ProductResponse = z.object({ product: z.unknown().nullable(), priceLists: PriceListsConnection });
const ShopCurrencyResponse = z.object({ shop: z.object({ currencyCode: z.string().regex(/^[A-Z]{3}$/) }) });
const ProductsCountResponse = z.object({ productsCount: z.object({ count: z.number().int().nonnegative() }).nullable() });
/** Just enough of a product node to finish its nested lists; everything else passes through to the mapping. */
const NodeHead = z.object({ id: z.string(), variants: Connection, media: Connection }).loose();
const NestedVariants = z.object({ product: z.object({ variants: Connection }).nullable() });
const NestedMedia = z.object({ product: z.object({ media: Connection }).nullable() });

/** shop.currencyCode, read once per connector (prices and discount amounts are in it). */
export function createShopCurrency(gql: ShopifyGraphql): () => Promise<string> {
  let currency: Promise<string> | null = null;
  return () => {
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/shop
    if (!currency) {
      currency = gql.request(SHOP_CURRENCY_QUERY).then((d) => parseData(ShopCurrencyResponse, d, 'shop').shop.currencyCode);
      currency.catch(() => (currency = null)); // a failed read is retried next time, not cached
    }
    return currency;
  };
}

export function createShopifyCatalog(connectorId: string, gql: ShopifyGraphql, fetchImage: ImageFetcher, shopCurrency = createShopCurrency(gql)): CatalogSource {
  const shape = new NestedShape();

  /** Fetches the pages of `variants`/`media` the first read left out. null: the product vanished meanwhile. */
  async function complete(node: unknown): Promise<unknown> {
    const head = NodeHead.safeParse(node);
    if (!head.success) return node; // malformed: the mapping names the bad field
    const id = head.data.id;
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/product
    const variants = await drain(head.data.variants, async (after) => {
      const page = parseData(NestedVariants, await gql.request(PRODUCT_VARIANTS_QUERY, { id, after }), 'product.variants');
      return page.product?.variants ?? null;
    });
    const media = await drain(head.data.media, async (after) => {
      const page = parseData(NestedMedia, await gql.request(PRODUCT_MEDIA_QUERY, { id, after }), 'product.media');
      return page.product?.media ?? null;
    });
    if (!variants || !media) return null;
    shape.observe(variants.nodes.length, media.nodes.length);
    return { ...head.data, variants, media };
  }

  async function mapOne(node: unknown): Promise<Mapped<Product> | null> {
    const whole = await complete(node);
    if (whole === null) return null;
    return mapShopifyProduct(whole, { connector: connectorId, currency: await shopCurrency() });
  }

  /** Attaches the Markets fixed prices of the mapped products (one read for the whole batch). */
  async function withPrices(items: Mapped<Product>[], firstLists?: PriceListsConnection): Promise<Mapped<Product>[]> {
    const ok = items.filter((m) => m.ok);
    if (!ok.length) return items;
    const fixed = await readFixedPrices(gql, ok.map((m) => m.externalId), await shopCurrency(), firstLists);
    return items.map((m) => (m.ok ? withFixedPrices(m.record, connectorId, fixed) : m));
  }

  return {
    storedFields: SHOPIFY_STORED_FIELDS,
    fetchImage,
    updateProductFields: (target, current, fields) => updateShopifyProductFields(gql, connectorId, target, current, fields),

    async listProducts({ cursor, pageSize }): Promise<Page<Mapped<Product>>> {
      await shopCurrency();
      // Nested lists sized to what this shop's products hold: more products per 1,000-point query.
      // The plan of this page came with its cursor (see pageCursor); the first page's is fixed.
      const maxCost = gql.budget.maxQueryCost();
      const { after, plan: carried } = readPageCursor(cursor);
      const plan = carried && productsQueryCost(carried) <= maxCost ? carried : planProductPage(pageSize, maxCost, after === null ? null : shape.current());
      const vars: GraphqlVariables = { first: plan.first, after, variantsFirst: plan.variantsFirst, mediaFirst: plan.mediaFirst };
      // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/products
      const data = parseData(ProductsResponse, await gql.request(PRODUCTS_QUERY, vars, { cost: productsQueryCost(plan), lane: 'bulk' }), 'products');
      const items: Mapped<Product>[] = [];
      for (const node of data.products.nodes) {
        const mapped = await mapOne(node);
        if (mapped) items.push(mapped); // deleted mid-read: its delete webhook handles it
      }
      const { hasNextPage, endCursor } = data.products.pageInfo;
      if (hasNextPage && !endCursor) throw new VendorError('Shopify said hasNextPage without an endCursor', 'shopify', 502);
      return { items: await withPrices(items), nextCursor: hasNextPage ? pageCursor(endCursor!, planProductPage(pageSize, maxCost, shape.current())) : null };
    },

    async getProduct(externalId) {
      // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/product (with the price lists in the same request)
      const data = parseData(ProductResponse, await gql.request(PRODUCT_AND_PRICE_LISTS_QUERY, { id: externalId, ...SINGLE_PRODUCT_SIZES }), 'product');
      if (data.product === null) return null;
      const mapped = await mapOne(data.product);
      return mapped && (await withPrices([mapped], data.priceLists))[0]!;
    },

    async countProducts() {
      // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/productsCount
      const data = parseData(ProductsCountResponse, await gql.request(PRODUCTS_COUNT_QUERY), 'productsCount');
      return data.productsCount?.count ?? 0;
    },
  };
}

/** Follows a nested connection to its end. Returns null when the parent disappeared. */
async function drain(first: Connection, next: (after: string) => Promise<Connection | null>): Promise<Connection | null> {
  let nodes = [...first.nodes];
  let pageInfo = first.pageInfo;
  while (pageInfo?.hasNextPage) {
    if (!pageInfo.endCursor) throw new VendorError('Shopify said hasNextPage without an endCursor', 'shopify', 502);
    const page = await next(pageInfo.endCursor);
    if (!page) return null;
    nodes = nodes.concat(page.nodes);
    pageInfo = page.pageInfo ?? { hasNextPage: false, endCursor: null };
  }
  return { nodes, pageInfo: { hasNextPage: false, endCursor: pageInfo?.endCursor ?? null } };
}
