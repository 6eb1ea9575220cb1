import type { LevelRecord, StoredQuantityName } from './commerce-records';
import { restInventoryLevel } from './commerce-rest';
import { parseGid } from './ids';
import { onHand } from './inventory-store';
import type { UserErrorData } from './ops-common';
import type { ShopifyState } from './state';

/**
 * inventoryAdjustQuantities / inventorySetQuantities / inventoryActivate,
 * validated all-or-nothing as Shopify does, with inventory_levels/update
 * fired for every level whose `available` changed.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/inventoryAdjustQuantities
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/inventorySetQuantities
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/inventoryActivate
 */

/** Reasons Shopify accepts for quantity changes (docs: inventory states, "reasons"). */
export const INVENTORY_REASONS = new Set([
  'correction', 'cycle_count_available', 'damaged', 'movement_created', 'movement_updated', 'movement_received', 'movement_canceled',
  'other', 'promotion', 'quality_control', 'received', 'reservation_created', 'reservation_deleted', 'reservation_updated', 'restock', 'safety_stock', 'shrinkage',
]);
const ADJUSTABLE = new Set<string>(['available', 'damaged', 'incoming', 'quality_control', 'reserved', 'safety_stock']);
const SETTABLE = new Set<string>(['available', 'on_hand']);
const LIMIT = 2_000_000_000;

export interface ChangeData {
  name: string;
  delta: number;
  quantityAfterChange: number | null;
  itemId: number;
  locationId: number;
  ledgerDocumentUri: string | null;
}

export interface AdjustmentGroupData {
  id: number;
  createdAt: number;
  reason: string;
  referenceDocumentUri: string | null;
  changes: ChangeData[];
}

export interface InventoryResult {
  group: AdjustmentGroupData | null;
  errors: UserErrorData[];
}

interface AdjustInput {
  reason: string;
  name: string;
  referenceDocumentUri?: string | null;
  changes: { delta: number; inventoryItemId: string; locationId: string; ledgerDocumentUri?: string | null }[];
}

interface SetInput {
  reason: string;
  name: string;
  referenceDocumentUri?: string | null;
  ignoreCompareQuantity?: boolean | null;
  quantities: { inventoryItemId: string; locationId: string; quantity: number; compareQuantity?: number | null }[];
}

function idOf(value: string, type: string): number | null {
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}

/** Checks item/location/stocking for one row; returns the ids or pushes an error. */
function target(state: ShopifyState, itemGid: string, locationGid: string, field: string[], errors: UserErrorData[]): { itemId: number; locationId: number } | null {
  const inv = state.commerce.inventory;
  const itemId = idOf(itemGid, 'InventoryItem');
  if (itemId === null || !inv.owner(itemId)) {
    errors.push({ field: [...field, 'inventoryItemId'], message: 'The specified inventory item could not be found.', code: 'INVALID_INVENTORY_ITEM' });
    return null;
  }
  const locationId = idOf(locationGid, 'Location');
  if (locationId === null || !inv.location(locationId)) {
    errors.push({ field: [...field, 'locationId'], message: 'The specified location could not be found.', code: 'INVALID_LOCATION' });
    return null;
  }
  if (!inv.level(itemId, locationId)) {
    errors.push({ field: [...field, 'locationId'], message: 'The inventory item is not stocked at the location.', code: 'ITEM_NOT_STOCKED_AT_LOCATION' });
    return null;
  }
  return { itemId, locationId };
}

