import type { Square } from 'square';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SquareConnectorConfig } from '../../config/schema';
import { createSquareConnector, type SquareConnector } from '../../connectors/square';
import { VendorError } from '../../connectors/types';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';

/**
 * The connector test matrix against the Square sandbox, through the
 * connector's SDK client: paging, credentials, throttling, server faults,
 * incremental cursors at their boundary, deletions. The retry layer is the
 * Temporal activity's; `withRetries` stands in for it here (retryable
 * VendorErrors are tried again, others surface).
 */

const TOKEN = 'EAAAE_matrix_token';
const LOCATION = 'LMATRIX000001';
let sandbox: SquareSandbox;
let baseUrl: string;
let square: SquareConnector;

function connect(token = TOKEN): SquareConnector {
  const cfg: SquareConnectorConfig = { kind: 'square', accessToken: { env: 'T' }, webhookSignatureKey: { env: 'K' }, squareVersion: '2025-10-16', environment: 'production', baseUrl, locations: { main: LOCATION } };
  return createSquareConnector('pos', cfg, (ref) => (ref.env === 'T' ? token : 'matrix-key'));
}

/** The activity retry policy, in miniature: retryable VendorErrors are retried (up to 3 attempts); `between` runs before each retry. */
async function withRetries<T>(fn: () => Promise<T>, between: (err: VendorError) => void | Promise<void> = () => undefined): Promise<{ value: T; failures: VendorError[] }> {
  const failures: VendorError[] = [];
  for (;;) {
    try {
      return { value: await fn(), failures };
    } catch (err) {
      if (!(err instanceof VendorError) || !err.retryable || failures.length >= 2) throw err;
      failures.push(err);
      await between(err);
    }
  }
}

async function failure(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
  return err;
}

/** Reads every page of a catalog search; returns ids in order and the highest updated_at seen. */
async function drainCatalog(opts: { beginTime?: string; limit: number; includeDeleted?: boolean; types?: string[] }, onPage: (n: number) => void = () => undefined) {
  const objects: Square.CatalogObject[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await square.catalogPage({ ...opts, cursor });
    objects.push(...page.objects);
    cursor = page.cursor;
    onPage(++pages);
  } while (cursor);
  const watermark = objects.map((o) => o.updatedAt ?? '').sort().at(-1) ?? opts.beginTime ?? '';
  return { ids: objects.map((o) => o.id), objects, watermark, pages };
}

async function drainCounts(updatedAfter: string | null, limit: number) {
  const counts: Square.InventoryCount[] = [];
  let cursor: string | null = null;
  do {
    const page = await square.inventoryCounts({ updatedAfter, cursor, limit, locationIds: [LOCATION] });
    counts.push(...page.counts);
    cursor = page.cursor;
  } while (cursor);
  const watermark = counts.map((c) => c.calculatedAt ?? '').sort().at(-1) ?? updatedAfter;
  return { keys: counts.map((c) => `${c.catalogObjectId}:${c.quantity}`), watermark };
}

const item = (name: string) => sandbox.dashboard.createItem({ name, variations: [{ name: 'Regular', priceAmount: 1000 }] });
const batch = (names: string[]) => sandbox.state.writeCatalog(names.map((n, i) => ({ type: 'ITEM', id: `#${n}`, item_data: { name: n, variations: [{ type: 'ITEM_VARIATION', id: `#${n}-v${i}`, item_variation_data: { name: 'Regular', pricing_type: 'FIXED_PRICING', price_money: { amount: 500, currency: 'USD' } } }] } })), 'objects');

beforeAll(async () => {
  sandbox = createSquareSandbox({ accessToken: TOKEN, locations: [{ id: LOCATION, name: 'Matrix', currency: 'USD' }] });
  baseUrl = await sandbox.start();
  square = connect();
});
beforeEach(() => {
  sandbox.state.reset();
  sandbox.server.setFaults({});
});
afterAll(async () => {
  expect(sandbox.server.violations).toEqual([]);
  await sandbox.stop();
});

