import { type CatalogStore } from './catalog-store';
import { apiError } from './errors';
import { clean, formatQuantity, newInventoryId, parseQuantity, str, type Clock } from './pos-util';
import { isRecord, type Location } from './types';

/**
 * Inventory API state: one count per catalog variation × location × state,
 * plus the change history that produced it.
 * https://developer.squareup.com/docs/inventory-api/what-it-does
 * https://developer.squareup.com/reference/square/inventory-api/batch-change-inventory
 *
 * - ADJUSTMENT moves `quantity` from `from_state` to `to_state` at a location
 *   (IN_STOCK → SOLD, NONE → IN_STOCK, IN_STOCK → WASTE...);
 * - PHYSICAL_COUNT sets the count of one state outright;
 * - TRANSFER moves a quantity of one state between two locations.
 * NONE, SOLD and UNLINKED_RETURN are untracked states (no count is kept for
 * them: "Ignored are untracked states of NONE, SOLD, and UNLINKED_RETURN").
 * Every change request is one instant: its counts share one `calculated_at`,
 * strictly later than any earlier one.
 */

export const UNTRACKED_STATES = new Set(['NONE', 'SOLD', 'UNLINKED_RETURN']);

export interface InventoryCountRec {
  catalog_object_id: string;
  catalog_object_type: string;
  state: string;
  location_id: string;
  quantity: number;
  calculated_at: string;
}

export type InventoryChangeRec = Record<string, unknown> & { type: string; created_at: string; seq: number; ids: string[]; locations: string[]; states: string[] };

export interface ChangeResult {
  counts: Record<string, unknown>[];
  changes: Record<string, unknown>[];
}

const countKey = (obj: string, loc: string, state: string): string => `${obj}\u0000${loc}\u0000${state}`;

export class InventoryStore {
  readonly counts = new Map<string, InventoryCountRec>();
  readonly changes: InventoryChangeRec[] = [];
  readonly byId = new Map<string, InventoryChangeRec>();
  private seq = 0;

  constructor(private readonly deps: { catalog: CatalogStore; locations: () => Location[]; clock: Clock; onCounts: (counts: Record<string, unknown>[]) => void }) {}

  renderCount(c: InventoryCountRec): Record<string, unknown> {
    return { catalog_object_id: c.catalog_object_id, catalog_object_type: c.catalog_object_type, state: c.state, location_id: c.location_id, quantity: formatQuantity(c.quantity), calculated_at: c.calculated_at };
  }

  quantity(obj: string, loc: string, state = 'IN_STOCK'): number {
    return this.counts.get(countKey(obj, loc, state))?.quantity ?? 0;
  }

  /** Applies a batch atomically (validate all, then write) and emits one inventory.count.updated. */
  apply(input: unknown[], opts: { ignoreUnchangedCounts?: boolean; source?: Record<string, unknown>; extra?: Record<string, unknown> } = {}): ChangeResult {
    const ignoreUnchanged = opts.ignoreUnchangedCounts ?? true;
    const planned = input.map((raw, i) => this.validate(raw, `changes[${i}]`));
    const now = this.deps.clock.now();
    const touched = new Map<string, InventoryCountRec>();
    const changes: Record<string, unknown>[] = [];
    const bump = (obj: string, type: string, loc: string, state: string, delta: number | null, set?: number): void => {
      if (UNTRACKED_STATES.has(state)) return;
      const key = countKey(obj, loc, state);
      const prev = this.counts.get(key);
      const next: InventoryCountRec = { catalog_object_id: obj, catalog_object_type: type, state, location_id: loc, quantity: set ?? (prev?.quantity ?? 0) + (delta ?? 0), calculated_at: now };
      this.counts.set(key, next);
      touched.set(key, next);
    };
    for (const p of planned) {
      const type = this.objectType(p.objectId);
      const body: Record<string, unknown> = { ...p.body, catalog_object_type: type, created_at: now, source: opts.source ?? { product: 'EXTERNAL_API', application_id: 'sandbox-sq0idb-switchyard', name: 'Switchyard' }, ...(opts.extra ?? {}) };
      if (p.kind === 'PHYSICAL_COUNT') {
        if (ignoreUnchanged && this.counts.get(countKey(p.objectId, p.location, p.state))?.quantity === p.quantity) continue;
        bump(p.objectId, type, p.location, p.state, null, p.quantity);
      } else {
        bump(p.objectId, type, p.fromLocation, p.from, -p.quantity);
        bump(p.objectId, type, p.location, p.state, p.quantity);
      }
      const field = p.kind === 'PHYSICAL_COUNT' ? 'physical_count' : p.kind === 'ADJUSTMENT' ? 'adjustment' : 'transfer';
      const rec: InventoryChangeRec = { type: p.kind, [field]: clean(body), created_at: now, seq: ++this.seq, ids: [p.objectId], locations: [...new Set([p.fromLocation, p.location])], states: [...new Set([p.from, p.state])] };
      this.changes.push(rec);
      this.byId.set(String(body.id), rec);
      changes.push(this.renderChange(rec));
    }
    const counts = [...touched.values()].map((c) => this.renderCount(c));
    if (counts.length) this.deps.onCounts(counts);
    return { counts, changes };
  }

