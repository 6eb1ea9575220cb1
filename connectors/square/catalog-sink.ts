import { SquareError, type Square } from 'square';
import type { Product } from '../../canonical/product';
import type { ProductField } from '../../canonical/product-fields';
import { keepSquareFields } from '../../mappings/square/catalog-item-read-v1';
import {
  countObjects,
  flattenObjects,
  SQUARE_OWNABLE_FIELDS,
  SQUARE_STORED_FIELDS,
  squareEntities,
  squareLinkCanonicalIds,
  toIdMappings,
  toSquareCatalogObjects,
} from '../../mappings/square/catalog-item-v1';
import type { IdMapping } from '../../store/types';
import type { CatalogSink, UpsertOutcome } from '../types';
import { Semaphore } from '../semaphore';
import { retiredImageIds, uploadMissingImages, UPLOADS_IN_FLIGHT } from './catalog-images';
import { deleteSquareObjects, readSquareCatalog } from './catalog-read';
import { catalogChanges, observeItem, observeProducts, SquareItemObservation } from './catalog-observe';
import { refreshLinks } from './catalog-refresh';
import { batchUpsertKey, describeErrors, isStaleLinkError, partialUpsert, toSquareVendorError, type SquareApi } from './client';

/**
 * Square as a receiver of the catalog. One batch-upsert request per call
 * (more only past Square's 10,000-object request limit), one batch per
 * product: Square applies each batch atomically and independently, so a bad
 * product fails alone and the others still land — and we still learn their
 * ids, so nothing is created twice on a retry. Stale versions (someone edited
 * in the dashboard) get exactly one re-read and retry.
 *
 * Fields Square owns in the flow (`keep`) are written back as Square holds
 * them — from an item read just before (the caller's observation, or a fresh
 * read after a stale version), sent with that item's version, so a POS edit
 * made in between fails the write instead of being overwritten.
 *
 * https://developer.squareup.com/reference/square/catalog-api/batch-upsert-catalog-objects
 */

/** Square: ≤ 1,000 objects per batch, ≤ 10,000 per request (nested objects counted, as Square does). */
const MAX_BATCH_OBJECTS = 1000;
const MAX_REQUEST_OBJECTS = 10_000;

interface Planned {
  product: Product;
  objects: Square.CatalogObject[];
  count: number;
  /** Options and images the product no longer uses: deleted once the item stops naming them. */
  staleIds: string[];
}

/** Fields to keep as Square holds them, and the items as last read (by canonical product id). */
interface Keep {
  fields: readonly ProductField[];
  current: ReadonlyMap<string, Square.CatalogObject>;
}

interface Sent {
  landed: UpsertOutcome[];
  /** Products whose batch Square refused; `reason` null when Square's errors don't say which batch. */
  failed: { planned: Planned; reason: string | null }[];
  /** The refusal itself (null when every batch landed). */
  error: unknown;
}

/** The links of each product's Square entities, found without scanning the whole page's links per product. */
function linksByProduct(links: readonly IdMapping[]): (product: Product) => IdMapping[] {
  const byCanonical = new Map<string, IdMapping[]>();
  for (const l of links) {
    const list = byCanonical.get(l.canonicalId);
    if (list) list.push(l);
    else byCanonical.set(l.canonicalId, [l]);
  }
  return (product) => [...new Set(squareEntities(product).map((r) => r.canonicalId))].flatMap((id) => byCanonical.get(id) ?? []);
}