export function adjustQuantities(state: ShopifyState, input: AdjustInput): InventoryResult {
  const errors: UserErrorData[] = [];
  if (!INVENTORY_REASONS.has(input.reason)) errors.push({ field: ['input', 'reason'], message: 'The specified reason is invalid.', code: 'INVALID_REASON' });
  if (!ADJUSTABLE.has(input.name)) errors.push({ field: ['input', 'name'], message: 'The specified quantity name is invalid.', code: 'INVALID_QUANTITY_NAME' });
  const rows: { itemId: number; locationId: number; delta: number; ledger: string | null }[] = [];
  input.changes.forEach((c, i) => {
    const field = ['input', 'changes', String(i)];
    const ledger = c.ledgerDocumentUri ?? null;
    if (input.name === 'available' && ledger) errors.push({ field: [...field, 'ledgerDocumentUri'], message: 'A ledger document URI is not allowed when adjusting available.', code: 'INVALID_AVAILABLE_DOCUMENT' });
    if (input.name !== 'available' && ADJUSTABLE.has(input.name) && !ledger) errors.push({ field: [...field, 'ledgerDocumentUri'], message: 'A ledger document URI is required except when adjusting available.', code: 'INVALID_QUANTITY_DOCUMENT' });
    if (ledger?.startsWith('gid://shopify/')) errors.push({ field: [...field, 'ledgerDocumentUri'], message: 'Internal (gid://shopify/) ledger documents are not allowed to be adjusted via API.', code: 'INTERNAL_LEDGER_DOCUMENT' });
    const t = target(state, c.inventoryItemId, c.locationId, field, errors);
    if (t) rows.push({ ...t, delta: c.delta, ledger });
  });
  for (const [i, r] of rows.entries()) {
    const after = state.commerce.inventory.level(r.itemId, r.locationId)!.quantities[input.name as StoredQuantityName] + r.delta;
    if (after > LIMIT) errors.push({ field: ['input', 'changes', String(i), 'delta'], message: "The quantity can't be higher than 2,000,000,000.", code: 'INVALID_QUANTITY_TOO_HIGH' });
    if (after < -LIMIT) errors.push({ field: ['input', 'changes', String(i), 'delta'], message: "The quantity can't be lower than -2,000,000,000.", code: 'INVALID_QUANTITY_TOO_LOW' });
  }
  if (errors.length) return { group: null, errors };
  const name = input.name as StoredQuantityName;
  const changes: ChangeData[] = [];
  for (const r of rows) {
    const level = applyChange(state, r.itemId, r.locationId, { [name]: r.delta });
    changes.push({ name, delta: r.delta, quantityAfterChange: level.quantities[name], itemId: r.itemId, locationId: r.locationId, ledgerDocumentUri: r.ledger });
    // Every state but incoming counts towards on_hand.
    if (name !== 'incoming') changes.push({ name: 'on_hand', delta: r.delta, quantityAfterChange: onHand(level.quantities), itemId: r.itemId, locationId: r.locationId, ledgerDocumentUri: null });
  }
  return { group: group(state, input.reason, input.referenceDocumentUri ?? null, changes), errors: [] };
}

