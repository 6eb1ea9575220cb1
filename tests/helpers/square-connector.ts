import { readFileSync } from 'node:fs';
import type { Product } from '../../canonical/product';
import type { SquareConnectorConfig } from '../../config/schema';
import { createSquareConnector, type SquareConnector } from '../../connectors/square';
import { mapShopifyProduct } from '../../mappings/shopify/product-v1';

/** The Square connector as connector tests build it, pointed at a sandbox. */
export function squareTestConnector(o: { baseUrl: string; token: string; signatureKey: string; location?: string; currency?: string }): SquareConnector {
  const cfg: SquareConnectorConfig = {
    kind: 'square',
    accessToken: { env: 'T' },
    webhookSignatureKey: { env: 'K' },
    squareVersion: '2025-10-16',
    environment: 'production',
    baseUrl: o.baseUrl,
    locations: o.location ? { main: o.location } : {},
    ...(o.currency ? { currency: o.currency } : {}),
  };
  return createSquareConnector('pos', cfg, (ref) => (ref.env === 'T' ? o.token : o.signatureKey));
}

/** A canonical product mapped from a Shopify fixture in tests/mappings/fixtures, after `patch` edits the node. */
export function fixtureProduct(file: string, patch: (node: Record<string, unknown>) => void = () => undefined): Product {
  const node = JSON.parse(readFileSync(new URL(`../mappings/fixtures/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
  patch(node);
  const mapped = mapShopifyProduct(node, { connector: 'shop', currency: 'USD' });
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.record;
}
