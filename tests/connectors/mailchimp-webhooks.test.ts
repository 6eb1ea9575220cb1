import { describe, expect, it } from 'vitest';
import { createMailchimpWebhookVerifier } from '../../connectors/mailchimp/webhooks';
import { subscriberHash, webhookForm } from '../../sandboxes/mailchimp/index';
import { type MemberRecord } from '../../sandboxes/mailchimp/types';

const verifier = createMailchimpWebhookVerifier(() => 'hook-secret');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function member(email: string): MemberRecord {
  return { id: subscriberHash(email), email, uniqueEmailId: 'abc123', contactId: 'c', webId: 1, emailType: 'html', status: 'subscribed', mergeFields: { FNAME: 'Ada' }, interests: {}, language: '', vip: false, ipSignup: '', ipOpt: '', timestampSignup: null, timestampOpt: null, lastChanged: 0, seq: 1, source: 'API - Generic', unsubscribeReason: null };
}

const at = Date.parse('2025-04-01T12:00:00Z');
const subscribeBody = webhookForm({ type: 'subscribe', listId: 'list1', member: member('Ada@Example.com'), source: 'api' }, at).toString();

describe('mailchimp webhook verifier', () => {
  it('given the secret in the URL, when a subscribe form arrives, then it parses to a customer upsert with a stable id', () => {
    const v = verifier.verify({ headers: FORM, rawBody: Buffer.from(subscribeBody), url: '/webhooks/mc?secret=hook-secret' });
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.event).toMatchObject({ topic: 'subscribe', entity: 'customer', action: 'upsert', externalId: subscriberHash('ada@example.com'), occurredAt: '2025-04-01T12:00:00Z' });
    const again = verifier.verify({ headers: FORM, rawBody: Buffer.from(subscribeBody), url: 'https://ingress.example.com/webhooks/mc?secret=hook-secret' });
    expect(again.ok && again.event.eventId).toBe(v.event.eventId);
  });

  it('given a missing or wrong secret, when verifying, then 401', () => {
    for (const url of ['/webhooks/mc', '/webhooks/mc?secret=hook-secreT', '/webhooks/mc?secret=hook-secret-longer']) {
      expect(verifier.verify({ headers: FORM, rawBody: Buffer.from(subscribeBody), url })).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('given malformed bodies, when verifying with the right secret, then 400', () => {
    const url = '/h?secret=hook-secret';
    expect(verifier.verify({ headers: { 'content-type': 'application/json' }, rawBody: Buffer.from('{}'), url })).toMatchObject({ ok: false, status: 400 });
    expect(verifier.verify({ headers: FORM, rawBody: Buffer.from('type=subscribe&fired_at=%ZZ'), url })).toMatchObject({ ok: false, status: 400 });
    expect(verifier.verify({ headers: FORM, rawBody: Buffer.from('type=bogus&fired_at=2025-04-01+12%3A00%3A00'), url })).toMatchObject({ ok: false, status: 400 });
    expect(verifier.verify({ headers: FORM, rawBody: Buffer.from('type=subscribe&fired_at=2025-04-01+12%3A00%3A00'), url })).toMatchObject({ ok: false, status: 400 });
  });

  it('given an archive (unsubscribe action=delete) and an email change, when verifying, then delete and upsert of the new address', () => {
    const url = '/h?secret=hook-secret';
    const del = webhookForm({ type: 'unsubscribe', listId: 'l', member: member('b@example.com'), source: 'api', action: 'delete', reason: 'manual' }, at).toString();
    expect(verifier.verify({ headers: FORM, rawBody: Buffer.from(del), url })).toMatchObject({ ok: true, event: { action: 'delete', externalId: subscriberHash('b@example.com') } });
    const up = webhookForm({ type: 'upemail', listId: 'l', oldEmail: 'old@example.com', newEmail: 'new@example.com', newId: 'x', source: 'user' }, at).toString();
    expect(verifier.verify({ headers: FORM, rawBody: Buffer.from(up), url })).toMatchObject({ ok: true, event: { topic: 'upemail', action: 'upsert', externalId: subscriberHash('new@example.com') } });
  });
});
