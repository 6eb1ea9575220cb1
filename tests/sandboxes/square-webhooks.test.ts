import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SquareClient, SquareError, WebhooksHelper } from 'square';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';

/**
 * Webhook subscriptions and signed catalog.version.updated notifications,
 * received by a real local HTTP endpoint and verified with Square's rule:
 * base64(HMAC-SHA256(signature key, notification URL + raw body)).
 */

const TOKEN = 'EAAAEsandbox-webhook-token';
const SIGNATURE_KEY = 'demo-signature-key-123';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let sandbox: SquareSandbox;
let client: SquareClient;
let receiver: http.Server;
let notificationUrl: string;
const received: Received[] = [];
/** Statuses the receiver answers with, in order; 200 once exhausted. */
let script: number[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(script.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  notificationUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/square`;
  sandbox = createSquareSandbox({ accessToken: TOKEN, webhookSignatureKey: SIGNATURE_KEY, webhookTimeScale: 0.0001 });
  client = new SquareClient({ token: TOKEN, baseUrl: await sandbox.start(0), maxRetries: 0 });
});

afterAll(async () => {
  await sandbox.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  script = [];
});

function hmac(body: string): string {
  return createHmac('sha256', SIGNATURE_KEY).update(notificationUrl + body).digest('base64');
}

async function upsertItem(tag: string): Promise<string | undefined> {
  const res = await client.catalog.object.upsert({
    idempotencyKey: `hook-${tag}`,
    object: { type: 'ITEM', id: `#${tag}`, itemData: { name: `Hooked ${tag}`, variations: [{ type: 'ITEM_VARIATION', id: `#${tag}-v`, itemVariationData: { name: 'One', priceMoney: { amount: 500n, currency: 'USD' }, pricingType: 'FIXED_PRICING' } }] } },
  });
  return res.catalogObject?.updatedAt;
}

describe('Square sandbox: webhooks', () => {
  it('given the Webhook Subscriptions API, when a catalog subscription is created, then it has an id, the configured signature key and is listed', async () => {
    const types = await client.webhooks.eventTypes.list();
    expect(types.eventTypes).toContain('catalog.version.updated');
    expect(types.metadata?.find((m) => m.eventType === 'catalog.version.updated')?.apiVersionIntroduced).toBe('2019-09-25');

    const res = await client.webhooks.subscriptions.create({
      idempotencyKey: 'sub-1',
      subscription: { name: 'switchyard', eventTypes: ['catalog.version.updated'], notificationUrl, apiVersion: '2025-10-16' },
    });
    expect(res.subscription?.id).toMatch(/^wbhk_[0-9a-f]{32}$/);
    expect(res.subscription?.signatureKey).toBe(SIGNATURE_KEY);
    expect(res.subscription?.enabled).toBe(true);
    const listed: string[] = [];
    for await (const s of await client.webhooks.subscriptions.list()) listed.push(s.id ?? '');
    expect(listed).toEqual([res.subscription?.id]);
  });

  it('given a subscription, when the catalog changes, then a catalog.version.updated event arrives signed over URL + raw body', async () => {
    const updatedAt = await upsertItem('sig');
    await sandbox.emitter.drain();

    expect(received).toHaveLength(1);
    const [hit] = received;
    const event = JSON.parse(hit?.body ?? '{}') as Record<string, unknown>;
    expect(event).toMatchObject({ merchant_id: sandbox.state.merchantId, type: 'catalog.version.updated', data: { type: 'catalog_version', object: { catalog_version: { updated_at: updatedAt } } } });
    expect(event.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(hit?.headers['x-square-hmacsha256-signature']).toBe(hmac(hit?.body ?? ''));
    expect(await WebhooksHelper.verifySignature({ requestBody: hit?.body ?? '', signatureHeader: String(hit?.headers['x-square-hmacsha256-signature']), signatureKey: SIGNATURE_KEY, notificationUrl })).toBe(true);
    expect(hit?.headers['square-environment']).toBe('Production');
    expect(Date.parse(String(hit?.headers['square-initial-delivery-timestamp']))).not.toBeNaN();
    expect(hit?.headers['square-retry-number']).toBeUndefined();
    expect(sandbox.validateEvent('catalog.version.updated', event)).toEqual([]);
  });

  it('given a receiver failing with 500, when Square retries, then the retry carries the same body and signature plus retry headers', async () => {
    script = [500];
    await upsertItem('retry');
    await sandbox.emitter.drain();

    expect(received).toHaveLength(2);
    const [first, second] = received;
    expect(second?.body).toBe(first?.body);
    expect(second?.headers['x-square-hmacsha256-signature']).toBe(first?.headers['x-square-hmacsha256-signature']);
    expect(second?.headers['square-initial-delivery-timestamp']).toBe(first?.headers['square-initial-delivery-timestamp']);
    expect(second?.headers['square-retry-number']).toBe('1');
    expect(second?.headers['square-retry-reason']).toBe('http_error');
    const record = sandbox.emitter.log[sandbox.emitter.log.length - 1];
    expect(record).toMatchObject({ attempts: 2, delivered: true, lastStatus: 200 });
  });

  it('given a seller editing in the Dashboard, when an item is renamed and repriced, then the API shows it and a webhook announces the new version', async () => {
    const [item] = sandbox.items();
    const updated = sandbox.dashboard.updateItem(item?.id ?? '', { name: 'Renamed by seller', priceAmount: 2599 });
    await sandbox.emitter.drain();

    const read = await client.catalog.object.get({ objectId: item?.id ?? '' });
    const obj = read.object;
    expect(obj?.type === 'ITEM' ? obj.itemData?.name : null).toBe('Renamed by seller');
    const v = obj?.type === 'ITEM' ? obj.itemData?.variations?.[0] : undefined;
    expect(v?.type === 'ITEM_VARIATION' ? v.itemVariationData?.priceMoney?.amount : null).toBe(2599n);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ data: { object: { catalog_version: { updated_at: updated.updated_at } } } });
  });

  it('given a non-HTTPS public URL, when subscribing, then Square refuses it with INVALID_VALUE', async () => {
    const err = await client.webhooks.subscriptions
      .create({ subscription: { eventTypes: ['catalog.version.updated'], notificationUrl: 'http://example.com/hook' } })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SquareError);
    expect((err as SquareError).errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'subscription.notification_url' });
  });

  it('given a deleted subscription, when the catalog changes, then nothing is delivered', async () => {
    const subs: string[] = [];
    for await (const s of await client.webhooks.subscriptions.list()) subs.push(s.id ?? '');
    for (const id of subs) await client.webhooks.subscriptions.delete({ subscriptionId: id });
    await upsertItem('silent');
    await sandbox.emitter.drain();
    expect(received).toEqual([]);
    const missing = await client.webhooks.subscriptions.delete({ subscriptionId: subs[0] ?? '' }).then(() => null, (e: unknown) => e);
    expect((missing as SquareError).statusCode).toBe(404);
  });

  it('given all exchanges and emitted events, when checked against the spec, then no violation was recorded', () => {
    expect(sandbox.server.violations).toEqual([]);
  });
});
