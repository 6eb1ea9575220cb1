import { ID_BASE } from './ids';
import { QUANTITY_NAMES, type LevelRecord, type LocationRecord, type StoredQuantityName } from './commerce-records';
import type { ProductStore } from './product-store';
import { cloneProduct } from './records';

/**
 * Locations and inventory levels (inventory item × location).
 *
 * Levels are derived from the catalogue until something touches an item:
 * seeded variants split their quantity between the two stocked seeded
 * locations; variants created later hold theirs at the primary location.
 * The first write materialises every level of that item, so memory grows
 * with what changed, not with the catalogue. A variant's inventoryQuantity
 * is kept equal to the sum of `available` over its levels.
 * https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps/manage-quantities-states
 */

export const SEED_LOCATIONS: readonly Omit<LocationRecord, 'createdAt' | 'updatedAt'>[] = [
  {
    id: ID_BASE.location + 1,
    name: 'Main Warehouse',
    address: { address1: '401 Industrial Way', address2: null, city: 'Newark', province: 'New Jersey', provinceCode: 'NJ', country: 'United States', countryCode: 'US', zip: '07105', phone: '+12015550100' },
    isActive: true,
    fulfillsOnlineOrders: true,
  },
  {
    id: ID_BASE.location + 2,
    name: 'SoHo Store',
    address: { address1: '120 Spring Street', address2: null, city: 'New York', province: 'New York', provinceCode: 'NY', country: 'United States', countryCode: 'US', zip: '10012', phone: '+12125550142' },
    isActive: true,
    fulfillsOnlineOrders: false,
  },
  {
    id: ID_BASE.location + 3,
    name: 'Brooklyn Pop-up',
    address: { address1: '55 Water Street', address2: 'Unit 4', city: 'Brooklyn', province: 'New York', provinceCode: 'NY', country: 'United States', countryCode: 'US', zip: '11201', phone: null },
    isActive: false,
    fulfillsOnlineOrders: false,
  },
];

const STOCKED_SEED_LOCATIONS = 2;
const LOCATIONS_CREATED = Date.UTC(2022, 5, 1, 14);

function emptyQuantities(): Record<StoredQuantityName, number> {
  return { available: 0, committed: 0, incoming: 0, reserved: 0, damaged: 0, safety_stock: 0, quality_control: 0 };
}

export function onHand(q: Record<StoredQuantityName, number>): number {
  return q.available + q.committed + q.reserved + q.damaged + q.safety_stock + q.quality_control;
}

export class InventoryStore {
  readonly locations: LocationRecord[];
  /** itemId → (locationId → level), for items that have been written. */
  private readonly materialised = new Map<number, Map<number, LevelRecord>>();

  constructor(private readonly products: () => ProductStore) {
    this.locations = SEED_LOCATIONS.map((l) => ({ ...l, address: { ...l.address }, createdAt: LOCATIONS_CREATED, updatedAt: LOCATIONS_CREATED }));
  }

  location(id: number): LocationRecord | undefined {
    return this.locations.find((l) => l.id === id);
  }

  /** Where online orders are fulfilled from (the primary location). */
  primaryLocation(): LocationRecord {
    return this.locations.find((l) => l.isActive && l.fulfillsOnlineOrders) ?? this.locations[0]!;
  }

  /** The variant behind an inventory item and its product, or null when the item does not exist. */
  owner(itemId: number): { productId: number; variantId: number } | null {
    const store = this.products();
    const variantId = store.variantOfInventoryItem(itemId);
    if (variantId === null) return null;
    const productId = store.productOfVariant(variantId);
    return productId === null ? null : { productId, variantId };
  }

  /** Every level of an item (stocked locations only), in location order. */
  levels(itemId: number): LevelRecord[] {
    const own = this.materialised.get(itemId);
    if (own) return [...own.values()].sort((a, b) => a.locationId - b.locationId);
    return this.derived(itemId);
  }

  level(itemId: number, locationId: number): LevelRecord | undefined {
    return this.levels(itemId).find((l) => l.locationId === locationId);
  }

