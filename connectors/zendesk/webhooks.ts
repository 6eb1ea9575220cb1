import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { WebhookEvent, WebhookRequest, WebhookVerdict, WebhookVerifier } from '../types';

/**
 * Verifies Zendesk webhook requests, https://developer.zendesk.com/documentation/webhooks/verifying/:
 * X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(signing secret,
 * X-Zendesk-Webhook-Signature-Timestamp + raw body)). The event id is the
 * payload's `id` (the same on every retry of an invocation), so it dedupes.
 * Users map to 'customer'; tickets have no canonical entity here → 'other'.
 */

const EventPayload = z.looseObject({
  id: z.string().min(1),
  type: z.string().regex(/^zen:event-type:/),
  subject: z.string().min(1),
  time: z.string().optional(),
  detail: z.looseObject({ id: z.union([z.string(), z.number()]).optional() }).optional(),
});

export function signZendeskWebhookBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('base64');
}

function validSignature(secret: string, timestamp: string | undefined, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !timestamp) return false;
  const expected = createHmac('sha256', secret).update(timestamp).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createZendeskWebhookVerifier(secret: string): WebhookVerifier {
  return {
    verify(req: WebhookRequest): WebhookVerdict {
      const sig = req.headers['x-zendesk-webhook-signature'];
      const ts = req.headers['x-zendesk-webhook-signature-timestamp'];
      if (!validSignature(secret, ts, req.rawBody, sig)) return { ok: false, status: 401, reason: 'invalid signature' };
      let payload: unknown;
      try {
        payload = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return { ok: false, status: 400, reason: 'body is not JSON' };
      }
      const parsed = EventPayload.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, status: 400, reason: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'not a Zendesk event'}` };
      }
      return { ok: true, event: toEvent(parsed.data) };
    },
  };
}

function toEvent(p: z.infer<typeof EventPayload>): WebhookEvent {
  const [, kind = '', id = null] = /^zen:([a-z_]+):(.+)$/.exec(p.subject) ?? [];
  const name = p.type.slice('zen:event-type:'.length);
  const action = /\.(deleted|soft_deleted|permanently_deleted)$/.test(name) ? 'delete' : 'upsert';
  return { eventId: p.id, topic: name, entity: kind === 'user' ? 'customer' : 'other', action, externalId: id, occurredAt: p.time ?? null };
}
