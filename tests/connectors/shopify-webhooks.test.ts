import { describe, expect, it } from 'vitest';
import { createShopifyWebhookVerifier, signShopifyWebhook } from '../../connectors/shopify/webhooks';
import type { WebhookRequest } from '../../connectors/types';

const SECRET = 'shpss_test_webhook_secret';
const verifier = createShopifyWebhookVerifier(SECRET);

function delivery(body: string, headers: Record<string, string | undefined> = {}, secret = SECRET): WebhookRequest {
  return {
    rawBody: Buffer.from(body, 'utf8'),
    url: 'https://hooks.example.com/webhooks/shop',
    headers: {
      'x-shopify-hmac-sha256': signShopifyWebhook(body, secret),
      'x-shopify-topic': 'products/update',
      'x-shopify-event-id': 'e7c1a7c2-5d4e-4c1b-9f55-0d1f4c6f1a01',
      'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      'x-shopify-triggered-at': '2025-03-14T09:27:00.123Z',
      'x-shopify-shop-domain': 'demo.myshopify.com',
      ...headers,
    },
  };
}

const PRODUCT_UPDATE = JSON.stringify({
  id: 8123456789012,
  admin_graphql_api_id: 'gid://shopify/Product/8123456789012',
  title: 'Organic Cotton Tee',
  updated_at: '2025-03-14T05:26:53-04:00',
  variants: [{ id: 45011111111111, price: '28.00' }],
});

describe('Shopify webhook verification', () => {
  it('given a correctly signed products/update, when verified, then it is a product upsert with the gid and updated_at', () => {
    expect(verifier.verify(delivery(PRODUCT_UPDATE))).toEqual({
      ok: true,
      event: {
        eventId: 'e7c1a7c2-5d4e-4c1b-9f55-0d1f4c6f1a01',
        topic: 'products/update',
        entity: 'product',
        action: 'upsert',
        externalId: 'gid://shopify/Product/8123456789012',
        occurredAt: '2025-03-14T05:26:53-04:00',
      },
    });
  });

  it('given a products/delete with only the numeric id, when verified, then it is a product delete with a built gid and the trigger time', () => {
    const body = JSON.stringify({ id: 8123456789012 });
    expect(verifier.verify(delivery(body, { 'x-shopify-topic': 'products/delete' }))).toMatchObject({
      ok: true,
      event: { entity: 'product', action: 'delete', externalId: 'gid://shopify/Product/8123456789012', occurredAt: '2025-03-14T09:27:00.123Z' },
    });
  });

  it('given a topic we do not sync, when verified, then it is accepted as entity other', () => {
    const body = JSON.stringify({ id: 1 });
    expect(verifier.verify(delivery(body, { 'x-shopify-topic': 'orders/create' }))).toMatchObject({ ok: true, event: { entity: 'other', topic: 'orders/create', externalId: null } });
  });

  it('given an inventory_levels/update, when verified, then it names the inventory item and location as gids, with the reported level kept only as an echo hint', () => {
    const body = JSON.stringify({ inventory_item_id: 46000000000123, location_id: 70000000001, available: 3, updated_at: '2025-03-14T05:27:00-04:00' });
    expect(verifier.verify(delivery(body, { 'x-shopify-topic': 'inventory_levels/update' }))).toEqual({
      ok: true,
      event: {
        eventId: 'e7c1a7c2-5d4e-4c1b-9f55-0d1f4c6f1a01',
        topic: 'inventory_levels/update',
        entity: 'inventory',
        action: 'upsert',
        externalId: 'gid://shopify/InventoryItem/46000000000123',
        occurredAt: '2025-03-14T05:27:00-04:00',
        inventory: [{ itemId: 'gid://shopify/InventoryItem/46000000000123', locationId: 'gid://shopify/Location/70000000001', reported: 3 }],
      },
    });
  });

  it('given a body signed with another secret, when verified, then it is 401 invalid HMAC and the secret is not echoed', () => {
    const verdict = verifier.verify(delivery(PRODUCT_UPDATE, {}, 'someone-elses-secret'));
    expect(verdict).toEqual({ ok: false, status: 401, reason: 'invalid HMAC' });
    expect(JSON.stringify(verdict)).not.toContain(SECRET);
  });

  it('given a signed body altered by one byte, when verified, then it is 401', () => {
    const req = delivery(PRODUCT_UPDATE);
    expect(verifier.verify({ ...req, rawBody: Buffer.from(PRODUCT_UPDATE.replace('28.00', '18.00')) })).toMatchObject({ ok: false, status: 401 });
  });

  it('given no HMAC header or a truncated one, when verified, then it is 401', () => {
    expect(verifier.verify(delivery(PRODUCT_UPDATE, { 'x-shopify-hmac-sha256': undefined }))).toMatchObject({ ok: false, status: 401 });
    expect(verifier.verify(delivery(PRODUCT_UPDATE, { 'x-shopify-hmac-sha256': 'AAAA' }))).toMatchObject({ ok: false, status: 401 });
  });

  it('given a correctly signed body that is not JSON, when verified, then it is 400', () => {
    expect(verifier.verify(delivery('{"id": 81234'))).toMatchObject({ ok: false, status: 400 });
  });

  it('given neither X-Shopify-Event-Id nor X-Shopify-Webhook-Id, when verified, then it is 400', () => {
    const verdict = verifier.verify(delivery(PRODUCT_UPDATE, { 'x-shopify-event-id': undefined, 'x-shopify-webhook-id': undefined }));
    expect(verdict).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining('Event-Id') });
  });

  it('given only X-Shopify-Webhook-Id, when verified, then it is the event id', () => {
    const verdict = verifier.verify(delivery(PRODUCT_UPDATE, { 'x-shopify-event-id': undefined }));
    expect(verdict).toMatchObject({ ok: true, event: { eventId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' } });
  });

  it('given no topic header, when verified, then it is 400', () => {
    expect(verifier.verify(delivery(PRODUCT_UPDATE, { 'x-shopify-topic': undefined }))).toMatchObject({ ok: false, status: 400 });
  });
});
