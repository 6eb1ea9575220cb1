import { setTimeout as sleep } from 'node:timers/promises';
import { heartbeat, log } from '@temporalio/activity';
import type { Discount } from '../canonical/discount';
import { stableHash } from '../canonical/hash';
import type { FlowConfig } from '../config/schema';
import type { AnyConnector } from '../connectors/registry';
import { discountSinkOf, discountSourceOf } from '../connectors/registry';
import { VendorError, type DiscountReadContext, type DiscountSink, type DiscountSource, type Mapped } from '../connectors/types';
import type { IdMapping, Store } from '../store/types';
import { idempotencyKey, safeJson, type PageResult, type ProductResult } from './catalog';
import { readChangeFeed, type ChangesResult } from './catalog-changes';
import { ConfigurationError } from './configuration-error';
import { connectorLookup, flowLookup } from './lookup';
import { vendorCall } from './errors';

/**
 * Discount flows: discounts from their owner to each destination — Shopify
 * code discounts to Square (DISCOUNT + PRICING_RULE), Square pricing rules
 * to Shopify (automatic discounts). Discounts that name products are
 * translated through the catalog flow's id map (both ways: the catalog may
 * flow from the discount's destination); one naming a product that is not
 * in the destination yet is quarantined with the products it waits for and
 * tried again on the next sync (its hash is not stored, so nothing counts it
 * done). With flows both ways, a discount one flow wrote is read back by the
 * other as that write (`writtenTypes` in the id map) and dropped: an echo.
 */

export interface DiscountDeps {
  flows: ReadonlyMap<string, FlowConfig>;
  store: Store;
  connectors: ReadonlyMap<string, AnyConnector>;
}

/** A discount page and a single discount report exactly what a catalog page and product do. */
export type DiscountPageResult = PageResult;
export type DiscountResult = ProductResult;

const ENTITY = 'discount';
/**
 * In-flight writes into a system that also owns discounts (another flow
 * reads it): marked in the store before the vendor call and cleared once the
 * id map holds the result, so that flow can tell our write from a new
 * discount even when the vendor's notification overtakes the id map.
 */
const writingEntity = (connector: string) => `discount_write:${connector}`;
/** A marker older than this is a write that crashed mid-way: not waited for. */
const WRITE_MARK_STALE_MS = 60_000;
/** The longest a first-seen discount waits for in-flight writes into its owner. */
const WRITE_WAIT_MAX_MS = 10_000;
const WRITE_POLL_MS = 25;
const checkpointKey = (flowId: string) => `backfill:${flowId}`;
/** Hash rows (destination, entity) of what the destination held after our last write there: DiscountSink.observe's fingerprints. */
const SEEN = 'discount.seen';
/** Source ids of every discount the flow has admitted (the sweep's candidates). */
const knownKey = (flowId: string) => `discounts:${flowId}:known`;
/** Source ids the current backfill has seen so far. */
const seenKey = (flowId: string) => `discounts:${flowId}:seen`;

/** What the discount *is*: not when it was touched, nor how often it was used (that moves with every order). */
export function discountHash(d: Discount): string {
  const { updatedAt: _u, usageCount: _c, ...content } = d;
  return stableHash(content);
}

/** Per destination: the content plus the destination ids it points at (a product recreated there means a rewrite). */
function destinationHash(d: Discount, targets: readonly IdMapping[]): string {
  return stableHash({ discount: discountHash(d), targets: targets.map((t) => `${t.externalType}:${t.externalId}`).sort() });
}

