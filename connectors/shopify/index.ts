import type { SecretRef, ShopifyConnectorConfig } from '../../config/schema';
import { createImageFetcher, type ImageFetcher } from '../image-fetch';
import type { CatalogSource, DiscountSink, DiscountSource, InventoryChannel, WebhookVerifier } from '../types';
import { createShopCurrency, createShopifyCatalog } from './catalog';
import { createShopifyDiscountSink } from './discount-sink';
import { createShopifyDiscounts } from './discounts';
import { createShopifyGraphql, type GraphqlVariables, type ShopifyGraphqlOptions } from './graphql-client';
import { listProductsUpdatedSince, type ChangePage } from './incremental';
import { createShopifyInventory } from './inventory';
import { ensureShopifyWebhookSubscriptions } from './subscriptions';
import { createShopifyWebhookVerifier } from './webhooks';

/**
 * Shopify connector: the catalog's owner in the first vertical slice.
 * Every call goes through the official @shopify/shopify-api Admin GraphQL
 * client (API 2025-01), with the rate budget and error mapping in front.
 */
export interface ShopifyConnector {
  readonly id: string;
  readonly kind: 'shopify';
  readonly webhooks: WebhookVerifier;
  readonly catalog: CatalogSource;
  /** Code discounts (codeDiscountNodes), mapped to canonical Discounts. */
  readonly discounts: DiscountSource;
  /** Discounts owned elsewhere (POS pricing rules), written as automatic discounts. */
  readonly discountSink: DiscountSink;
  /** Stock per inventory item × location (compare-and-set writes). */
  readonly inventory: InventoryChannel;
  /** Subscribes `callbackUrl` to each topic (`products/update` or `PRODUCTS_UPDATE`) not yet subscribed. */
  ensureWebhookSubscriptions(callbackUrl: string, topics: string[]): Promise<void>;
  /** Products changed since `cursor` (null = from the beginning), boundary-safe; re-read them with catalog.getProduct. */
  listProductsUpdatedSince(cursor: string | null, pageSize?: number): Promise<ChangePage>;
  /** Raw Admin GraphQL (rate-budgeted, errors as VendorError); `T` is the caller's claim about `data`. */
  graphql<T>(query: string, variables?: GraphqlVariables): Promise<T>;
}

export type { GraphqlVariables, ShopifyGraphqlOptions } from './graphql-client';
export type { ChangePage, ProductChange } from './incremental';

/**
 * Product images live on Shopify's CDN (https://cdn.shopify.com/s/files/…).
 * A connector pointed at a sandbox or proxy (`baseUrl`) fetches them from
 * there too, on the same path.
 */
export function shopifyImageFetcher(baseUrl: string | undefined): ImageFetcher {
  if (!baseUrl) return createImageFetcher('shopify');
  const base = new URL(baseUrl);
  return createImageFetcher('shopify', (url) => (url.host === SHOPIFY_CDN_HOST ? new URL(`${base.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`, base.origin) : url));
}

const SHOPIFY_CDN_HOST = 'cdn.shopify.com';

export function createShopifyConnector(
  id: string,
  cfg: ShopifyConnectorConfig,
  secret: (ref: SecretRef) => string,
  opts: ShopifyGraphqlOptions = {},
): ShopifyConnector {
  const webhookSecret = secret(cfg.webhookSecret);
  const gql = createShopifyGraphql(cfg, { accessToken: secret(cfg.accessToken), webhookSecret }, opts);
  const shopCurrency = createShopCurrency(gql);
  return {
    id,
    kind: 'shopify',
    webhooks: createShopifyWebhookVerifier(webhookSecret),
    catalog: createShopifyCatalog(id, gql, shopifyImageFetcher(cfg.baseUrl), shopCurrency),
    discounts: createShopifyDiscounts(id, gql),
    discountSink: createShopifyDiscountSink(id, gql, shopCurrency),
    inventory: createShopifyInventory(gql),
    listProductsUpdatedSince: (cursor, pageSize) => listProductsUpdatedSince(gql, cursor, pageSize),
    ensureWebhookSubscriptions: (callbackUrl, topics) => ensureShopifyWebhookSubscriptions(gql, callbackUrl, topics),
    async graphql<T>(query: string, variables?: GraphqlVariables): Promise<T> {
      return (await gql.request(query, variables)) as T;
    },
  };
}