export function createSquareCatalogSink(connectorId: string, api: SquareApi, currency: () => Promise<string>): CatalogSink {
  const mine = (known: readonly IdMapping[]) => known.filter((k) => k.connector === connectorId);
  const uploadSlots = new Semaphore(UPLOADS_IN_FLIGHT);

  async function plan(products: readonly Product[], links: readonly IdMapping[], stale: ReadonlyMap<string, string[]>, keep: Keep) {
    const cur = await currency();
    const planned: Planned[] = [];
    const refused: UpsertOutcome[] = [];
    const linksOf = linksByProduct(links);
    for (const product of products) {
      const result = toSquareCatalogObjects(product, linksOf(product), cur);
      const current = keep.current.get(product.id);
      const item = result.ok ? result.objects[0] : undefined;
      if (result.ok && item && current && item.id === current.id) result.objects[0] = asOf(keepSquareFields(item, current, keep.fields), current);
      const retired = item && current?.id === item.id ? retiredImageIds(current, item.type === 'ITEM' ? (item.itemData?.imageIds ?? []) : []) : [];
      const count = result.ok ? countObjects(result.objects) : 0;
      if (!result.ok) refused.push({ canonicalId: product.id, ok: false, reason: result.reason, mappings: [] });
      else if (count > MAX_BATCH_OBJECTS) refused.push({ canonicalId: product.id, ok: false, reason: `${count} Square objects; one batch holds at most ${MAX_BATCH_OBJECTS}`, mappings: [] });
      else planned.push({ product, objects: result.objects, count, staleIds: [...new Set([...result.staleOptionIds, ...(stale.get(product.id) ?? []), ...retired])] });
    }
    return { planned, refused };
  }

  /** One batch-upsert request, one batch per product. */
  async function send(group: Planned[], links: readonly IdMapping[], key: { base: string; retry: boolean }): Promise<Sent> {
    const batches: Square.CatalogObjectBatch[] = group.map((p) => ({ objects: p.objects }));
    const idempotencyKey = batchUpsertKey(key.base, batches, key.retry ? ':v2' : '');
    let response: Square.BatchUpsertCatalogObjectsResponse;
    let error: unknown = null;
    try {
      // https://developer.squareup.com/reference/square/catalog-api/batch-upsert-catalog-objects
      response = await api.client.catalog.batchUpsert({ idempotencyKey, batches }, api.requestOptions);
    } catch (err) {
      // A 400 still carries the objects and id mappings of the batches that were applied.
      const partial = partialUpsert(err);
      if (!partial) throw toSquareVendorError(err);
      response = partial.response;
      error = err;
    }
    const returned = new Set(flattenObjects(response.objects ?? []).map((o) => o.id));
    const topLevel = new Map((response.objects ?? []).map((o) => [o.id, o]));
    const result = { objects: response.objects ?? [], idMappings: response.idMappings ?? [] };
    const linksOf = linksByProduct(links);
    const sent: Sent = { landed: [], failed: [], error };
    for (const [i, planned] of group.entries()) {
      const mappings = toIdMappings(planned.product, connectorId, linksOf(planned.product), result);
      const item = mappings.find((m) => m.externalType === 'ITEM');
      if (item && returned.has(item.externalId)) {
        if (planned.staleIds.length) await deleteSquareObjects(api, planned.staleIds);
        const written = topLevel.get(item.externalId);
        const observation = written ? observeItem(planned.product.id, written, mappings) : null;
        sent.landed.push({ canonicalId: planned.product.id, ok: true, mappings, ...(observation ? { observation } : {}) });
      } else {
        sent.failed.push({ planned, reason: error ? (partialUpsert(error)?.reasonFor(i) ?? null) : 'Square returned no ITEM for it' });
      }
    }
    return sent;
  }

  /** Sends a group; on stale versions re-reads and retries the refused products once; reports the rest. */
  async function deliver(group: Planned[], links: readonly IdMapping[], base: string, keep: Keep): Promise<UpsertOutcome[]> {
    let sent = await send(group, links, { base, retry: false });
    const outcomes = [...sent.landed];
    if (sent.failed.length && isStaleLinkError(sent.error)) {
      const products = sent.failed.map((f) => f.planned.product);
      const refreshed = await refreshLinks(api, connectorId, products, links);
      // Kept fields come from this fresh read: a POS edit that made our version stale is kept, not overwritten.
      const again = await plan(products, refreshed.links, refreshed.stale, { fields: keep.fields, current: itemsByProduct(refreshed.items, refreshed.links) });
      outcomes.push(...again.refused);
      sent = again.planned.length ? await send(again.planned, refreshed.links, { base, retry: true }) : { landed: [], failed: [], error: null };
      outcomes.push(...sent.landed);
    }
    // One batch per product: a product that didn't land while others did is the bad record. When nothing
    // landed and Square didn't say which batch failed, it may be the request itself: throw, the caller bisects.
    const unattributed = sent.failed.filter((f) => f.reason === null);
    if (unattributed.length > 1 && !outcomes.some((o) => o.ok)) throw toSquareVendorError(sent.error);
    const general = sent.error instanceof SquareError ? describeErrors(sent.error.errors) : 'Square refused the batch';
    for (const f of sent.failed) outcomes.push({ canonicalId: f.planned.product.id, ok: false, reason: f.reason ?? general, mappings: [] });
    return outcomes;
  }

  return {
    linkedCanonicalIds: squareLinkCanonicalIds,
    storedFields: SQUARE_STORED_FIELDS,
    ownableFields: SQUARE_OWNABLE_FIELDS,
    observe: (products, known, prefetched) => observeProducts(api, products, mine(known), prefetched),
    changes: (opts) => catalogChanges(api, opts),

    async upsertProducts(products, known, idempotencyKey, opts = {}) {
      let links = mine(known);
      let stale = new Map<string, string[]>();
      // Option links are keyed by derived ids a caller may not have asked the store for; recover them from Square.
      const missingOptions = products.filter((p) => hasItem(p, links) && !hasAllOptionLinks(p, links));
      if (missingOptions.length) ({ links, stale } = await refreshLinks(api, connectorId, missingOptions, links));

      // Items as last read: the caller's observations, plus a read of any linked item they don't cover when fields are kept.
      const current = new Map<string, Square.CatalogObject>();
      for (const [id, o] of opts.current ?? []) if (o instanceof SquareItemObservation) current.set(id, o.item);
      const keepFields = opts.keep ?? [];
      const unread = keepFields.length ? products.filter((p) => hasItem(p, links) && !current.has(p.id)) : [];
      if (unread.length) for (const [id, o] of await observeProducts(api, unread, links)) current.set(id, o.item);
      const keep: Keep = { fields: keepFields, current };

      // Image files go up first (unattached); the item upsert then names them. A product whose image can't be had waits.
      const uploads = opts.images ? await uploadMissingImages(api, connectorId, products, links, opts.images, idempotencyKey, uploadSlots) : null;
      if (uploads?.links.length) links = [...links, ...uploads.links];
      const writable = uploads?.refused.size ? products.filter((p) => !uploads.refused.has(p.id)) : products;

      const { planned, refused } = await plan(writable, links, stale, keep);
      const outcomes: UpsertOutcome[] = [...refused];
      // Refused for an image: the files that did go up keep their links, so a later try doesn't upload them again.
      for (const [id, reason] of uploads?.refused ?? []) {
        const product = products.find((p) => p.id === id)!;
        const own = new Set(squareLinkCanonicalIds(product));
        outcomes.push({ canonicalId: id, ok: false, reason, mappings: uploads!.links.filter((l) => own.has(l.canonicalId)) });
      }
      const groups = groupRequests(planned);
      for (const [i, group] of groups.entries()) {
        outcomes.push(...(await deliver(group, links, groups.length > 1 ? `${idempotencyKey}:${i}` : idempotencyKey, keep)));
      }
      return outcomes;
    },

    async deleteProducts(known) {
      const links = mine(known);
      const itemIds = links.filter((l) => l.externalType === 'ITEM').map((l) => l.externalId);
      // The items name their options; delete those too even when their links weren't passed.
      const items = await readSquareCatalog(api, itemIds);
      const attached = items.flatMap((o) => (o.type === 'ITEM' ? (o.itemData?.itemOptions ?? []).map((x) => x.itemOptionId) : []));
      const optionIds = [...links.filter((l) => l.externalType === 'ITEM_OPTION').map((l) => l.externalId), ...attached].filter((id): id is string => !!id);
      // Their image files too: Square keeps an IMAGE after its item is gone.
      const shown = items.flatMap((o) => (o.type === 'ITEM' ? (o.itemData?.imageIds ?? []) : []));
      const imageIds = [...new Set([...links.filter((l) => l.externalType === 'IMAGE').map((l) => l.externalId), ...shown])];
      await deleteSquareObjects(api, itemIds);
      await deleteSquareObjects(api, optionIds);
      await deleteSquareObjects(api, imageIds);
    },
  };
}

