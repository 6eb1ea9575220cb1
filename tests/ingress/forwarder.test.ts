import { Client, Connection } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createForwarder, type Forwarder } from '../../ingress/forwarder';
import { recordedSignals } from '../../ingress/signal-audit';
import { serializeStartSpec } from '../../ingress/start-spec';
import type { Store } from '../../store/types';
import { freePort, startDevServer, type DevServer } from '../../temporal/dev-server';
import { captureLog, productRouter, tempStore, waitFor } from './helpers';

/** Enqueues a product delivery exactly as the ingress would after verification. */
async function enqueue(store: Store, eventId: string, productId: number): Promise<string> {
  const spec = productRouter('shop', {
    eventId,
    topic: 'products/update',
    entity: 'product',
    action: 'upsert',
    externalId: `gid://shopify/Product/${productId}`,
    occurredAt: null,
  });
  if (spec === null) throw new Error('router ignored a product');
  await store.acceptWebhook({ connector: 'shop', eventId, topic: 'products/update', workflowId: spec.workflowId, signal: serializeStartSpec(spec) });
  return spec.workflowId;
}

const eventIdsOf = async (client: Client, workflowId: string): Promise<string[]> =>
  (await recordedSignals(client, workflowId)).map((s) => (s.args[0] as { eventId: string }).eventId).sort();

describe('outbox forwarder', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let temporal: DevServer | null = null;
  let connection: Connection | null = null;
  let forwarder: Forwarder | null = null;
  let logs: ReturnType<typeof captureLog>;

  beforeEach(async () => {
    ({ store, cleanup } = await tempStore());
    logs = captureLog();
  });

  afterEach(async () => {
    await forwarder?.stop();
    await connection?.close();
    await temporal?.stop();
    await cleanup();
    forwarder = null;
    connection = null;
    temporal = null;
  }, 30_000);

  it('given Temporal is unreachable, when rows are pending, then they stay pending with attempts counted, and are all delivered once Temporal is back', async () => {
    const port = await freePort();
    // Lazy: the client exists while nothing listens on the port, like a forwarder started during an outage.
    connection = Connection.lazy({ address: `127.0.0.1:${port}` });
    const client = new Client({ connection });
    forwarder = createForwarder({ store, client, idleMs: 200, callTimeoutMs: 1_000, log: logs.log });
    const wfA = await enqueue(store, 'out-1', 1);
    const wfB = await enqueue(store, 'out-2', 2);
    forwarder.start();

    await waitFor(async () => (await store.pendingOutbox(10)).every((r) => r.attempts >= 1), 15_000, 'a failed attempt on every row');
    expect(await store.countOutbox({ delivered: false })).toBe(2);
    expect(logs.entries.some((e) => e.level === 'warn' && e.msg.includes('signalWithStart failed'))).toBe(true);

    // More deliveries arrive during the outage; they must not be lost either.
    const wfC = await enqueue(store, 'out-3', 1);
    forwarder.poke();
    temporal = await startDevServer({ port });

    expect(await forwarder.drain(60_000)).toBe(true);
    expect(wfC).toBe(wfA);
    expect(await eventIdsOf(client, wfA)).toEqual(['out-1', 'out-3']);
    expect(await eventIdsOf(client, wfB)).toEqual(['out-2']);
    expect(await store.countOutbox({ delivered: true })).toBe(3);
  }, 120_000);

  it('given an undeliverable row ahead of good ones, when forwarding, then the good ones are delivered and the bad one stays pending and is logged', async () => {
    temporal = await startDevServer();
    connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    await store.acceptWebhook({ connector: 'shop', eventId: 'poison', topic: 'products/update', workflowId: 'product:shop:x', signal: '{not json' });
    const wf = await enqueue(store, 'good-1', 10);
    await enqueue(store, 'good-2', 10);
    forwarder = createForwarder({ store, client, batchSize: 1, idleMs: 50, log: logs.log });
    forwarder.start();

    await waitFor(async () => (await store.countOutbox({ delivered: true })) === 2, 20_000, 'the good rows to be delivered');
    expect(await eventIdsOf(client, wf)).toEqual(['good-1', 'good-2']);
    const pending = await store.pendingOutbox(10);
    expect(pending.map((r) => r.eventId)).toEqual(['poison']);
    expect(pending[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(logs.entries).toContainEqual(expect.objectContaining({ level: 'error', eventId: 'poison', error: expect.stringContaining('StartSpecError') }));
  }, 60_000);
});
