import type { Square } from 'square';
import { VendorError } from '../types';
import { hasSquareCode, squareCall, type SquareApi } from './client';

/** Reads and deletes by id, in chunks Square accepts. */

/** BatchRetrieveCatalogObjects takes up to 1,000 ids. */
const GET_CHUNK = 1000;
/** BatchDeleteCatalogObjects takes up to 200 ids. */
const DELETE_CHUNK = 200;

/** Current objects for these ids (nested variations / option values included); deleted or unknown ids are absent. */
export async function readSquareCatalog(api: SquareApi, ids: readonly string[]): Promise<Square.CatalogObject[]> {
  const out: Square.CatalogObject[] = [];
  for (const chunk of chunks([...new Set(ids)], GET_CHUNK)) {
    // https://developer.squareup.com/reference/square/catalog-api/batch-retrieve-catalog-objects
    const res = await squareCall(() => api.client.catalog.batchGet({ objectIds: chunk, includeRelatedObjects: false }, api.requestOptions));
    out.push(...(res.objects ?? []).filter((o) => !o.isDeleted));
  }
  return out;
}

/** Deletes these ids (Square cascades to variations and option values). Already-gone ids are fine. */
export async function deleteSquareObjects(api: SquareApi, ids: readonly string[]): Promise<void> {
  for (const chunk of chunks([...new Set(ids)], DELETE_CHUNK)) {
    try {
      // https://developer.squareup.com/reference/square/catalog-api/batch-delete-catalog-objects
      await squareCall(() => api.client.catalog.batchDelete({ objectIds: chunk }, api.requestOptions));
    } catch (err) {
      if (!(err instanceof VendorError && (err.status === 404 || hasSquareCode(err, 'NOT_FOUND')))) throw err;
    }
  }
}

/** Every ITEM in the catalog (status pages, tests). */
export async function listSquareItems(api: SquareApi): Promise<Square.CatalogObject[]> {
  const out: Square.CatalogObject[] = [];
  // https://developer.squareup.com/reference/square/catalog-api/list-catalog
  const first = await squareCall(() => api.client.catalog.list({ types: 'ITEM' }, api.requestOptions));
  let page = first;
  out.push(...page.data);
  while (page.hasNextPage()) {
    page = await squareCall(() => page.getNextPage());
    out.push(...page.data);
  }
  return out;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
