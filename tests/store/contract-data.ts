import { describe, expect, it } from 'vitest';
import { StoreClosedError, StoreConflictError, type CanonicalRecord, type IdMapping } from '../../store/index';
import type { StoreFixture } from './harness';

export function mapping(overrides: Partial<IdMapping> = {}): IdMapping {
  return {
    entity: 'product',
    canonicalId: 'prod-1',
    connector: 'shopify',
    externalType: 'Product',
    externalId: 'gid://shopify/Product/1',
    externalVersion: null,
    ...overrides,
  };
}

export function record(overrides: Partial<CanonicalRecord> = {}): CanonicalRecord {
  return {
    entity: 'product',
    canonicalId: 'prod-1',
    hash: 'h1',
    data: '{"title":"Mug"}',
    updatedAt: '2025-01-02T03:04:05.000Z',
    deleted: false,
    ...overrides,
  };
}

/** Lifecycle, id map, records, hashes and cursors. */
export function describeDataContract(fx: StoreFixture): void {
  describe('lifecycle', () => {
    it('given a migrated store with data, when migrate runs twice more, then both runs succeed and the data is intact', async () => {
      await fx.store.putIdMappings([mapping()]);
      await fx.store.migrate();
      await fx.store.migrate();
      expect(await fx.store.countIdMappings('shopify')).toBe(1);
    });

    it('given data written, when the store is closed and reopened at the same location, then the data survives', async () => {
      await fx.store.putIdMappings([mapping()]);
      await fx.store.putRecords([record()]);
      await fx.store.setCursor('shopify:product', 'cursor-9');
      await fx.store.acceptWebhook({ connector: 'shopify', eventId: 'e1', topic: 't', workflowId: 'w', signal: '{}' });
      await fx.store.close();

      const reopened = await fx.open();
      expect(reopened.kind).toBe(fx.store.kind);
      expect((await reopened.findByExternal('shopify', 'Product', ['gid://shopify/Product/1'])).size).toBe(1);
      expect((await reopened.getRecords('product', ['prod-1'])).get('prod-1')?.data).toBe('{"title":"Mug"}');
      expect(await reopened.getCursor('shopify:product')).toBe('cursor-9');
      expect(await reopened.acceptWebhook({ connector: 'shopify', eventId: 'e1', topic: 't', workflowId: 'w', signal: '{}' })).toBe(
        'duplicate',
      );
    });

    it('given a closed store, when it is used, then it rejects with StoreClosedError', async () => {
      await fx.store.close();
      await fx.store.close(); // idempotent
      await expect(fx.store.getCursor('k')).rejects.toBeInstanceOf(StoreClosedError);
    });
  });

  describe('id map', () => {
    it('given mappings, when found by external id, then known ids map to full links and unknown ids are absent', async () => {
      await fx.store.putIdMappings([
        mapping(),
        mapping({ canonicalId: 'prod-2', externalId: 'gid://shopify/Product/2', externalVersion: '7' }),
      ]);
      const found = await fx.store.findByExternal('shopify', 'Product', ['gid://shopify/Product/2', 'missing']);
      expect([...found.keys()]).toEqual(['gid://shopify/Product/2']);
      expect(found.get('gid://shopify/Product/2')).toEqual(
        mapping({ canonicalId: 'prod-2', externalId: 'gid://shopify/Product/2', externalVersion: '7' }),
      );
      expect((await fx.store.findByExternal('shopify', 'Variant', ['gid://shopify/Product/2'])).size).toBe(0);
      expect((await fx.store.findByExternal('shopify', 'Product', [])).size).toBe(0);
    });

    it('given a link, when the same external id is put again, then it is updated in place', async () => {
      await fx.store.putIdMappings([mapping()]);
      await fx.store.putIdMappings([mapping({ canonicalId: 'prod-9', externalVersion: '3' })]);
      expect(await fx.store.countIdMappings('shopify')).toBe(1);
      const found = await fx.store.findByExternal('shopify', 'Product', ['gid://shopify/Product/1']);
      expect(found.get('gid://shopify/Product/1')).toMatchObject({ canonicalId: 'prod-9', externalVersion: '3' });
    });

    it('given links of several types and connectors, when found by canonical id, then every type of that connector is returned', async () => {
      await fx.store.putIdMappings([
        mapping({ connector: 'square', externalType: 'ITEM', externalId: 'SQ-ITEM-1' }),
        mapping({ connector: 'square', externalType: 'ITEM_VARIATION', externalId: 'SQ-VAR-1', entity: 'variant', canonicalId: 'var-1' }),
        mapping({ connector: 'square', externalType: 'ITEM_VARIATION', externalId: 'SQ-VAR-X', entity: 'variant', canonicalId: 'prod-1' }),
        mapping({ connector: 'shopify' }),
      ]);
      const links = await fx.store.findByCanonical('square', ['prod-1', 'unknown']);
      expect(links.map((l) => `${l.connector}/${l.externalType}/${l.externalId}`).sort()).toEqual([
        'square/ITEM/SQ-ITEM-1',
        'square/ITEM_VARIATION/SQ-VAR-X',
      ]);
      expect(await fx.store.findByCanonical('square', [])).toEqual([]);
    });

    it('given links, when some are deleted, then only those are gone and counts per connector/type follow', async () => {
      await fx.store.putIdMappings([
        mapping({ externalId: 'p1', canonicalId: 'c1' }),
        mapping({ externalId: 'p2', canonicalId: 'c2' }),
        mapping({ externalType: 'ProductVariant', entity: 'variant', externalId: 'v1', canonicalId: 'c3' }),
        mapping({ connector: 'square', externalType: 'ITEM', externalId: 'p1', canonicalId: 'c1' }),
      ]);
      expect(await fx.store.countIdMappings('shopify')).toBe(3);
      expect(await fx.store.countIdMappings('shopify', 'Product')).toBe(2);

      await fx.store.deleteIdMappings('shopify', 'Product', ['p1', 'not-there']);
      expect(await fx.store.countIdMappings('shopify', 'Product')).toBe(1);
      expect([...(await fx.store.findByExternal('shopify', 'Product', ['p1', 'p2'])).keys()]).toEqual(['p2']);
      expect(await fx.store.countIdMappings('square')).toBe(1);
      expect(await fx.store.countIdMappings('nobody')).toBe(0);
    });

    it('given a canonical record linked to an external id, when a second external id of the same type links to it, then the batch fails with StoreConflictError and writes nothing', async () => {
      await fx.store.putIdMappings([mapping()]);
      const batch = [mapping({ externalId: 'other-new', canonicalId: 'prod-5' }), mapping({ externalId: 'gid://shopify/Product/99' })];
      await expect(fx.store.putIdMappings(batch)).rejects.toBeInstanceOf(StoreConflictError);
      expect(await fx.store.countIdMappings('shopify')).toBe(1);
      expect((await fx.store.findByExternal('shopify', 'Product', ['other-new'])).size).toBe(0);
    });

    it('given a batch naming one external id twice, when it is put, then the last row wins', async () => {
      await fx.store.putIdMappings([mapping({ canonicalId: 'first' }), mapping({ canonicalId: 'last' })]);
      const found = await fx.store.findByExternal('shopify', 'Product', ['gid://shopify/Product/1']);
      expect(found.get('gid://shopify/Product/1')?.canonicalId).toBe('last');
    });

    it('given a batch larger than one statement allows, when its last row conflicts, then no row of the batch is written', async () => {
      // 10,000 rows x 7 columns is over both dialects' bind limits, so the
      // batch spans statements and only a transaction keeps it atomic.
      const rows = Array.from({ length: 10_000 }, (_, i) => mapping({ externalId: `x-${i}`, canonicalId: `c-${i}` }));
      await expect(fx.store.putIdMappings([...rows, mapping({ externalId: 'clash', canonicalId: 'c-0' })])).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect(await fx.store.countIdMappings('shopify')).toBe(0);

      await fx.store.putIdMappings(rows);
      expect(await fx.store.countIdMappings('shopify')).toBe(10_000);
      const found = await fx.store.findByExternal('shopify', 'Product', rows.map((r) => r.externalId));
      expect(found.size).toBe(10_000);
      expect(found.get('x-9999')?.canonicalId).toBe('c-9999');
    });

    it('given a batch spanning statements that fails, when other writes are issued while it runs, then they stay and none of its rows do', async () => {
      const rows = Array.from({ length: 10_000 }, (_, i) => mapping({ externalId: `x-${i}`, canonicalId: `c-${i}` }));
      let settled = false;
      const failing = fx.store.putIdMappings([...rows, mapping({ externalId: 'clash', canonicalId: 'c-0' })]).finally(() => (settled = true));
      failing.catch(() => undefined);
      // Single writes issued before, during and after the batch's transaction: none may land inside it.
      const others: Promise<void>[] = [];
      while (!settled) {
        const i = others.length;
        others.push(fx.store.putIdMappings([mapping({ externalId: `y-${i}`, canonicalId: `d-${i}` })]));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await expect(failing).rejects.toBeInstanceOf(StoreConflictError);
      await Promise.all(others);
      expect(others.length).toBeGreaterThan(2);
      expect(await fx.store.countIdMappings('shopify')).toBe(others.length);
      expect((await fx.store.findByExternal('shopify', 'Product', ['x-0', 'clash'])).size).toBe(0);
    });
  });

  describe('canonical records', () => {
    it('given records, when upserted and read back, then the latest content and deleted flag are returned', async () => {
      await fx.store.putRecords([record(), record({ canonicalId: 'prod-2', hash: 'h2' })]);
      await fx.store.putRecords([record({ hash: 'h1b', data: '{"title":"Big mug"}', updatedAt: '2025-02-01T00:00:00.000Z', deleted: true })]);

      const got = await fx.store.getRecords('product', ['prod-1', 'prod-2', 'missing']);
      expect(got.size).toBe(2);
      expect(got.get('prod-1')).toEqual(
        record({ hash: 'h1b', data: '{"title":"Big mug"}', updatedAt: '2025-02-01T00:00:00.000Z', deleted: true }),
      );
      expect(got.get('prod-2')?.deleted).toBe(false);
      expect((await fx.store.getRecords('variant', ['prod-1'])).size).toBe(0);
    });

    it('given live and deleted records, when counted, then deleted ones count only with includeDeleted', async () => {
      await fx.store.putRecords([
        record({ canonicalId: 'a' }),
        record({ canonicalId: 'b' }),
        record({ canonicalId: 'c', deleted: true }),
        record({ entity: 'variant', canonicalId: 'v' }),
      ]);
      expect(await fx.store.countRecords('product')).toBe(2);
      expect(await fx.store.countRecords('product', { includeDeleted: true })).toBe(3);
      expect(await fx.store.countRecords('variant')).toBe(1);
    });
  });

  describe('hashes', () => {
    it('given hashes per connector, when updated and read, then each connector keeps its own latest hash', async () => {
      await fx.store.putHashes([
        { connector: 'shopify', entity: 'product', canonicalId: 'p1', hash: 'a' },
        { connector: 'square', entity: 'product', canonicalId: 'p1', hash: 'b' },
        { connector: 'shopify', entity: 'product', canonicalId: 'p2', hash: 'c' },
      ]);
      await fx.store.putHashes([{ connector: 'shopify', entity: 'product', canonicalId: 'p1', hash: 'a2' }]);

      const shopify = await fx.store.getHashes('shopify', 'product', ['p1', 'p2', 'p3']);
      expect(Object.fromEntries(shopify)).toEqual({ p1: 'a2', p2: 'c' });
      expect(Object.fromEntries(await fx.store.getHashes('square', 'product', ['p1']))).toEqual({ p1: 'b' });
      expect((await fx.store.getHashes('shopify', 'variant', ['p1'])).size).toBe(0);
    });
  });

  describe('cursors', () => {
    it('given no cursor, when set, overwritten and cleared, then reads follow each step', async () => {
      expect(await fx.store.getCursor('shopify:product')).toBeNull();
      await fx.store.setCursor('shopify:product', 'page-1');
      await fx.store.setCursor('shopify:product', 'page-2');
      await fx.store.setCursor('square:item', 'other');
      expect(await fx.store.getCursor('shopify:product')).toBe('page-2');

      await fx.store.setCursor('shopify:product', null);
      expect(await fx.store.getCursor('shopify:product')).toBeNull();
      expect(await fx.store.getCursor('square:item')).toBe('other');
    });
  });
}
