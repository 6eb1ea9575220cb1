import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RestProduct } from '../../sandboxes/shopify/index';
import { SECRET, SHOP, WebhookReceiver, startHarness, subscribe, type Harness } from './shopify-harness';

describe('Shopify sandbox: products/* webhooks', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    h = await startHarness({ seed: { products: 10, seed: 5 }, webhookTimeScale: 0.001 });
    receiver = new WebhookReceiver();
    await receiver.start();
  });
  afterEach(async () => {
    await h.close();
    await receiver.stop();
  });

  async function firstProduct(): Promise<{ id: string; title: string; variants: { nodes: { id: string }[] } }> {
    const res = await h.client.request<{ products: { nodes: { id: string; title: string; variants: { nodes: { id: string }[] } }[] } }>(`{ products(first: 1) { nodes { id title variants(first: 5) { nodes { id } } } } }`);
    return res.data!.products.nodes[0]!;
  }

  it('given a PRODUCTS_UPDATE subscription, when productUpdate runs, then a signed REST-shaped webhook with Shopify headers arrives', async () => {
    await subscribe(h.client, 'PRODUCTS_UPDATE', receiver.url);
    const p = await firstProduct();
    await h.client.request(`mutation U($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }`, { variables: { p: { id: p.id, title: 'Renamed by the app', tags: ['b', 'a'] } } });
    await receiver.waitFor(1);
    const hook = receiver.received[0]!;

    // The official SDK accepts it: HMAC over the raw body with the app secret, required headers present.
    const check = await h.shopify.webhooks.validate({ rawBody: hook.rawBody, rawRequest: hook.req, rawResponse: {} as never });
    expect(check).toMatchObject({ valid: true, topic: 'PRODUCTS_UPDATE', domain: SHOP, apiVersion: '2025-01' });
    expect(hook.headers['x-shopify-hmac-sha256']).toBe(crypto.createHmac('sha256', SECRET).update(hook.rawBody, 'utf8').digest('base64'));
    expect(hook.headers).toMatchObject({
      'content-type': 'application/json',
      'x-shopify-topic': 'products/update',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-api-version': '2025-01',
    });
    expect(hook.headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(hook.headers['x-shopify-event-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(String(hook.headers['x-shopify-triggered-at'])))).toBe(false);

    const body = JSON.parse(hook.rawBody) as RestProduct;
    expect(body.id).toBe(Number(p.id.split('/').pop()));
    expect(body).toMatchObject({ title: 'Renamed by the app', tags: 'a, b', admin_graphql_api_id: p.id });
    expect(body.status).toMatch(/^(active|draft|archived)$/);
    expect(body.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[45]:00$/);
    expect(body.variants.length).toBe(p.variants.nodes.length);
    for (const v of body.variants) {
      expect(v.product_id).toBe(body.id);
      expect(typeof v.price).toBe('string');
      expect(v.admin_graphql_api_id).toBe(`gid://shopify/ProductVariant/${v.id}`);
      expect(typeof v.inventory_item_id).toBe('number');
    }
    expect(body.options[0]).toMatchObject({ product_id: body.id, position: 1 });
  });

  it('given an endpoint that fails with 500 first, when the webhook is retried, then it succeeds with the same event and webhook ids', async () => {
    await subscribe(h.client, 'PRODUCTS_UPDATE', receiver.url);
    receiver.respondWith(500, 500);
    const p = await firstProduct();
    h.sandbox.admin.updateProduct(p.id, { vendor: 'Retry Outfitters' });
    await receiver.waitFor(3);
    await h.sandbox.emitter.drain();
    const [a, b, c] = receiver.received;
    expect([a!.status, b!.status, c!.status]).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((r) => r.headers['x-shopify-event-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers['x-shopify-webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.rawBody)).size).toBe(1);
    expect(h.sandbox.emitter.log).toEqual([{ url: receiver.url, attempts: 3, lastStatus: 200, delivered: true }]);
  });

  it('given two subscriptions to one topic, when one product changes, then both get the same event id under different webhook ids', async () => {
    const other = new WebhookReceiver();
    await other.start();
    try {
      await subscribe(h.client, 'PRODUCTS_UPDATE', receiver.url);
      await subscribe(h.client, 'PRODUCTS_UPDATE', other.url);
      h.sandbox.admin.updateProduct((await firstProduct()).id, { title: 'Seen twice' });
      await Promise.all([receiver.waitFor(1), other.waitFor(1)]);
      const [x, y] = [receiver.received[0]!.headers, other.received[0]!.headers];
      expect(x['x-shopify-event-id']).toBe(y['x-shopify-event-id']);
      expect(x['x-shopify-webhook-id']).not.toBe(y['x-shopify-webhook-id']);
    } finally {
      await other.stop();
    }
  });

  it('given create and delete subscriptions, when the merchant creates then deletes a product in the admin, then products/create and products/delete arrive', async () => {
    await subscribe(h.client, 'PRODUCTS_CREATE', receiver.url);
    await subscribe(h.client, 'PRODUCTS_DELETE', receiver.url);
    const created = h.sandbox.admin.createProduct({ title: 'Merchant Made Mug', productType: 'Gear', options: [{ name: 'Color', values: ['Rust', 'Slate'] }], variants: [{ options: ['Rust'], price: '18.00', sku: 'MUG-RST' }, { options: ['Slate'], price: '18.00', sku: 'MUG-SLT' }] });
    h.sandbox.admin.deleteProduct(created.admin_graphql_api_id);
    await receiver.waitFor(2);
    const byTopic = Object.fromEntries(receiver.received.map((r) => [r.headers['x-shopify-topic'], JSON.parse(r.rawBody) as Record<string, unknown>]));
    expect(byTopic['products/create']).toMatchObject({ id: created.id, title: 'Merchant Made Mug', variants: [{ sku: 'MUG-RST', option1: 'Rust' }, { sku: 'MUG-SLT', option1: 'Slate' }] });
    expect(byTopic['products/delete']).toEqual({ id: created.id });
  });

  it('given a variant price edit in the admin, when it is saved, then products/update carries the new price', async () => {
    await subscribe(h.client, 'PRODUCTS_UPDATE', receiver.url);
    const p = await firstProduct();
    h.sandbox.admin.updateVariant(p.variants.nodes[0]!.id, { price: '12.34', inventoryQuantity: 7 });
    await receiver.waitFor(1);
    const body = JSON.parse(receiver.received[0]!.rawBody) as RestProduct;
    expect(body.variants[0]).toMatchObject({ price: '12.34', inventory_quantity: 7 });
  });

  it('given no subscription for a topic, when products change, then nothing is sent', async () => {
    await subscribe(h.client, 'PRODUCTS_DELETE', receiver.url);
    h.sandbox.admin.updateProduct((await firstProduct()).id, { title: 'Quiet change' });
    await h.sandbox.emitter.drain();
    expect(receiver.received).toEqual([]);
    expect(h.sandbox.webhooks.sent).toEqual([]);
  });
});
