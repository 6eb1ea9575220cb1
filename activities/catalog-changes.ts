import { heartbeat } from '@temporalio/activity';
import type { Product } from '../canonical/product';
import type { FlowConfig } from '../config/schema';
import type { AnyConnector } from '../connectors/registry';
import { catalogSinkOf, catalogSourceOf } from '../connectors/registry';
import type { CatalogPrefetch, Mapped } from '../connectors/types';
import type { Store } from '../store/types';
import { SEEN, type Trigger } from './catalog-converge';
import { ConfigurationError } from './configuration-error';
import { vendorCall } from './errors';

/**
 * A destination's own catalog changes (Square catalog.version.updated names
 * no object): read what changed since the cursor kept in the store, drop our
 * echoes by their `seen` hash, and converge each product that really changed
 * there — re-reading it from the source, so the run works on fresh data from
 * every owner.
 */

const ENTITY = 'product';
/** Pages per activity run; the workflow calls again while `more`. */
const PAGES_PER_RUN = 4;
/**
 * Each read starts this long before the latest change seen: a write landing
 * in the same instant as the cursor is read again rather than missed, and
 * re-reading a product that didn't change costs only a hash compare.
 */
const OVERLAP_MS = 1000;
/** Products converged per step (with a heartbeat between steps): a POS bulk edit is many small writes, not one huge one. */
const CONVERGE_CHUNK = 25;
/** With no cursor yet, the first read starts this long before the notification that woke it. */
const FIRST_READ_LOOKBACK_MS = 60_000;

export interface ChangesResult {
  /** Products the destination reported changed (ours included). */
  changed: number;
  /** Changes that were our own writes coming back (or no-op saves): dropped. */
  echoes: number;
  /** Products converged because something there really changed. */
  converged: number;
  /** Items there that no flow product is linked to (created there: the source owns the catalog). */
  unlinked: number;
  written: number;
  quarantined: number;
  /** More pages to read: call again. */
  more: boolean;
}

interface Cursor {
  since: string | null;
  page: string | null;
  latest: string | null;
}

export interface ChangesDeps {
  store: Store;
  flowOf(flowId: string): FlowConfig;
  connector(id: string): AnyConnector;
  admit(flow: FlowConfig, mapped: Mapped<Product>[]): Promise<Product[]>;
  converge(flow: FlowConfig, sources: Product[], trigger?: Trigger): Promise<{ written: Set<string>; quarantined: number }>;
}

export function changesCursorKey(flowId: string, connectorId: string): string {
  return `catalog-changes:${flowId}:${connectorId}`;
}

