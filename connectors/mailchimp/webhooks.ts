import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent, WebhookRequest, WebhookVerdict, WebhookVerifier } from '../types';

/**
 * Mailchimp audience webhooks are unsigned
 * (https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/):
 * the secret is a query parameter of the callback URL we registered
 * (`?secret=…`). The body is application/x-www-form-urlencoded with `type`,
 * `fired_at` and `data[...]`. Mailchimp sends no event id, so ours is a hash of
 * type + fired_at + email (stable across Mailchimp's retries of one event).
 */

export const SECRET_PARAM = 'secret';
const TYPES = new Set(['subscribe', 'unsubscribe', 'profile', 'upemail', 'cleaned', 'campaign']);

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export function createMailchimpWebhookVerifier(secret: () => string): WebhookVerifier {
  return {
    verify(req: WebhookRequest): WebhookVerdict {
      let url: URL;
      try {
        url = new URL(req.url, 'http://ingress.invalid');
      } catch {
        return { ok: false, status: 401, reason: 'unparseable webhook URL' };
      }
      const given = url.searchParams.get(SECRET_PARAM);
      if (given === null || !sameSecret(given, secret())) return { ok: false, status: 401, reason: 'missing or wrong secret in the webhook URL' };
      const contentType = req.headers['content-type'] ?? '';
      if (!/application\/x-www-form-urlencoded/i.test(contentType)) return { ok: false, status: 400, reason: `expected application/x-www-form-urlencoded, got ${contentType || 'none'}` };
      const text = req.rawBody.toString('utf8');
      if (/%(?![0-9a-f]{2})/i.test(text)) return { ok: false, status: 400, reason: 'malformed form encoding' };
      const form = new URLSearchParams(text);
      const type = form.get('type') ?? '';
      const fired = form.get('fired_at') ?? '';
      if (!TYPES.has(type)) return { ok: false, status: 400, reason: `unknown webhook type "${type}"` };
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(fired)) return { ok: false, status: 400, reason: 'missing or malformed fired_at' };
      const email = type === 'upemail' ? (form.get('data[new_email]') ?? '') : (form.get('data[email]') ?? '');
      if (type !== 'campaign' && !email) return { ok: false, status: 400, reason: 'missing data[email]' };
      const event: WebhookEvent = {
        eventId: createHash('sha256').update(`${type}\n${fired}\n${email.toLowerCase()}`).digest('hex').slice(0, 32),
        topic: type,
        entity: type === 'campaign' ? 'other' : 'customer',
        action: type === 'unsubscribe' && form.get('data[action]') === 'delete' ? 'delete' : 'upsert',
        externalId: email ? createHash('md5').update(email.toLowerCase()).digest('hex') : form.get('data[id]'),
        occurredAt: `${fired.replace(' ', 'T')}Z`,
      };
      return { ok: true, event };
    },
  };
}