export function createDiscountActivities(deps: DiscountDeps) {
  const { store } = deps;

  const flowOf = flowLookup(deps.flows, ENTITY, 'discounts');
  const connector = connectorLookup(deps.connectors);
  const discountFlows = [...deps.flows.values()].filter((f) => f.entity === ENTITY);
  /** Another discount flow writes into `connector` (its writes can come back to `flow` as echoes). */
  const writtenByOther = (flow: FlowConfig, connectorId: string) => discountFlows.some((f) => f.id !== flow.id && f.to.includes(connectorId));
  /** Another discount flow reads its discounts from `connector` (our writes there must be marked in flight). */
  const readByOther = (flow: FlowConfig, connectorId: string) => discountFlows.some((f) => f.id !== flow.id && f.from === connectorId);
  /**
   * The product flow whose id map links this flow's products (`catalogFlow`,
   * else one linking the same systems). Its direction does not matter: a
   * POS-owned discount names POS items the catalog flow wrote there.
   */
  function catalogFlowOf(flow: FlowConfig): FlowConfig {
    const links = (f: FlowConfig) => [flow.from, ...flow.to].every((c) => f.from === c || f.to.includes(c));
    const named = flow.catalogFlow ? deps.flows.get(flow.catalogFlow) : [...deps.flows.values()].find((f) => f.entity === 'product' && links(f));
    if (!named || named.entity !== 'product') {
      throw new ConfigurationError(`discount flow "${flow.id}": ${flow.catalogFlow ? `catalogFlow "${flow.catalogFlow}" is not a product flow` : `no product flow linking ${[flow.from, ...flow.to].join(', ')} to translate product ids`}`);
    }
    if (!links(named)) throw new ConfigurationError(`discount flow "${flow.id}": catalogFlow "${named.id}" (${named.from} → ${named.to.join(', ')}) does not link ${[flow.from, ...flow.to].join(', ')}`);
    return named;
  }

  /** What a source read needs from the store: its products' canonical ids, from the catalog's id map. */
  function readContext(flow: FlowConfig): DiscountReadContext {
    return {
      async canonicalIds(externalType, externalIds) {
        const out = new Map<string, string>();
        for (const [id, link] of await store.findByExternal(flow.from, externalType, [...externalIds])) out.set(id, link.canonicalId);
        return out;
      },
    };
  }

  /** Of these links (source id → link), the source ids whose canonical discount was read from this flow's owner (not written there for another owner). */
  async function ownedBy(flow: FlowConfig, links: ReadonlyMap<string, IdMapping>): Promise<Set<string>> {
    const records = await store.getRecords(ENTITY, [...new Set([...links.values()].map((l) => l.canonicalId))]);
    const owned = new Set<string>();
    for (const [externalId, link] of links) {
      const record = records.get(link.canonicalId);
      if (record && (JSON.parse(record.data) as Discount).externalRefs.some((r) => r.connector === flow.from && r.id === externalId)) owned.add(externalId);
    }
    return owned;
  }

  /**
   * Drops what a discount sink in the owner's own system wrote for another
   * flow's discount (read back as if it were the owner's): echoes, never
   * admitted, never quarantined.
   */
  async function dropEchoes(flow: FlowConfig, source: DiscountSource, mapped: Mapped<Discount>[]): Promise<{ kept: Mapped<Discount>[]; echoes: number }> {
    if (!source.writtenTypes.length || !mapped.length) return { kept: mapped, echoes: 0 };
    // Another discount flow writes into this system: a record here may be that flow's write whose answer is still
    // on its way into the id map (the owner's notification can overtake it). Writes in flight are waited for first
    // (they clear their mark only once the id map holds them), then the links are read.
    if (writtenByOther(flow, flow.from)) await waitForWritesInto(flow.from);
    const ids = mapped.map((m) => m.externalId).filter(Boolean);
    const links = new Map<string, IdMapping>();
    for (const type of source.writtenTypes) for (const [id, l] of await store.findByExternal(flow.from, type, ids)) if (l.entity === ENTITY) links.set(id, l);
    if (!links.size) return { kept: mapped, echoes: 0 };
    const owned = await ownedBy(flow, links);
    const kept = mapped.filter((m) => !links.has(m.externalId) || owned.has(m.externalId));
    return { kept, echoes: mapped.length - kept.length };
  }

  async function quarantine(flow: FlowConfig, externalId: string, reason: string, payload: unknown): Promise<void> {
    await store.quarantine({ flowId: flow.id, connector: flow.from, entity: ENTITY, externalId, reason, payload: safeJson(payload) });
  }

  /** Quarantines refused source records; remembers the good ones and their source ids. */
  async function admit(flow: FlowConfig, mapped: Mapped<Discount>[]): Promise<Discount[]> {
    const good: Discount[] = [];
    for (const m of mapped) {
      if (m.ok) good.push(m.record);
      else await quarantine(flow, m.externalId, m.reason, m.raw);
    }
    if (!good.length) return good;
    const now = new Date().toISOString();
    await store.putRecords(good.map((d) => ({ entity: ENTITY, canonicalId: d.id, hash: discountHash(d), data: JSON.stringify(d), updatedAt: now, deleted: false })));
    await store.putIdMappings(
      good.flatMap((d) => d.externalRefs.filter((r) => r.connector === flow.from).map((r) => ({ entity: ENTITY, canonicalId: d.id, connector: flow.from, externalType: r.type, externalId: r.id, externalVersion: null }))),
    );
    return good;
  }

  /** Waits (bounded) until no other discount flow is writing into `connector`. */
  async function waitForWritesInto(connector: string): Promise<void> {
    const deadline = Date.now() + WRITE_WAIT_MAX_MS;
    for (;;) {
      const ids = await store.listRecordIds(writingEntity(connector), { afterId: null, limit: 100 });
      if (!ids.length) return;
      const fresh = [...(await store.getRecords(writingEntity(connector), ids)).values()].filter((r) => !r.deleted && Date.now() - Date.parse(r.updatedAt) < WRITE_MARK_STALE_MS);
      if (!fresh.length || Date.now() > deadline) return;
      await sleep(WRITE_POLL_MS);
    }
  }

  /** Marks a write into `destId` in flight when a discount flow reads `destId` (see writingEntity); the returned function clears it. */
  async function markWriting(flow: FlowConfig, destId: string, d: Discount, hash: string): Promise<() => Promise<void>> {
    if (!readByOther(flow, destId)) return async () => undefined;
    const row = { entity: writingEntity(destId), canonicalId: d.id, hash, data: '{}', updatedAt: new Date().toISOString(), deleted: false };
    await store.putRecords([row]);
    return () => store.putRecords([{ ...row, updatedAt: new Date().toISOString(), deleted: true }]);
  }

  /**
   * Writes one discount to one destination. `drift`: what a reconciliation
   * found changed there by hand — objects recorded for it that no longer
   * exist, or content that is no longer what we wrote — and so rewritten
   * even though the discount itself did not change.
   */
  async function writeOne(flow: FlowConfig, catalog: FlowConfig, destId: string, sink: DiscountSink, d: Discount, drift: Drift = NO_DRIFT): Promise<'written' | 'unchanged' | 'quarantined'> {
    const sourceRef = d.externalRefs.find((r) => r.connector === flow.from)?.id ?? d.id;
    const wanted = d.appliesTo.scope === 'products' ? [...d.appliesTo.productIds, ...d.appliesTo.variantIds] : [];
    const linked = wanted.length ? await store.findByCanonical(destId, wanted) : [];
    const targets = linked.filter((l) => (l.entity === 'product' && l.externalType === sink.productTypes.product) || (l.entity === 'variant' && l.externalType === sink.productTypes.variant));
    const missing = wanted.filter((id) => !targets.some((t) => t.canonicalId === id));
    if (missing.length) {
      await quarantine(flow, sourceRef, `${destId}: waiting for ${await describeMissing(flow, catalog, destId, missing)}; retried on the next sync`, d);
      return 'quarantined';
    }

    const hash = destinationHash(d, targets);
    const recorded = (await store.findByCanonical(destId, [d.id])).filter((l) => l.entity === ENTITY);
    let known = recorded.filter((l) => !drift.gone.has(l.externalId));
    const gone = recorded.filter((l) => drift.gone.has(l.externalId)).map((l) => l.externalId);
    const edited = drift.edited.get(d.id);
    if (!gone.length && edited === undefined && (await store.getHashes(destId, ENTITY, [d.id])).get(d.id) === hash) return 'unchanged';
    // A repair is a request of its own: the same content written again must not replay the vendor's answer to the first write.
    const repair = gone.length ? `recreate:${gone.sort().join(',')}` : edited !== undefined ? `revert:${edited}` : null;
    if (!known.length) known = await adoptCopy(destId, sink, d, targets);
    const done = await markWriting(flow, destId, d, hash);
    try {
      const outcome = await vendorCall(() => sink.upsertDiscount(d, { known, products: targets }, idempotencyKey(flow.id, destId, d.id, hash, ...(repair ? [repair] : []))));
      if (!outcome.ok) {
        await quarantine(flow, sourceRef, `${destId}: ${outcome.reason ?? 'refused'}`, d);
        return 'quarantined';
      }
      // Links of objects the destination no longer holds for it (replaced or dropped) go first: one object per type per discount.
      const kept = new Set(outcome.mappings.map((m) => `${m.externalType}\u0000${m.externalId}`));
      for (const [type, ids] of groupByType(recorded.filter((k) => !kept.has(`${k.externalType}\u0000${k.externalId}`)))) await store.deleteIdMappings(destId, type, ids);
      await store.putIdMappings(outcome.mappings);
      // What the destination holds now, as we wrote it: a later reconciliation tells an edit by hand from it.
      const seen = combinedFingerprint(outcome.mappings, outcome.observed ?? new Map());
      await store.putHashes([{ connector: destId, entity: ENTITY, canonicalId: d.id, hash }, ...(seen ? [{ connector: destId, entity: SEEN, canonicalId: d.id, hash: seen }] : [])]);
      if (outcome.notEnforced.length) await recordNotEnforced(flow, destId, d, hash, outcome.notEnforced);
      if (repair) await recordRepair(flow, destId, d, gone.length ? 'deleted' : 'edited', repair);
      return 'written';
    } catch (err) {
      // A discount the vendor refuses (4xx other than auth) is this record's problem: quarantine it, keep going.
      if (err instanceof VendorError && !err.retryable && err.status !== 401 && err.status !== 403) {
        await quarantine(flow, sourceRef, `${destId} refused it: ${err.message}`, d);
        return 'quarantined';
      }
      throw err;
    } finally {
      await done();
    }
  }

  /** "product gid://shopify/Product/1, variant var_…": source ids where the catalog flow has read them, else canonical ids. */
  async function describeMissing(flow: FlowConfig, catalog: FlowConfig, destId: string, missing: string[]): Promise<string> {
    const source = new Map((await store.findByCanonical(flow.from, missing)).map((l) => [l.canonicalId, l.externalId]));
    const names = missing.slice(0, 5).map((id) => `${id.startsWith('var_') ? 'variant' : 'product'} ${source.get(id) ?? id}`);
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    return `${names.join(', ')}${more}, not in ${destId} yet (catalog flow "${catalog.id}")`;
  }

  /**
   * What the destination holds but cannot enforce (usage limits, the code…):
   * one event per written version, so an operator can see it, never silent.
   */
  async function recordNotEnforced(flow: FlowConfig, destId: string, d: Discount, hash: string, notes: string[]): Promise<void> {
    log.info('discount written with conditions the destination cannot enforce', { discount: d.id, destination: destId, notEnforced: notes });
    await store.appendEvents([{ type: 'discount.not_enforced', entity: ENTITY, canonicalId: d.id, flowId: flow.id, data: JSON.stringify({ connector: destId, notEnforced: notes }), dedupeKey: `discount.not_enforced:${destId}:${d.id}:${hash}` }]);
  }

  /**
   * Before a create where the vendor takes no idempotency key: a copy of the
   * discount already there (our earlier create, whose answer was lost) and
   * linked to no other discount is taken as this one's, so the write updates
   * it rather than creating a second. Nothing found: [] (a create).
   */
  async function adoptCopy(destId: string, sink: DiscountSink, d: Discount, targets: IdMapping[]): Promise<IdMapping[]> {
    if (!sink.findCopies) return [];
    const copies = await vendorCall(() => sink.findCopies!(d, targets));
    for (const copy of copies) {
      if ((await store.findByExternal(destId, copy.externalType, [copy.externalId])).has(copy.externalId)) continue;
      log.info('adopting a copy of the discount already in the destination (an earlier create whose answer was lost)', { discount: d.id, destination: destId, id: copy.externalId });
      return [copy];
    }
    return [];
  }

  /** A repaired hand change in a destination: logged, and one event per repair in the canonical stream. */
  async function recordRepair(flow: FlowConfig, destId: string, d: Discount, kind: 'deleted' | 'edited', repair: string): Promise<void> {
    log.info(`discount ${kind} by hand in ${destId}: written again`, { discount: d.id, flow: flow.id, destination: destId });
    await store.appendEvents([{ type: 'discount.drift_repaired', entity: ENTITY, canonicalId: d.id, flowId: flow.id, data: JSON.stringify({ connector: destId, kind }), dedupeKey: `discount.drift_repaired:${destId}:${d.id}:${repair}` }]);
  }

  /**
   * What changed by hand in `destId` since our last write of these
   * discounts: recorded objects it no longer holds, and discounts whose
   * objects no longer hold what we wrote (by fingerprint; one written before
   * fingerprints were kept counts as edited, and is written once more).
   */
  async function driftIn(destId: string, sink: DiscountSink, discounts: Discount[]): Promise<Drift> {
    const recorded = (await store.findByCanonical(destId, discounts.map((d) => d.id))).filter((l) => l.entity === ENTITY);
    if (!recorded.length) return NO_DRIFT;
    const observed = await vendorCall(() => sink.observe(recorded));
    const gone = new Set(recorded.filter((l) => !observed.has(l.externalId)).map((l) => l.externalId));
    const byDiscount = new Map<string, IdMapping[]>();
    for (const l of recorded) byDiscount.set(l.canonicalId, [...(byDiscount.get(l.canonicalId) ?? []), l]);
    const lastSeen = await store.getHashes(destId, SEEN, [...byDiscount.keys()]);
    const edited = new Map<string, string>();
    for (const [id, links] of byDiscount) {
      if (links.some((l) => gone.has(l.externalId))) continue;
      const now = combinedFingerprint(links, observed);
      if (now && now !== lastSeen.get(id)) edited.set(id, now);
    }
    return { gone, edited };
  }

  async function writeToDestinations(flow: FlowConfig, discounts: Discount[], opts: { verify?: boolean } = {}): Promise<{ written: number; quarantined: number }> {
    const catalog = catalogFlowOf(flow);
    const anyQuarantined = (await store.countQuarantine({ flowId: flow.id })) > 0;
    const written = new Set<string>();
    const quarantined = new Set<string>();
    for (const destId of flow.to) {
      const sink = discountSinkOf(connector(destId));
      // A reconciliation also checks the destination still holds what was written (a rule deleted or edited by hand there).
      const drift = opts.verify ? await driftIn(destId, sink, discounts) : NO_DRIFT;
      for (const d of discounts) {
        const outcome = await writeOne(flow, catalog, destId, sink, d, drift);
        if (outcome === 'written') written.add(d.id);
        if (outcome === 'quarantined') quarantined.add(d.id);
        heartbeat();
      }
    }
    // A discount counts once: quarantined if any destination refused it, else written if any took a change.
    for (const id of quarantined) written.delete(id);
    // In every destination now: earlier refusals of it are settled (only then, so one destination can't clear another's).
    // Every source ref: a Square DISCOUNT refused as staff-applied is settled once a pricing rule uses it.
    if (anyQuarantined) {
      for (const d of discounts) if (!quarantined.has(d.id)) for (const r of d.externalRefs) if (r.connector === flow.from) await store.resolveQuarantine(flow.from, ENTITY, r.id);
    }
    return { written: written.size, quarantined: quarantined.size };
  }

  async function deleteEverywhere(flow: FlowConfig, source: DiscountSource, externalId: string): Promise<DiscountResult> {
    const link = (await store.findByExternal(flow.from, source.discountType, [externalId])).get(externalId);
    // Unknown, or a discount another flow wrote into the owner (its own flow deletes it): nothing of ours to delete.
    if (!link || !(await ownedBy(flow, new Map([[externalId, link]]))).has(externalId)) {
      await store.resolveQuarantine(flow.from, ENTITY, externalId);
      return { outcome: 'missing', canonicalId: null };
    }
    for (const destId of flow.to) {
      const known = (await store.findByCanonical(destId, [link.canonicalId])).filter((l) => l.entity === ENTITY);
      if (known.length) await vendorCall(() => discountSinkOf(connector(destId)).deleteDiscount(known));
      for (const [type, ids] of groupByType(known)) await store.deleteIdMappings(destId, type, ids);
      await store.putHashes([{ connector: destId, entity: ENTITY, canonicalId: link.canonicalId, hash: 'deleted' }]);
    }
    const record = (await store.getRecords(ENTITY, [link.canonicalId])).get(link.canonicalId);
    if (record) await store.putRecords([{ ...record, deleted: true, updatedAt: new Date().toISOString() }]);
    // Whatever it was waiting for no longer matters.
    await store.resolveQuarantine(flow.from, ENTITY, externalId);
    return { outcome: 'deleted', canonicalId: link.canonicalId };
  }

  async function readIds(key: string): Promise<Set<string>> {
    const raw = await store.getCursor(key);
    return new Set(raw ? (JSON.parse(raw) as string[]) : []);
  }
  async function writeIds(key: string, ids: Set<string>): Promise<void> {
    await store.setCursor(key, ids.size ? JSON.stringify([...ids].sort()) : null);
  }

  const activities = {
    async loadDiscountCheckpoint(input: { flowId: string }): Promise<string | null> {
      flowOf(input.flowId);
      return store.getCursor(checkpointKey(input.flowId));
    },

    async clearDiscountCheckpoint(input: { flowId: string }): Promise<void> {
      flowOf(input.flowId);
      await store.setCursor(checkpointKey(input.flowId), null);
    },

    /** One page: read discounts from the owner, map, write to each destination, checkpoint. */
    async syncDiscountPage(input: { flowId: string; cursor: string | null }): Promise<DiscountPageResult> {
      const flow = flowOf(input.flowId);
      const source = discountSourceOf(connector(flow.from));
      const page = await vendorCall(() => source.listDiscounts({ cursor: input.cursor, pageSize: flow.pageSize }, readContext(flow)));
      heartbeat();
      const { kept, echoes } = await dropEchoes(flow, source, page.items);
      const discounts = await admit(flow, kept);
      const { written, quarantined } = await writeToDestinations(flow, discounts, { verify: true });
      // Remember what exists, so the sweep at the end can find deletions whose webhook never came.
      const seen = input.cursor === null ? new Set<string>() : await readIds(seenKey(flow.id));
      const known = await readIds(knownKey(flow.id));
      for (const m of page.items) seen.add(m.externalId);
      // Only the ids the owner lists discounts by (a Square rule's DISCOUNT is part of it, not a discount of its own).
      for (const d of discounts) for (const r of d.externalRefs) if (r.connector === flow.from && r.type === source.discountType) known.add(r.id);
      await writeIds(seenKey(flow.id), seen);
      await writeIds(knownKey(flow.id), known);
      await store.setCursor(checkpointKey(flow.id), page.nextCursor);
      return {
        read: page.items.length,
        written,
        // Echoes count as unchanged: already where they belong.
        unchanged: discounts.length - written - quarantined + echoes,
        quarantined: kept.length - discounts.length + quarantined,
        nextCursor: page.nextCursor,
      };
    },

    /**
     * After the last page: discounts known from earlier runs that this run
     * did not see are re-read one by one, and those gone from the owner are
     * deleted everywhere (a lost discounts/delete webhook). A re-read that
     * still finds one (created meanwhile, or a concurrent run) keeps it.
     */
    async sweepDeletedDiscounts(input: { flowId: string }): Promise<{ checked: number; deleted: number }> {
      const flow = flowOf(input.flowId);
      const source = discountSourceOf(connector(flow.from));
      const known = await readIds(knownKey(flow.id));
      const seen = await readIds(seenKey(flow.id));
      let checked = 0;
      let deleted = 0;
      const unseen = [...known].filter((k) => !seen.has(k));
      const links = await store.findByExternal(flow.from, source.discountType, unseen);
      const records = await store.getRecords(ENTITY, [...links.values()].map((l) => l.canonicalId));
      for (const id of unseen) {
        const canonical = links.get(id)?.canonicalId;
        // Already deleted everywhere (its webhook did come): nothing to check.
        if (canonical && records.get(canonical)?.deleted) {
          known.delete(id);
          continue;
        }
        checked++;
        if ((await vendorCall(() => source.getDiscount(id, readContext(flow)))) !== null) continue;
        // Counted only when something of it was deleted (an id never linked is just forgotten).
        if ((await deleteEverywhere(flow, source, id)).outcome === 'deleted') deleted++;
        known.delete(id);
        heartbeat();
      }
      await writeIds(knownKey(flow.id), known);
      await writeIds(seenKey(flow.id), new Set());
      return { checked, deleted };
    },

    /** Re-reads one discount from its owner and converges every destination on it (deleting it where it is gone). */
    async syncDiscount(input: { flowId: string; externalId: string }): Promise<DiscountResult> {
      const flow = flowOf(input.flowId);
      return (await syncOne(flow, input.externalId)).result;
    },

    /**
     * The owner's own change feed (Square catalog.version.updated names no
     * discount): reads up to a few pages of discounts changed since the
     * cursor kept in the store and syncs each one, dropping echoes.
     */
    async pullDiscountChanges(input: { flowId: string; connector: string; notBefore?: string | null }): Promise<ChangesResult> {
      const flow = flowOf(input.flowId);
      if (input.connector !== flow.from) throw new ConfigurationError(`connector "${input.connector}" does not own the discounts of flow "${flow.id}"`);
      const source = discountSourceOf(connector(flow.from));
      if (!source.changes) throw new ConfigurationError(`connector "${flow.from}" has no discount change feed (its webhooks name the discount)`);
      const result: ChangesResult = { changed: 0, echoes: 0, converged: 0, unlinked: 0, written: 0, quarantined: 0, more: false };
      const changes = source.changes.bind(source);
      const { more } = await readChangeFeed(
        store,
        `discount-changes:${flow.id}`,
        input.notBefore ?? null,
        // https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects (begin_time)
        (at) => vendorCall(() => changes(at)),
        async (page) => {
          for (const id of page.externalIds) {
            const { result: r, echo } = await syncOne(flow, id);
            result.changed++;
            if (echo) result.echoes++;
            else if (r.outcome === 'written') result.written++;
            else if (r.outcome === 'quarantined') result.quarantined++;
            if (!echo) result.converged++;
            heartbeat();
          }
        },
      );
      result.more = more;
      return result;
    },
  };

  /** Re-reads one discount from its owner and converges every destination on it (deleting it where it is gone). */
  async function syncOne(flow: FlowConfig, externalId: string): Promise<{ result: DiscountResult; echo: boolean }> {
    const source = discountSourceOf(connector(flow.from));
    const current = await vendorCall(() => source.getDiscount(externalId, readContext(flow)));
    if (current === null) return { result: await deleteEverywhere(flow, source, externalId), echo: false };
    const { kept } = await dropEchoes(flow, source, [current]);
    if (!kept.length) return { result: { outcome: 'unchanged', canonicalId: null }, echo: true };
    const [discount] = await admit(flow, kept);
    if (!discount) return { result: { outcome: 'quarantined', canonicalId: null }, echo: false };
    const { written, quarantined } = await writeToDestinations(flow, [discount]);
    return { result: { outcome: quarantined ? 'quarantined' : written ? 'written' : 'unchanged', canonicalId: discount.id }, echo: false };
  }

  return activities;
}

/** Hand changes a reconciliation found in one destination (see driftIn). */
interface Drift {
  /** Recorded objects (externalIds) the destination no longer holds. */
  gone: ReadonlySet<string>;
  /** Discounts (canonical ids) whose objects hold something else than we wrote: their combined fingerprint now. */
  edited: ReadonlyMap<string, string>;
}
const NO_DRIFT: Drift = { gone: new Set(), edited: new Map() };

/** One fingerprint for a discount's objects in a destination; null when one of them has none. */
function combinedFingerprint(links: readonly IdMapping[], fingerprints: ReadonlyMap<string, string>): string | null {
  const parts: string[] = [];
  for (const l of [...links].sort((a, b) => (a.externalType + a.externalId < b.externalType + b.externalId ? -1 : 1))) {
    const f = fingerprints.get(l.externalId);
    if (f === undefined) return null;
    parts.push(`${l.externalType}:${l.externalId}:${f}`);
  }
  return parts.length ? stableHash(parts) : null;
}

function groupByType(links: IdMapping[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const l of links) m.set(l.externalType, [...(m.get(l.externalType) ?? []), l.externalId]);
  return m;
}
