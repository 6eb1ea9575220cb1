import { describe, expect, it } from 'vitest';
import type { NewOutboxEntry, NewQuarantineEntry } from '../../store/index';
import type { StoreFixture } from './harness';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function delivery(eventId: string, overrides: Partial<NewOutboxEntry> = {}): NewOutboxEntry {
  return {
    connector: 'shopify',
    eventId,
    topic: 'products/update',
    workflowId: 'product:prod-1',
    signal: `{"id":"${eventId}"}`,
    ...overrides,
  };
}

function refusal(overrides: Partial<NewQuarantineEntry> = {}): NewQuarantineEntry {
  return {
    flowId: 'catalog',
    connector: 'shopify',
    entity: 'product',
    externalId: 'gid://shopify/Product/1',
    reason: 'price missing',
    payload: '{"id":1}',
    ...overrides,
  };
}

/** Webhook dedupe + outbox, and quarantine. */
export function describeQueueContract(fx: StoreFixture): void {
  describe('webhook dedupe + outbox', () => {
    it('given an accepted delivery, when the same connector+eventId arrives again, then it is a duplicate and nothing more is enqueued', async () => {
      expect(await fx.store.acceptWebhook(delivery('evt-1'))).toBe('accepted');
      expect(await fx.store.acceptWebhook(delivery('evt-1', { topic: 'other', signal: '{"changed":true}' }))).toBe('duplicate');

      expect(await fx.store.countOutbox()).toBe(1);
      const [only, ...rest] = await fx.store.pendingOutbox(10);
      expect(rest).toEqual([]);
      expect(only).toMatchObject({ ...delivery('evt-1'), deliveredAt: null, attempts: 0 });
      expect(only?.receivedAt).toMatch(ISO);
    });

    it('given an event id seen on one connector, when another connector sends the same id, then it is accepted', async () => {
      expect(await fx.store.acceptWebhook(delivery('evt-1'))).toBe('accepted');
      expect(await fx.store.acceptWebhook(delivery('evt-1', { connector: 'square' }))).toBe('accepted');
      expect(await fx.store.countOutbox()).toBe(2);
    });

    it('given 50 concurrent accepts of one event id, when they settle, then exactly one is accepted and one row is enqueued', async () => {
      const outcomes = await Promise.all(Array.from({ length: 50 }, () => fx.store.acceptWebhook(delivery('evt-race'))));
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(49);
      expect(await fx.store.countOutbox()).toBe(1);
    });

    it('given a second store on the same location, when both accept the same event id at once, then exactly one wins', async () => {
      const other = await fx.open();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? fx.store : other).acceptWebhook(delivery('evt-shared'))),
      );
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
      expect(await other.countOutbox()).toBe(1);
    });

    it('given pending deliveries, when read, delivered and attempted, then order, limits, counts and attempts follow', async () => {
      for (const id of ['a', 'b', 'c', 'd']) await fx.store.acceptWebhook(delivery(id));

      const firstTwo = await fx.store.pendingOutbox(2);
      expect(firstTwo.map((e) => e.eventId)).toEqual(['a', 'b']);
      expect(await fx.store.pendingOutbox(0)).toEqual([]);

      await fx.store.markAttempted(firstTwo.map((e) => e.id));
      await fx.store.markAttempted([firstTwo[0]!.id]);
      await fx.store.markDelivered([firstTwo[1]!.id]);

      const pending = await fx.store.pendingOutbox(10);
      expect(pending.map((e) => [e.eventId, e.attempts])).toEqual([
        ['a', 2],
        ['c', 0],
        ['d', 0],
      ]);
      expect(await fx.store.countOutbox()).toBe(4);
      expect(await fx.store.countOutbox({ delivered: true })).toBe(1);
      expect(await fx.store.countOutbox({ delivered: false })).toBe(3);
      expect(await fx.store.acceptWebhook(delivery('b'))).toBe('duplicate'); // delivered rows still dedupe
    });
  });

  describe('quarantine', () => {
    it('given refusals in two flows, when listed and counted, then newest come first, filtered by flow and limited', async () => {
      await fx.store.quarantine(refusal({ externalId: 'p1', reason: 'first' }));
      await fx.store.quarantine(refusal({ externalId: 'p2', reason: 'second' }));
      await fx.store.quarantine(refusal({ flowId: 'inventory', externalId: 'p3', reason: 'third' }));

      const all = await fx.store.listQuarantine();
      expect(all.map((e) => e.reason)).toEqual(['third', 'second', 'first']);
      expect(all[2]).toMatchObject({ ...refusal({ externalId: 'p1', reason: 'first' }), resolvedAt: null });
      expect(all[2]?.createdAt).toMatch(ISO);
      expect(typeof all[2]?.id).toBe('number');

      expect((await fx.store.listQuarantine({ flowId: 'catalog' })).map((e) => e.reason)).toEqual(['second', 'first']);
      expect((await fx.store.listQuarantine({ limit: 1 })).map((e) => e.reason)).toEqual(['third']);
      expect(await fx.store.countQuarantine()).toBe(3);
      expect(await fx.store.countQuarantine({ flowId: 'catalog' })).toBe(2);
    });

    it('given open refusals, when one record is resolved, then only its entries close and stay listable with includeResolved', async () => {
      await fx.store.quarantine(refusal({ externalId: 'p1', reason: 'r1' }));
      await fx.store.quarantine(refusal({ externalId: 'p1', reason: 'r2' }));
      await fx.store.quarantine(refusal({ externalId: 'p2', reason: 'r3' }));
      await fx.store.quarantine(refusal({ connector: 'square', externalId: 'p1', reason: 'r4' }));

      await fx.store.resolveQuarantine('shopify', 'product', 'p1');

      expect((await fx.store.listQuarantine()).map((e) => e.reason)).toEqual(['r4', 'r3']);
      expect(await fx.store.countQuarantine()).toBe(2);
      const withResolved = await fx.store.listQuarantine({ includeResolved: true });
      expect(withResolved).toHaveLength(4);
      const resolved = withResolved.filter((e) => e.resolvedAt !== null);
      expect(resolved.map((e) => e.reason).sort()).toEqual(['r1', 'r2']);
      expect(resolved[0]?.resolvedAt).toMatch(ISO);
    });
  });
}
