import { createHash } from 'node:crypto';
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
/** Square accepts up to 100 changes per BatchChangeInventory. */
const CHANGE_CHUNK = 100;

export function createSquareInventory(api: SquareApi): InventoryChannel {
  /** One BatchChangeInventory: an ADJUSTMENT per level that moves; replayed, not repeated, under the same key. */
  async function batchChange(changes: { ref: InventoryRef; expected: number; target: number; occurredAt?: string }[], key: string): Promise<void> {
    // Square compares a repeated key's whole request: a retry must carry the first attempt's occurred_at.
    const now = new Date().toISOString();
    const adjustments: Square.InventoryChange[] = [];
    for (const c of changes) {
      const delta = c.target - c.expected;
      if (delta === 0) continue;
      // Up: stock received (NONE → IN_STOCK). Down: sold through another channel (IN_STOCK → SOLD).
      adjustments.push({
        type: 'ADJUSTMENT',
        adjustment: {
          fromState: delta > 0 ? 'NONE' : 'IN_STOCK',
          toState: delta > 0 ? 'IN_STOCK' : 'SOLD',
          fromLocationId: c.ref.locationId,
          toLocationId: c.ref.locationId,
          catalogObjectId: c.ref.itemId,
          quantity: String(Math.abs(delta)),
          occurredAt: c.occurredAt ?? now,
        },
      });
    }
    if (!adjustments.length) return;
    await squareCall(() => api.client.inventory.batchCreateChanges({ idempotencyKey: idempotencyKey(key), changes: adjustments, ignoreUnchangedCounts: false }, api.requestOptions));
  }

  return {
    repeatSafety: 'replay',
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
      await batchChange([{ ref, expected: change.expected, target: change.target, occurredAt: change.occurredAt }], change.idempotencyKey);
      return { ok: true };
    },

    async writeLevels(changes, batchKey) {
      for (let i = 0; i < changes.length; i += CHANGE_CHUNK) await batchChange(changes.slice(i, i + CHANGE_CHUNK), `${batchKey}:${i / CHANGE_CHUNK}`);
      return changes.map(() => ({ ok: true as const }));
    },
  };
}

/** Square caps idempotency keys at 128 characters: long keys are hashed, short ones kept readable. */
function idempotencyKey(key: string): string {
  return key.length <= 128 ? key : createHash('sha256').update(key).digest('hex');
}

/** Square quantities are decimal strings ("3", "2.5"); stock levels here are whole units. */
function parseQuantity(q: string | undefined): number {
  const n = Number(q ?? '0');
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}