  renderChange(rec: InventoryChangeRec): Record<string, unknown> {
    const { seq: _s, ids: _i, locations: _l, states: _st, created_at: _c, ...rest } = rec;
    const out = { ...rest };
    for (const f of ['physical_count', 'adjustment', 'transfer']) if (isRecord(out[f])) out[f] = { ...(out[f] as Record<string, unknown>) };
    return out;
  }

  private objectType(id: string): string {
    return this.deps.catalog.get(id)?.obj.type ?? 'ITEM_VARIATION';
  }

  private validate(raw: unknown, at: string): { kind: string; objectId: string; location: string; fromLocation: string; from: string; state: string; quantity: number; body: Record<string, unknown> } {
    if (!isRecord(raw)) throw apiError('EXPECTED_OBJECT', 'An inventory change must be an object.', at);
    const kind = str(raw.type) ?? '';
    const field = kind === 'PHYSICAL_COUNT' ? 'physical_count' : kind === 'ADJUSTMENT' ? 'adjustment' : kind === 'TRANSFER' ? 'transfer' : null;
    if (!field) throw apiError('INVALID_ENUM_VALUE', 'type must be PHYSICAL_COUNT, ADJUSTMENT or TRANSFER.', `${at}.type`);
    const d = raw[field];
    if (!isRecord(d)) throw apiError('MISSING_REQUIRED_PARAMETER', `Missing required parameter \`${at}.${field}\`.`, `${at}.${field}`);
    const f = `${at}.${field}`;
    const objectId = str(d.catalog_object_id);
    if (!objectId) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `catalog_object_id`.', `${f}.catalog_object_id`);
    const obj = this.deps.catalog.live(objectId);
    if (!obj || obj.obj.type !== 'ITEM_VARIATION') throw apiError('INVALID_VALUE', `Catalog object \`${objectId}\` is not a live ITEM_VARIATION.`, `${f}.catalog_object_id`);
    if (!str(d.occurred_at)) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `occurred_at`.', `${f}.occurred_at`);
    const quantity = parseQuantity(d.quantity, `${f}.quantity`);
    if (kind !== 'PHYSICAL_COUNT' && quantity <= 0) throw apiError('INVALID_VALUE', 'quantity must be positive.', `${f}.quantity`);
    const locations = new Set(this.deps.locations().map((l) => l.id));
    const checkLoc = (v: unknown, name: string): string => {
      const id = str(v);
      if (!id) throw apiError('MISSING_REQUIRED_PARAMETER', `Missing required parameter \`${name}\`.`, `${f}.${name}`);
      if (!locations.has(id)) throw apiError('INVALID_LOCATION', `Location \`${id}\` not found.`, `${f}.${name}`);
      return id;
    };
    const state = (v: unknown, name: string): string => {
      const s = str(v);
      if (!s) throw apiError('MISSING_REQUIRED_PARAMETER', `Missing required parameter \`${name}\`.`, `${f}.${name}`);
      return s;
    };
    const id = newInventoryId();
    if (kind === 'TRANSFER') {
      const from = checkLoc(d.from_location_id, 'from_location_id');
      const to = checkLoc(d.to_location_id, 'to_location_id');
      const st = state(d.state, 'state');
      return { kind, objectId, location: to, from: st, fromLocation: from, state: st, quantity, body: { ...d, id } };
    }
    if (kind === 'ADJUSTMENT') {
      // square SDK ≥ 44 sends adjustments with from_location_id / to_location_id (no location_id);
      // the 2025-10-16 spec names location_id. Both are accepted; both are rendered.
      const single = d.location_id ?? d.to_location_id ?? d.from_location_id;
      const location = checkLoc(d.to_location_id ?? single, d.to_location_id ? 'to_location_id' : 'location_id');
      const fromLoc = checkLoc(d.from_location_id ?? single, d.from_location_id ? 'from_location_id' : 'location_id');
      const from = state(d.from_state, 'from_state');
      const to = state(d.to_state, 'to_state');
      if (from === to && fromLoc === location) throw apiError('INVALID_VALUE', 'from_state and to_state must differ.', `${f}.to_state`);
      return { kind, objectId, location, from, fromLocation: fromLoc, state: to, quantity, body: { ...d, id, location_id: location, from_location_id: fromLoc, to_location_id: location } };
    }
    const location = checkLoc(d.location_id, 'location_id');
    const st = state(d.state, 'state');
    if (UNTRACKED_STATES.has(st)) throw apiError('INVALID_VALUE', `A physical count cannot be in the untracked state ${st}.`, `${f}.state`);
    return { kind, objectId, location, from: st, fromLocation: location, state: st, quantity, body: { ...d, id } };
  }

  clear(): void {
    this.counts.clear();
    this.changes.length = 0;
    this.byId.clear();
  }
}