export function createChangesActivity(deps: ChangesDeps) {
  const { store } = deps;

  return {
    /** Reads up to a few pages of a destination's catalog changes and converges what changed there. */
    async pullCatalogChanges(input: { flowId: string; connector: string; notBefore?: string | null }): Promise<ChangesResult> {
      const flow = deps.flowOf(input.flowId);
      if (!flow.to.includes(input.connector)) throw new ConfigurationError(`connector "${input.connector}" is not a destination of flow "${flow.id}"`);
      const sink = catalogSinkOf(deps.connector(input.connector));
      const result: ChangesResult = { changed: 0, echoes: 0, converged: 0, unlinked: 0, written: 0, quarantined: 0, more: false };
      const { more } = await readChangeFeed(
        store,
        changesCursorKey(flow.id, input.connector),
        input.notBefore ?? null,
        // https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects (begin_time)
        (at) => vendorCall(() => sink.changes(at)),
        (page) => convergeChanged(flow, input.connector, page.externalIds, page.prefetched, result),
      );
      result.more = more;
      return result;
    },
  };

  async function convergeChanged(flow: FlowConfig, destId: string, itemIds: string[], prefetched: CatalogPrefetch, result: ChangesResult): Promise<void> {
    if (!itemIds.length) return;
    result.changed += itemIds.length;
    const sink = catalogSinkOf(deps.connector(destId));
    const links = await store.findByExternal(destId, 'ITEM', itemIds);
    result.unlinked += itemIds.length - links.size;
    const records = await store.getRecords(ENTITY, [...new Set([...links.values()].map((l) => l.canonicalId))]);
    const products = [...records.values()].filter((r) => !r.deleted).map((r) => JSON.parse(r.data) as Product);
    if (!products.length) return;
    const known = await store.findByCanonical(destId, products.flatMap((p) => sink.linkedCanonicalIds(p)));
    const observed = await vendorCall(() => sink.observe(products, known, prefetched));
    const lastSeen = await store.getHashes(destId, SEEN, products.map((p) => p.id));
    const changed = products.filter((p) => {
      const o = observed.get(p.id);
      return o !== undefined && o.hash !== lastSeen.get(p.id);
    });
    result.echoes += products.length - changed.length;
    if (!changed.length) return;

    // Webhooks are notifications, not truth: each product is re-read from its source.
    const source = catalogSourceOf(deps.connector(flow.from));
    for (let i = 0; i < changed.length; i += CONVERGE_CHUNK) {
      const fresh: Mapped<Product>[] = [];
      for (const p of changed.slice(i, i + CONVERGE_CHUNK)) {
        const externalId = p.externalRefs.find((r) => r.connector === flow.from && r.type === 'Product')?.id;
        if (!externalId) continue;
        const current = await vendorCall(() => source.getProduct(externalId));
        // Gone from the source: its own delete notification removes it everywhere.
        if (current) fresh.push(current);
        heartbeat();
      }
      const admitted = await deps.admit(flow, fresh);
      const outcome = await deps.converge(flow, admitted, { connector: destId, observed });
      heartbeat();
      result.converged += admitted.length;
      result.written += outcome.written.size;
      result.quarantined += outcome.quarantined + fresh.length - admitted.length;
    }
  }
}

/**
 * Reads up to PAGES_PER_RUN pages of a change feed (changes since a time,
 * one vendor page at a time) from the cursor kept in the store under `key`,
 * handing each page to `onPage` before the cursor moves past it. At the end
 * of the feed the next read starts a little before the latest change seen.
 * `more`: pages remain, call again.
 */
export async function readChangeFeed<P extends { page: string | null; latest: string | null }>(
  store: Store,
  key: string,
  notBefore: string | null,
  read: (at: { since: string | null; page: string | null }) => Promise<P>,
  onPage: (page: P) => Promise<void>,
): Promise<{ more: boolean }> {
  const cursor = readCursor(await store.getCursor(key), notBefore);
  for (let n = 0; n < PAGES_PER_RUN; n++) {
    const page = await read({ since: cursor.since, page: cursor.page });
    heartbeat();
    await onPage(page);
    if (page.latest && (!cursor.latest || Date.parse(page.latest) > Date.parse(cursor.latest))) cursor.latest = page.latest;
    if (page.page) {
      cursor.page = page.page;
      await store.setCursor(key, JSON.stringify(cursor));
      continue;
    }
    const since = cursor.latest ? new Date(Date.parse(cursor.latest) - OVERLAP_MS).toISOString() : cursor.since;
    await store.setCursor(key, JSON.stringify({ since, page: null, latest: null } satisfies Cursor));
    return { more: false };
  }
  return { more: true };
}

function readCursor(stored: string | null, notBefore: string | null): Cursor {
  if (stored) {
    try {
      const c = JSON.parse(stored) as Partial<Cursor>;
      return { since: c.since ?? null, page: c.page ?? null, latest: c.latest ?? null };
    } catch {
      // An unreadable cursor is rebuilt from the notification, like a first run.
    }
  }
  const at = notBefore ? Date.parse(notBefore) : NaN;
  return { since: Number.isNaN(at) ? null : new Date(at - FIRST_READ_LOOKBACK_MS).toISOString(), page: null, latest: null };
}
