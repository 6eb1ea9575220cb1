import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createForwarder, type Forwarder } from '../../ingress/forwarder';
import { startForwarderThread } from '../../ingress/forwarder-thread';
import { createIngress, type Ingress } from '../../ingress/server';
import { recordedSignals } from '../../ingress/signal-audit';
import type { Store } from '../../store/types';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { SA_CONNECTOR, SA_EXTERNAL_ID } from '../../temporal/search-attributes';
import { createShopifyWebhookVerifier } from '../../connectors/shopify/webhooks';
import { captureLog, productDelivery, productRouter, request, SECRET, tempStore } from './helpers';

/**
 * Ingress → SQLite outbox → forwarder → a real Temporal dev server. No worker
 * runs: a workflow that signalWithStart created stays Running with its signals
 * in history, which is exactly "reached Temporal".
 */
describe('webhook ingress to Temporal', () => {
  let temporal: DevServer;
  let connection: Connection;
  let client: Client;
  let store: Store;
  let cleanup: () => Promise<void>;
  let ingress: Ingress;
  let forwarder: Forwarder;
  let baseUrl: string;
  let logs: ReturnType<typeof captureLog>;
  let run = 0;

  beforeAll(async () => {
    temporal = await startDevServer();
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection });
  }, 90_000);

  afterAll(async () => {
    await connection?.close();
    await temporal?.stop();
  }, 30_000);

  beforeEach(async () => {
    ({ store, cleanup } = await tempStore());
    logs = captureLog();
    forwarder = createForwarder({ store, client, idleMs: 5_000, log: logs.log });
    ingress = createIngress({
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 2048,
      verifiers: new Map([['shop', createShopifyWebhookVerifier(SECRET)]]),
      store,
      route: productRouter,
      log: logs.log,
      onAccepted: () => forwarder.poke(),
    });
    baseUrl = await ingress.listen();
    forwarder.start();
    run++;
  });

  afterEach(async () => {
    await ingress.close();
    await forwarder.stop();
    await cleanup();
  });

  /** Product ids unique per test: the dev server is shared, workflows are not reset. */
  const productId = (n: number): number => run * 1000 + n;
  const workflowIdOf = (n: number): string => `product:shop:gid://shopify/Product/${productId(n)}`;

  it('given a signed delivery, when accepted, then the forwarder starts the product workflow in Temporal with the signal and search attributes', async () => {
    const reply = await request(baseUrl, '/webhooks/shop', productDelivery({ eventId: `e2e-${run}-1`, productId: productId(1) }));

    expect(reply.json).toEqual({ status: 'accepted' });
    expect(await forwarder.drain(15_000)).toBe(true);
    const description = await client.workflow.getHandle(workflowIdOf(1)).describe();
    expect(description.type).toBe('productSync');
    expect(description.taskQueue).toBe('ingress-tests');
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(SA_CONNECTOR)).toBe('shop');
    expect(description.typedSearchAttributes.get(SA_EXTERNAL_ID)).toBe(`gid://shopify/Product/${productId(1)}`);
    expect(await recordedSignals(client, workflowIdOf(1))).toEqual([
      { name: 'changed', args: [{ eventId: `e2e-${run}-1`, topic: 'products/update', action: 'upsert' }] },
    ]);
    expect(await store.countOutbox({ delivered: true })).toBe(1);
  }, 30_000);

  it('given the same event delivered twice, when forwarded, then one outbox row and exactly one signal in Temporal', async () => {
    const d = productDelivery({ eventId: `e2e-${run}-dup`, productId: productId(2) });
    const first = await request(baseUrl, '/webhooks/shop', d);
    expect(await forwarder.drain(15_000)).toBe(true);
    const second = await request(baseUrl, '/webhooks/shop', d);
    expect(await forwarder.drain(15_000)).toBe(true);

    expect([first.json, second.json]).toEqual([{ status: 'accepted' }, { status: 'duplicate' }]);
    expect(await store.countOutbox()).toBe(1);
    expect((await recordedSignals(client, workflowIdOf(2))).map((s) => s.args)).toEqual([
      [{ eventId: `e2e-${run}-dup`, topic: 'products/update', action: 'upsert' }],
    ]);
  }, 30_000);

  it('given two events for one product, when forwarded, then both signal the one workflow keyed by the product', async () => {
    await request(baseUrl, '/webhooks/shop', productDelivery({ eventId: `e2e-${run}-a`, productId: productId(3) }));
    await request(baseUrl, '/webhooks/shop', productDelivery({ eventId: `e2e-${run}-b`, productId: productId(3) }));
    expect(await forwarder.drain(15_000)).toBe(true);

    const signals = await recordedSignals(client, workflowIdOf(3));
    expect(signals.map((s) => (s.args[0] as { eventId: string }).eventId).sort()).toEqual([`e2e-${run}-a`, `e2e-${run}-b`]);
  }, 30_000);

  it('given the forwarder on its own worker thread, when deliveries are accepted, then the thread delivers them to Temporal', async () => {
    // Swap the in-process forwarder for the threaded one on a second ingress over the same store.
    const thread = await startForwarderThread({ store, temporal: { address: temporal.address }, options: { idleMs: 5_000 }, log: logs.log });
    const threaded = createIngress({
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 2048,
      verifiers: new Map([['shop', createShopifyWebhookVerifier(SECRET)]]),
      store,
      route: productRouter,
      log: logs.log,
      onAccepted: () => thread.poke(),
    });
    try {
      await forwarder.stop();
      const url = await threaded.listen();
      await request(url, '/webhooks/shop', productDelivery({ eventId: `e2e-${run}-t1`, productId: productId(5) }));
      await request(url, '/webhooks/shop', productDelivery({ eventId: `e2e-${run}-t2`, productId: productId(5) }));

      expect(await thread.drain(15_000)).toBe(true);
      const signals = await recordedSignals(client, workflowIdOf(5));
      expect(signals.map((s) => (s.args[0] as { eventId: string }).eventId).sort()).toEqual([`e2e-${run}-t1`, `e2e-${run}-t2`]);
      expect(await store.countOutbox({ delivered: true })).toBe(2);
    } finally {
      await threaded.close();
      await thread.stop();
    }
  }, 60_000);

  it('given bad signature, oversize and malformed deliveries, when posted, then 401/413/400, nothing in the outbox and no workflow in Temporal', async () => {
    const bad = productDelivery({ eventId: `e2e-${run}-bad`, productId: productId(4), secret: 'wrong' });
    const oversize = productDelivery({ eventId: `e2e-${run}-big`, productId: productId(4) });
    const malformed = productDelivery({ eventId: `e2e-${run}-mal`, productId: productId(4) });
    delete malformed.headers['x-shopify-topic'];

    const replies = [
      await request(baseUrl, '/webhooks/shop', bad),
      await request(baseUrl, '/webhooks/shop', { headers: oversize.headers, body: oversize.body + ' '.repeat(4096) }),
      await request(baseUrl, '/webhooks/shop', malformed),
    ];
    forwarder.poke();
    await new Promise((r) => setTimeout(r, 300));

    expect(replies.map((r) => r.status)).toEqual([401, 413, 400]);
    expect(await store.countOutbox()).toBe(0);
    expect(await recordedSignals(client, workflowIdOf(4))).toEqual([]);
    await expect(client.workflow.getHandle(workflowIdOf(4)).describe()).rejects.toThrow(/not found/i);
    expect(ingress.stats().rejected).toMatchObject({ bad_signature: 1, body_too_large: 1, malformed: 1 });
    expect(logs.text()).not.toContain(SECRET);
  }, 30_000);
});
