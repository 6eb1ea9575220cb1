import { type SandboxServer } from '../framework/server';
import { apiError, notFound } from './errors';
import { compact, mountApi, type ApiContext } from './http';
import { type InventoryCountRec } from './inventory';
import { type PosState } from './pos-state';
import { clampLimit, paginate, parseTime, requireField, sortBy, str, strings } from './pos-util';

/**
 * Inventory API routes. https://developer.squareup.com/reference/square/inventory-api
 * The deprecated paths (batch-change, batch-retrieve-counts, batch-retrieve-changes,
 * adjustment/{id}, physical-count/{id}) share the handlers of their replacements.
 */

const COUNTS_LIMIT = 1000;
const CHANGES_LIMIT = 1000;

/** Counts in (calculated_at, key) order: an updated count moves behind the cursor's position, never before it. */
const countKey = (c: InventoryCountRec): string => `${c.calculated_at}|${c.catalog_object_id}|${c.location_id}|${c.state}`;

export function mountInventoryRoutes(server: SandboxServer, ctx: ApiContext, pos: PosState): void {
  const inv = pos.inventory;

  // https://developer.squareup.com/reference/square/inventory-api/batch-change-inventory
  const change = (_req: unknown, body: Record<string, unknown>) => {
    requireField(body, 'idempotency_key');
    const changes = Array.isArray(body.changes) ? body.changes : [];
    if (changes.length > 100) throw apiError('ARRAY_LENGTH_TOO_LONG', 'At most 100 changes per request.', 'changes');
    const r = inv.apply(changes, { ignoreUnchangedCounts: body.ignore_unchanged_counts !== false });
    return { status: 200, body: compact({ counts: r.counts, changes: r.changes }) };
  };
  mountApi(server, ctx, 'POST', '/v2/inventory/changes/batch-create', change, { idempotent: true });
  mountApi(server, ctx, 'POST', '/v2/inventory/batch-change', change, { idempotent: true });

  // https://developer.squareup.com/reference/square/inventory-api/batch-retrieve-inventory-counts
  const counts = (_req: unknown, body: Record<string, unknown>) => {
    const ids = new Set(strings(body.catalog_object_ids));
    const locs = new Set(strings(body.location_ids));
    // "The filter is only applicable when set": without states, every tracked state.
    const states = new Set(strings(body.states));
    const after = parseTime(body.updated_after, 'updated_after');
    const limit = clampLimit(body.limit, COUNTS_LIMIT, COUNTS_LIMIT);
    const matching = [...inv.counts.values()].filter(
      (c) => (!ids.size || ids.has(c.catalog_object_id)) && (!locs.size || locs.has(c.location_id)) && (!states.size || states.has(c.state)) && (after === undefined || Date.parse(c.calculated_at) > after),
    );
    const request = { i: [...ids].sort(), l: [...locs].sort(), s: [...states].sort(), a: body.updated_after ?? null };
    const { page, cursor } = paginate(sortBy(matching, countKey), countKey, { cursor: body.cursor, limit, request, generation: pos.generation });
    return { status: 200, body: compact({ counts: page.map((c) => inv.renderCount(c)), cursor }) };
  };
  mountApi(server, ctx, 'POST', '/v2/inventory/counts/batch-retrieve', counts);
  mountApi(server, ctx, 'POST', '/v2/inventory/batch-retrieve-counts', counts);

  // https://developer.squareup.com/reference/square/inventory-api/batch-retrieve-inventory-changes
  const changesQuery = (body: Record<string, unknown>, only?: string) => {
    const ids = new Set(only ? [only] : strings(body.catalog_object_ids));
    const locs = new Set(strings(body.location_ids));
    const types = new Set(strings(body.types));
    const states = new Set(strings(body.states));
    const after = parseTime(body.updated_after, 'updated_after');
    const before = parseTime(body.updated_before, 'updated_before');
    const limit = clampLimit(body.limit, CHANGES_LIMIT, CHANGES_LIMIT);
    const matching = inv.changes.filter((c) => {
      const t = Date.parse(c.created_at);
      return (!ids.size || c.ids.some((x) => ids.has(x))) && (!locs.size || c.locations.some((x) => locs.has(x))) && (!types.size || types.has(c.type)) && (!states.size || c.states.some((x) => states.has(x))) && (after === undefined || t > after) && (before === undefined || t <= before);
    });
    const key = (c: { seq: number }): string => String(c.seq).padStart(12, '0');
    const request = { i: [...ids].sort(), l: [...locs].sort(), t: [...types].sort(), s: [...states].sort(), a: body.updated_after ?? null, b: body.updated_before ?? null };
    const { page, cursor } = paginate(matching, key, { cursor: body.cursor, limit, request, generation: pos.generation });
    return { status: 200, body: compact({ changes: page.map((c) => inv.renderChange(c)), cursor }) };
  };
  mountApi(server, ctx, 'POST', '/v2/inventory/changes/batch-retrieve', (_req, body) => changesQuery(body));
  mountApi(server, ctx, 'POST', '/v2/inventory/batch-retrieve-changes', (_req, body) => changesQuery(body));

  // https://developer.squareup.com/reference/square/inventory-api/retrieve-inventory-adjustment
  const adjustment = (id: string) => {
    const rec = inv.byId.get(id);
    if (!rec || rec.type !== 'ADJUSTMENT') return notFound(`Inventory adjustment \`${id}\` not found.`);
    return { status: 200, body: { adjustment: inv.renderChange(rec).adjustment } };
  };
  mountApi(server, ctx, 'GET', '/v2/inventory/adjustments/{adjustment_id}', (req) => adjustment(req.params.adjustment_id ?? ''));
  mountApi(server, ctx, 'GET', '/v2/inventory/adjustment/{adjustment_id}', (req) => adjustment(req.params.adjustment_id ?? ''));

  // https://developer.squareup.com/reference/square/inventory-api/retrieve-inventory-physical-count
  const physical = (id: string) => {
    const rec = inv.byId.get(id);
    if (!rec || rec.type !== 'PHYSICAL_COUNT') return notFound(`Inventory physical count \`${id}\` not found.`);
    return { status: 200, body: { count: inv.renderChange(rec).physical_count } };
  };
  mountApi(server, ctx, 'GET', '/v2/inventory/physical-counts/{physical_count_id}', (req) => physical(req.params.physical_count_id ?? ''));
  mountApi(server, ctx, 'GET', '/v2/inventory/physical-count/{physical_count_id}', (req) => physical(req.params.physical_count_id ?? ''));

  // https://developer.squareup.com/reference/square/inventory-api/retrieve-inventory-transfer
  mountApi(server, ctx, 'GET', '/v2/inventory/transfers/{transfer_id}', (req) => {
    const rec = inv.byId.get(req.params.transfer_id ?? '');
    if (!rec || rec.type !== 'TRANSFER') return notFound(`Inventory transfer \`${req.params.transfer_id ?? ''}\` not found.`);
    return { status: 200, body: { transfer: inv.renderChange(rec).transfer } };
  });

  // https://developer.squareup.com/reference/square/inventory-api/retrieve-inventory-changes
  mountApi(server, ctx, 'GET', '/v2/inventory/{catalog_object_id}/changes', (req) =>
    changesQuery({ location_ids: (req.query.get('location_ids') ?? '').split(',').filter(Boolean), cursor: req.query.get('cursor') ?? undefined }, req.params.catalog_object_id),
  );

  // https://developer.squareup.com/reference/square/inventory-api/retrieve-inventory-count
  // location_ids is a comma-separated list; only tracked states with a count are returned.
  mountApi(server, ctx, 'GET', '/v2/inventory/{catalog_object_id}', (req) => {
    const id = req.params.catalog_object_id ?? '';
    const locs = new Set((req.query.get('location_ids') ?? '').split(',').filter(Boolean));
    const matching = [...inv.counts.values()].filter((c) => c.catalog_object_id === id && (!locs.size || locs.has(c.location_id)));
    const { page, cursor } = paginate(sortBy(matching, countKey), countKey, { cursor: str(req.query.get('cursor')), limit: COUNTS_LIMIT, request: { id, l: [...locs].sort() }, generation: pos.generation });
    return { status: 200, body: compact({ counts: page.map((c) => inv.renderCount(c)), cursor }) };
  });
}
