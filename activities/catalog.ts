import { createHash } from 'node:crypto';
import { heartbeat } from '@temporalio/activity';
import type { Product } from '../canonical/product';
import { stableHash } from '../canonical/hash';
import type { FlowConfig } from '../config/schema';
import type { AnyConnector } from '../connectors/registry';
import { catalogSinkOf, catalogSourceOf } from '../connectors/registry';
import { VendorError, type Mapped, type Page } from '../connectors/types';
import type { IdMapping, Store } from '../store/types';
import { createChangesActivity } from './catalog-changes';
import { pipelinePages, type CatalogPagesInput, type CatalogPagesResult } from './catalog-pages';
import { createConvergeSteps, SEEN, type DestinationPlan, type Prepared, type Trigger } from './catalog-converge';
import { vendorCall } from './errors';
import { connectorLookup, flowLookup } from './lookup';

export interface CatalogDeps {
  flows: ReadonlyMap<string, FlowConfig>;
  store: Store;
  connectors: ReadonlyMap<string, AnyConnector>;
}

export interface PageResult {
  read: number;
  written: number;
  unchanged: number;
  quarantined: number;
  nextCursor: string | null;
}

export interface ProductResult {
  outcome: 'written' | 'unchanged' | 'deleted' | 'quarantined' | 'missing';
  canonicalId: string | null;
}

const ENTITY = 'product';
const checkpointKey = (flowId: string) => `backfill:${flowId}`;

/** Content hash: what the product *is*, not when it was touched (updatedAt moves on no-op saves). */
export function productHash(p: Product): string {
  const { updatedAt: _ignored, ...content } = p;
  return stableHash(content);
}

/** The catalog activities the worker registers (the engine's other parts serve ./catalog-reconcile.ts). */
export function createCatalogActivities(deps: CatalogDeps) {
  return createCatalogEngine(deps).activities;
}

export type CatalogEngine = ReturnType<typeof createCatalogEngine>;

