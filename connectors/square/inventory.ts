import type { Square } from 'square';
import { levelKey, type InventoryChannel, type InventoryRef } from '../types';
import { squareCall, type SquareApi } from './client';

/**
 * Square stock: the IN_STOCK count of an ITEM_VARIATION at a location, through
 * the official SDK. Square has no compare-and-set on counts, so a write is the
 * difference between the level we want and the level we last saw, sent as an
 * ADJUSTMENT under an idempotency key: a sale the POS rang up meanwhile stays
 * counted (it arrives as its own inventory.count.updated), and a retried write
 * replays instead of applying twice. Never a PHYSICAL_COUNT, which would
 * overwrite whatever happened since our read.
 * https://developer.squareup.com/reference/square/inventory-api/batch-change-inventory
 * https://developer.squareup.com/docs/inventory-api/how-it-works#inventory-states
 */

const COUNT_CHUNK = 100;

export function createSquareInventory(api: SquareApi): InventoryChannel {
  return {
    itemType: 'ITEM_VARIATION',
    variantType: 'ITEM_VARIATION',

    async variantOfItem(itemId) {
      return itemId;
    },

    // Square's inventory item IS the variation: the catalog link is already the one we need.
    async inventoryItems(variationIds) {
      return new Map(variationIds.map((id) => [id, id]));
    },

    async readLevels(refs: InventoryRef[]) {
      const out = new Map<string, number>(refs.map((r) => [levelKey(r), 0]));
      for (let i = 0; i < refs.length; i += COUNT_CHUNK) {
        const chunk = refs.slice(i, i + COUNT_CHUNK);
        let cursor: string | undefined;
        do {
          const page = await squareCall(() =>
            api.client.inventory.batchGetCounts(
              {
                catalogObjectIds: [...new Set(chunk.map((r) => r.itemId))],
                locationIds: [...new Set(chunk.map((r) => r.locationId))],
                states: ['IN_STOCK'],
                ...(cursor ? { cursor } : {}),
              },
              api.requestOptions,
            ),
          );
          for (const c of page.response.counts ?? []) {
            const key = levelKey({ itemId: c.catalogObjectId ?? '', locationId: c.locationId ?? '' });
            if (out.has(key)) out.set(key, parseQuantity(c.quantity ?? undefined));
          }
          cursor = page.response.cursor || undefined;
        } while (cursor);
      }
      return out;
    },

    async writeLevel(ref, change) {
      const delta = change.target - change.expected;
      if (delta === 0) return { ok: true };
      // Up: stock received (NONE → IN_STOCK). Down: sold through another channel (IN_STOCK → SOLD).
      const adjustment: Square.InventoryAdjustment = {
        fromState: delta > 0 ? 'NONE' : 'IN_STOCK',
        toState: delta > 0 ? 'IN_STOCK' : 'SOLD',
        fromLocationId: ref.locationId,
        toLocationId: ref.locationId,
        catalogObjectId: ref.itemId,
        quantity: String(Math.abs(delta)),
        occurredAt: new Date().toISOString(),
      };
      await squareCall(() =>
        api.client.inventory.batchCreateChanges(
          { idempotencyKey: change.idempotencyKey.slice(0, 128), changes: [{ type: 'ADJUSTMENT', adjustment }], ignoreUnchangedCounts: false },
          api.requestOptions,
        ),
      );
      return { ok: true };
    },
  };
}

/** Square quantities are decimal strings ("3", "2.5"); stock levels here are whole units. */
function parseQuantity(q: string | undefined): number {
  const n = Number(q ?? '0');
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}
