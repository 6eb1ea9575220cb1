import { describe, expect, it } from 'vitest';
import type { CanonicalRecord, NewCanonicalEvent } from '../../store/index';
import type { StoreFixture } from './harness';

function rec(id: string, hash: string, data = '{}'): CanonicalRecord {
  return { entity: 'inventory_state', canonicalId: id, hash, data, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false };
}

function fact(key: string, type = 'back_in_stock'): NewCanonicalEvent {
  return { type, entity: 'inventory', canonicalId: 'var_1', flowId: 'stock', data: `{"k":"${key}"}`, dedupeKey: key };
}

/** Record compare-and-set, record paging and the canonical event stream. */
export function describeEventContract(fx: StoreFixture): void {
  describe('record compare-and-set', () => {
    it('given no record, when put only-if-absent twice, then the first wins and the second is refused', async () => {
      expect(await fx.store.putRecordIf(rec('a', '1', '{"v":1}'), null)).toBe(true);
      expect(await fx.store.putRecordIf(rec('a', '1', '{"v":2}'), null)).toBe(false);
      expect((await fx.store.getRecords('inventory_state', ['a'])).get('a')?.data).toBe('{"v":1}');
    });

    it('given a record at hash 1, when two writers both expect 1, then exactly one update lands', async () => {
      await fx.store.putRecordIf(rec('b', '1'), null);
      const results = await Promise.all([fx.store.putRecordIf(rec('b', '2', '{"w":"x"}'), '1'), fx.store.putRecordIf(rec('b', '2', '{"w":"y"}'), '1')]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await fx.store.putRecordIf(rec('b', '3'), '1')).toBe(false);
      expect((await fx.store.getRecords('inventory_state', ['b'])).get('b')?.hash).toBe('2');
    });
  });

  describe('record paging', () => {
    it('given records of two entities, when listed after a cursor, then only that entity comes back, in id order, without deleted ones', async () => {
      await fx.store.putRecords([
        { ...rec('prd_c', 'h'), entity: 'product' },
        { ...rec('prd_a', 'h'), entity: 'product' },
        { ...rec('prd_b', 'h'), entity: 'product', deleted: true },
        { ...rec('prd_d', 'h'), entity: 'product' },
        rec('x', 'h'),
      ]);
      expect(await fx.store.listRecordIds('product', { afterId: null, limit: 2 })).toEqual(['prd_a', 'prd_c']);
      expect(await fx.store.listRecordIds('product', { afterId: 'prd_c', limit: 2 })).toEqual(['prd_d']);
      expect(await fx.store.listRecordIds('product', { afterId: 'prd_d', limit: 2 })).toEqual([]);
      expect(await fx.store.listRecordIds('product', { afterId: 'prd_a', limit: 2, includeDeleted: true })).toEqual(['prd_b', 'prd_c']);
    });
  });

  describe('canonical event stream', () => {
    it('given events appended twice under the same keys, when listed, then each fact is recorded once, in append order, filterable by type', async () => {
      await fx.store.appendEvents([fact('k1'), fact('k2', 'oversell')]);
      await fx.store.appendEvents([fact('k2', 'oversell'), fact('k3')]);
      const all = await fx.store.listEvents();
      expect(all.map((e) => e.dedupeKey)).toEqual(['k1', 'k2', 'k3']);
      expect(all[1]).toMatchObject({ type: 'oversell', entity: 'inventory', canonicalId: 'var_1', flowId: 'stock', data: '{"k":"k2"}' });
      expect((await fx.store.listEvents({ type: 'back_in_stock' })).map((e) => e.dedupeKey)).toEqual(['k1', 'k3']);
      expect((await fx.store.listEvents({ afterId: all[0]!.id })).map((e) => e.dedupeKey)).toEqual(['k2', 'k3']);
      expect(await fx.store.countEvents({ type: 'back_in_stock', flowId: 'stock' })).toBe(2);
      expect(await fx.store.countEvents({ type: 'back_in_stock', flowId: 'other' })).toBe(0);
      expect((await fx.store.listEvents({ limit: 2, newestFirst: true })).map((e) => e.dedupeKey)).toEqual(['k3', 'k2']);
    });
  });
}