describe('Square connector matrix', () => {
  it('given three items, when listed with a large page, then one page holds them all and no cursor follows', async () => {
    sandbox.seed(3);
    const page = await square.catalogPage({ limit: 100 });
    expect(page.objects).toHaveLength(3);
    expect(page.cursor).toBeNull();
  });

  it('given 250 items, when listed 40 at a time, then 7 pages cover every item once (no gaps, no duplicates)', async () => {
    const seeded = sandbox.seed(250).map((o) => o.id).sort();
    const { ids, pages } = await drainCatalog({ limit: 40 });
    expect(pages).toBe(7);
    expect([...ids].sort()).toEqual(seeded);
    expect(new Set(ids).size).toBe(250);
  });

  it('given a wrong access token, when reading, then VendorError 401 UNAUTHORIZED, not retryable', async () => {
    const err = await failure(connect('EAAAE_wrong').catalogPage({ limit: 10 }));
    expect([err.status, err.code, err.retryable]).toEqual([401, 'UNAUTHORIZED', false]);
  });

  it('given Square answers 429 RATE_LIMITED once, when the read is retried, then the retry succeeds', async () => {
    sandbox.seed(2);
    sandbox.server.setFaults({ rate429: 1 });
    const { value, failures } = await withRetries(() => square.catalogPage({ limit: 10 }), () => sandbox.server.setFaults({}));
    expect(failures.map((f) => [f.status, f.code, f.retryable])).toEqual([[429, 'RATE_LIMITED', true]]);
    expect(value.objects).toHaveLength(2);
  });

  it('given the real token bucket is empty, when the read is retried after the bucket refills, then it succeeds', async () => {
    sandbox.setLimits({ requestsPerSecond: 2, burst: 1 });
    try {
      await square.catalogPage({ limit: 1 });
      // The backoff lets one token refill (2/s).
      const { failures } = await withRetries(() => square.catalogPage({ limit: 1 }), () => new Promise((r) => setTimeout(r, 600)));
      expect(failures.map((f) => f.code)).toEqual(['RATE_LIMITED']);
    } finally {
      sandbox.setLimits('off');
    }
  });

  it('given a 500 INTERNAL_SERVER_ERROR once, when retried, then the second attempt succeeds', async () => {
    sandbox.seed(1);
    sandbox.server.setFaults({ error5xxRate: 1 });
    const { value, failures } = await withRetries(() => square.catalogPage({ limit: 10 }), () => sandbox.server.setFaults({}));
    expect(failures.map((f) => [f.status, f.retryable])).toEqual([[500, true]]);
    expect(value.objects).toHaveLength(1);
  });

  it('given writes during and after a sync, when deltas run from begin_time = highest updated_at seen, then nothing is missed or repeated, even when one instant spans pages', async () => {
    batch(['a1', 'a2', 'a3']);
    const first = await drainCatalog({ beginTime: '1970-01-01T00:00:00Z', limit: 2 }, (n) => {
      if (n === 1) batch(['b1', 'b2']); // lands while the sync is paging
    });
    expect(first.objects.map((o) => (o.type === 'ITEM' ? o.itemData?.name : '')).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    expect(first.objects.filter((o) => o.type === 'ITEM' && o.itemData?.name?.startsWith('a')).map((o) => o.updatedAt)).toEqual(Array(3).fill(first.objects[0]?.updatedAt));
    const idle = await drainCatalog({ beginTime: first.watermark, limit: 2 });
    expect(idle.ids).toEqual([]);
    batch(['c1', 'c2', 'c3']); // three objects, one instant, read one per page
    const next = await drainCatalog({ beginTime: first.watermark, limit: 1 });
    expect(next.objects.map((o) => (o.type === 'ITEM' ? o.itemData?.name : ''))).toEqual(['c1', 'c2', 'c3']);
    expect(new Set(next.objects.map((o) => o.updatedAt)).size).toBe(1);
    expect((await drainCatalog({ beginTime: next.watermark, limit: 1 })).ids).toEqual([]);
  });

  it('given inventory counts changed in one request, when read updated_after the last calculated_at one per page, then each count comes once and the next delta is empty until something changes', async () => {
    const vs = ['x', 'y', 'z'].map((n) => item(n).item_data?.variations?.[0]?.id ?? '');
    const at = new Date().toISOString();
    sandbox.state.pos.inventory.apply(vs.map((v, i) => ({ type: 'PHYSICAL_COUNT', physical_count: { catalog_object_id: v, location_id: LOCATION, state: 'IN_STOCK', quantity: String(10 + i), occurred_at: at } })));
    const first = await drainCounts(null, 1);
    expect(first.keys.sort()).toEqual([`${vs[0]}:10`, `${vs[1]}:11`, `${vs[2]}:12`].sort());
    expect((await drainCounts(first.watermark, 1)).keys).toEqual([]);
    sandbox.dashboard.sale({ locationId: LOCATION, lines: [{ variationId: vs[1] ?? '', quantity: 2 }] });
    const delta = await drainCounts(first.watermark, 1);
    expect(delta.keys).toEqual([`${vs[1]}:9`]);
  });

  it('given an item deleted in the dashboard, when the delta since the watermark includes deleted objects, then the item and its variation come back is_deleted', async () => {
    const keep = item('keeper');
    const gone = item('goner');
    const { watermark } = await drainCatalog({ beginTime: '1970-01-01T00:00:00Z', limit: 10 });
    sandbox.dashboard.deleteObject(gone.id);
    const delta = await drainCatalog({ beginTime: watermark, limit: 10, includeDeleted: true, types: ['ITEM', 'ITEM_VARIATION'] });
    expect(delta.objects.map((o) => [o.type, o.id, o.isDeleted]).sort()).toEqual(
      [['ITEM', gone.id, true], ['ITEM_VARIATION', gone.item_data?.variations?.[0]?.id, true]].sort(),
    );
    expect(delta.ids).not.toContain(keep.id);
    const live = await drainCatalog({ beginTime: watermark, limit: 10 });
    expect(live.ids).toEqual([]);
  });
});
