import { type SandboxServer } from '../framework/server';
import { apiError, notFound, SquareApiError } from './errors';
import { compact, mountApi, type ApiContext } from './http';
import { CUSTOMER_PAGE_MAX } from './customers';
import { type PosState } from './pos-state';
import { strings } from './pos-util';
import { isRecord, type SquareErrorBody } from './types';

/** Customers API routes. https://developer.squareup.com/reference/square/customers-api */

const BULK_MAX = 100;

function bulkSize(n: number, field: string): void {
  if (n < 1 || n > BULK_MAX) throw apiError(n < 1 ? 'ARRAY_LENGTH_TOO_SHORT' : 'ARRAY_LENGTH_TOO_LONG', `Send 1 to ${BULK_MAX} entries.`, field);
}

/** One bulk entry's outcome: its result, or its own errors (the others still run). */
function attempt(fn: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SquareApiError) return { errors: err.errors satisfies SquareErrorBody[] };
    throw err;
  }
}

export function mountCustomerRoutes(server: SandboxServer, ctx: ApiContext, pos: PosState): void {
  const store = pos.customers;

  // https://developer.squareup.com/reference/square/customers-api/list-customers
  mountApi(server, ctx, 'GET', '/v2/customers', (req) => {
    const q = req.query;
    const limit = q.get('limit');
    const body = {
      cursor: q.get('cursor') ?? undefined,
      limit: limit === null ? undefined : Number(limit),
      count: q.get('count') === 'true',
      query: { sort: { field: q.get('sort_field') ?? 'DEFAULT', order: q.get('sort_order') ?? 'ASC' } },
    };
    return { status: 200, body: compact(store.search(body, pos.generation)) };
  });

  // https://developer.squareup.com/reference/square/customers-api/create-customer
  mountApi(server, ctx, 'POST', '/v2/customers', (_req, body) => ({ status: 200, body: { customer: store.create(body) } }), { idempotent: true });

  // https://developer.squareup.com/reference/square/customers-api/search-customers
  mountApi(server, ctx, 'POST', '/v2/customers/search', (_req, body) => {
    if (typeof body.limit === 'number' && (body.limit < 1 || body.limit > CUSTOMER_PAGE_MAX)) throw apiError(body.limit < 1 ? 'VALUE_TOO_LOW' : 'VALUE_TOO_HIGH', `limit must be between 1 and ${CUSTOMER_PAGE_MAX}.`, 'limit');
    return { status: 200, body: compact(store.search(body, pos.generation)) };
  });

  // https://developer.squareup.com/reference/square/customers-api/bulk-create-customers
  // `customers` maps an idempotency key to each profile; responses come back under the same keys.
  mountApi(server, ctx, 'POST', '/v2/customers/bulk-create', (_req, body) => {
    const entries = Object.entries(isRecord(body.customers) ? body.customers : {});
    bulkSize(entries.length, 'customers');
    const responses = Object.fromEntries(entries.map(([key, data]) => [key, attempt(() => ({ customer: store.create(isRecord(data) ? data : {}, `customers.${key}`) }))]));
    return { status: 200, body: { responses } };
  });

  // https://developer.squareup.com/reference/square/customers-api/bulk-update-customers
  mountApi(server, ctx, 'POST', '/v2/customers/bulk-update', (_req, body) => {
    const entries = Object.entries(isRecord(body.customers) ? body.customers : {});
    bulkSize(entries.length, 'customers');
    const responses = Object.fromEntries(entries.map(([id, data]) => [id, attempt(() => ({ customer: store.update(id, isRecord(data) ? data : {}, `customers.${id}`) }))]));
    return { status: 200, body: { responses } };
  });

  // https://developer.squareup.com/reference/square/customers-api/bulk-delete-customers
  mountApi(server, ctx, 'POST', '/v2/customers/bulk-delete', (_req, body) => {
    const ids = strings(body.customer_ids);
    bulkSize(ids.length, 'customer_ids');
    const responses = Object.fromEntries(ids.map((id) => [id, attempt(() => (store.delete(id), {}))]));
    return { status: 200, body: { responses } };
  });

  // https://developer.squareup.com/reference/square/customers-api/bulk-retrieve-customers
  mountApi(server, ctx, 'POST', '/v2/customers/bulk-retrieve', (_req, body) => {
    const ids = strings(body.customer_ids);
    bulkSize(ids.length, 'customer_ids');
    const responses = Object.fromEntries(
      ids.map((id) => {
        const c = store.get(id);
        return [id, c ? { customer: c } : { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Customer with ID \`${id}\` not found.` }] }];
      }),
    );
    return { status: 200, body: { responses } };
  });

  // https://developer.squareup.com/reference/square/customers-api/retrieve-customer
  mountApi(server, ctx, 'GET', '/v2/customers/{customer_id}', (req) => {
    const c = store.get(req.params.customer_id ?? '');
    return c ? { status: 200, body: { customer: c } } : notFound(`Customer with ID \`${req.params.customer_id ?? ''}\` not found.`);
  });

  // https://developer.squareup.com/reference/square/customers-api/update-customer
  mountApi(server, ctx, 'PUT', '/v2/customers/{customer_id}', (req, body) => ({ status: 200, body: { customer: store.update(req.params.customer_id ?? '', body) } }));

  // https://developer.squareup.com/reference/square/customers-api/delete-customer
  mountApi(server, ctx, 'DELETE', '/v2/customers/{customer_id}', (req) => {
    const v = req.query.get('version');
    store.delete(req.params.customer_id ?? '', v === null ? undefined : Number(v));
    return { status: 200, body: {} };
  });
}
