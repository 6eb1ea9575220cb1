import { heartbeat } from '@temporalio/activity';
import type { Product } from '../canonical/product';
import type { FlowConfig } from '../config/schema';
import { catalogSinkOf, catalogSourceOf } from '../connectors/registry';
import type { CatalogObservation, Mapped } from '../connectors/types';
import type { IdMapping, RecordHash } from '../store/types';
import { createCatalogEngine, productHash, type CatalogDeps, type CatalogEngine } from './catalog';
import { SEEN, type Prepared } from './catalog-converge';
import { driftOf } from './catalog-ownership';
import { groupByType, reconcileMarkerConnector, reconcileOrphans } from './catalog-reconcile-orphans';
import { vendorCall } from './errors';

/**
 * Scheduled catalog reconciliation (workflows/catalog-reconcile.ts): every
 * system compared with the canonical state, drift repaired per ownership.
 *
 * One page of the source at a time:
 * 1. the source's products are converged like the backfill's, so a change
 *    whose webhook never came (or a new product) reaches the canonical record;
 * 2. what each destination holds for them is read and compared with what the
 *    canonical record and ownership say it should hold: an object deleted
 *    there is recreated, variants deleted there are written again, fields it
 *    holds but doesn't own that were edited behind our back are written back
 *    (the fields it owns are kept as it holds them, see the sink's `keep`);
 * 3. each product seen is marked with the run's marker, so the orphan pass
 *    (./catalog-reconcile-orphans.ts) knows which canonical products the
 *    source no longer has.
 * Only counts and cursors leave an activity.
 */

const ENTITY = 'product';

export interface CatalogReconcileCounts {
  /** Source products read. */
  products: number;
  /** Products that needed nothing anywhere. */
  inSync: number;
  /** Canonical copy behind its owners (a missed webhook, a new product) or the source holding other values for fields it doesn't own. */
  sourceDrift: number;
  /** A destination lost the object (or some of its variants), or holds other values than ours for fields it doesn't own. */
  destinationDrift: number;
  /** Drifted (or pending) products brought back in line everywhere this run. */
  repaired: number;
  /** Product writes made to vendors (destination upserts and source write-backs). */
  writes: number;
  quarantined: number;
}

export interface CatalogReconcilePageResult extends CatalogReconcileCounts {
  nextCursor: string | null;
}

export function createCatalogReconcileActivities(deps: CatalogDeps) {
  const engine = createCatalogEngine(deps);
  const { store } = deps;

  return {
    /** One page of the flow's source: converge, check every destination, repair, mark what was seen. */
    async reconcileCatalogPage(input: { flowId: string; cursor: string | null; marker: string }): Promise<CatalogReconcilePageResult> {
      const flow = engine.flowOf(input.flowId);
      const source = catalogSourceOf(engine.connector(flow.from));
      const page = await vendorCall(() => source.listProducts({ cursor: input.cursor, pageSize: flow.pageSize }));
      heartbeat();
      const counts = await reconcileProducts(engine, deps, flow, page.items, input.marker);
      return { ...counts, nextCursor: page.nextCursor };
    },

    /** One page of canonical records after the source pass: products the source no longer has are deleted everywhere. */
    async reconcileCatalogOrphans(input: { flowId: string; afterId: string | null; marker: string; pageSize?: number }) {
      return reconcileOrphans(engine, store, engine.flowOf(input.flowId), input);
    },
  };
}

async function reconcileProducts(engine: CatalogEngine, deps: CatalogDeps, flow: FlowConfig, items: Mapped<Product>[], marker: string): Promise<CatalogReconcileCounts> {
  const { store } = deps;
  const products = await engine.admit(flow, items);
  await markSeen(deps, flow, products, items, marker);
  const previous = await store.getRecords(ENTITY, products.map((p) => p.id));
  const prepared = await engine.steps.prepare(flow, products);
  heartbeat();

  const sourceDrift = new Set<string>();
  const destinationDrift = new Set<string>();
  const written = new Set<string>();
  const quarantined = new Set<string>();
  let writes = 0;

  // 1. The canonical copy against its owners; the source against the canonical copy.
  for (const p of prepared.products) {
    const r = previous.get(p.id);
    if (!r || r.deleted || r.hash !== productHash(p)) sourceDrift.add(p.id);
  }
  await engine.recordCanonical(flow, prepared.products.filter((p) => sourceDrift.has(p.id)));
  const back = await engine.steps.writeSource(flow, prepared.products, new Map(products.map((p) => [p.id, p])));
  for (const id of back.written) {
    sourceDrift.add(id);
    written.add(id);
  }
  for (const id of back.quarantined) quarantined.add(id);
  writes += back.written.size;

  // 2. Every destination against the canonical copy.
  for (const destId of flow.to) {
    const r = await reconcileDestination(engine, deps, flow, destId, prepared, previous, marker);
    for (const id of r.drifted) destinationDrift.add(id);
    for (const id of r.written) written.add(id);
    for (const id of r.quarantined) quarantined.add(id);
    writes += r.written.size;
    heartbeat();
  }

  const touched = new Set([...sourceDrift, ...destinationDrift, ...written]);
  return {
    products: items.length,
    inSync: prepared.products.filter((p) => !touched.has(p.id) && !quarantined.has(p.id)).length,
    sourceDrift: sourceDrift.size,
    destinationDrift: destinationDrift.size,
    repaired: [...touched].filter((id) => !quarantined.has(id)).length,
    writes,
    quarantined: items.length - products.length + prepared.refused + quarantined.size,
  };
}