export function createCatalogEngine(deps: CatalogDeps) {
  const { store } = deps;

  const flowOf = flowLookup(deps.flows, ENTITY, 'products');
  const connector = connectorLookup(deps.connectors);

  /** Quarantines refused source records; returns the good ones. */
  async function admit(flow: FlowConfig, mapped: Mapped<Product>[]): Promise<Product[]> {
    const good: Product[] = [];
    for (const m of mapped) {
      if (m.ok) good.push(m.record);
      else {
        await store.quarantine({ flowId: flow.id, connector: flow.from, entity: ENTITY, externalId: m.externalId, reason: m.reason, payload: safeJson(m.raw) });
      }
    }
    return good;
  }

  async function quarantineAt(flow: FlowConfig, connectorId: string, externalId: string, reason: string, payload: unknown): Promise<void> {
    await store.quarantine({ flowId: flow.id, connector: connectorId, entity: ENTITY, externalId, reason, payload: safeJson(payload) });
  }
  const steps = createConvergeSteps({ store, connector, quarantine: quarantineAt });

  /**
   * One convergence of products freshly read from the source: merge each
   * field from its owner (reading the destinations that own fields), record
   * the canonical copy, write fields owned elsewhere back into the source,
   * then write each destination what it holds and doesn't own.
   */
  async function converge(flow: FlowConfig, sources: Product[], trigger?: Trigger): Promise<{ written: Set<string>; quarantined: number; dropped: number }> {
    const prepared = await steps.prepare(flow, sources, trigger);
    await recordCanonical(flow, prepared.products);
    const back = await steps.writeSource(flow, prepared.products, new Map(sources.map((p) => [p.id, p])));
    const { written, quarantined } = await writeToDestinations(flow, prepared, trigger);
    for (const id of back.written) written.add(id);
    return { written, quarantined: quarantined + prepared.refused + back.quarantined.size, dropped: prepared.refused };
  }

  /** Remembers the canonical copy and the source-side ids. */
  async function recordCanonical(flow: FlowConfig, products: Product[]): Promise<void> {
    if (!products.length) return;
    const now = new Date().toISOString();
    await store.putRecords(products.map((p) => ({ entity: ENTITY, canonicalId: p.id, hash: productHash(p), data: JSON.stringify(p), updatedAt: now, deleted: false })));
    await store.putIdMappings(products.flatMap((p) => sourceLinks(flow.from, p)));
  }

  /**
   * Writes changed products to every destination of the flow: only what the
   * destination holds and doesn't own counts, and a product whose write
   * would carry what we last wrote there is skipped (no-op and echo
   * suppression; see shouldWrite). Returns which products were written.
   */
  async function writeToDestinations(flow: FlowConfig, prepared: Prepared, trigger?: Trigger): Promise<{ written: Set<string>; quarantined: number }> {
    const written = new Set<string>();
    let quarantined = 0;
    for (const destId of flow.to) {
      const sink = catalogSinkOf(connector(destId));
      const due = await steps.planDestination(flow, destId, prepared.products, prepared, trigger);
      if (due.seen.length) await store.putHashes(due.seen);
      if (!due.due.length) continue;
      const outcomes = await upsertIsolatingBadRecords(flow, destId, sink, due.due, due);
      for (const o of outcomes) {
        if (o.ok) written.add(o.canonicalId);
        else quarantined++;
      }
    }
    return { written, quarantined };
  }

  async function upsertIsolatingBadRecords(
    flow: FlowConfig,
    destId: string,
    sink: ReturnType<typeof catalogSinkOf>,
    products: Product[],
    due: DestinationPlan,
    /** Set apart from the keys of earlier writes of the same content (a reconciliation recreating a deleted object). */
    salt?: string,
  ): Promise<{ canonicalId: string; ok: boolean }[]> {
    const { hashes } = due;
    const known = await store.findByCanonical(destId, products.flatMap((p) => sink.linkedCanonicalIds(p)));
    // Same products + same content → same key, so a retried activity replays instead of creating twice.
    const key = idempotencyKey(flow.id, destId, products.map((p) => `${p.id}:${hashes.get(p.id)}`), ...(salt ? [salt] : []));
    try {
      // Fields the destination owns are written back as it holds them (read this run, or by the sink).
      // Image files come from where the flow's source hosts them.
      const images = catalogSourceOf(connector(flow.from)).fetchImage;
      const outcomes = await vendorCall(() => sink.upsertProducts(products, known, key, { keep: due.plan.owned, current: due.observed, images }));
      const results: { canonicalId: string; ok: boolean }[] = [];
      const okHashes = [];
      // One batch write of every link the vendor returned, not one per product.
      await store.putIdMappings(outcomes.flatMap((o) => o.mappings));
      // Clearing quarantine entries costs a write per product: only when the flow has any open.
      const anyQuarantined = (await store.countQuarantine({ flowId: flow.id })) > 0;
      const byId = new Map(products.map((p) => [p.id, p]));
      for (const o of outcomes) {
        if (o.ok) {
          const src = byId.get(o.canonicalId);
          okHashes.push({ connector: destId, entity: ENTITY, canonicalId: o.canonicalId, hash: hashes.get(o.canonicalId) ?? '' });
          okHashes.push({ connector: destId, entity: SEEN, canonicalId: o.canonicalId, hash: steps.seenAfterWrite(src, due.plan, o.observation) });
          const srcRef = src?.externalRefs.find((r) => r.connector === flow.from);
          if (srcRef && anyQuarantined) await store.resolveQuarantine(flow.from, ENTITY, srcRef.id);
        } else {
          await quarantineProduct(flow, byId.get(o.canonicalId), `${destId}: ${o.reason ?? 'rejected'}`);
        }
        results.push({ canonicalId: o.canonicalId, ok: o.ok });
      }
      await store.putHashes(okHashes);
      return results;
    } catch (err) {
      // A batch the vendor refuses as a whole (4xx) is split to find the bad record; the rest still sync.
      if (err instanceof VendorError && !err.retryable && err.status !== 401 && err.status !== 403) {
        if (products.length === 1) {
          await quarantineProduct(flow, products[0], `${destId} refused it: ${err.message}`);
          return [{ canonicalId: products[0]!.id, ok: false }];
        }
        const results = [];
        for (const p of products) results.push(...(await upsertIsolatingBadRecords(flow, destId, sink, [p], due, salt)));
        return results;
      }
      throw err;
    }
  }

  async function quarantineProduct(flow: FlowConfig, p: Product | undefined, reason: string): Promise<void> {
    const ref = p?.externalRefs.find((r) => r.connector === flow.from);
    await store.quarantine({ flowId: flow.id, connector: flow.from, entity: ENTITY, externalId: ref?.id ?? p?.id ?? 'unknown', reason, payload: safeJson(p ?? null) });
  }

  function readCatalogPage(flow: FlowConfig, cursor: string | null): Promise<Page<Mapped<Product>>> {
    const source = catalogSourceOf(connector(flow.from));
    return vendorCall(() => source.listProducts({ cursor, pageSize: flow.pageSize }));
  }

  /** Maps and converges every destination on the page (the caller checkpoints). */
  async function writeCatalogPage(flow: FlowConfig, page: Page<Mapped<Product>>): Promise<PageResult> {
    const products = await admit(flow, page.items);
    const { written, quarantined, dropped } = await converge(flow, products);
    return {
      read: page.items.length,
      written: written.size,
      unchanged: products.length - dropped - written.size,
      quarantined: page.items.length - products.length + quarantined,
      nextCursor: page.nextCursor,
    };
  }

  const activities = {
    async countSourceProducts(input: { flowId: string }): Promise<number> {
      const flow = flowOf(input.flowId);
      return vendorCall(() => catalogSourceOf(connector(flow.from)).countProducts());
    },

    async loadCheckpoint(input: { flowId: string }): Promise<string | null> {
      return store.getCursor(checkpointKey(input.flowId));
    },

    async clearCheckpoint(input: { flowId: string }): Promise<void> {
      await store.setCursor(checkpointKey(input.flowId), null);
    },

    /** One page: read from the owner, map, write to each destination, checkpoint. */
    async syncCatalogPage(input: { flowId: string; cursor: string | null }): Promise<PageResult> {
      const flow = flowOf(input.flowId);
      const page = await readCatalogPage(flow, input.cursor);
      heartbeat();
      const result = await writeCatalogPage(flow, page);
      await store.setCursor(checkpointKey(flow.id), page.nextCursor);
      return result;
    },

    /** Pages until a time budget: reads chained ahead, several page writes in flight, checkpoints in page order (./catalog-pages.ts). */
    async syncCatalogPages(input: CatalogPagesInput): Promise<CatalogPagesResult> {
      const flow = flowOf(input.flowId);
      return pipelinePages(
        input,
        (cursor) => readCatalogPage(flow, cursor),
        (page) => writeCatalogPage(flow, page),
        (cursor) => store.setCursor(checkpointKey(flow.id), cursor),
      );
    },

    /** Re-reads one product from its owner and converges every destination on it. */
    async syncProduct(input: { flowId: string; externalId: string }): Promise<ProductResult> {
      const flow = flowOf(input.flowId);
      const source = catalogSourceOf(connector(flow.from));
      const current = await vendorCall(() => source.getProduct(input.externalId));
      if (current === null) return deleteEverywhere(flow, input.externalId);
      const [product] = await admit(flow, [current]);
      if (!product) return { outcome: 'quarantined', canonicalId: null };
      const { written, quarantined } = await converge(flow, [product]);
      const outcome = quarantined ? 'quarantined' : written.size ? 'written' : 'unchanged';
      return { outcome, canonicalId: product.id };
    },

    ...createChangesActivity({ store, flowOf, connector, admit, converge }),
  };
  return { activities, flowOf, connector, admit, steps, recordCanonical, upsertIsolatingBadRecords, deleteEverywhere };

  async function deleteEverywhere(flow: FlowConfig, externalId: string): Promise<ProductResult> {
    const link = (await store.findByExternal(flow.from, 'Product', [externalId])).get(externalId);
    if (!link) return { outcome: 'missing', canonicalId: null };
    const record = (await store.getRecords(ENTITY, [link.canonicalId])).get(link.canonicalId);
    const product = record ? (JSON.parse(record.data) as Product) : null;
    for (const destId of flow.to) {
      const sink = catalogSinkOf(connector(destId));
      const known = await store.findByCanonical(destId, product ? sink.linkedCanonicalIds(product) : [link.canonicalId]);
      if (known.length) await vendorCall(() => sink.deleteProducts(known));
      for (const [type, extIds] of groupByType(known)) await store.deleteIdMappings(destId, type, extIds);
      await store.putHashes([{ connector: destId, entity: ENTITY, canonicalId: link.canonicalId, hash: 'deleted' }]);
    }
    if (record) await store.putRecords([{ ...record, deleted: true, updatedAt: new Date().toISOString() }]);
    return { outcome: 'deleted', canonicalId: link.canonicalId };
  }
}

function sourceLinks(connectorId: string, p: Product): IdMapping[] {
  const link = (entity: string, canonicalId: string, refs: Product['externalRefs']): IdMapping[] =>
    refs.filter((r) => r.connector === connectorId).map((r) => ({ entity, canonicalId, connector: connectorId, externalType: r.type, externalId: r.id, externalVersion: null }));
  return [...link('product', p.id, p.externalRefs), ...p.variants.flatMap((v) => link('variant', v.id, v.externalRefs))];
}

function groupByType(links: IdMapping[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const l of links) m.set(l.externalType, [...(m.get(l.externalType) ?? []), l.externalId]);
  return m;
}

export function idempotencyKey(...parts: (string | string[])[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(Array.isArray(p) ? [...p].sort().join(',') : p).update('\u0000');
  return h.digest('hex').slice(0, 40);
}

/** A quarantine payload: the record as JSON, capped at 64 KB; never throws. */
export function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v) ?? 'null';
    return s.length > 64_000 ? `${s.slice(0, 64_000)}…` : s;
  } catch {
    return '"<unserialisable>"';
  }
}
