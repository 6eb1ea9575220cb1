import { type SandboxServer } from '../framework/server';
import { apiError, errorResponse, notFound, SquareApiError } from './errors';
import { batchRetrieve, listCatalog, parseTypes, relatedObjects, searchItems, type SearchItemsRequest } from './catalog-read';
import { searchObjects, SEARCH_MAX_LIMIT, type SearchRequest } from './catalog-query';
import { boolParam, compact, mountApi, mountUploadApi, type ApiContext } from './http';
import { type SquareState } from './state';
import { isRecord, type CatalogObject, type IdMapping, type SquareErrorBody } from './types';

/**
 * Catalog API routes. https://developer.squareup.com/reference/square/catalog-api
 * Limits are the ones CatalogInfo reports (spec example of CatalogInfoResponse).
 */
export const CATALOG_LIMITS = {
  batch_upsert_max_objects_per_batch: 1000,
  batch_upsert_max_total_objects: 10000,
  batch_retrieve_max_object_ids: 1000,
  search_max_page_limit: SEARCH_MAX_LIMIT,
  batch_delete_max_object_ids: 200,
  update_item_taxes_max_item_ids: 1000,
  update_item_taxes_max_taxes_to_enable: 1000,
  update_item_taxes_max_taxes_to_disable: 1000,
  update_item_modifier_lists_max_item_ids: 1000,
  update_item_modifier_lists_max_modifier_lists_to_enable: 1000,
  update_item_modifier_lists_max_modifier_lists_to_disable: 1000,
} as const;

/** The two parts of CreateCatalogImage / UpdateCatalogImage (spec: multipart/form-data properties). */
const IMAGE_UPLOAD = { json: 'request', file: 'image_file' } as const;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const objects = (v: unknown): CatalogObject[] => (Array.isArray(v) ? v.filter((x): x is CatalogObject => isRecord(x)) : []);

function requireField(body: Record<string, unknown>, field: string): void {
  if (body[field] === undefined || body[field] === null) throw apiError('MISSING_REQUIRED_PARAMETER', `Missing required parameter \`${field}\`.`, field);
}

function nestedCount(o: CatalogObject): number {
  return 1 + (o.item_data?.variations?.length ?? 0) + (o.item_option_data?.values?.length ?? 0);
}

