/**
 * The shared-stock arithmetic of one SKU × location, kept pure so it can be
 * tested without vendors: what each channel should show, how an observed
 * level folds into the shared stock, and which facts (oversell, back in
 * stock) a change produces.
 */

export type OversellAction = 'zero-channels' | 'mirror' | 'hold-later-order';

/** A write we are about to make; kept in the state until confirmed, so a crash mid-write is recoverable. */
export interface PendingWrite {
  from: number;
  to: number;
  key: string;
  /**
   * When the write was planned (ISO), sent with it as the vendor's time of
   * the change: the same key, levels and time make the same request, so a
   * retry after a crash repeats it exactly. Absent in states saved before.
   */
  at?: string;
}

export interface PendingEvent {
  type: 'oversell' | 'back_in_stock';
  data: Record<string, unknown>;
  dedupeKey: string;
}

/** An order to put on hold because of an oversell (`hold-later-order`); kept until the hold is confirmed. */
export interface PendingHold {
  /** The oversell event's dedupe key: the hold's handle derives from it. */
  key: string;
  /** The connector whose sale came last: asked first. */
  laterSeller: string;
}

export interface PlacedHold {
  key: string;
  connector: string;
  fulfillmentOrderId: string;
  holdId: string;
}

export interface InventoryState {
  v: 1;
  flowId: string;
  variantId: string;
  location: string;
  /** Shared stock: what the business has to sell, before safety stock. Null until first seen. */
  canonical: number;
  /** The `available` level we last saw in (or wrote to) each connector. */
  systems: Record<string, number>;
  /** Writes started but not confirmed. */
  pending: Record<string, PendingWrite>;
  /** Facts computed but not yet confirmed appended to the event stream. */
  unsent: PendingEvent[];
  /** Orders to hold (oversell policy `hold-later-order`) not yet confirmed held. Absent in states saved before. */
  holds?: PendingHold[];
  /** Holds placed and not yet released: released once the shared stock is back at 0 or above. */
  held?: PlacedHold[];
  /** Bumped on every save: the compare-and-set token and part of idempotency keys. */
  seq: number;
  /** A bulk pass working on this key until `until` (epoch ms); entity updates wait for it. */
  lease: { owner: string; until: number } | null;
  /** Last time the level of any connector moved (ISO). */
  changedAt: string | null;
}

export interface Change {
  connector: string;
  delta: number;
}

export function stateId(flowId: string, variantId: string, location: string): string {
  return `inv:${flowId}:${variantId}:${location}`;
}

export function newState(flowId: string, variantId: string, location: string, canonical: number, systems: Record<string, number>): InventoryState {
  return { v: 1, flowId, variantId, location, canonical, systems: { ...systems }, pending: {}, unsent: [], seq: 0, lease: null, changedAt: null };
}

/** The holds an oversell calls for under the flow's policy. */
export function holdsFor(events: PendingEvent[], action: OversellAction): PendingHold[] {
  if (action !== 'hold-later-order') return [];
  return events.filter((e) => e.type === 'oversell').map((e) => ({ key: e.dedupeKey, laterSeller: String(e.data.laterSeller) }));
}

/** What every channel should show for this shared stock under the flow's policy. */
export function targetLevel(canonical: number, safetyStock: number, action: OversellAction): number {
  if (canonical < 0) return action === 'mirror' ? canonical : 0;
  return Math.max(0, canonical - safetyStock);
}

/**
 * Folds a fresh read of one connector into the state. A pending write to it
 * is settled first: if the level is what we meant to write, the write landed
 * (an echo, not a change); otherwise it did not, and the difference from the
 * level before it is a change the channel made itself.
 */
export function foldObservation(state: InventoryState, connector: string, level: number): Change | null {
  const pending = state.pending[connector];
  if (pending) {
    delete state.pending[connector];
    if (level === pending.to) {
      state.systems[connector] = level;
      return null;
    }
    state.systems[connector] = pending.from;
  }
  const base = state.systems[connector];
  if (base === undefined) {
    // A connector that just got linked: its level is not a change to the shared stock.
    state.systems[connector] = level;
    return null;
  }
  const delta = level - base;
  if (delta === 0) return null;
  state.canonical += delta;
  state.systems[connector] = level;
  return { connector, delta };
}

/**
 * The facts a move of shared stock from `before` to `after` produces:
 * - oversell: stock went (further) below zero because of a sale; the later
 *   seller is the connector whose decrease came last;
 * - back_in_stock: sellable stock (after safety stock) went from ≤ 0 to > 0.
 */
export function detectEvents(
  state: InventoryState,
  before: number,
  changes: Change[],
  safetyStock: number,
  action: OversellAction,
): PendingEvent[] {
  const after = state.canonical;
  const out: PendingEvent[] = [];
  const base = `${state.flowId}:${state.variantId}:${state.location}:${state.seq}`;
  const decreases = changes.filter((c) => c.delta < 0);
  if (after < 0 && after < before && decreases.length) {
    out.push({
      type: 'oversell',
      dedupeKey: `${base}:oversell`,
      data: {
        variantId: state.variantId,
        location: state.location,
        before,
        after,
        laterSeller: decreases[decreases.length - 1]!.connector,
        changes,
        action,
      },
    });
  }
  if (before - safetyStock <= 0 && after - safetyStock > 0) {
    out.push({ type: 'back_in_stock', dedupeKey: `${base}:back_in_stock`, data: { variantId: state.variantId, location: state.location, before, after, sellable: after - safetyStock } });
  }
  return out;
}
