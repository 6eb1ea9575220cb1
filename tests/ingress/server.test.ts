import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookRequest, WebhookVerifier } from '../../connectors/types';
import { createIngress, type Ingress } from '../../ingress/server';
import { parseStartSpec } from '../../ingress/start-spec';
import type { Store } from '../../store/types';
import { createShopifyWebhookVerifier, signShopifyWebhook } from '../../connectors/shopify/webhooks';
import { captureLog, productDelivery, productRouter, request, SECRET, tempStore } from './helpers';

const MAX_BODY = 4 * 1024;

describe('webhook ingress (HTTP + SQLite outbox)', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let ingress: Ingress;
  let baseUrl: string;
  let logs: ReturnType<typeof captureLog>;
  let pokes: number;
  let seen: WebhookRequest[];

  async function start(overrides: { store?: Store; publicBaseUrl?: string } = {}): Promise<void> {
    const real = createShopifyWebhookVerifier(SECRET);
    // The real Shopify verifier, spied on so tests can prove which requests never reached it.
    const spy: WebhookVerifier = { verify: (req) => (seen.push(req), real.verify(req)) };
    ingress = createIngress({
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: MAX_BODY,
      verifiers: new Map([['shop', spy]]),
      store: overrides.store ?? store,
      route: productRouter,
      publicBaseUrl: overrides.publicBaseUrl,
      log: logs.log,
      onAccepted: () => pokes++,
    });
    baseUrl = await ingress.listen();
  }

  beforeEach(async () => {
    ({ store, cleanup } = await tempStore());
    logs = captureLog();
    pokes = 0;
    seen = [];
  });

  afterEach(async () => {
    await ingress.close();
    await cleanup();
  });

  it('given a signed products/update, when posted, then it is acked 200 only with the outbox row written and the forwarder poked', async () => {
    await start();
    const d = productDelivery({ eventId: 'evt-1', productId: 42 });
    const reply = await request(baseUrl, '/webhooks/shop', d);

    expect(reply).toEqual({ status: 200, json: { status: 'accepted' } });
    const rows = await store.pendingOutbox(10);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ connector: 'shop', eventId: 'evt-1', topic: 'products/update', workflowId: 'product:shop:gid://shopify/Product/42' });
    expect(parseStartSpec(rows[0]!.signal)).toEqual(productRouter('shop', { eventId: 'evt-1', topic: 'products/update', entity: 'product', action: 'upsert', externalId: 'gid://shopify/Product/42', occurredAt: null }));
    expect(pokes).toBe(1);
    expect(ingress.stats()).toMatchObject({ accepted: 1, duplicate: 0, ignored: 0 });
  });

  it('given the same event id delivered twice, when posted, then the second is a duplicate and the outbox holds one row', async () => {
    await start();
    const d = productDelivery({ eventId: 'evt-dup', productId: 7 });
    const first = await request(baseUrl, '/webhooks/shop', d);
    const second = await request(baseUrl, '/webhooks/shop', d);

    expect(first.json).toEqual({ status: 'accepted' });
    expect(second).toEqual({ status: 200, json: { status: 'duplicate' } });
    expect(await store.countOutbox()).toBe(1);
    expect(pokes).toBe(1);
    expect(ingress.stats()).toMatchObject({ accepted: 1, duplicate: 1 });
  });

  it('given a wrong signature, when posted, then 401, nothing enqueued, counted, and the log names connector/reason/status but never the secret', async () => {
    await start();
    const d = productDelivery({ eventId: 'evt-bad', productId: 1, secret: 'not-the-secret' });
    const reply = await request(baseUrl, '/webhooks/shop', d);

    expect(reply).toEqual({ status: 401, json: { error: 'invalid HMAC' } });
    expect(await store.countOutbox()).toBe(0);
    expect(pokes).toBe(0);
    expect(ingress.stats().rejected.bad_signature).toBe(1);
    expect(logs.entries).toEqual([expect.objectContaining({ connector: 'shop', reason: 'bad_signature', status: 401 })]);
    expect(logs.text()).not.toContain(SECRET);
    expect(logs.text()).not.toContain(d.body);
    expect(logs.text()).not.toContain(d.headers['x-shopify-hmac-sha256']);
  });

  it('given a Content-Length over the limit, when posted, then 413 arrives before the body is sent and the verifier never runs', async () => {
    await start();
    const reply = await new Promise<number>((resolve, reject) => {
      const req = http.request(new URL('/webhooks/shop', baseUrl), { method: 'POST', agent: false, headers: { 'content-length': String(MAX_BODY * 100) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      // Only the headers and a few bytes go out; the request is never finished.
      req.write('{"id":');
    });

    expect(reply).toBe(413);
    expect(seen).toHaveLength(0);
    expect(await store.countOutbox()).toBe(0);
    expect(ingress.stats().rejected.body_too_large).toBe(1);
    expect(logs.entries).toEqual([expect.objectContaining({ connector: 'shop', reason: 'body_too_large', status: 413 })]);
  });

  it('given a chunked body that grows past the limit, when streamed, then 413 and nothing enqueued', async () => {
    await start();
    const d = productDelivery({ eventId: 'evt-big', productId: 3 });
    const chunk = Buffer.alloc(1024, 0x20);
    const reply = await request(baseUrl, '/webhooks/shop', { headers: d.headers, chunks: Array.from({ length: 8 }, () => chunk) });

    expect(reply.status).toBe(413);
    expect(seen).toHaveLength(0);
    expect(await store.countOutbox()).toBe(0);
    expect(ingress.stats().rejected.body_too_large).toBe(1);
  });

  it('given a correctly signed body that is not JSON, when posted, then 400 with the reason and nothing enqueued', async () => {
    await start();
    const d = productDelivery({ eventId: 'evt-x', productId: 1 });
    const body = 'not json';
    const headers = { ...d.headers, 'x-shopify-hmac-sha256': signShopifyWebhook(body, SECRET) };
    const reply = await request(baseUrl, '/webhooks/shop', { headers, body });

    expect(reply).toEqual({ status: 400, json: { error: 'body is not JSON' } });
    expect(await store.countOutbox()).toBe(0);
    expect(ingress.stats().rejected.malformed).toBe(1);
  });

  it('given an unknown connector or path, when posted, then 404 counted apart and nothing enqueued', async () => {
    await start();
    const d = productDelivery({ eventId: 'evt-u', productId: 1 });
    const unknown = await request(baseUrl, '/webhooks/nope', d);
    const nested = await request(baseUrl, '/webhooks/shop/extra', d);

    expect(unknown).toEqual({ status: 404, json: { error: 'unknown connector' } });
    expect(nested.status).toBe(404);
    expect(await store.countOutbox()).toBe(0);
    expect(ingress.stats().rejected).toMatchObject({ unknown_connector: 1, not_found: 1 });
    expect(logs.entries[0]).toMatchObject({ connector: 'nope', reason: 'unknown_connector', status: 404 });
  });

  it('given a GET on a webhook URL, when sent, then 405 with Allow: POST', async () => {
    await start();
    const res = await fetch(new URL('/webhooks/shop', baseUrl));

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(ingress.stats().rejected.method_not_allowed).toBe(1);
  });

  it('given a verified event no flow cares about, when posted, then 200 ignored and nothing enqueued', async () => {
    await start();
    const reply = await request(baseUrl, '/webhooks/shop', productDelivery({ eventId: 'evt-c', productId: 1, topic: 'customers/create' }));

    expect(reply).toEqual({ status: 200, json: { status: 'ignored' } });
    expect(await store.countOutbox()).toBe(0);
    expect(pokes).toBe(0);
    expect(ingress.stats().ignored).toBe(1);
  });

  it('given the store is down, when a valid delivery arrives, then 503 (vendor retries) and it is not counted as accepted', async () => {
    const broken = await tempStore();
    await broken.store.close();
    await start({ store: broken.store });
    const reply = await request(baseUrl, '/webhooks/shop', productDelivery({ eventId: 'evt-s', productId: 1 }));

    expect(reply).toEqual({ status: 503, json: { error: 'store_unavailable' } });
    expect(ingress.stats()).toMatchObject({ accepted: 0, failed: { store_unavailable: 1 } });
    expect(logs.entries[0]).toMatchObject({ level: 'error', reason: 'store_unavailable', eventId: 'evt-s' });
    await broken.cleanup();
  });

  it('given a public base URL, when a delivery arrives, then the verifier sees the URL the vendor posted to', async () => {
    await start({ publicBaseUrl: 'https://hooks.example.com/sy/' });
    await request(baseUrl, '/webhooks/shop?x=1', productDelivery({ eventId: 'evt-p', productId: 1 }));

    expect(seen.map((r) => r.url)).toEqual(['https://hooks.example.com/sy/webhooks/shop?x=1']);
  });

  it('given accepted and rejected traffic, when /healthz is read, then it reports the pending outbox and the counters', async () => {
    await start();
    await request(baseUrl, '/webhooks/shop', productDelivery({ eventId: 'evt-h1', productId: 1 }));
    await request(baseUrl, '/webhooks/shop', productDelivery({ eventId: 'evt-h2', productId: 1, secret: 'wrong' }));
    const res = await fetch(new URL('/healthz', baseUrl));
    const body = (await res.json()) as { ok: boolean; outboxPending: number; stats: { accepted: number; rejected: Record<string, number> } };

    expect(res.status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.outboxPending).toBe(1);
    expect(body.stats.accepted).toBe(1);
    expect(body.stats.rejected.bad_signature).toBe(1);
  });
});
