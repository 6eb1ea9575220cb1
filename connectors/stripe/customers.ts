import type Stripe from 'stripe';
import { stripeCustomerParams, type StripeCustomerInput } from '../../mappings/stripe/customer-v1';
import { VendorError, type Page } from '../types';
import { stripeCall } from './client';

/**
 * Customer reads and writes through the SDK.
 * - list: https://docs.stripe.com/api/customers/list, cursor = last id (`starting_after`).
 * - listSince: incremental via the Events API (https://docs.stripe.com/api/events/list),
 *   `types[]` customer.created/updated/deleted and `created[gte]`; Stripe lists
 *   newest first, so a window is read whole, then replayed oldest first.
 */

export const CUSTOMER_EVENT_TYPES = ['customer.created', 'customer.updated', 'customer.deleted'] as const;

export interface CustomerChange {
  eventId: string;
  type: string;
  action: 'upsert' | 'delete';
  /** Unix seconds of the event. */
  created: number;
  /** The customer as the event recorded it (a snapshot: re-read with get() for truth). */
  customer: Stripe.Customer;
}

/** A page of changes; `cursor` is where to resume later even when `nextCursor` is null (caught up). */
export interface ChangePage extends Page<CustomerChange> {
  cursor: string;
}

/**
 * The incremental position: the newest `created` second consumed and the ids
 * of the events consumed in that second. Reading again with `created[gte]=t`
 * and skipping those ids never misses a change made later in the same
 * second, nor repeats one.
 */
interface SinceCursor {
  t: number;
  ids: string[];
}

export function encodeSinceCursor(c: SinceCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeSinceCursor(s: string | null): SinceCursor {
  if (!s) return { t: 0, ids: [] };
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { t?: unknown; ids?: unknown };
    if (typeof v.t === 'number' && Array.isArray(v.ids) && v.ids.every((x) => typeof x === 'string')) return { t: v.t, ids: v.ids as string[] };
  } catch {
    // fall through
  }
  throw new Error(`not a Stripe incremental cursor: ${s}`);
}

export interface StripeCustomers {
  list(opts: { cursor: string | null; pageSize: number }): Promise<Page<Stripe.Customer>>;
  listSince(opts: { cursor: string | null; pageSize: number }): Promise<ChangePage>;
  /** null when the customer does not exist or was deleted. */
  get(id: string): Promise<Stripe.Customer | null>;
  upsert(input: StripeCustomerInput, idempotencyKey: string): Promise<Stripe.Customer>;
  /** Missing customers are fine (already gone). */
  delete(id: string): Promise<void>;
}

export function createStripeCustomers(stripe: Stripe): StripeCustomers {
  return {
    async list({ cursor, pageSize }) {
      const page = await stripeCall(() => stripe.customers.list({ limit: Math.min(100, Math.max(1, pageSize)), ...(cursor ? { starting_after: cursor } : {}) }));
      const last = page.data[page.data.length - 1];
      return { items: page.data, nextCursor: page.has_more && last ? last.id : null };
    },

    async listSince({ cursor, pageSize }) {
      const from = decodeSinceCursor(cursor);
      const seen = new Set(from.ids);
      const events: Stripe.Event[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await stripeCall(() =>
          stripe.events.list({ types: [...CUSTOMER_EVENT_TYPES], created: { gte: from.t }, limit: 100, ...(after ? { starting_after: after } : {}) }),
        );
        events.push(...page.data);
        const last = page.data[page.data.length - 1];
        if (!page.has_more || !last) break;
        after = last.id;
      }
      // Oldest first; the API lists newest first (ties keep the API's order, reversed).
      const fresh = events.reverse().filter((e) => !(e.created === from.t && seen.has(e.id)));
      fresh.sort((a, b) => a.created - b.created);
      const take = fresh.slice(0, Math.max(1, pageSize));
      let t = from.t;
      let ids = from.ids;
      for (const e of take) {
        if (e.created !== t) {
          t = e.created;
          ids = [];
        }
        ids = [...ids, e.id];
      }
      const next = encodeSinceCursor({ t, ids });
      const items = take.map((e) => ({
        eventId: e.id,
        type: e.type,
        action: e.type === 'customer.deleted' ? ('delete' as const) : ('upsert' as const),
        created: e.created,
        customer: e.data.object as Stripe.Customer,
      }));
      return { items, nextCursor: fresh.length > take.length ? next : null, cursor: next };
    },

    async get(id) {
      try {
        const c = await stripeCall(() => stripe.customers.retrieve(id));
        return 'deleted' in c && c.deleted ? null : (c as Stripe.Customer);
      } catch (err) {
        if (err instanceof VendorError && err.status === 404) return null;
        throw err;
      }
    },

    async upsert(input, idempotencyKey) {
      const params = stripeCustomerParams(input);
      if (input.externalId) return stripeCall(() => stripe.customers.update(input.externalId as string, params, { idempotencyKey }));
      // Creating: empty strings mean "unset" only on update, so drop them.
      const create: Stripe.CustomerCreateParams = {};
      for (const [k, v] of Object.entries(params) as [keyof Stripe.CustomerCreateParams, unknown][]) if (v !== '') Object.assign(create, { [k]: v });
      return stripeCall(() => stripe.customers.create(create, { idempotencyKey }));
    },

    async delete(id) {
      try {
        await stripeCall(() => stripe.customers.del(id));
      } catch (err) {
        if (err instanceof VendorError && err.status === 404) return;
        throw err;
      }
    },
  };
}
