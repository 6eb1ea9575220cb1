import { describe, expect, it } from 'vitest';
import { createSquareWebhookVerifier, signSquareWebhook } from '../../connectors/square/webhooks';
import type { WebhookRequest } from '../../connectors/types';

const KEY = 'square-signature-key-test';
const URL_SEEN = 'https://hooks.example.com/webhooks/pos';

function notification(body: string, opts: { url?: string; signUrl?: string; key?: string; signature?: string | undefined } = {}): WebhookRequest {
  const signature = 'signature' in opts ? opts.signature : signSquareWebhook(opts.signUrl ?? URL_SEEN, body, opts.key ?? KEY);
  return { rawBody: Buffer.from(body), url: opts.url ?? URL_SEEN, headers: { 'x-square-hmacsha256-signature': signature, 'content-type': 'application/json' } };
}

const event = (type: string, extra: object = {}) =>
  JSON.stringify({
    merchant_id: 'MLB1A2B3C4D5E',
    type,
    event_id: '6a8f5f28-54a1-4eb0-a98a-3111513fd4fc',
    created_at: '2025-03-14T09:30:00.000Z',
    data: { type: type.split('.')[0], id: 'OBJ123', object: {} },
    ...extra,
  });

describe('Square webhook verification', () => {
  const verifier = createSquareWebhookVerifier(KEY, undefined);

  it('given a correctly signed catalog.version.updated, when verified, then it is a product upsert without an id', () => {
    expect(verifier.verify(notification(event('catalog.version.updated')))).toEqual({
      ok: true,
      event: {
        eventId: '6a8f5f28-54a1-4eb0-a98a-3111513fd4fc',
        topic: 'catalog.version.updated',
        entity: 'product',
        action: 'upsert',
        externalId: null,
        occurredAt: '2025-03-14T09:30:00.000Z',
      },
    });
  });

  it.each([
    ['inventory.count.updated', 'inventory', 'upsert'],
    ['customer.created', 'customer', 'upsert'],
    ['customer.deleted', 'customer', 'delete'],
    ['payment.updated', 'other', 'upsert'],
  ] as const)('given %s, when verified, then entity is %s and action %s', (type, entity, action) => {
    expect(verifier.verify(notification(event(type)))).toMatchObject({ ok: true, event: { entity, action, externalId: 'OBJ123', topic: type } });
  });

  it('given an inventory.count.updated naming two variations, when verified, then each (variation, location) pair is listed once with its IN_STOCK level', () => {
    const counts = [
      { catalog_object_id: 'VAR1', catalog_object_type: 'ITEM_VARIATION', state: 'IN_STOCK', location_id: 'L1', quantity: '4', calculated_at: '2025-03-14T09:30:00.000Z' },
      { catalog_object_id: 'VAR1', catalog_object_type: 'ITEM_VARIATION', state: 'SOLD', location_id: 'L1', quantity: '2', calculated_at: '2025-03-14T09:30:00.000Z' },
      { catalog_object_id: 'VAR2', catalog_object_type: 'ITEM_VARIATION', state: 'IN_STOCK', location_id: 'L1', quantity: '0', calculated_at: '2025-03-14T09:30:00.000Z' },
    ];
    const body = event('inventory.count.updated', { data: { type: 'inventory_counts', id: 'b8c3', object: { inventory_counts: counts } } });
    expect(verifier.verify(notification(body))).toMatchObject({
      ok: true,
      event: { entity: 'inventory', externalId: 'VAR1', inventory: [{ itemId: 'VAR1', locationId: 'L1', reported: 4 }, { itemId: 'VAR2', locationId: 'L1', reported: 0 }] },
    });
  });

  it('given a signature made with another key, when verified, then it is 401', () => {
    expect(verifier.verify(notification(event('catalog.version.updated'), { key: 'wrong' }))).toEqual({ ok: false, status: 401, reason: 'invalid signature' });
  });

  it('given a signature over a different URL (the URL is signed too), when verified, then it is 401', () => {
    expect(verifier.verify(notification(event('catalog.version.updated'), { signUrl: 'https://evil.example.com/hook' }))).toMatchObject({ ok: false, status: 401 });
  });

  it('given no signature header, when verified, then it is 401', () => {
    expect(verifier.verify(notification(event('catalog.version.updated'), { signature: undefined }))).toMatchObject({ ok: false, status: 401 });
  });

  it('given a configured webhookUrl behind a proxy, when the request URL differs, then the configured URL is what is verified', () => {
    const behindProxy = createSquareWebhookVerifier(KEY, URL_SEEN);
    const req = notification(event('catalog.version.updated'), { url: 'http://10.0.0.5:8787/webhooks/pos' });
    expect(behindProxy.verify(req)).toMatchObject({ ok: true });
    expect(verifier.verify(req)).toMatchObject({ ok: false, status: 401 });
  });

  it('given a correctly signed body that is not JSON, when verified, then it is 400', () => {
    expect(verifier.verify(notification('{"event_id": '))).toMatchObject({ ok: false, status: 400 });
  });

  it('given a correctly signed notification without event_id, when verified, then it is 400 naming event_id', () => {
    const body = JSON.stringify({ type: 'catalog.version.updated', created_at: '2025-03-14T09:30:00Z' });
    expect(verifier.verify(notification(body))).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/^event_id/) });
  });
});
