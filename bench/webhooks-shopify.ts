import { signShopifyWebhook } from '../connectors/shopify/webhooks';
import type { WebhookEvent } from '../connectors/types';
import type { StartSpec } from '../ingress/start-spec';

/**
 * Shopify-shaped traffic for the webhook bench: realistic products/update
 * payloads (~2 KB), signed exactly as Shopify signs them, and the router the
 * bench ingress uses. Verification is the real connector's
 * (connectors/shopify/webhooks.ts).
 */

export const SHOP_DOMAIN = 'bench-shop.myshopify.com';
export const BENCH_TASK_QUEUE = 'switchyard-bench';

export function productGid(n: number): string {
  return `gid://shopify/Product/${8_000_000_000 + n}`;
}

export function workflowIdOf(gid: string): string {
  return `product:shop:${gid}`;
}

/** A products/update body as Shopify sends it (REST webhook shape), about 2 KB. */
export function productUpdateBody(n: number, version: number, updatedAt: string): string {
  const id = 8_000_000_000 + n;
  const variant = (v: number): Record<string, unknown> => ({
    id: 44_000_000_000 + n * 10 + v,
    product_id: id,
    title: ['Small', 'Medium', 'Large'][v],
    price: (19.99 + v * 5 + (version % 7)).toFixed(2),
    sku: `SKU-${n}-${v}`,
    position: v + 1,
    inventory_policy: 'deny',
    compare_at_price: null,
    option1: ['Small', 'Medium', 'Large'][v],
    option2: null,
    option3: null,
    created_at: '2024-11-02T10:15:00-05:00',
    updated_at: updatedAt,
    taxable: true,
    barcode: `0${String(700_000_000_000 + n * 10 + v)}`,
    inventory_item_id: 46_000_000_000 + n * 10 + v,
    inventory_quantity: (version * 3 + v) % 120,
    old_inventory_quantity: (version * 3 + v + 1) % 120,
    admin_graphql_api_id: `gid://shopify/ProductVariant/${44_000_000_000 + n * 10 + v}`,
    image_id: null,
  });
  return JSON.stringify({
    admin_graphql_api_id: `gid://shopify/Product/${id}`,
    body_html: `<p>Organic cotton tee number ${n}. Pre-shrunk, garment dyed, relaxed fit. Machine wash cold.</p>`,
    created_at: '2024-11-02T10:15:00-05:00',
    handle: `organic-cotton-tee-${n}`,
    id,
    product_type: 'T-Shirts',
    published_at: '2024-11-02T10:20:00-05:00',
    template_suffix: null,
    title: `Organic Cotton Tee ${n}`,
    updated_at: updatedAt,
    vendor: 'Switchyard Apparel',
    status: 'active',
    published_scope: 'global',
    tags: 'cotton, organic, summer',
    variants: [variant(0), variant(1), variant(2)],
    options: [{ id: 10_000_000_000 + n, product_id: id, name: 'Size', position: 1, values: ['Small', 'Medium', 'Large'] }],
    images: [],
    image: null,
  });
}

export function shopifyHeaders(body: string, secret: string, eventId: string, triggeredAt: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': 'products/update',
    'x-shopify-shop-domain': SHOP_DOMAIN,
    'x-shopify-api-version': '2025-01',
    'x-shopify-webhook-id': eventId,
    'x-shopify-event-id': eventId,
    'x-shopify-triggered-at': triggeredAt,
    'x-shopify-hmac-sha256': signShopifyWebhook(body, secret),
  };
}

/** One productSync workflow per product; the signal carries ids only. */
export function benchRouter(connectorId: string, event: WebhookEvent): StartSpec | null {
  if (event.entity !== 'product' || event.externalId === null) return null;
  return {
    workflowType: 'productSync',
    workflowId: workflowIdOf(event.externalId),
    taskQueue: BENCH_TASK_QUEUE,
    args: [{ connector: connectorId, externalId: event.externalId }],
    signal: 'changed',
    signalArgs: [{ eventId: event.eventId, topic: event.topic, action: event.action, occurredAt: event.occurredAt }],
    searchAttributes: { SwitchyardConnector: connectorId, SwitchyardEntity: 'product', SwitchyardExternalId: event.externalId },
  };
}