export function setQuantities(state: ShopifyState, input: SetInput): InventoryResult {
  const errors: UserErrorData[] = [];
  if (!INVENTORY_REASONS.has(input.reason)) errors.push({ field: ['input', 'reason'], message: 'The specified reason is invalid.', code: 'INVALID_REASON' });
  if (!SETTABLE.has(input.name)) errors.push({ field: ['input', 'name'], message: 'The quantity name must be either \'available\' or \'on_hand\'.', code: 'INVALID_NAME' });
  const seen = new Set<string>();
  const rows: { itemId: number; locationId: number; quantity: number }[] = [];
  input.quantities.forEach((q, i) => {
    const field = ['input', 'quantities', String(i)];
    if (q.quantity < 0 && input.name === 'on_hand') errors.push({ field: [...field, 'quantity'], message: 'The quantity can\'t be negative.', code: 'INVALID_QUANTITY_NEGATIVE' });
    if (q.quantity > LIMIT) errors.push({ field: [...field, 'quantity'], message: "The quantity can't be higher than 2,000,000,000.", code: 'INVALID_QUANTITY_TOO_HIGH' });
    const t = target(state, q.inventoryItemId, q.locationId, field, errors);
    if (!t) return;
    const key = `${t.itemId}:${t.locationId}`;
    if (seen.has(key)) errors.push({ field, message: 'The combination of inventoryItemId and locationId must be unique.', code: 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR' });
    seen.add(key);
    const level = state.commerce.inventory.level(t.itemId, t.locationId)!;
    const current = input.name === 'on_hand' ? onHand(level.quantities) : level.quantities.available;
    if (input.ignoreCompareQuantity !== true) {
      if (q.compareQuantity === undefined || q.compareQuantity === null) {
        errors.push({ field: [...field, 'compareQuantity'], message: 'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.', code: 'COMPARE_QUANTITY_REQUIRED' });
      } else if (q.compareQuantity !== current) {
        errors.push({ field: [...field, 'compareQuantity'], message: 'The compareQuantity value does not match persisted value.', code: 'COMPARE_QUANTITY_STALE' });
      }
    }
    rows.push({ ...t, quantity: q.quantity });
  });
  if (errors.length) return { group: null, errors };
  const changes: ChangeData[] = [];
  for (const r of rows) {
    const before = state.commerce.inventory.level(r.itemId, r.locationId)!.quantities;
    const delta = r.quantity - (input.name === 'on_hand' ? onHand(before) : before.available);
    if (delta === 0) continue;
    // Setting on_hand moves the difference through available.
    const level = applyChange(state, r.itemId, r.locationId, { available: delta });
    changes.push({ name: 'available', delta, quantityAfterChange: level.quantities.available, itemId: r.itemId, locationId: r.locationId, ledgerDocumentUri: null });
    changes.push({ name: 'on_hand', delta, quantityAfterChange: onHand(level.quantities), itemId: r.itemId, locationId: r.locationId, ledgerDocumentUri: null });
  }
  return { group: changes.length ? group(state, input.reason, input.referenceDocumentUri ?? null, changes) : null, errors: [] };
}

export function activateInventory(state: ShopifyState, itemGid: string, locationGid: string, available: number | null): { itemId: number | null; locationId: number | null; errors: UserErrorData[] } {
  const inv = state.commerce.inventory;
  const itemId = idOf(itemGid, 'InventoryItem');
  const locationId = idOf(locationGid, 'Location');
  if (itemId === null || !inv.owner(itemId)) return { itemId: null, locationId: null, errors: [{ field: ['inventoryItemId'], message: 'Inventory item does not exist' }] };
  const location = locationId === null ? undefined : inv.location(locationId);
  if (!location) return { itemId: null, locationId: null, errors: [{ field: ['locationId'], message: 'Location does not exist' }] };
  if (!location.isActive) return { itemId: null, locationId: null, errors: [{ field: ['locationId'], message: 'Location is not active' }] };
  const existed = inv.level(itemId, location.id) !== undefined;
  const level = inv.activate(itemId, location.id, available ?? 0, state.now())!;
  if (!existed && level.quantities.available) state.emitTopic('inventory_levels/update', restInventoryLevel(level, state.shop.ianaTimezone));
  if (!existed) state.emitTopic('inventory_levels/connect', restInventoryLevel(level, state.shop.ianaTimezone));
  return { itemId, locationId: location.id, errors: [] };
}

/** One level change plus its webhook; the level is known to exist. */
export function applyChange(state: ShopifyState, itemId: number, locationId: number, deltas: Partial<Record<StoredQuantityName, number>>): LevelRecord {
  const level = state.commerce.inventory.change(itemId, locationId, deltas, state.now())!;
  if (deltas.available) state.emitTopic('inventory_levels/update', restInventoryLevel(level, state.shop.ianaTimezone));
  return level;
}

function group(state: ShopifyState, reason: string, referenceDocumentUri: string | null, changes: ChangeData[]): AdjustmentGroupData {
  return { id: state.commerce.nextId('adjustmentGroup'), createdAt: state.now(), reason, referenceDocumentUri, changes };
}