/**
 * One destination: reads what it holds (unless prepare already did, for the
 * fields it owns), classifies drift, drops the links of objects it lost (so
 * the write recreates them) and writes what is due — the backfill's rule
 * (a pending change, or drift that isn't the destination's own normalisation
 * of our last write) plus every product with objects missing there.
 */
async function reconcileDestination(
  engine: CatalogEngine,
  deps: CatalogDeps,
  flow: FlowConfig,
  destId: string,
  prepared: Prepared,
  previous: ReadonlyMap<string, { data: string; deleted: boolean }>,
  marker: string,
): Promise<{ drifted: Set<string>; written: Set<string>; quarantined: Set<string> }> {
  const { store } = deps;
  const out = { drifted: new Set<string>(), written: new Set<string>(), quarantined: new Set<string>() };
  const products = prepared.products;
  if (!products.length) return out;
  const sink = catalogSinkOf(engine.connector(destId));
  const known = await store.findByCanonical(destId, products.flatMap((p) => sink.linkedCanonicalIds(p)));
  let observed: ReadonlyMap<string, CatalogObservation> | undefined = prepared.observed.get(destId);
  if (!observed) {
    // https://developer.squareup.com/reference/square/catalog-api/batch-retrieve-catalog-objects (through the sink)
    observed = known.length ? await vendorCall(() => sink.observe([...products], known)) : new Map<string, CatalogObservation>();
    prepared.observed.set(destId, observed);
  }
  const plan = await engine.steps.planDestination(flow, destId, products, prepared);
  const lastSeen = await store.getHashes(destId, SEEN, products.map((p) => p.id));

  const forced = new Set<string>();
  const unlink: IdMapping[] = [];
  const leftovers: IdMapping[] = [];
  for (const p of products) {
    const ids = new Set(sink.linkedCanonicalIds(p));
    const links = known.filter((l) => ids.has(l.canonicalId));
    const o = observed.get(p.id);
    if (!o) {
      // Never written there (new, or refused before): the pending rule writes it. Linked but gone: deleted there.
      if (!links.some((l) => l.canonicalId === p.id)) continue;
      out.drifted.add(p.id);
      forced.add(p.id);
      unlink.push(...links);
      // Objects of the product that outlive its deletion there (Square keeps item options): removed, then recreated with it.
      const variantIds = new Set(p.variants.map((v) => v.id));
      leftovers.push(...links.filter((l) => l.canonicalId !== p.id && !variantIds.has(l.canonicalId)));
      continue;
    }
    const lost = (o.missingParts?.(p) ?? []).filter((id) => links.some((l) => l.canonicalId === id));
    if (lost.length) {
      out.drifted.add(p.id);
      forced.add(p.id);
      unlink.push(...links.filter((l) => lost.includes(l.canonicalId)));
      continue;
    }
    // Edited behind our back: it no longer holds what we last saw there, and holds other values than the canonical copy — and
    // than the copy before this run (else it merely hasn't had a source change yet). Fields it owns are not compared.
    if (o.hash === lastSeen.get(p.id) || !driftOf(p, o, plan.plan).length) continue;
    const before = previous.get(p.id);
    const prior = before && !before.deleted ? (JSON.parse(before.data) as Product) : p;
    if (driftOf(prior, o, plan.plan).length) out.drifted.add(p.id);
  }

  const seen: RecordHash[] = plan.seen.filter((s) => !forced.has(s.canonicalId));
  if (seen.length) await store.putHashes(seen);
  if (leftovers.length) await vendorCall(() => sink.deleteProducts(leftovers));
  for (const [type, ids] of groupByType(unlink)) await store.deleteIdMappings(destId, type, ids);
  const due = products.filter((p) => forced.has(p.id) || plan.due.includes(p));
  if (!due.length) return out;
  // Salted with the run: recreating an object must not replay the response to the write that first created it.
  const outcomes = await engine.upsertIsolatingBadRecords(flow, destId, sink, due, plan, marker);
  for (const o of outcomes) (o.ok ? out.written : out.quarantined).add(o.canonicalId);
  return out;
}

/** Marks the run's marker on every canonical product this page saw at the source (refused ones included: they still exist). */
async function markSeen(deps: CatalogDeps, flow: FlowConfig, products: readonly Product[], items: readonly Mapped<Product>[], marker: string): Promise<void> {
  const ids = new Set(products.map((p) => p.id));
  const refused = items.filter((m) => !m.ok).map((m) => m.externalId);
  if (refused.length) for (const link of (await deps.store.findByExternal(flow.from, 'Product', refused)).values()) ids.add(link.canonicalId);
  if (!ids.size) return;
  await deps.store.putHashes([...ids].map((canonicalId) => ({ connector: reconcileMarkerConnector(flow.id), entity: ENTITY, canonicalId, hash: marker })));
}
