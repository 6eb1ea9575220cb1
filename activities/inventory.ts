import { createHash } from 'node:crypto';
import { ApplicationFailure, Context, heartbeat } from '@temporalio/activity';
import type { Product } from '../canonical/product';
import type { FlowConfig } from '../config/schema';
import { inventoryWorkflowId } from '../engine/router';
import type { AnyConnector } from '../connectors/registry';
import { inventoryChannelOf } from '../connectors/registry';
import { levelKey, VendorError, type HeldOrder, type InventoryChannel, type InventoryRef } from '../connectors/types';
import type { IdMapping, Store } from '../store/types';
import { ConfigurationError } from './configuration-error';
import { connectorLookup, flowLookup } from './lookup';
import { toActivityFailure, vendorCall } from './errors';
import {
  detectEvents,
  foldObservation,
  holdsFor,
  newState,
  stateId,
  targetLevel,
  type Change,
  type InventoryState,
  type OversellAction,
} from './inventory-state';

export interface InventoryDeps {
  flows: ReadonlyMap<string, FlowConfig>;
  store: Store;
  connectors: ReadonlyMap<string, AnyConnector>;
}

/** What one pass over a key did: small, goes into workflow history. */
export interface InventoryResult {
  canonical: number | null;
  /** Level per connector after the pass. */
  levels: Record<string, number>;
  writes: number;
  oversold: boolean;
  events: string[];
  /** Connectors of the flow this variant is not linked in yet (nothing to sync there). */
  unlinked: string[];
}

export interface InventoryPageResult {
  keys: number;
  initialised: number;
  inSync: number;
  /** Keys whose systems disagreed with the canonical state: handed to their entity workflow. */
  drifted: number;
  writes: number;
  unlinked: number;
  nextCursor: string | null;
}

const STATE_ENTITY = 'inventory_state';
/** How long a bulk pass may hold a key before entity updates go ahead anyway. */
const LEASE_MS = 60_000;
const MAX_ROUNDS = 6;
const BULK = 'bulk';
/** A bulk pass's stock batches as sent, kept until their keys are saved as settled (see syncInventoryPage). */
const BATCH_ENTITY = 'inventory_batch';
interface RecordedBatches {
  batches: {
    key: string;
    writes: { variantId: string; pendingKey: string; ref: InventoryRef; expected: number; target: number; occurredAt?: string }[];
  }[];
}
/** One batch per page, location and connector: the page is known by the cursor it starts after. */
const batchRecordId = (flowId: string, location: string, connector: string, cursor: string | null): string => `${flowId}:${location}:${connector}:${cursor ?? '^'}`;


