import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { WebhookEvent, WebhookRequest, WebhookVerdict, WebhookVerifier } from '../types';

/**
 * Verifies and reduces Square webhook notifications. Square signs the
 * notification URL followed by the raw body, so the URL must be exactly the
 * one in the subscription (configure `webhookUrl` when a proxy rewrites it).
 *
 * https://developer.squareup.com/docs/webhooks/step3validate
 */

const Notification = z.object({
  event_id: z.string().min(1),
  type: z.string().min(1),
  created_at: z.string().nullable().optional(),
  data: z.object({ type: z.string().optional(), id: z.string().optional(), object: z.record(z.string(), z.unknown()).optional() }).loose().nullable().optional(),
});

export function createSquareWebhookVerifier(signatureKey: string, notificationUrl: string | undefined): WebhookVerifier {
  return {
    verify(req: WebhookRequest): WebhookVerdict {
      const url = notificationUrl ?? req.url;
      if (!validSignature(url, req.rawBody, req.headers['x-square-hmacsha256-signature'], signatureKey)) {
        return { ok: false, status: 401, reason: 'invalid signature' };
      }
      let payload: unknown;
      try {
        payload = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return { ok: false, status: 400, reason: 'body is not JSON' };
      }
      const parsed = Notification.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, status: 400, reason: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid notification'}` };
      }
      return { ok: true, event: toEvent(parsed.data) };
    },
  };
}

/** base64(HMAC-SHA256(signatureKey, notificationUrl + rawBody)). */
export function signSquareWebhook(notificationUrl: string, rawBody: Buffer | string, signatureKey: string): string {
  return createHmac('sha256', signatureKey).update(notificationUrl).update(rawBody).digest('base64');
}

function validSignature(url: string, rawBody: Buffer, header: string | undefined, key: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', key).update(url).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function toEvent(n: z.infer<typeof Notification>): WebhookEvent {
  const base = { eventId: n.event_id, topic: n.type, occurredAt: n.created_at ?? null };
  const action = n.type.endsWith('.deleted') ? 'delete' : 'upsert';
  // catalog.version.updated names no object: the whole catalog moved to a new version.
  if (n.type === 'catalog.version.updated') return { ...base, entity: 'product', action: 'upsert', externalId: null };
  if (n.type === 'inventory.count.updated') {
    // One notification can carry many counts; each (variation, location) pair is a key of its own.
    // https://developer.squareup.com/reference/square/webhooks/inventory.count.updated
    const counts = (n.data?.object as { inventory_counts?: unknown } | undefined)?.inventory_counts;
    const pairs = new Map<string, { itemId: string; locationId: string; reported?: number }>();
    for (const c of Array.isArray(counts) ? counts : []) {
      const rec = c as { catalog_object_id?: unknown; location_id?: unknown; state?: unknown; quantity?: unknown };
      if (typeof rec.catalog_object_id !== 'string' || typeof rec.location_id !== 'string') continue;
      const key = `${rec.catalog_object_id}|${rec.location_id}`;
      const pair = pairs.get(key) ?? { itemId: rec.catalog_object_id, locationId: rec.location_id };
      // The IN_STOCK count is the sellable level; other states in the same delivery don't change it.
      const q = typeof rec.quantity === 'string' ? Number(rec.quantity) : NaN;
      if (rec.state === 'IN_STOCK' && Number.isInteger(q)) pair.reported = q;
      pairs.set(key, pair);
    }
    const inventory = [...pairs.values()];
    return { ...base, entity: 'inventory', action: 'upsert', externalId: inventory[0]?.itemId ?? n.data?.id ?? null, inventory };
  }
  if (n.type.startsWith('customer.')) return { ...base, entity: 'customer', action, externalId: n.data?.id ?? null };
  return { ...base, entity: 'other', action, externalId: n.data?.id ?? null };
}
