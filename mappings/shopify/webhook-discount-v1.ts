import { z } from 'zod';

/**
 * The few fields Switchyard reads from a `discounts/*` webhook body
 * (`admin_graphql_api_id`, `updated_at` / `deleted_at`). The discount itself
 * is re-read over GraphQL. The topics also fire for automatic discounts
 * (`gid://shopify/DiscountAutomaticNode/…`), which are not synced: only
 * code discounts are reported as such.
 *
 * https://shopify.dev/docs/api/webhooks/2025-01?reference=toml#list-discounts/create
 */
export const MAPPING_VERSION = 'shopify.webhook-discount.v1';

export const ShopifyDiscountWebhookPayload = z.object({
  admin_graphql_api_id: z.string().startsWith('gid://shopify/'),
  updated_at: z.string().nullable().optional(),
  deleted_at: z.string().nullable().optional(),
});

export interface DiscountWebhookRef {
  /** DiscountCodeNode gid; null for automatic discounts and bodies naming none. */
  externalId: string | null;
  occurredAt: string | null;
}

export function readDiscountWebhook(payload: unknown): DiscountWebhookRef {
  const parsed = ShopifyDiscountWebhookPayload.safeParse(payload);
  if (!parsed.success) return { externalId: null, occurredAt: null };
  const p = parsed.data;
  const isCode = p.admin_graphql_api_id.startsWith('gid://shopify/DiscountCodeNode/');
  return { externalId: isCode ? p.admin_graphql_api_id : null, occurredAt: p.updated_at ?? p.deleted_at ?? null };
}
