import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { WebhookEvent, WebhookRequest, WebhookVerdict, WebhookVerifier } from '../types';

/**
 * Verifies and reduces Xero webhook payloads
 * (https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/):
 * `x-xero-signature` = base64(HMAC-SHA256(webhook key, raw body)). A bad or
 * missing signature is 401 — exactly what intent-to-receive expects for its
 * incorrectly signed probes — and a well-signed body that is not a Xero payload
 * is 400. A payload batches events; Xero gives them no id, so the event id is a
 * stable hash of resourceId + eventDateUtc + eventType (redeliveries dedupe).
 * The empty, well-signed intent-to-receive payload verifies (it must get a 200).
 */

const XeroEvent = z.object({
  resourceUrl: z.string(),
  resourceId: z.string().min(1),
  eventDateUtc: z.string().min(1),
  eventType: z.string().min(1),
  eventCategory: z.string().min(1),
  tenantId: z.string().min(1),
  tenantType: z.string(),
});

const Payload = z.object({
  events: z.array(XeroEvent),
  firstEventSequence: z.number().int(),
  lastEventSequence: z.number().int(),
  entropy: z.string(),
});

export type XeroBatchVerdict = { ok: true; events: WebhookEvent[]; tenantIds: string[] } | { ok: false; status: 400 | 401; reason: string };

export interface XeroWebhookVerifier extends WebhookVerifier {
  /** Every event of the payload (verify() reports the first one only). */
  verifyBatch(req: WebhookRequest): XeroBatchVerdict;
}

export function signXeroWebhook(key: string, rawBody: Buffer | string): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}

export function xeroEventId(resourceId: string, eventDateUtc: string, eventType: string): string {
  return 'xero_' + createHash('sha256').update(`${resourceId.toLowerCase()}|${eventDateUtc}|${eventType}`).digest('hex').slice(0, 32);
}

function validSignature(rawBody: Buffer, header: string | undefined, key: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', key).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Xero sends eventDateUtc without a zone; it is UTC. */
function isoUtc(s: string): string | null {
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function toEvent(e: z.infer<typeof XeroEvent>): WebhookEvent {
  const entity: WebhookEvent['entity'] = e.eventCategory === 'CONTACT' ? 'customer' : 'other';
  return {
    eventId: xeroEventId(e.resourceId, e.eventDateUtc, e.eventType),
    topic: `${e.eventCategory.toLowerCase()}.${e.eventType.toLowerCase()}`,
    entity,
    // Xero has no delete events: archiving a contact or voiding an invoice is an UPDATE.
    action: 'upsert',
    externalId: e.resourceId,
    occurredAt: isoUtc(e.eventDateUtc),
  };
}

export function createXeroWebhookVerifier(webhookKey: string): XeroWebhookVerifier {
  const verifyBatch = (req: WebhookRequest): XeroBatchVerdict => {
    if (!validSignature(req.rawBody, req.headers['x-xero-signature'], webhookKey)) return { ok: false, status: 401, reason: 'invalid signature' };
    let payload: unknown;
    try {
      payload = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      return { ok: false, status: 400, reason: 'body is not JSON' };
    }
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, status: 400, reason: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'not a Xero webhook payload'}` };
    }
    return { ok: true, events: parsed.data.events.map(toEvent), tenantIds: [...new Set(parsed.data.events.map((e) => e.tenantId))] };
  };
  return {
    verifyBatch,
    verify(req: WebhookRequest): WebhookVerdict {
      const v = verifyBatch(req);
      if (!v.ok) return v;
      const firstEvent = v.events[0];
      if (firstEvent) return { ok: true, event: firstEvent };
      // Intent-to-receive (or any empty batch): acknowledged, nothing to sync.
      return { ok: true, event: { eventId: `xero_itr_${createHash('sha256').update(req.rawBody).digest('hex').slice(0, 24)}`, topic: 'intent_to_receive', entity: 'other', action: 'upsert', externalId: null, occurredAt: null } };
    },
  };
}
