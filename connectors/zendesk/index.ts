import type { SecretRef, ZendeskConnectorConfig } from '../../config/schema';
import { VendorError, type Page, type WebhookVerifier } from '../types';
import { CursorExport, CursorList, TimeExport, ZendeskTicket, ZendeskUser, type TicketInput, type UserInput } from './records';
import { createZendeskClient, type ZendeskClient } from './sdk';
import { createTransport, RateBudget, type AdaptedResponse } from './transport';
import { createZendeskWebhookVerifier } from './webhooks';

/**
 * Zendesk Support connector on node-zendesk (https://github.com/blakmatrix/node-zendesk).
 * Every call goes through the SDK's generic get/post/put/delete with our
 * transport (transport.ts). Where the SDK's helpers do not fit — the
 * cursor-based incremental export (its exportCursor sends `cursor=undefined`
 * on the first call) and one page of cursor pagination (its list() walks all
 * pages and overrides page[size]) — we pass the full URL, which node-zendesk
 * uses verbatim.
 */

export interface IncrementalPage<T> extends Page<T> {
  /** Where to resume later even at end_of_stream (nextCursor is then null). */
  resumeCursor: string;
}

export interface ZendeskConnector {
  id: string;
  kind: 'zendesk';
  webhooks: WebhookVerifier;
  tickets: {
    /** Cursor-based incremental export; null starts at the beginning of time. */
    listSince(cursor: string | null): Promise<IncrementalPage<ZendeskTicket>>;
    get(id: number): Promise<ZendeskTicket | null>;
    create(input: TicketInput, idempotencyKey: string): Promise<ZendeskTicket>;
    update(id: number, input: TicketInput): Promise<ZendeskTicket>;
  };
  users: {
    list(opts: { cursor: string | null; pageSize: number }): Promise<Page<ZendeskUser>>;
    /** Time-based incremental export; the cursor is "start_time[:ids already seen in that second]". */
    listSince(cursor: string | null): Promise<IncrementalPage<ZendeskUser>>;
    get(id: number): Promise<ZendeskUser | null>;
    upsert(input: UserInput): Promise<ZendeskUser>;
    delete(id: number): Promise<void>;
  };
}

export interface ZendeskConnectorOptions {
  /** Clock of the local rate budget (tests share the sandbox's). */
  now?: () => number;
  fetch?: typeof fetch;
}

export function createZendeskConnector(id: string, cfg: ZendeskConnectorConfig, secret: (ref: SecretRef) => string, opts: ZendeskConnectorOptions = {}): ZendeskConnector {
  const endpointUri = `${(cfg.baseUrl ?? `https://${cfg.subdomain}.zendesk.com`).replace(/\/+$/, '')}/api/v2`;
  const budget = new RateBudget(opts.now ?? Date.now);
  const transportConfig = createTransport(budget, opts.fetch);
  const client = (headers: Record<string, string> = {}): ZendeskClient =>
    createZendeskClient({ username: cfg.email, token: secret(cfg.apiToken), endpointUri, throwOriginalException: true, transportConfig, customHeaders: headers });
  const api = client();

  const body = async (call: Promise<unknown>): Promise<unknown> => {
    const out = (await call) as { response?: AdaptedResponse };
    return out.response ? await out.response.body : null;
  };
  const orNull = async <T>(p: Promise<T>): Promise<T | null> => {
    try {
      return await p;
    } catch (err) {
      if (err instanceof VendorError && err.status === 404) return null;
      throw err;
    }
  };
  const field = <T>(b: unknown, key: string, parse: (v: unknown) => T): T => parse(typeof b === 'object' && b !== null ? (b as { [k: string]: unknown })[key] : undefined);

  return {
    id,
    kind: 'zendesk',
    webhooks: createZendeskWebhookVerifier(secret(cfg.webhookSecret)),
    tickets: {
      async listSince(cursor) {
        const q = cursor ? `cursor=${encodeURIComponent(cursor)}` : 'start_time=0';
        const page = CursorExport.parse(await body(api.tickets.get(`${endpointUri}/incremental/tickets/cursor.json?${q}`)));
        const items = page.tickets.map((t) => ZendeskTicket.parse(t));
        const resume = page.after_cursor ?? cursor ?? '';
        return { items, nextCursor: page.end_of_stream ? null : resume, resumeCursor: resume };
      },
      get: (ticketId) => orNull(body(api.tickets.show(ticketId)).then((b) => field(b, 'ticket', (v) => ZendeskTicket.parse(v)))),
      // Idempotency-Key: https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency
      create: async (input, key) => field(await body(client({ 'Idempotency-Key': key }).tickets.post(['tickets'], { ticket: input })), 'ticket', (v) => ZendeskTicket.parse(v)),
      update: async (ticketId, input) => field(await body(api.tickets.put(['tickets', ticketId], { ticket: input })), 'ticket', (v) => ZendeskTicket.parse(v)),
    },
    users: {
      async list({ cursor, pageSize }) {
        const size = Math.min(100, Math.max(1, pageSize));
        const url = `${endpointUri}/users.json?page[size]=${size}${cursor ? `&page[after]=${encodeURIComponent(cursor)}` : ''}`;
        const page = CursorList.parse(await body(api.users.get(url)));
        return { items: page.users.map((u) => ZendeskUser.parse(u)), nextCursor: page.meta.has_more ? page.meta.after_cursor : null };
      },
      async listSince(cursor) {
        const [start = '0', seenRaw = ''] = (cursor ?? '0').split(':');
        const seen = new Set(seenRaw.split(',').filter(Boolean).map(Number));
        const page = TimeExport.parse(await body(api.users.get(`${endpointUri}/incremental/users.json?start_time=${encodeURIComponent(start)}`)));
        const sec = (u: ZendeskUser): number => Math.floor(Date.parse(u.updated_at) / 1000);
        // Time-based pages restart at end_time, so records of that second come twice: drop the ones already returned.
        const items = page.users.map((u) => ZendeskUser.parse(u)).filter((u) => !(sec(u) === Number(start) && seen.has(u.id)));
        const atEnd = items.filter((u) => sec(u) === page.end_time).map((u) => u.id);
        const carried = page.end_time === Number(start) ? [...seen, ...atEnd] : atEnd;
        const resume = `${page.end_time}:${[...new Set(carried)].join(',')}`;
        return { items, nextCursor: page.end_of_stream ? null : resume, resumeCursor: resume };
      },
      get: (userId) => orNull(body(api.users.show(userId)).then((b) => field(b, 'user', (v) => ZendeskUser.parse(v)))),
      // https://developer.zendesk.com/api-reference/ticketing/users/users/#create-or-update-user
      upsert: async (input) => field(await body(api.users.createOrUpdate({ user: input })), 'user', (v) => ZendeskUser.parse(v)),
      async delete(userId) {
        await orNull(body(api.users.delete(userId)));
      },
    },
  };
}

export type { TicketInput, UserInput, ZendeskTicket, ZendeskUser } from './records';
