import { type SandboxServer } from '../framework/server';
import { badRequest } from './errors';
import { mountApi, type ApiContext, type Call } from './http';
import { renderTicket, renderUser } from './render';
import { type Json, type JsonObject } from './types';

/**
 * Incremental exports, https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/:
 * - cursor-based (`/incremental/tickets/cursor`, `/incremental/users/cursor`):
 *   `start_time` for the first request, then `cursor=after_cursor`, until
 *   `end_of_stream`; the cursor is a position in the change stream (our
 *   store-wide `seq`), so records changed in the same second as the cursor
 *   are neither skipped nor repeated;
 * - time-based (`/incremental/tickets`, `/incremental/users`): `start_time`,
 *   answer `end_time`, `next_page` (start_time=end_time), `count`,
 *   `end_of_stream` (fewer than per_page records left). A page never splits a
 *   second: it grows to hold every record of its last second, and the next
 *   page starts at that second again, so consumers see documented duplicates.
 * Up to 1000 records per page; soft-deleted tickets appear with status
 * "deleted", deleted users with active: false. Rate limited at 10/min (http.ts).
 */

const PER_PAGE = 1000;

interface Streamed {
  id: number;
  seq: number;
  updated_at: number;
}

function perPage(call: Call): number {
  const raw = call.req.query.get('per_page');
  if (raw === null) return PER_PAGE;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw badRequest('InvalidValue', 'per_page must be a positive integer');
  return Math.min(PER_PAGE, Number(raw));
}

function startTime(call: Call, now: number): number {
  const raw = call.req.query.get('start_time');
  if (raw === null || !/^\d+$/.test(raw)) throw badRequest('InvalidValue', 'start_time is required and must be a Unix epoch time in seconds');
  const t = Number(raw);
  if (t * 1000 > now) throw badRequest('InvalidValue', 'start_time cannot be in the future');
  return t;
}

function encode(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

function decode(cursor: string): number {
  const m = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badRequest('InvalidValue', 'cursor is invalid');
  return Number(m[1]);
}

function url(call: Call, params: Record<string, string>): string {
  const path = call.req.path.endsWith('.json') ? call.req.path : `${call.req.path}.json`;
  return `${call.base}${path}?${new URLSearchParams(params).toString()}`;
}

function cursorExport<T extends Streamed>(call: Call, now: number, records: T[], key: string, render: (r: T) => Json): JsonObject {
  const cursor = call.req.query.get('cursor');
  const size = perPage(call);
  const ordered = [...records].sort((a, b) => a.seq - b.seq);
  let from: T[];
  let resumeSeq: number;
  if (cursor) {
    resumeSeq = decode(cursor);
    from = ordered.filter((r) => r.seq > resumeSeq);
  } else {
    const start = startTime(call, now) * 1000;
    from = ordered.filter((r) => r.updated_at >= start);
    resumeSeq = Math.max(0, (from[0]?.seq ?? ordered.length + 1) - 1);
    if (!from.length) resumeSeq = ordered[ordered.length - 1]?.seq ?? 0;
  }
  const page = from.slice(0, size);
  const end = page.length >= from.length;
  const afterSeq = page[page.length - 1]?.seq ?? resumeSeq;
  const beforeSeq = page[0] ? page[0].seq - 1 : null;
  return {
    [key]: page.map(render),
    after_cursor: encode(afterSeq),
    before_cursor: beforeSeq === null ? null : encode(beforeSeq),
    after_url: url(call, { cursor: encode(afterSeq), per_page: String(size) }),
    before_url: beforeSeq === null ? null : url(call, { cursor: encode(beforeSeq), per_page: String(size) }),
    end_of_stream: end,
  };
}

function timeExport<T extends Streamed>(call: Call, now: number, records: T[], key: string, render: (r: T) => Json): JsonObject {
  const start = startTime(call, now);
  const size = perPage(call);
  const sec = (r: T): number => Math.floor(r.updated_at / 1000);
  const from = records.filter((r) => sec(r) >= start).sort((a, b) => sec(a) - sec(b) || a.id - b.id);
  let n = Math.min(size, from.length);
  const lastSec = n ? sec(from[n - 1]!) : start;
  while (n < from.length && sec(from[n]!) === lastSec) n++;
  const page = from.slice(0, n);
  const end = n >= from.length;
  // A page made of one second only would loop forever: move past that second.
  const endTime = page.length && sec(page[0]!) === lastSec && !end ? lastSec + 1 : lastSec;
  return {
    [key]: page.map(render),
    count: page.length,
    end_of_stream: end,
    end_time: endTime,
    next_page: url(call, { start_time: String(endTime), ...(size !== PER_PAGE ? { per_page: String(size) } : {}) }),
  };
}

export function mountIncrementalRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  const tickets = () => [...state.tickets.values()];
  const users = () => [...state.users.values()];
  // https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
  mountApi(server, ctx, 'GET', '/api/v2/incremental/tickets/cursor', (call) => ({ status: 200, body: cursorExport(call, state.now(), tickets(), 'tickets', (t) => renderTicket(t, call.base)) }));
  // https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-user-export-cursor-based
  mountApi(server, ctx, 'GET', '/api/v2/incremental/users/cursor', (call) => ({ status: 200, body: cursorExport(call, state.now(), users(), 'users', (u) => renderUser(u, call.base)) }));
  // https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-time-based
  mountApi(server, ctx, 'GET', '/api/v2/incremental/tickets', (call) => ({ status: 200, body: timeExport(call, state.now(), tickets(), 'tickets', (t) => renderTicket(t, call.base)) }));
  // https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-user-export-time-based
  mountApi(server, ctx, 'GET', '/api/v2/incremental/users', (call) => ({ status: 200, body: timeExport(call, state.now(), users(), 'users', (u) => renderUser(u, call.base)) }));
}
