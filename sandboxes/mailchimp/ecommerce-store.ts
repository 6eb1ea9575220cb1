import { invalidResource, MailchimpError, notFound } from './errors';
import { createMember } from './members';
import { subscriberHash, type MailchimpState } from './state';
import { isRecord, str, toJson, type Json, type JsonObject } from './types';

/**
 * E-commerce data (https://mailchimp.com/developer/marketing/api/ecommerce-stores/):
 * a store belongs to one audience; products with variants, customers, orders and
 * carts with lines. Records keep what the client sent plus timestamps; read-only
 * fields (orders_count, product titles on lines...) are derived when rendering.
 * A customer with an email is also a contact of the store's audience: new ones
 * join as `subscribed` when opt_in_status is true, else `transactional`.
 */

export interface EcomRecord {
  data: JsonObject;
  createdAt: number;
  updatedAt: number;
  /** Product variants. */
  children: Map<string, EcomRecord>;
}

export interface StoreRecord extends EcomRecord {
  products: Map<string, EcomRecord>;
  customers: Map<string, EcomRecord>;
  orders: Map<string, EcomRecord>;
  carts: Map<string, EcomRecord>;
}

export type EcomKind = 'products' | 'customers' | 'orders' | 'carts';

export class EcommerceStore {
  readonly stores = new Map<string, StoreRecord>();

  constructor(private readonly state: MailchimpState) {}

  record(data: JsonObject): EcomRecord {
    const now = this.state.now();
    return { data, createdAt: now, updatedAt: now, children: new Map() };
  }

  createStore(body: JsonObject): StoreRecord {
    const id = String(body.id ?? '');
    if (this.stores.has(id)) throw new MailchimpError(400, 'Invalid Resource', `A store with the provided ID already exists.`, [{ field: 'id', message: 'A store with the provided ID already exists.' }]);
    if (!this.state.lists.has(String(body.list_id ?? ''))) throw invalidResource([{ field: 'list_id', message: 'The list ID provided does not exist.' }]);
    const store: StoreRecord = { ...this.record(body), products: new Map(), customers: new Map(), orders: new Map(), carts: new Map() };
    this.stores.set(id, store);
    return store;
  }

  store(id: string): StoreRecord {
    const s = this.stores.get(id);
    if (!s) throw notFound();
    return s;
  }

  detachList(listId: string): void {
    for (const [id, s] of this.stores) if (s.data.list_id === listId) this.stores.delete(id);
  }

  get(store: StoreRecord, kind: EcomKind, id: string): EcomRecord {
    const r = store[kind].get(id);
    if (!r) throw notFound();
    return r;
  }

  create(store: StoreRecord, kind: EcomKind, body: JsonObject): EcomRecord {
    const id = String(body.id ?? '');
    if (store[kind].has(id)) throw invalidResource([{ field: 'id', message: `A ${kind.slice(0, -1)} with the provided ID already exists in the account.` }], `A ${kind.slice(0, -1)} with the provided ID already exists in the account.`);
    const data = this.prepare(store, kind, body);
    const rec = this.record(data);
    if (kind === 'products') for (const v of Array.isArray(body.variants) ? body.variants : []) if (isRecord(v)) rec.children.set(String(v.id ?? ''), this.record(v as JsonObject));
    store[kind].set(id, rec);
    return rec;
  }

  update(store: StoreRecord, kind: EcomKind, id: string, patch: JsonObject, upsert = false): EcomRecord {
    const existing = store[kind].get(id);
    if (!existing) {
      if (!upsert) throw notFound();
      return this.create(store, kind, { ...patch, id });
    }
    existing.data = this.prepare(store, kind, { ...existing.data, ...patch, id });
    existing.updatedAt = this.state.now();
    if (kind === 'products' && Array.isArray(patch.variants)) {
      for (const v of patch.variants) if (isRecord(v)) this.putChild(existing, String(v.id ?? ''), v as JsonObject);
    }
    return existing;
  }

  putChild(parent: EcomRecord, id: string, body: JsonObject): EcomRecord {
    const cur = parent.children.get(id);
    if (cur) {
      cur.data = { ...cur.data, ...body, id };
      cur.updatedAt = this.state.now();
      return cur;
    }
    const rec = this.record({ ...body, id });
    parent.children.set(id, rec);
    return rec;
  }

  /** Validates references and syncs customers into the audience. */
  private prepare(store: StoreRecord, kind: EcomKind, body: JsonObject): JsonObject {
    const data = toJson(body) as JsonObject;
    if (kind === 'customers') this.syncContact(store, data);
    if (kind === 'orders' || kind === 'carts') {
      const customer = isRecord(data.customer) ? (data.customer as JsonObject) : null;
      if (customer) {
        const cid = String(customer.id ?? '');
        const known = store.customers.get(cid);
        if (known) known.data = { ...known.data, ...customer };
        else store.customers.set(cid, this.record(this.prepare(store, 'customers', customer)));
        data.customer = { id: cid };
      }
      for (const line of Array.isArray(data.lines) ? data.lines : []) {
        if (!isRecord(line)) continue;
        const product = store.products.get(String(line.product_id ?? ''));
        if (!product) throw invalidResource([{ field: 'lines.product_id', message: 'A product with the provided ID does not exist in the account for this store.' }]);
        if (!product.children.has(String(line.product_variant_id ?? ''))) throw invalidResource([{ field: 'lines.product_variant_id', message: 'A product variant with the provided ID does not exist in the account for this store.' }]);
      }
    }
    return data;
  }

  private syncContact(store: StoreRecord, customer: JsonObject): void {
    const email = str(customer, 'email_address');
    const list = this.state.lists.get(String(store.data.list_id ?? ''));
    if (!email || !list) return;
    const existing = list.members.get(subscriberHash(email));
    if (existing) {
      if (customer.opt_in_status === true && existing.status !== 'subscribed' && existing.status !== 'cleaned') existing.status = 'subscribed';
      return;
    }
    const merge: { [key: string]: Json } = {};
    if (typeof customer.first_name === 'string') merge.FNAME = customer.first_name;
    if (typeof customer.last_name === 'string') merge.LNAME = customer.last_name;
    createMember(this.state, list, email, customer.opt_in_status === true ? 'subscribed' : 'transactional', { merge_fields: merge }, { source: 'api', skipMergeValidation: true });
  }

  /** orders_count / total_spent of a customer, from the store's orders. */
  customerTotals(store: StoreRecord, customerId: string): { orders_count: number; total_spent: number } {
    let count = 0;
    let spent = 0;
    for (const o of store.orders.values()) {
      if (!isRecord(o.data.customer) || o.data.customer.id !== customerId) continue;
      count++;
      spent += typeof o.data.order_total === 'number' ? o.data.order_total : 0;
    }
    return { orders_count: count, total_spent: Math.round(spent * 100) / 100 };
  }
}