export function createInventoryActivities(deps: InventoryDeps) {
  const { store } = deps;

  const flowOf = flowLookup(deps.flows, 'inventory', 'inventory');
  const connector = connectorLookup(deps.connectors);
  const members = (flow: FlowConfig): string[] => [flow.from, ...flow.to];
  const policy = (flow: FlowConfig): { safety: number; action: OversellAction } => ({ safety: flow.safetyStock ?? 0, action: flow.oversell?.action ?? 'zero-channels' });
  const channel = (id: string): InventoryChannel => inventoryChannelOf(connector(id));

  /**
   * Each connector's inventory ref for many variants at one location, from the
   * id map the catalog sync wrote. A vendor inventory item not linked yet
   * (Shopify's InventoryItem behind a variant) is looked up once and linked.
   */
  async function resolveRefs(flow: FlowConfig, variantIds: string[], location: string): Promise<Map<string, Map<string, InventoryRef>>> {
    const out = new Map<string, Map<string, InventoryRef>>(variantIds.map((v) => [v, new Map()]));
    const locations = flow.locations?.[location];
    if (!locations) throw new ConfigurationError(`flow "${flow.id}" has no location "${location}"`);
    for (const connectorId of members(flow)) {
      const ch = channel(connectorId);
      const locationId = locations[connectorId];
      if (!locationId) continue;
      const links = await store.findByCanonical(connectorId, variantIds);
      const item = new Map<string, string>();
      const variantLink = new Map<string, IdMapping>();
      for (const l of links) {
        if (l.entity !== 'variant') continue;
        if (l.externalType === ch.itemType) item.set(l.canonicalId, l.externalId);
        else variantLink.set(l.canonicalId, l);
      }
      const missing = variantIds.filter((v) => !item.has(v) && variantLink.has(v));
      if (missing.length) {
        const found = await vendorCall(() => ch.inventoryItems(missing.map((v) => variantLink.get(v)!.externalId)));
        const learned: IdMapping[] = [];
        for (const v of missing) {
          const itemId = found.get(variantLink.get(v)!.externalId);
          if (!itemId) continue;
          item.set(v, itemId);
          learned.push({ entity: 'variant', canonicalId: v, connector: connectorId, externalType: ch.itemType, externalId: itemId, externalVersion: null });
        }
        if (learned.length) await store.putIdMappings(learned);
      }
      for (const [v, itemId] of item) out.get(v)?.set(connectorId, { itemId, locationId });
    }
    return out;
  }

  async function load(id: string): Promise<{ state: InventoryState; hash: string } | null> {
    const rec = (await store.getRecords(STATE_ENTITY, [id])).get(id);
    return rec ? { state: JSON.parse(rec.data) as InventoryState, hash: rec.hash } : null;
  }

  /** Compare-and-set save; returns the new hash, or null when someone else saved first. */
  async function save(state: InventoryState, expectedHash: string | null): Promise<string | null> {
    state.seq += 1;
    const hash = `${state.seq}`;
    const ok = await store.putRecordIf(
      { entity: STATE_ENTITY, canonicalId: stateId(state.flowId, state.variantId, state.location), hash, data: JSON.stringify(state), updatedAt: new Date().toISOString(), deleted: false },
      expectedHash,
    );
    return ok ? hash : null;
  }

  async function flushEvents(state: InventoryState): Promise<void> {
    if (!state.unsent.length) return;
    await store.appendEvents(
      state.unsent.map((e) => ({ type: e.type, entity: 'inventory', canonicalId: state.variantId, flowId: state.flowId, data: JSON.stringify(e.data), dedupeKey: e.dedupeKey })),
    );
  }

  async function readLevels(refs: Map<string, InventoryRef>, connectors: Iterable<string>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const c of connectors) {
      const ref = refs.get(c);
      if (!ref) continue;
      const levels = await vendorCall(() => channel(c).readLevels([ref]));
      out.set(c, levels.get(levelKey(ref)) ?? 0);
    }
    return out;
  }

  /**
   * Writes a previous attempt recorded as pending but never confirmed (it
   * died after sending, or before) are sent again exactly as recorded, before
   * anything is read: whether they landed cannot be told from the level alone
   * once the channel has sold something since. Square takes a write once per
   * idempotency key (a repeat replays the first answer), so afterwards it has
   * landed exactly once and the next read shows only what the POS did.
   * Shopify applies it only if its level is still the one the write expected;
   * if not, foldObservation settles the level it reports — exact unless both
   * our write had landed and Shopify moved since (Admin API 2025-01 gives
   * inventory mutations no idempotency key, and no way to look an adjustment
   * up afterwards), in which case our write is counted as Shopify's change.
   */
  async function resendPending(state: InventoryState, refs: Map<string, InventoryRef>): Promise<{ changes: Change[]; sent: string[] }> {
    const changes: Change[] = [];
    const sent: string[] = [];
    for (const [c, p] of Object.entries(state.pending)) {
      const ref = refs.get(c);
      if (!ref || p.at === undefined) continue; // saved before writes carried their time: settled by the read
      const res = await vendorCall(() => channel(c).writeLevel(ref, { expected: p.from, target: p.to, idempotencyKey: p.key, reason: 'correction', occurredAt: p.at }));
      sent.push(c);
      if (res.ok) {
        delete state.pending[c];
        state.systems[c] = p.to;
      } else {
        const ch = foldObservation(state, c, res.actual);
        if (ch) changes.push(ch);
      }
    }
    return { changes, sent };
  }

  /**
   * The order holds of policy `hold-later-order`. An oversell asks for the
   * newest open order for the variant at the location in the later seller's
   * channel, or, when that channel cannot hold orders (a POS sale is complete
   * at the till) or has none open, in another channel of the flow that can.
   * Each hold is idempotent per oversell (its handle), so an attempt that died
   * midway is repeated without holding a second order. Once the shared stock
   * is back at 0 or above, the order's unit is there again: the holds placed
   * are released. A hold the vendor refuses (4xx) is recorded as missed and
   * stock sync goes on. Returns the event types recorded; the caller saves
   * the state.
   */
  async function settleHolds(flow: FlowConfig, state: InventoryState, refs: Map<string, InventoryRef>): Promise<string[]> {
    const types: string[] = [];
    const record = async (type: string, key: string, data: Record<string, unknown>): Promise<void> => {
      await store.appendEvents([{ type, entity: 'inventory', canonicalId: state.variantId, flowId: state.flowId, data: JSON.stringify({ variantId: state.variantId, location: state.location, ...data }), dedupeKey: key }]);
      types.push(type);
    };
    for (const h of state.holds ?? []) {
      const handle = `switchyard-${createHash('sha256').update(h.key).digest('hex').slice(0, 24)}`;
      const note = `Switchyard: stock of this item at ${state.location} is oversold (shared stock ${state.canonical}); held until stock is back.`;
      const asked: string[] = [];
      let held: ({ connector: string } & HeldOrder) | null = null;
      let refused: string | null = null;
      for (const c of [h.laterSeller, ...members(flow).filter((x) => x !== h.laterSeller)]) {
        const ch = channel(c);
        const ref = refs.get(c);
        if (!ch.holdLatestOrder || !ref) continue;
        const link = (await store.findByCanonical(c, [state.variantId])).find((l) => l.entity === 'variant' && l.externalType === ch.variantType);
        if (!link) continue;
        asked.push(c);
        try {
          const res = await ch.holdLatestOrder({ variantExternalId: link.externalId, locationId: ref.locationId, handle, note });
          if (res) {
            held = { connector: c, ...res };
            break;
          }
        } catch (err) {
          if (!(err instanceof VendorError) || err.retryable) throw toActivityFailure(err);
          refused = err.message;
        }
      }
      if (held) {
        await record('order_held', `${h.key}:hold`, { laterSeller: h.laterSeller, connector: held.connector, orderId: held.orderId, orderName: held.orderName, fulfillmentOrderId: held.fulfillmentOrderId });
        if (!(state.held ?? []).some((x) => x.holdId === held.holdId)) {
          state.held = [...(state.held ?? []), { key: h.key, connector: held.connector, fulfillmentOrderId: held.fulfillmentOrderId, holdId: held.holdId }];
        }
      } else {
        const reason = refused ?? (asked.length ? 'no open order for the variant at this location' : 'no channel of the flow can hold orders');
        await record('order_hold_missed', `${h.key}:hold`, { laterSeller: h.laterSeller, asked, reason });
      }
    }
    state.holds = [];
    if (state.canonical >= 0 && state.held?.length) {
      for (const h of state.held) {
        const ch = channel(h.connector);
        if (ch.releaseHold) await vendorCall(() => ch.releaseHold!({ fulfillmentOrderId: h.fulfillmentOrderId, holdId: h.holdId }));
        await record('order_released', `${h.key}:release`, { connector: h.connector, fulfillmentOrderId: h.fulfillmentOrderId, canonical: state.canonical });
      }
      state.held = [];
    }
    return types;
  }

  /**
   * Brings one SKU × location to agreement. Called only by its entity
   * workflow (one at a time per key), and safe to retry: every write is
   * recorded as pending before it is made and settled on the next read.
   */
  async function applyInventory(input: { flowId: string; variantId: string; location: string; connectors: string[] }): Promise<InventoryResult> {
    const flow = flowOf(input.flowId);
    const { safety, action } = policy(flow);
    const refs = (await resolveRefs(flow, [input.variantId], input.location)).get(input.variantId)!;
    const unlinked = members(flow).filter((c) => !refs.has(c));
    const id = stateId(flow.id, input.variantId, input.location);
    let toRead = new Set(input.connectors);
    let writes = 0;
    const events: string[] = [];

    for (let round = 0; round < MAX_ROUNDS; round++) {
      const loaded = await load(id);
      let state: InventoryState;
      let hash: string | null = loaded?.hash ?? null;
      if (loaded) {
        state = loaded.state;
        await flushEvents(state); // a previous attempt's facts, idempotent by key
        state.unsent = [];
        if (state.lease && state.lease.until > Date.now()) {
          throw ApplicationFailure.create({ type: 'KeyBusy', message: `a ${state.lease.owner} pass holds ${id}; retrying`, nextRetryDelay: '2 seconds' });
        }
        events.push(...(await settleHolds(flow, state, refs))); // holds a previous attempt did not settle
      } else {
        state = newState(flow.id, input.variantId, input.location, 0, {});
      }
      const fresh = !loaded;
      const before = state.canonical;
      const changes: Change[] = [];
      // A bulk pass's pending writes went out in its batches, under batch keys: only that pass can repeat them.
      if (state.lease?.owner !== BULK) {
        const resent = await resendPending(state, refs);
        changes.push(...resent.changes);
        for (const c of resent.sent) toRead.add(c);
      }
      state.lease = null;
      for (const c of refs.keys()) if (fresh || state.systems[c] === undefined || state.pending[c]) toRead.add(c);
      const levels = await readLevels(refs, toRead);
      heartbeat();
      if (fresh) {
        // First sight of this key: the flow's source holds the truth; the others are brought to it.
        state.canonical = levels.get(flow.from) ?? 0;
        for (const [c, q] of levels) state.systems[c] = q;
      } else {
        for (const [c, q] of levels) {
          const ch = foldObservation(state, c, q);
          if (ch) changes.push(ch);
        }
      }
      if (changes.length) state.changedAt = new Date().toISOString();
      // A key seen for the first time has no earlier level to compare with: no facts yet (stock that is
      // simply there on first sight is not "back in stock").
      state.unsent = fresh ? [] : detectEvents(state, before, changes, safety, action);
      state.holds = [...(state.holds ?? []), ...holdsFor(state.unsent, action)];
      const target = targetLevel(state.canonical, safety, action);
      const planned = [...refs.keys()].filter((c) => state.systems[c] !== target);
      const at = new Date().toISOString();
      for (const c of planned) state.pending[c] = { from: state.systems[c]!, to: target, key: `${id}:${state.seq + 1}:${c}`, at };

      hash = await save(state, hash);
      if (hash === null) {
        toRead = new Set(input.connectors);
        continue; // a bulk pass initialised or changed the key meanwhile: start over from its state
      }
      await flushEvents(state);
      for (const e of state.unsent) events.push(e.type);
      state.unsent = [];

      let stale = false;
      const staleChanges: Change[] = [];
      const beforeWrites = state.canonical;
      for (const c of planned) {
        const p = state.pending[c]!;
        const res = await vendorCall(() => channel(c).writeLevel(refs.get(c)!, { expected: p.from, target: p.to, idempotencyKey: p.key, reason: 'correction', occurredAt: p.at }));
        delete state.pending[c];
        if (res.ok) {
          state.systems[c] = p.to;
          writes++;
        } else {
          // The channel moved since our read (a sale there): count it, then go round again.
          state.systems[c] = p.from;
          const ch = foldObservation(state, c, res.actual);
          if (ch) staleChanges.push(ch);
          stale = true;
        }
      }
      if (staleChanges.length) {
        state.changedAt = new Date().toISOString();
        state.unsent = detectEvents(state, beforeWrites, staleChanges, safety, action);
        state.holds = [...(state.holds ?? []), ...holdsFor(state.unsent, action)];
      }
      hash = await save(state, hash);
      if (hash === null) throw new Error(`inventory state ${id} changed under its entity workflow`);
      await flushEvents(state);
      for (const e of state.unsent) events.push(e.type);
      if (!stale) {
        // The channels show the oversold level now (nothing more is sold); then the order that oversold is held,
        // or, stock being back, released.
        if (state.holds?.length || (state.held?.length && state.canonical >= 0)) {
          events.push(...(await settleHolds(flow, state, refs)));
          if ((await save(state, hash)) === null) throw new Error(`inventory state ${id} changed under its entity workflow`);
        }
        const levelsAfter = Object.fromEntries(Object.entries(state.systems));
        return { canonical: state.canonical, levels: levelsAfter, writes, oversold: state.canonical < 0, events, unlinked };
      }
      toRead = new Set();
    }
    throw ApplicationFailure.create({ type: 'InventoryContention', message: `${id}: channels kept moving during ${MAX_ROUNDS} rounds; retrying` });
  }

  /**
   * One page of keys for a bulk pass (first sync, or scheduled
   * reconciliation): reads every channel in bulk; a key never seen is
   * initialised here (under a lease, so its entity workflow waits); a key
   * whose channels disagree with its state is handed to its entity workflow,
   * which owns every later change.
   */
  async function syncInventoryPage(input: { flowId: string; cursor: string | null; pageSize?: number; runId?: string }): Promise<InventoryPageResult> {
    const flow = flowOf(input.flowId);
    const { safety, action } = policy(flow);
    const catalogFlow = catalogFlowOf(flow);
    const productIds = await store.listRecordIds('product', { afterId: input.cursor, limit: input.pageSize ?? 50 });
    const result: InventoryPageResult = { keys: 0, initialised: 0, inSync: 0, drifted: 0, writes: 0, unlinked: 0, nextCursor: productIds.length ? productIds[productIds.length - 1]! : null };
    if (!productIds.length) return result;
    const records = await store.getRecords('product', productIds);
    const variantIds: string[] = [];
    for (const rec of records.values()) {
      if (rec.deleted) continue;
      const p = JSON.parse(rec.data) as Product;
      if (catalogFlow && !p.externalRefs.some((r) => r.connector === catalogFlow.from)) continue;
      for (const v of p.variants) variantIds.push(v.id);
    }
    const client = Context.current().client;
    for (const location of Object.keys(flow.locations ?? {})) {
      const refs = await resolveRefs(flow, variantIds, location);
      // Bulk reads: one batch per connector.
      const levels = new Map<string, Map<string, number>>();
      for (const c of members(flow)) {
        const list = variantIds.map((v) => refs.get(v)?.get(c)).filter((r): r is InventoryRef => r !== undefined);
        levels.set(c, list.length ? await vendorCall(() => channel(c).readLevels(list)) : new Map());
      }
      heartbeat();
      const ids = variantIds.map((v) => stateId(flow.id, v, location));
      const states = await store.getRecords(STATE_ENTITY, ids);
      const drifted: { variantId: string; connectors: string[] }[] = [];
      /** Keys this pass holds under a lease: initialised now, or left held by an interrupted attempt of this pass. */
      const held: { variantId: string; state: InventoryState; hash: string; refs: Map<string, InventoryRef> }[] = [];
      for (const v of variantIds) {
        const vr = refs.get(v)!;
        if (vr.size < members(flow).length) result.unlinked++;
        if (vr.size === 0) continue;
        result.keys++;
        const level = (c: string): number => levels.get(c)!.get(levelKey(vr.get(c)!)) ?? 0;
        const rec = states.get(stateId(flow.id, v, location));
        if (rec) {
          const state = JSON.parse(rec.data) as InventoryState;
          if (state.lease?.owner === BULK && Object.keys(state.pending).length) {
            held.push({ variantId: v, state, hash: rec.hash, refs: vr });
            continue;
          }
          const target = targetLevel(state.canonical, safety, action);
          const off = [...vr.keys()].filter((c) => state.systems[c] === undefined || level(c) !== state.systems[c] || state.systems[c] !== target || state.pending[c]);
          if (off.length) drifted.push({ variantId: v, connectors: off });
          else result.inSync++;
          continue;
        }
        const systems: Record<string, number> = {};
        for (const c of vr.keys()) systems[c] = level(c);
        const state = newState(flow.id, v, location, vr.has(flow.from) ? level(flow.from) : 0, systems);
        const target = targetLevel(state.canonical, safety, action);
        const planned = [...vr.keys()].filter((c) => systems[c] !== target);
        const at = new Date().toISOString();
        for (const c of planned) state.pending[c] = { from: systems[c]!, to: target, key: `${stateId(flow.id, v, location)}:1:${c}`, at };
        state.lease = planned.length ? { owner: BULK, until: Date.now() + LEASE_MS } : null;
        const hash = await save(state, null);
        if (hash === null) {
          // Its entity workflow got there first; it owns the key now.
          result.inSync++;
          continue;
        }
        result.initialised++;
        if (planned.length) held.push({ variantId: v, state, hash, refs: vr });
        else result.inSync++;
      }
      // One batched write per connector for every held key (Square: 100 changes a call; Shopify: 100 levels a call).
      // The batch is recorded before it is sent: an interrupted attempt's batch is re-sent exactly as it went
      // (same keys, same body, so Square replays it instead of applying it twice), and only then are keys this
      // attempt initialised sent, as a batch of their own.
      const settle = (batch: typeof held, c: string, results: ({ ok: true } | { ok: false; actual: number })[]) =>
        batch.forEach((h, i) => {
          const p = h.state.pending[c]!;
          const res = results[i]!;
          delete h.state.pending[c];
          if (res.ok || res.actual === p.to) {
            // Landed now, or by an earlier attempt of this pass (compare-and-set then sees our own level).
            h.state.systems[c] = p.to;
            result.writes++;
          } else {
            h.state.systems[c] = p.from;
            foldObservation(h.state, c, res.actual);
            drifted.push({ variantId: h.variantId, connectors: [c] });
          }
        });
      const recordIdOf = (c: string): string => batchRecordId(flow.id, location, c, input.cursor);
      const interrupted = await store.getRecords(BATCH_ENTITY, members(flow).map(recordIdOf));
      const recorded = [...interrupted.values()].filter((r) => !r.deleted).map((r) => r.canonicalId);
      for (const c of members(flow)) {
        const recordId = recordIdOf(c);
        const earlier = interrupted.get(recordId);
        const earlierBatches = earlier && !earlier.deleted ? (JSON.parse(earlier.data) as RecordedBatches).batches : [];
        for (const sent of earlierBatches) {
          const byVariant = new Map(held.map((h) => [h.variantId, h]));
          // Keys the earlier attempt already settled and saved are not pending any more and are left alone.
          const still = sent.writes.flatMap((w, i) => {
            const h = byVariant.get(w.variantId);
            return h && h.state.pending[c]?.key === w.pendingKey ? [{ h, i }] : [];
          });
          if (still.length) {
            // A replaying vendor gets the very request again (a subset under the same key would be a reused key);
            // a compare-and-set vendor gets only the writes still pending (a settled level may have moved back).
            const again = channel(c).repeatSafety === 'replay' ? sent.writes : still.map((x) => sent.writes[x.i]!);
            const results = await vendorCall(() => channel(c).writeLevels(again.map((w) => ({ ref: w.ref, expected: w.expected, target: w.target, occurredAt: w.occurredAt })), sent.key, 'correction'));
            heartbeat();
            const resultOf = new Map(again.map((w, k) => [w.pendingKey, results[k]!]));
            settle(
              still.map((x) => x.h),
              c,
              still.map((x) => resultOf.get(sent.writes[x.i]!.pendingKey)!),
            );
          }
        }
        const batch = held.filter((h) => h.state.pending[c] && h.refs.has(c));
        if (!batch.length) continue;
        const key = `bulk:${createHash('sha256').update(batch.map((h) => h.state.pending[c]!.key).join()).digest('base64url').slice(0, 32)}`;
        const writes = batch.map((h) => ({ variantId: h.variantId, pendingKey: h.state.pending[c]!.key, ref: h.refs.get(c)!, expected: h.state.pending[c]!.from, target: h.state.pending[c]!.to, occurredAt: h.state.pending[c]!.at }));
        // Earlier batches stay recorded beside it until every key is saved: a crash now must still replay them.
        const batches: RecordedBatches = { batches: [...earlierBatches, { key, writes }] };
        await store.putRecords([{ entity: BATCH_ENTITY, canonicalId: recordId, hash: key, data: JSON.stringify(batches), updatedAt: new Date().toISOString(), deleted: false }]);
        recorded.push(recordId);
        const results = await vendorCall(() => channel(c).writeLevels(writes.map((w) => ({ ref: w.ref, expected: w.expected, target: w.target, occurredAt: w.occurredAt })), key, 'correction'));
        heartbeat();
        settle(batch, c, results);
      }
      for (const h of held) {
        h.state.lease = null;
        if ((await save(h.state, h.hash)) === null) throw new Error(`inventory state of ${h.variantId} at ${location} changed under a held lease`);
      }
      // Every key of the recorded batches is settled and saved: nothing of them is left to repeat.
      const now = new Date().toISOString();
      if (recorded.length) await store.putRecords([...new Set(recorded)].map((id) => ({ entity: BATCH_ENTITY, canonicalId: id, hash: 'settled', data: '{}', updatedAt: now, deleted: true })));
      heartbeat();
      for (const d of drifted) {
        result.drifted++;
        await client.workflow.signalWithStart('inventorySync', {
          workflowId: inventoryWorkflowId(flow.id, d.variantId, location),
          taskQueue: Context.current().info.taskQueue,
          args: [{ flowId: flow.id, variantId: d.variantId, location }],
          signal: 'observed',
          signalArgs: [{ connectors: d.connectors, eventId: `reconcile:${input.runId ?? 'manual'}`, reason: 'reconcile' }],
        });
      }
    }
    return result;
  }

  function catalogFlowOf(flow: FlowConfig): FlowConfig | null {
    if (flow.catalogFlow) return deps.flows.get(flow.catalogFlow) ?? null;
    const ms = members(flow);
    for (const f of deps.flows.values()) if (f.entity === 'product' && ms.includes(f.from)) return f;
    return null;
  }

  /** See workflows/inventory-intake.ts. */
  async function forwardInventoryIntake(input: { flowId: string; connector: string; itemId: string; location: string }): Promise<{ variantId: string | null }> {
    const flow = flowOf(input.flowId);
    const ch = channel(input.connector);
    let variantId = (await store.findByExternal(input.connector, ch.itemType, [input.itemId])).get(input.itemId)?.canonicalId ?? null;
    if (!variantId) {
      const variantExt = await vendorCall(() => ch.variantOfItem(input.itemId));
      const link = variantExt ? (await store.findByExternal(input.connector, ch.variantType, [variantExt])).get(variantExt) : undefined;
      if (!link) {
        await store.quarantine({ flowId: flow.id, connector: input.connector, entity: 'inventory', externalId: input.itemId, reason: `stock changed for ${ch.itemType} ${input.itemId}, which belongs to no synced variant${variantExt ? ` (variant ${variantExt} is not linked yet)` : ''}; the next reconciliation retries it`, payload: JSON.stringify(input) });
        return { variantId: null };
      }
      variantId = link.canonicalId;
      if (ch.itemType !== ch.variantType) {
        await store.putIdMappings([{ entity: 'variant', canonicalId: variantId, connector: input.connector, externalType: ch.itemType, externalId: input.itemId, externalVersion: null }]);
      }
    }
    await Context.current().client.workflow.signalWithStart('inventorySync', {
      workflowId: inventoryWorkflowId(flow.id, variantId, input.location),
      taskQueue: Context.current().info.taskQueue,
      args: [{ flowId: flow.id, variantId, location: input.location }],
      signal: 'observed',
      signalArgs: [{ connectors: [input.connector], eventId: `intake:${input.itemId}`, reason: 'webhook' }],
    });
    return { variantId };
  }

  return {
    applyInventory,
    syncInventoryPage,
    forwardInventoryIntake,
    /** Counts of the canonical event stream (for reports). */
    async inventorySummary(input: { flowId: string }): Promise<{ keys: number; oversold: number; backInStock: number }> {
      flowOf(input.flowId);
      return {
        keys: await store.countRecords(STATE_ENTITY),
        oversold: await store.countEvents({ type: 'oversell', flowId: input.flowId }),
        backInStock: await store.countEvents({ type: 'back_in_stock', flowId: input.flowId }),
      };
    },
  };
}
