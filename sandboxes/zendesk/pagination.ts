import { badRequest, offsetCeiling } from './errors';
import { type Call } from './http';
import { type Json, type JsonObject } from './types';

/**
 * The two pagination methods of https://developer.zendesk.com/api-reference/introduction/pagination/:
 * - cursor: `page[size]` (max 100), `page[after]` / `page[before]`; the body
 *   carries `meta: {has_more, after_cursor, before_cursor}` and `links: {next, prev}`;
 * - offset (the default when no page[...] parameter is given): `page` and
 *   `per_page` (max 100), with `next_page`, `previous_page` and `count`, and
 *   the ceiling: beyond the first 10,000 records it answers 400.
 * Records are ordered by id ascending.
 */

export const OFFSET_CEILING = 10_000;
const MAX_PAGE_SIZE = 100;

interface CursorValue {
  o: string;
  v: number;
}

export function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ o: 'id', v: id } satisfies CursorValue)).toString('base64');
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as Partial<CursorValue>;
    if (typeof parsed.v === 'number') return parsed.v;
  } catch {
    // fall through
  }
  throw badRequest('InvalidPaginationParameter', 'page[after] or page[before] is not a valid cursor');
}

function positiveInt(raw: string | null, name: string, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw badRequest('InvalidPaginationParameter', `${name} must be a positive integer`);
  return Number(raw);
}

function link(call: Call, set: Record<string, string>, drop: string[]): string {
  const q = new URLSearchParams(call.req.query);
  for (const d of drop) q.delete(d);
  for (const [k, v] of Object.entries(set)) q.set(k, v);
  const path = call.req.path.endsWith('.json') ? call.req.path : `${call.req.path}.json`;
  return `${call.base}${path}?${q.toString().replace(/%5B/g, '[').replace(/%5D/g, ']')}`;
}

export function usesCursor(call: Call): boolean {
  const q = call.req.query;
  return q.has('page[size]') || q.has('page[after]') || q.has('page[before]');
}

/** One page of `items` (already filtered and sorted by id) under `key`, in the method the request chose. */
export function paginate<T extends { id: number }>(call: Call, items: T[], key: string, render: (item: T) => Json): JsonObject {
  return usesCursor(call) ? cursorPage(call, items, key, render) : offsetPage(call, items, key, render);
}

function cursorPage<T extends { id: number }>(call: Call, items: T[], key: string, render: (item: T) => Json): JsonObject {
  const q = call.req.query;
  const size = Math.min(MAX_PAGE_SIZE, positiveInt(q.get('page[size]'), 'page[size]', MAX_PAGE_SIZE));
  const after = q.get('page[after]');
  const before = q.get('page[before]');
  let page: T[];
  let hasMore: boolean;
  if (before) {
    const bound = decodeCursor(before);
    const older = items.filter((i) => i.id < bound);
    page = older.slice(Math.max(0, older.length - size));
    hasMore = older.length > size;
  } else {
    const bound = after ? decodeCursor(after) : -Infinity;
    const newer = items.filter((i) => i.id > bound);
    page = newer.slice(0, size);
    hasMore = newer.length > size;
  }
  const first = page[0];
  const last = page[page.length - 1];
  const afterCursor = last ? encodeCursor(last.id) : null;
  const beforeCursor = first ? encodeCursor(first.id) : null;
  const drop = ['page[after]', 'page[before]'];
  return {
    [key]: page.map(render),
    meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
    links: {
      next: hasMore && afterCursor ? link(call, { 'page[size]': String(size), 'page[after]': afterCursor }, drop) : null,
      prev: beforeCursor ? link(call, { 'page[size]': String(size), 'page[before]': beforeCursor }, drop) : null,
    },
  };
}

function offsetPage<T extends { id: number }>(call: Call, items: T[], key: string, render: (item: T) => Json): JsonObject {
  const q = call.req.query;
  const perPage = Math.min(MAX_PAGE_SIZE, positiveInt(q.get('per_page'), 'per_page', MAX_PAGE_SIZE));
  const page = positiveInt(q.get('page'), 'page', 1);
  if (page * perPage > OFFSET_CEILING) throw offsetCeiling();
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  const more = start + perPage < items.length;
  return {
    [key]: slice.map(render),
    next_page: more ? link(call, { page: String(page + 1), per_page: String(perPage) }, []) : null,
    previous_page: page > 1 ? link(call, { page: String(page - 1), per_page: String(perPage) }, []) : null,
    count: items.length,
  };
}
