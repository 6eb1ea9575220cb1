import type { Square, SquareClient } from 'square';
import type { SecretRef, SquareConnectorConfig } from '../../config/schema';
import { VendorError, type CatalogSink, type DiscountSink, type DiscountSource, type InventoryChannel, type WebhookVerifier } from '../types';
import { listSquareItems } from './catalog-read';
import { createSquareCatalogSink } from './catalog-sink';
import { createSquareApi, squareCall, type SquareApi } from './client';
import { createSquareDiscountSource } from './discount-source';
import { createSquareDiscountSink } from './discounts';
import { createSquareInventory } from './inventory';
import { inventoryCountsPage, searchCatalogPage, type CatalogChangesPage, type InventoryCountsPage } from './pos-read';
import { createSellingLocation } from './selling-location';
import { ensureSquareWebhookSubscription } from './subscriptions';
import { createSquareWebhookVerifier } from './webhooks';

/**
 * Square connector: the POS that receives the catalog in the first vertical
 * slice. Every call goes through the official `square` SDK (retries off,
 * Square-Version pinned from the config).
 */
export interface SquareConnector {
  readonly id: string;
  readonly kind: 'square';
  readonly webhooks: WebhookVerifier;
  readonly catalog: CatalogSink;
  /** Discounts as DISCOUNT / PRODUCT_SET / PRICING_RULE objects. */
  readonly discounts: DiscountSink;
  /** Square's own pricing rules, as discounts it owns. */
  readonly discountSource: DiscountSource;
  /** IN_STOCK counts per variation × location (delta writes under idempotency keys). */
  readonly inventory: InventoryChannel;
  /** The configured SDK client (for tests and operator tooling). */
  readonly client: SquareClient;
  /** Subscribes `url` to `eventTypes`; returns the key that verifies its notifications. */
  ensureWebhookSubscription(url: string, eventTypes: string[], signatureKeyHint?: string): Promise<{ signatureKey: string }>;
  /** Every ITEM in the catalog (status, tests). */
  listItems(): Promise<Square.CatalogObject[]>;
  /** One page of catalog objects (SearchCatalogObjects); with beginTime, the changes since then (deletions included on request). */
  catalogPage(opts: Parameters<typeof searchCatalogPage>[1]): Promise<CatalogChangesPage>;
  /** One page of inventory counts calculated after `updatedAfter`. */
  inventoryCounts(opts: Parameters<typeof inventoryCountsPage>[1]): Promise<InventoryCountsPage>;
}

export function createSquareConnector(id: string, cfg: SquareConnectorConfig, secret: (ref: SecretRef) => string): SquareConnector {
  const api = createSquareApi(cfg, secret(cfg.accessToken));
  let currency: Promise<string> | null = null;
  const sellingCurrency = (): Promise<string> => {
    if (!currency) {
      currency = cfg.currency ? Promise.resolve(cfg.currency) : locationCurrency(api, Object.values(cfg.locations));
      currency.catch(() => (currency = null)); // a failed read is retried next time, not cached
    }
    return currency;
  };
  return {
    id,
    kind: 'square',
    webhooks: createSquareWebhookVerifier(secret(cfg.webhookSignatureKey), cfg.webhookUrl),
    catalog: createSquareCatalogSink(id, api, sellingCurrency),
    ...((selling) => ({ discounts: createSquareDiscountSink(id, api, selling), discountSource: createSquareDiscountSource(id, api, selling) }))(createSellingLocation(api, cfg)),
    inventory: createSquareInventory(api),
    client: api.client,
    ensureWebhookSubscription: (url, eventTypes, hint) => ensureSquareWebhookSubscription(api, cfg.squareVersion, url, eventTypes, hint),
    listItems: () => listSquareItems(api),
    catalogPage: (opts) => searchCatalogPage(api, opts),
    inventoryCounts: (opts) => inventoryCountsPage(api, opts),
  };
}

/** Without `currency` in the config: the currency of the first configured (else first active) location. */
async function locationCurrency(api: SquareApi, configured: string[]): Promise<string> {
  // https://developer.squareup.com/reference/square/locations-api/list-locations
  const res = await squareCall(() => api.client.locations.list(api.requestOptions));
  const locations = res.locations ?? [];
  const chosen = locations.find((l) => l.id !== undefined && configured.includes(l.id)) ?? locations.find((l) => l.status === 'ACTIVE') ?? locations[0];
  if (!chosen?.currency) throw new VendorError('Square: no location with a currency; set `currency` on the connector', 'square', 400, null, 'NO_CURRENCY');
  return chosen.currency;
}
