import type { Square } from 'square';
import { squareCall, type SquareApi } from './client';

/**
 * One-page reads with Square's own cursors, for delta syncs that persist the
 * cursor between activity runs (no SDK auto-paging across runs).
 */

export interface CatalogChangesPage {
  objects: Square.CatalogObject[];
  /** Continue this read; null at the end. */
  cursor: string | null;
  /** Square's latest catalog change time: the next delta's begin_time. */
  latestTime: string | null;
}

/**
 * SearchCatalogObjects, one page. With `beginTime` it returns objects changed
 * after that instant (deleted ones too when includeDeleted), which is how
 * deletions reach a delta sync.
 * https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects
 */
export async function searchCatalogPage(
  api: SquareApi,
  opts: { types?: string[]; cursor?: string | null; limit?: number; beginTime?: string | null; includeDeleted?: boolean },
): Promise<CatalogChangesPage> {
  const res = await squareCall(() =>
    api.client.catalog.search(
      {
        objectTypes: (opts.types ?? ['ITEM']) as Square.CatalogObjectType[],
        ...(opts.cursor ? { cursor: opts.cursor } : {}),
        ...(opts.limit ? { limit: opts.limit } : {}),
        ...(opts.beginTime ? { beginTime: opts.beginTime } : {}),
        includeDeletedObjects: opts.includeDeleted ?? false,
      },
      api.requestOptions,
    ),
  );
  return { objects: res.objects ?? [], cursor: res.cursor ?? null, latestTime: res.latestTime ?? null };
}

export interface InventoryCountsPage {
  counts: Square.InventoryCount[];
  cursor: string | null;
}

/**
 * BatchRetrieveInventoryCounts, one page: counts whose calculated_at is after
 * `updatedAfter` (IN_STOCK unless `states`), optionally for some locations.
 * https://developer.squareup.com/reference/square/inventory-api/batch-retrieve-inventory-counts
 */
export async function inventoryCountsPage(
  api: SquareApi,
  opts: { updatedAfter?: string | null; cursor?: string | null; locationIds?: string[]; catalogObjectIds?: string[]; limit?: number; states?: Square.InventoryState[] },
): Promise<InventoryCountsPage> {
  const page = await squareCall(() =>
    api.client.inventory.batchGetCounts(
      {
        ...(opts.updatedAfter ? { updatedAfter: opts.updatedAfter } : {}),
        ...(opts.cursor ? { cursor: opts.cursor } : {}),
        ...(opts.locationIds?.length ? { locationIds: opts.locationIds } : {}),
        ...(opts.catalogObjectIds?.length ? { catalogObjectIds: opts.catalogObjectIds } : {}),
        ...(opts.states?.length ? { states: opts.states } : {}),
        ...(opts.limit ? { limit: opts.limit } : {}),
      },
      api.requestOptions,
    ),
  );
  return { counts: page.response.counts ?? [], cursor: page.response.cursor ?? null };
}
