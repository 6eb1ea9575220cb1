import { describe, expect, it } from 'vitest';
import { createXeroWebhookVerifier, signXeroWebhook, xeroEventId } from '../../connectors/xero/webhooks';

/** The connector's Xero webhook verifier, on hand-made payloads. */

const KEY = 'verifier-key';
const verifier = createXeroWebhookVerifier(KEY);
const event = { resourceUrl: 'https://api.xero.com/api.xro/2.0/Contacts/717f2bfc-c6d4-41fd-b238-3f2f0c0cf777', resourceId: '717f2bfc-c6d4-41fd-b238-3f2f0c0cf777', eventDateUtc: '2025-01-15T12:00:00.123', eventType: 'UPDATE', eventCategory: 'CONTACT', tenantId: 'c2cc9b6e-9458-4c7d-93cc-f02b81b0594f', tenantType: 'ORGANISATION' };
const req = (body: string, signature?: string) => ({ headers: { 'x-xero-signature': signature ?? signXeroWebhook(KEY, body) }, rawBody: Buffer.from(body), url: 'https://hooks.example/xero' });

describe('Xero webhook verifier', () => {
  it('given a correctly signed payload, when verified, then each event gets a stable id from resourceId+eventDateUtc+eventType', () => {
    const body = JSON.stringify({ events: [event, { ...event, eventType: 'CREATE' }], firstEventSequence: 1, lastEventSequence: 2, entropy: 'ABC' });
    const v = verifier.verifyBatch(req(body));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.events.map((e) => e.eventId)).toEqual([xeroEventId(event.resourceId, event.eventDateUtc, 'UPDATE'), xeroEventId(event.resourceId, event.eventDateUtc, 'CREATE')]);
    expect(v.events[0]).toMatchObject({ topic: 'contact.update', entity: 'customer', action: 'upsert', externalId: event.resourceId, occurredAt: '2025-01-15T12:00:00.123Z' });
    expect(verifier.verify(req(body))).toEqual({ ok: true, event: v.events[0] });
  });

  it('given a wrong or missing signature, when verified, then 401 (what intent-to-receive expects)', () => {
    const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'X' });
    expect(verifier.verify(req(body, signXeroWebhook('other-key', body)))).toMatchObject({ ok: false, status: 401 });
    expect(verifier.verify({ headers: {}, rawBody: Buffer.from(body), url: '' })).toMatchObject({ ok: false, status: 401 });
  });

  it('given the empty intent-to-receive payload correctly signed, when verified, then it is accepted', () => {
    const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'S0m3r4Nd0mt3xt' });
    expect(verifier.verify(req(body))).toMatchObject({ ok: true, event: { topic: 'intent_to_receive', externalId: null } });
  });

  it('given a signed body that is not a Xero payload, when verified, then 400', () => {
    expect(verifier.verify(req('not json'))).toMatchObject({ ok: false, status: 400 });
    expect(verifier.verify(req(JSON.stringify({ events: [{ resourceId: 'x' }] })))).toMatchObject({ ok: false, status: 400 });
  });
});
