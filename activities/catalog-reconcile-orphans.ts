import { heartbeat } from '@temporalio/activity';
import type { Product } from '../canonical/product';
import type { FlowConfig } from '../config/schema';
import { catalogSinkOf, catalogSourceOf } from '../connectors/registry';
import type { IdMapping, Store } from '../store/types';
import type { CatalogEngine } from './catalog';
import { vendorCall } from './errors';

/**
 * The orphan pass of a catalog reconciliation, after every source page was
 * seen: canonical products the run did not see at the source (no marker of
 * this run) are re-read there, one by one, and those gone (a products/delete
 * webhook that never came) are deleted everywhere. Products already deleted
 * whose destinations still hold objects of ours (a write racing the delete)
 * lose those objects. A deleted product found clean is marked `gone`, so
 * later runs skip it without reading its record.
 */

const ENTITY = 'product';
const GONE = 'gone';
const PAGE = 200;

/** Per flow, the pseudo-connector under whose hash rows each run marks the canonical products it saw at the source. */
export function reconcileMarkerConnector(flowId: string): string {
  return `reconcile:${flowId}`;
}

export interface CatalogOrphansResult {
  /** Canonical products (live ones) the run hadn't seen at the source, re-read there. */
  checked: number;
  /** Gone from the source: deleted everywhere. */
  deleted: number;
  /** Already deleted products whose objects a destination still held (removed). */
  destinationDrift: number;
  /** Product writes made to vendors (deletions). */
  writes: number;
  /** Continue after this canonical id; null when every record was looked at. */
  nextAfterId: string | null;
}

export async function reconcileOrphans(
  engine: CatalogEngine,
  store: Store,
  flow: FlowConfig,
  input: { afterId: string | null; marker: string; pageSize?: number },
): Promise<CatalogOrphansResult> {
  const limit = input.pageSize ?? PAGE;
  const ids = await store.listRecordIds(ENTITY, { afterId: input.afterId, limit, includeDeleted: true });
  const result: CatalogOrphansResult = { checked: 0, deleted: 0, destinationDrift: 0, writes: 0, nextAfterId: ids.length === limit ? ids[ids.length - 1]! : null };
  const markerConnector = reconcileMarkerConnector(flow.id);
  const marks = await store.getHashes(markerConnector, ENTITY, ids);
  const unseen = ids.filter((id) => marks.get(id) !== input.marker && marks.get(id) !== GONE);
  if (!unseen.length) return result;

  const records = await store.getRecords(ENTITY, unseen);
  const source = catalogSourceOf(engine.connector(flow.from));
  const gone: string[] = [];
  const tombstones: Product[] = [];
  for (const id of unseen) {
    const record = records.get(id);
    if (!record) continue;
    const product = JSON.parse(record.data) as Product;
    const externalId = product.externalRefs.find((r) => r.connector === flow.from && r.type === 'Product')?.id;
    if (!externalId) continue; // another flow's product
    if (record.deleted) {
      tombstones.push(product);
      continue;
    }
    result.checked++;
    // Confirmed at the source before anything is deleted (webhooks are notifications; so is a missing page entry).
    const current = await vendorCall(() => source.getProduct(externalId));
    heartbeat();
    // Still there (created while the pass ran, or refused by the mapping): its own sync covers it.
    if (current !== null) continue;
    const outcome = await engine.deleteEverywhere(flow, externalId);
    if (outcome.outcome === 'deleted') {
      result.deleted++;
      result.writes++;
      gone.push(id);
    }
  }

  if (tombstones.length) {
    const cleaned = await removeLeftovers(engine, store, flow, tombstones);
    result.destinationDrift += cleaned;
    result.writes += cleaned;
    gone.push(...tombstones.map((p) => p.id));
  }
  if (gone.length) await store.putHashes(gone.map((canonicalId) => ({ connector: markerConnector, entity: ENTITY, canonicalId, hash: GONE })));
  return result;
}

/** Deletes what destinations still hold for deleted products; returns how many products had any. */
async function removeLeftovers(engine: CatalogEngine, store: Store, flow: FlowConfig, products: readonly Product[]): Promise<number> {
  const affected = new Set<string>();
  for (const destId of flow.to) {
    const sink = catalogSinkOf(engine.connector(destId));
    const owner = new Map<string, string>();
    for (const p of products) for (const id of sink.linkedCanonicalIds(p)) owner.set(id, p.id);
    const links: IdMapping[] = await store.findByCanonical(destId, [...owner.keys()]);
    if (!links.length) continue;
    // https://developer.squareup.com/reference/square/catalog-api/batch-delete-catalog-objects (through the sink)
    await vendorCall(() => sink.deleteProducts(links));
    heartbeat();
    for (const [type, ids] of groupByType(links)) await store.deleteIdMappings(destId, type, ids);
    for (const l of links) affected.add(owner.get(l.canonicalId) ?? l.canonicalId);
  }
  return affected.size;
}

export function groupByType(links: readonly IdMapping[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const l of links) m.set(l.externalType, [...(m.get(l.externalType) ?? []), l.externalId]);
  return m;
}