export function mountCatalogRoutes(server: SandboxServer, ctx: ApiContext, state: SquareState): void {
  const store = state.catalog;

  // https://developer.squareup.com/reference/square/catalog-api/catalog-info
  mountApi(server, ctx, 'GET', '/v2/catalog/info', () => ({ status: 200, body: { limits: CATALOG_LIMITS } }));

  // https://developer.squareup.com/reference/square/catalog-api/list-catalog
  mountApi(server, ctx, 'GET', '/v2/catalog/list', (req) => {
    const page = listCatalog(store, parseTypes(req.query.get('types')), req.query.get('cursor'));
    return { status: 200, body: compact({ objects: page.objects.map((s) => store.render(s)), cursor: page.cursor }) };
  });

  // https://developer.squareup.com/reference/square/catalog-api/upsert-catalog-object
  mountApi(
    server,
    ctx,
    'POST',
    '/v2/catalog/object',
    (_req, body) => {
      requireField(body, 'idempotency_key');
      requireField(body, 'object');
      const result = state.writeCatalog(objects([body.object]), 'object', true);
      return { status: 200, body: compact({ catalog_object: result.objects[0], id_mappings: result.idMappings }) };
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/catalog-api/retrieve-catalog-object
  mountApi(server, ctx, 'GET', '/v2/catalog/object/{object_id}', (req) => {
    const s = store.live(req.params.object_id ?? '');
    if (!s) return notFound(`Object with ID \`${req.params.object_id ?? ''}\` not found.`);
    const object = store.render(s);
    const related = boolParam(req.query.get('include_related_objects')) ? relatedObjects(store, [object]) : [];
    return { status: 200, body: compact({ object, related_objects: related }) };
  });

  // https://developer.squareup.com/reference/square/catalog-api/delete-catalog-object
  // Deleting an ITEM cascades to its ITEM_VARIATIONs.
  mountApi(server, ctx, 'DELETE', '/v2/catalog/object/{object_id}', (req) => {
    const { deleted, deletedAt } = state.deleteCatalog([req.params.object_id ?? '']);
    return { status: 200, body: compact({ deleted_object_ids: deleted, deleted_at: deletedAt ?? undefined }) };
  });

  // https://developer.squareup.com/reference/square/catalog-api/batch-upsert-catalog-objects
  // Each batch is all-or-nothing; a failed batch does not stop the others.
  mountApi(
    server,
    ctx,
    'POST',
    '/v2/catalog/batch-upsert',
    (_req, body) => {
      requireField(body, 'idempotency_key');
      requireField(body, 'batches');
      const batches = Array.isArray(body.batches) ? body.batches : [];
      let total = 0;
      batches.forEach((b, i) => {
        const objs = objects(isRecord(b) ? b.objects : undefined);
        if (objs.length > CATALOG_LIMITS.batch_upsert_max_objects_per_batch) {
          throw apiError('ARRAY_LENGTH_TOO_LONG', `A batch holds at most ${CATALOG_LIMITS.batch_upsert_max_objects_per_batch} objects.`, `batches[${i}].objects`);
        }
        total += objs.reduce((n, o) => n + nestedCount(o), 0);
      });
      if (total > CATALOG_LIMITS.batch_upsert_max_total_objects) {
        throw apiError('ARRAY_LENGTH_TOO_LONG', `A request holds at most ${CATALOG_LIMITS.batch_upsert_max_total_objects} objects in total.`, 'batches');
      }
      const written: CatalogObject[] = [];
      const mappings: IdMapping[] = [];
      const errors: SquareErrorBody[] = [];
      let updatedAt: string | undefined;
      batches.forEach((b, i) => {
        try {
          const r = state.writeCatalog(objects(isRecord(b) ? b.objects : undefined), `batches[${i}].objects`, false, false);
          written.push(...r.objects);
          mappings.push(...r.idMappings);
          updatedAt = r.updatedAt;
        } catch (err) {
          if (!(err instanceof SquareApiError)) throw err;
          errors.push(...err.errors);
        }
      });
      if (updatedAt) state.announce();
      const payload = compact({ errors, objects: written, updated_at: updatedAt, id_mappings: mappings });
      return { response: errors.length ? { ...errorResponse(400, errors), body: payload } : { status: 200, body: payload }, committed: updatedAt !== undefined };
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/catalog-api/batch-retrieve-catalog-objects
  mountApi(server, ctx, 'POST', '/v2/catalog/batch-retrieve', (_req, body) => {
    requireField(body, 'object_ids');
    const ids = strings(body.object_ids);
    if (ids.length > CATALOG_LIMITS.batch_retrieve_max_object_ids) throw apiError('ARRAY_LENGTH_TOO_LONG', `At most ${CATALOG_LIMITS.batch_retrieve_max_object_ids} object_ids.`, 'object_ids');
    const found = batchRetrieve(store, ids, body.include_deleted_objects === true);
    const related = body.include_related_objects === true ? relatedObjects(store, found) : [];
    return { status: 200, body: compact({ objects: found, related_objects: related }) };
  });

  // https://developer.squareup.com/reference/square/catalog-api/batch-delete-catalog-objects
  mountApi(server, ctx, 'POST', '/v2/catalog/batch-delete', (_req, body) => {
    requireField(body, 'object_ids');
    const ids = strings(body.object_ids);
    if (ids.length > CATALOG_LIMITS.batch_delete_max_object_ids) throw apiError('ARRAY_LENGTH_TOO_LONG', `At most ${CATALOG_LIMITS.batch_delete_max_object_ids} object_ids.`, 'object_ids');
    const { deleted, deletedAt } = state.deleteCatalog(ids);
    return { status: 200, body: compact({ deleted_object_ids: deleted, deleted_at: deletedAt ?? undefined }) };
  });

  // https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects
  mountApi(server, ctx, 'POST', '/v2/catalog/search', (_req, body) => {
    const req: SearchRequest = {
      object_types: strings(body.object_types),
      include_deleted_objects: body.include_deleted_objects === true,
      begin_time: typeof body.begin_time === 'string' ? body.begin_time : undefined,
      query: isRecord(body.query) ? body.query : undefined,
      limit: typeof body.limit === 'number' ? body.limit : undefined,
      cursor: typeof body.cursor === 'string' ? body.cursor : undefined,
    };
    const page = searchObjects(store, req);
    const found = page.objects.map((s) => store.render(s));
    const related = body.include_related_objects === true ? relatedObjects(store, found) : [];
    return { status: 200, body: compact({ objects: found, related_objects: related, cursor: page.cursor, latest_time: store.updatedAt ?? undefined }) };
  });

  // https://developer.squareup.com/reference/square/catalog-api/create-catalog-image
  // The file's URL is on the sandbox's own origin (image-files.ts).
  mountUploadApi(
    server,
    ctx,
    'POST',
    '/v2/catalog/images',
    IMAGE_UPLOAD,
    (req, body, file) => {
      requireField(body, 'idempotency_key');
      const image = state.createImage(body, file, req.headers['square-version'] ?? ctx.defaultVersion, server.baseUrl);
      return { status: 200, body: { image } };
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/catalog-api/update-catalog-image
  mountUploadApi(
    server,
    ctx,
    'PUT',
    '/v2/catalog/images/{image_id}',
    IMAGE_UPLOAD,
    (req, body, file) => {
      requireField(body, 'idempotency_key');
      const image = state.replaceImageFile(req.params.image_id ?? '', file, server.baseUrl);
      return { status: 200, body: { image } };
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/catalog-api/search-catalog-items
  mountApi(server, ctx, 'POST', '/v2/catalog/search-catalog-items', (_req, body) => {
    const req: SearchItemsRequest = {
      text_filter: typeof body.text_filter === 'string' ? body.text_filter : undefined,
      category_ids: strings(body.category_ids),
      product_types: strings(body.product_types),
      enabled_location_ids: strings(body.enabled_location_ids),
      archived_state: typeof body.archived_state === 'string' ? body.archived_state : undefined,
      sort_order: typeof body.sort_order === 'string' ? body.sort_order : undefined,
      limit: typeof body.limit === 'number' ? body.limit : undefined,
      cursor: typeof body.cursor === 'string' ? body.cursor : undefined,
    };
    const r = searchItems(store, req);
    return { status: 200, body: compact({ items: r.items, matched_variation_ids: r.matchedVariationIds, cursor: r.cursor }) };
  });
}