  /** Levels of every live inventory item at `locationId`, item id order (walks the catalogue). */
  *levelsAt(locationId: number): Generator<LevelRecord> {
    const store = this.products();
    for (const pid of store.liveIds()) {
      const p = store.get(pid);
      if (!p) continue;
      for (const v of p.variants) {
        const l = this.level(v.inventoryItemId, locationId);
        if (l) yield l;
      }
    }
  }

  /**
   * Applies `deltas` (quantity name → change) to one level and keeps the
   * variant's inventoryQuantity in step. The level must exist (stocked).
   */
  change(itemId: number, locationId: number, deltas: Partial<Record<StoredQuantityName, number>>, now: number): LevelRecord | null {
    const levels = this.materialise(itemId);
    const level = levels?.get(locationId);
    if (!level) return null;
    for (const name of QUANTITY_NAMES) {
      const d = deltas[name];
      if (d) level.quantities[name] += d;
    }
    level.updatedAt = now;
    if (deltas.available) this.syncVariant(itemId);
    return level;
  }

  /** Stocks an item at a location (inventoryActivate); returns the (possibly existing) level. */
  activate(itemId: number, locationId: number, available: number, now: number): LevelRecord | null {
    const levels = this.materialise(itemId);
    if (!levels) return null;
    let level = levels.get(locationId);
    if (!level) {
      level = { inventoryItemId: itemId, locationId, quantities: emptyQuantities(), createdAt: now, updatedAt: now };
      level.quantities.available = available;
      levels.set(locationId, level);
      if (available) this.syncVariant(itemId);
    }
    return level;
  }

  /** Forgets an item's levels (its variant was deleted). */
  forget(itemId: number): void {
    this.materialised.delete(itemId);
  }

  /** A merchant typed a new total into the variant: the primary level absorbs the difference. */
  absorbVariantTotal(itemId: number, total: number, now: number): void {
    const levels = this.materialised.get(itemId);
    if (!levels) return; // still derived from the variant
    const current = [...levels.values()].reduce((n, l) => n + l.quantities.available, 0);
    const primary = levels.get(this.primaryLocation().id) ?? [...levels.values()][0];
    if (primary && total !== current) {
      primary.quantities.available += total - current;
      primary.updatedAt = now;
    }
  }

  private materialise(itemId: number): Map<number, LevelRecord> | null {
    const own = this.materialised.get(itemId);
    if (own) return own;
    if (!this.owner(itemId)) return null;
    const map = new Map<number, LevelRecord>();
    for (const l of this.derived(itemId)) map.set(l.locationId, { ...l, quantities: { ...l.quantities } });
    this.materialised.set(itemId, map);
    return map;
  }

  private derived(itemId: number): LevelRecord[] {
    const owner = this.owner(itemId);
    if (!owner) return [];
    const store = this.products();
    const p = store.get(owner.productId)!;
    const v = p.variants.find((x) => x.id === owner.variantId)!;
    const seeded = store.seeded !== null && store.seeded.indexOfVariant(v.id) !== null;
    const at = (locationId: number, available: number): LevelRecord => {
      const quantities = emptyQuantities();
      quantities.available = available;
      return { inventoryItemId: itemId, locationId, quantities, createdAt: v.createdAt, updatedAt: v.updatedAt };
    };
    if (!seeded) return [at(this.primaryLocation().id, v.inventoryQuantity)];
    // Seeded stock: two thirds in the warehouse, the rest in the store.
    const store2 = Math.floor(v.inventoryQuantity / 3);
    return SEED_LOCATIONS.slice(0, STOCKED_SEED_LOCATIONS).map((l, i) => at(l.id, i === 0 ? v.inventoryQuantity - store2 : store2));
  }

  private syncVariant(itemId: number): void {
    const owner = this.owner(itemId);
    if (!owner) return;
    const store = this.products();
    const total = [...(this.materialised.get(itemId)?.values() ?? [])].reduce((n, l) => n + l.quantities.available, 0);
    const p = store.get(owner.productId)!;
    const next = cloneProduct(p);
    const v = next.variants.find((x) => x.id === owner.variantId)!;
    if (v.inventoryQuantity === total) return;
    v.inventoryQuantity = total;
    store.put(next);
  }
}
