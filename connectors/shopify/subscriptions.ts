import { z } from 'zod';
import { assertNoUserErrors } from './errors';
import { parseData, type ShopifyGraphql } from './graphql-client';
import { WEBHOOK_SUBSCRIPTION_CREATE, WEBHOOK_SUBSCRIPTIONS_QUERY } from './queries';

/**
 * Makes sure the shop sends the given topics to `callbackUrl`: lists the
 * existing subscriptions and creates only the missing ones, so calling it on
 * every start is safe.
 */

const SubscriptionsPage = z.object({
  webhookSubscriptions: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        topic: z.string(),
        endpoint: z.object({ __typename: z.string(), callbackUrl: z.string().optional() }).nullable().optional(),
      }),
    ),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});

const CreateResult = z.object({
  webhookSubscriptionCreate: z.object({
    webhookSubscription: z.object({ id: z.string() }).nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string() })),
  }),
});

/** `products/update` (REST/header form) or `PRODUCTS_UPDATE` → the GraphQL enum value. */
export function toTopicEnum(topic: string): string {
  return topic.trim().replace(/[/.]/g, '_').toUpperCase();
}

export async function ensureShopifyWebhookSubscriptions(gql: ShopifyGraphql, callbackUrl: string, topics: readonly string[]): Promise<void> {
  const existing = new Set<string>();
  let after: string | null = null;
  for (;;) {
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/webhookSubscriptions
    const page: z.infer<typeof SubscriptionsPage> = parseData(SubscriptionsPage, await gql.request(WEBHOOK_SUBSCRIPTIONS_QUERY, { after }), 'webhookSubscriptions');
    for (const s of page.webhookSubscriptions.nodes) {
      if (s.endpoint?.callbackUrl === callbackUrl) existing.add(s.topic);
    }
    if (!page.webhookSubscriptions.pageInfo.hasNextPage || !page.webhookSubscriptions.pageInfo.endCursor) break;
    after = page.webhookSubscriptions.pageInfo.endCursor;
  }

  for (const topic of new Set(topics.map(toTopicEnum))) {
    if (existing.has(topic)) continue;
    // https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/webhookSubscriptionCreate
    const data = parseData(CreateResult, await gql.request(WEBHOOK_SUBSCRIPTION_CREATE, { topic, webhookSubscription: { callbackUrl, format: 'JSON' } }), 'webhookSubscriptionCreate');
    assertNoUserErrors(data.webhookSubscriptionCreate.userErrors, `webhookSubscriptionCreate ${topic}`);
  }
}
