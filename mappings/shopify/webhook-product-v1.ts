import { z } from 'zod';

/**
 * The few fields Switchyard reads from a `products/*` webhook body. Webhooks
 * are notifications, not truth: the product itself is re-read over GraphQL,
 * so only identity and time are taken from the (REST-shaped) payload.
 *
 * https://shopify.dev/docs/api/webhooks/2025-01?reference=toml#list-products/update
 */
export const MAPPING_VERSION = 'shopify.webhook-product.v1';

export const ShopifyProductWebhookPayload = z.object({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/)]).optional(),
  admin_graphql_api_id: z.string().startsWith('gid://shopify/').optional(),
  updated_at: z.string().nullable().optional(),
});
export type ShopifyProductWebhookPayload = z.infer<typeof ShopifyProductWebhookPayload>;

export interface ProductWebhookRef {
  /** Product gid, e.g. gid://shopify/Product/123. */
  externalId: string | null;
  updatedAt: string | null;
}

/** Identity of the product a webhook is about; null id when the body names none. */
export function readProductWebhook(payload: unknown): ProductWebhookRef {
  const parsed = ShopifyProductWebhookPayload.safeParse(payload);
  if (!parsed.success) return { externalId: null, updatedAt: null };
  const p = parsed.data;
  const externalId = p.admin_graphql_api_id ?? (p.id !== undefined ? `gid://shopify/Product/${p.id}` : null);
  return { externalId, updatedAt: p.updated_at ?? null };
}
