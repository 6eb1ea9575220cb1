import { createHmac, timingSafeEqual } from 'node:crypto';
import { readDiscountWebhook } from '../../mappings/shopify/webhook-discount-v1';
import { readProductWebhook } from '../../mappings/shopify/webhook-product-v1';
import type { WebhookEvent, WebhookRequest, WebhookVerdict, WebhookVerifier } from '../types';

/**
 * Verifies and reduces Shopify webhook deliveries. The signature is checked
 * over the raw bytes before anything is parsed; a failure never says more
 * than "invalid HMAC" (and never echoes the secret).
 *
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify
 */
export function createShopifyWebhookVerifier(webhookSecret: string): WebhookVerifier {
  return {
    verify(req: WebhookRequest): WebhookVerdict {
      if (!validHmac(req.rawBody, req.headers['x-shopify-hmac-sha256'], webhookSecret)) {
        return { ok: false, status: 401, reason: 'invalid HMAC' };
      }
      let payload: unknown;
      try {
        payload = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return { ok: false, status: 400, reason: 'body is not JSON' };
      }
      const topic = req.headers['x-shopify-topic']?.trim();
      if (!topic) return { ok: false, status: 400, reason: 'missing X-Shopify-Topic' };
      // X-Shopify-Event-Id is the same across retries of one event; X-Shopify-Webhook-Id is per subscription delivery.
      const eventId = req.headers['x-shopify-event-id']?.trim() || req.headers['x-shopify-webhook-id']?.trim();
      if (!eventId) return { ok: false, status: 400, reason: 'missing X-Shopify-Event-Id' };
      return { ok: true, event: toEvent(topic, eventId, payload, req.headers['x-shopify-triggered-at'] ?? null) };
    },
  };
}

/** base64(HMAC-SHA256(rawBody, secret)), compared in constant time. */
export function signShopifyWebhook(rawBody: Buffer | string, webhookSecret: string): string {
  return createHmac('sha256', webhookSecret).update(rawBody).digest('base64');
}

function validHmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function toEvent(topic: string, eventId: string, payload: unknown, triggeredAt: string | null): WebhookEvent {
  if (topic === 'inventory_levels/update' || topic === 'inventory_levels/connect') return inventoryEvent(topic, eventId, payload, triggeredAt);
  if (topic === 'discounts/create' || topic === 'discounts/update' || topic === 'discounts/delete') return discountEvent(topic, eventId, payload, triggeredAt);
  const isProduct = topic === 'products/create' || topic === 'products/update' || topic === 'products/delete';
  if (!isProduct) return { eventId, topic, entity: 'other', action: 'upsert', externalId: null, occurredAt: triggeredAt };
  const ref = readProductWebhook(payload);
  return {
    eventId,
    topic,
    entity: 'product',
    action: topic === 'products/delete' ? 'delete' : 'upsert',
    externalId: ref.externalId,
    // products/delete carries only the id, so the delivery's trigger time stands in.
    occurredAt: ref.updatedAt ?? triggeredAt,
  };
}

/**
 * inventory_levels/update names one inventory item at one location (REST ids).
 * Its `available` is not used: the entity workflow re-reads the level, so
 * stale or reordered deliveries can't move stock.
 * https://shopify.dev/docs/api/webhooks/2025-01?reference=toml#list-of-topics-inventory_levels/update
 */
function inventoryEvent(topic: string, eventId: string, payload: unknown, triggeredAt: string | null): WebhookEvent {
  const p = (payload ?? {}) as { inventory_item_id?: unknown; location_id?: unknown; updated_at?: unknown; available?: unknown };
  const item = typeof p.inventory_item_id === 'number' || typeof p.inventory_item_id === 'string' ? String(p.inventory_item_id) : null;
  const location = typeof p.location_id === 'number' || typeof p.location_id === 'string' ? String(p.location_id) : null;
  const reported = typeof p.available === 'number' && Number.isInteger(p.available) ? { reported: p.available } : {};
  const inventory = item && location ? [{ itemId: `gid://shopify/InventoryItem/${item}`, locationId: `gid://shopify/Location/${location}`, ...reported }] : [];
  return {
    eventId,
    topic,
    entity: 'inventory',
    action: 'upsert',
    externalId: inventory[0]?.itemId ?? null,
    occurredAt: typeof p.updated_at === 'string' ? p.updated_at : triggeredAt,
    inventory,
  };
}

/** discounts/* name the discount; automatic discounts (not synced) reduce to `other`. */
function discountEvent(topic: string, eventId: string, payload: unknown, triggeredAt: string | null): WebhookEvent {
  const ref = readDiscountWebhook(payload);
  if (!ref.externalId) return { eventId, topic, entity: 'other', action: 'upsert', externalId: null, occurredAt: triggeredAt };
  return { eventId, topic, entity: 'discount', action: topic === 'discounts/delete' ? 'delete' : 'upsert', externalId: ref.externalId, occurredAt: ref.occurredAt ?? triggeredAt };
}
