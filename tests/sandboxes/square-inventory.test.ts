import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Square } from 'square';
import { LOCATION, LOCATION_2, squareError, startPos, TOKEN, type PosHarness } from './square-pos-harness';

/** Inventory API through the official SDK: batch changes, counts, changes history, webhooks. */

let h: PosHarness;
const at = () => new Date().toISOString();

beforeAll(async () => {
  h = await startPos(['inventory.count.updated']);
});
afterAll(async () => {
  expect(h.sandbox.server.violations).toEqual([]);
  await h.stop();
});

async function counts(req: Square.BatchGetInventoryCountsRequest): Promise<Square.InventoryCount[]> {
  const out: Square.InventoryCount[] = [];
  for await (const c of await h.client.inventory.batchGetCounts(req)) out.push(c);
  return out;
}

const inStock = async (id: string, loc = LOCATION) => (await counts({ catalogObjectIds: [id], locationIds: [loc] })).find((c) => c.state === 'IN_STOCK')?.quantity;

describe('Square sandbox: inventory', () => {
  it('given 20 in stock, when an ADJUSTMENT IN_STOCK→SOLD of 3 is sent, then IN_STOCK is 17, SOLD is untracked and calculated_at is set', async () => {
    const res = await h.client.inventory.batchCreateChanges({
      idempotencyKey: 'inv-sale-1',
      changes: [{ type: 'ADJUSTMENT', adjustment: { catalogObjectId: h.tee, fromLocationId: LOCATION, toLocationId: LOCATION, fromState: 'IN_STOCK', toState: 'SOLD', quantity: '3', occurredAt: at() } }],
    });
    expect(res.counts?.map((c) => [c.state, c.quantity])).toEqual([['IN_STOCK', '17']]);
    expect(res.counts?.[0]?.calculatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await inStock(h.tee)).toBe('17');
    const adjustmentId = res.changes?.[0]?.adjustment?.id ?? '';
    const got = await h.client.inventory.getAdjustment({ adjustmentId });
    expect(got.adjustment).toMatchObject({ fromState: 'IN_STOCK', toState: 'SOLD', quantity: '3', catalogObjectType: 'ITEM_VARIATION' });
  });

  it('given the same idempotency key, when the batch change is replayed, then the count moves once', async () => {
    const body: Square.BatchChangeInventoryRequest = {
      idempotencyKey: 'inv-waste-1',
      changes: [{ type: 'ADJUSTMENT', adjustment: { catalogObjectId: h.mug, fromLocationId: LOCATION, toLocationId: LOCATION, fromState: 'IN_STOCK', toState: 'WASTE', quantity: '2', occurredAt: '2026-01-01T00:00:00Z' } }],
    };
    const first = await h.client.inventory.batchCreateChanges(body);
    const replay = await h.client.inventory.batchCreateChanges(body);
    expect(replay.changes?.[0]?.adjustment?.id).toBe(first.changes?.[0]?.adjustment?.id);
    expect(await inStock(h.mug)).toBe('18');
    const reused = await squareError(h.client.inventory.batchCreateChanges({ ...body, changes: [] }));
    expect(reused.errors[0]?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('given a PHYSICAL_COUNT and a move between locations (SDK: adjustment from/to location), when applied, then the count is set and stock moves', async () => {
    const res = await h.client.inventory.batchCreateChanges({
      idempotencyKey: 'inv-count-move',
      changes: [
        { type: 'PHYSICAL_COUNT', physicalCount: { catalogObjectId: h.tee, locationId: LOCATION, state: 'IN_STOCK', quantity: '40', occurredAt: at() } },
        { type: 'ADJUSTMENT', adjustment: { catalogObjectId: h.tee, fromLocationId: LOCATION, toLocationId: LOCATION_2, fromState: 'IN_STOCK', toState: 'IN_STOCK', quantity: '5', occurredAt: at() } },
      ],
    });
    expect(await inStock(h.tee)).toBe('35');
    expect(await inStock(h.tee, LOCATION_2)).toBe('25');
    const countId = res.changes?.[0]?.physicalCount?.id ?? '';
    expect((await h.client.inventory.getPhysicalCount({ physicalCountId: countId })).count?.quantity).toBe('40');
    const all: Square.InventoryCount[] = [];
    for await (const c of await h.client.inventory.get({ catalogObjectId: h.tee })) all.push(c);
    expect(all.map((c) => `${c.locationId}:${c.quantity}`).sort()).toEqual([`${LOCATION}:35`, `${LOCATION_2}:25`].sort());
  });

  it('given a TRANSFER change (spec shape, raw HTTP), when applied, then the quantity moves and the change reads back as a TRANSFER', async () => {
    const post = (path: string, body: unknown) => fetch(`${h.sandbox.server.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const res = await post('/v2/inventory/changes/batch-create', { idempotency_key: 'inv-transfer', changes: [{ type: 'TRANSFER', transfer: { catalog_object_id: h.tee, from_location_id: LOCATION_2, to_location_id: LOCATION, state: 'IN_STOCK', quantity: '2', occurred_at: at() } }] });
    expect(res.status).toBe(200);
    expect(await inStock(h.tee)).toBe('37');
    expect(await inStock(h.tee, LOCATION_2)).toBe('23');
    const changes = (await (await post('/v2/inventory/changes/batch-retrieve', { types: ['TRANSFER'], catalog_object_ids: [h.tee] })).json()) as { changes: { transfer: { quantity: string } }[] };
    expect(changes.changes.map((c) => c.transfer.quantity)).toEqual(['2']);
  });

  it('given ignore_unchanged_counts (default true), when the same physical count is sent again, then no change is recorded', async () => {
    const before = (await h.client.inventory.batchCreateChanges({ idempotencyKey: 'inv-same-1', changes: [{ type: 'PHYSICAL_COUNT', physicalCount: { catalogObjectId: h.mug, locationId: LOCATION_2, state: 'IN_STOCK', quantity: '20', occurredAt: at() } }] })).changes ?? [];
    expect(before).toEqual([]);
    const forced = await h.client.inventory.batchCreateChanges({ idempotencyKey: 'inv-same-2', ignoreUnchangedCounts: false, changes: [{ type: 'PHYSICAL_COUNT', physicalCount: { catalogObjectId: h.mug, locationId: LOCATION_2, state: 'IN_STOCK', quantity: '20', occurredAt: at() } }] });
    expect(forced.changes).toHaveLength(1);
  });

  it('given changes over time, when counts are read updated_after a point, then only later counts come back, and changes can be filtered by type', async () => {
    const mark = (await counts({})).map((c) => c.calculatedAt ?? '').sort().at(-1);
    await h.client.inventory.batchCreateChanges({ idempotencyKey: 'inv-later', changes: [{ type: 'ADJUSTMENT', adjustment: { catalogObjectId: h.mug, toLocationId: LOCATION_2, fromState: 'NONE', toState: 'IN_STOCK', quantity: '4', occurredAt: at() } }] });
    const later = await counts({ updatedAfter: mark });
    expect(later.map((c) => [c.catalogObjectId, c.locationId, c.quantity])).toEqual([[h.mug, LOCATION_2, '24']]);
    const counts2: Square.InventoryChange[] = [];
    for await (const c of await h.client.inventory.batchGetChanges({ types: ['PHYSICAL_COUNT'], catalogObjectIds: [h.tee], locationIds: [LOCATION] })) counts2.push(c);
    expect(counts2.map((t) => t.physicalCount?.quantity)).toEqual(['20', '40']);
  });

  it('given an unknown variation or location, when changing inventory, then the whole batch is refused', async () => {
    const err = await squareError(h.client.inventory.batchCreateChanges({
      idempotencyKey: 'inv-bad',
      changes: [
        { type: 'ADJUSTMENT', adjustment: { catalogObjectId: h.tee, fromLocationId: LOCATION, toLocationId: LOCATION, fromState: 'IN_STOCK', toState: 'SOLD', quantity: '1', occurredAt: at() } },
        { type: 'ADJUSTMENT', adjustment: { catalogObjectId: 'NOPE', fromLocationId: LOCATION, toLocationId: LOCATION, fromState: 'IN_STOCK', toState: 'SOLD', quantity: '1', occurredAt: at() } },
      ],
    }));
    expect(err.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'changes[1].adjustment.catalog_object_id' });
    expect(await inStock(h.tee)).toBe('37');
  });

  it('given a subscriber, when counts change, then a signed inventory.count.updated arrives that matches the spec Event schema', async () => {
    const body = await h.event('inventory.count.updated', (b) => JSON.stringify(b).includes(h.tee));
    expect(h.received.every((r) => r.verified)).toBe(true);
    expect(h.sandbox.validateEvent('inventory.count.updated', body)).toEqual([]);
    expect(body).toMatchObject({ type: 'inventory.count.updated', data: { type: 'inventory_counts', object: { inventory_counts: expect.any(Array) } } });
  });
});
