import { createHash } from 'node:crypto';
import type { Square } from 'square';
import { VendorError } from '../types';
import { squareCall, type SquareApi } from './client';

/**
 * Makes sure Square notifies `url` of `eventTypes`, and returns the signature
 * key to verify those notifications with. Safe to call on every start.
 *
 * Square only reveals a signature key when a subscription is created or its
 * key is rotated, so for an existing subscription we trust `signatureKeyHint`
 * (the key the operator configured) and rotate only when there is none.
 *
 * https://developer.squareup.com/reference/square/webhook-subscriptions-api
 */
export async function ensureSquareWebhookSubscription(
  api: SquareApi,
  squareVersion: string,
  url: string,
  eventTypes: readonly string[],
  signatureKeyHint?: string,
): Promise<{ signatureKey: string }> {
  const existing = await findSubscription(api, url);
  if (!existing?.id) {
    // https://developer.squareup.com/reference/square/webhook-subscriptions-api/create-webhook-subscription
    const created = await squareCall(() =>
      api.client.webhooks.subscriptions.create(
        {
          idempotencyKey: digest('create', url, ...[...eventTypes].sort()),
          subscription: { name: 'Switchyard', enabled: true, eventTypes: [...eventTypes], notificationUrl: url, apiVersion: squareVersion },
        },
        api.requestOptions,
      ),
    );
    const key = created.subscription?.signatureKey;
    if (!key) throw new VendorError('Square created the webhook subscription without a signature key', 'square', 502);
    return { signatureKey: key };
  }

  const subscriptionId = existing.id;
  const have = new Set(existing.eventTypes ?? []);
  if (eventTypes.some((t) => !have.has(t)) || existing.enabled === false) {
    // https://developer.squareup.com/reference/square/webhook-subscriptions-api/update-webhook-subscription
    const union = [...new Set([...have, ...eventTypes])];
    await squareCall(() => api.client.webhooks.subscriptions.update({ subscriptionId, subscription: { eventTypes: union, enabled: true } }, api.requestOptions));
  }
  if (signatureKeyHint) return { signatureKey: signatureKeyHint };

  // https://developer.squareup.com/reference/square/webhook-subscriptions-api/update-webhook-subscription-signature-key
  const rotated = await squareCall(() =>
    api.client.webhooks.subscriptions.updateSignatureKey({ subscriptionId, idempotencyKey: digest('rotate', subscriptionId, String(Date.now())) }, api.requestOptions),
  );
  if (!rotated.signatureKey) throw new VendorError('Square rotated the signature key without returning it', 'square', 502);
  return { signatureKey: rotated.signatureKey };
}

async function findSubscription(api: SquareApi, url: string): Promise<Square.WebhookSubscription | null> {
  // https://developer.squareup.com/reference/square/webhook-subscriptions-api/list-webhook-subscriptions
  let page = await squareCall(() => api.client.webhooks.subscriptions.list({ includeDisabled: true }, api.requestOptions));
  for (;;) {
    const match = page.data.find((s) => s.notificationUrl === url);
    if (match) return match;
    if (!page.hasNextPage()) return null;
    page = await squareCall(() => page.getNextPage());
  }
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 45);
}