/** Items by the canonical product their ITEM link names. */
function itemsByProduct(items: readonly Square.CatalogObject[], links: readonly IdMapping[]): Map<string, Square.CatalogObject> {
  const productOf = new Map(links.filter((l) => l.externalType === 'ITEM').map((l) => [l.externalId, l.canonicalId]));
  const out = new Map<string, Square.CatalogObject>();
  for (const item of items) {
    const id = productOf.get(item.id ?? '');
    if (id) out.set(id, item);
  }
  return out;
}

/**
 * The ITEM (and the variations Square still has) sent with the versions of
 * `current`: the write applies only over exactly what was read.
 */
function asOf(item: Square.CatalogObject, current: Square.CatalogObject): Square.CatalogObject {
  if (item.type !== 'ITEM' || current.type !== 'ITEM') return item;
  const versions = new Map(flattenObjects([current]).map((o) => [o.id, o.version]));
  const at = (o: Square.CatalogObject): Square.CatalogObject => {
    const v = versions.get(o.id);
    return v === undefined ? o : { ...o, version: v };
  };
  return at({ ...item, itemData: { ...item.itemData, variations: (item.itemData?.variations ?? []).map(at) } });
}

function hasItem(p: Product, links: readonly IdMapping[]): boolean {
  return links.some((l) => l.externalType === 'ITEM' && l.canonicalId === p.id);
}

function hasAllOptionLinks(p: Product, links: readonly IdMapping[]): boolean {
  const have = new Set(links.map((l) => `${l.externalType}\u0000${l.canonicalId}`));
  return squareEntities(p)
    .filter((r) => r.externalType === 'ITEM_OPTION' || r.externalType === 'ITEM_OPTION_VAL')
    .every((r) => have.has(`${r.externalType}\u0000${r.canonicalId}`));
}

/** Products grouped so each request stays within Square's per-request object limit. */
function groupRequests(planned: Planned[]): Planned[][] {
  const groups: Planned[][] = [];
  let size = 0;
  for (const p of planned) {
    if (!groups.length || size + p.count > MAX_REQUEST_OBJECTS) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1]!.push(p);
    size += p.count;
  }
  return groups;
}
