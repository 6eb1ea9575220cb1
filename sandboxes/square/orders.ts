import { type CatalogStore } from './catalog-store';
import { apiError, SquareApiError } from './errors';
import { priceOrder } from './order-pricing';
import { amountOf, clean, currencyOf, money, newOrderId, newUid, records, str, type Clock } from './pos-util';
import { isRecord, type Location } from './types';

/**
 * Orders API state. https://developer.squareup.com/reference/square/orders-api
 * An order starts OPEN (or DRAFT) at version 1; every change bumps the
 * version. It becomes COMPLETED once payments covering its total are
 * completed (PayOrder, or CreatePayment with autocomplete), which also
 * records the sale in inventory (IN_STOCK → SOLD). Refunds show on the
 * order as `refunds`; the returned goods as a separate return order whose
 * `returns` point back (source_order_id).
 */

export type Order = Record<string, unknown> & { id: string; location_id: string; state: string; version: number; created_at: string; updated_at: string };
type Rec = Record<string, unknown>;

export interface OrderDeps {
  catalog: CatalogStore;
  locations: () => Location[];
  clock: Clock;
  emit: (type: string, data: Rec) => void;
  /** Called when an order completes: record the sale in inventory. */
  onCompleted: (order: Order) => void;
}

const READ_ONLY = ['id', 'created_at', 'updated_at', 'closed_at', 'returns', 'return_amounts', 'net_amounts', 'tenders', 'refunds', 'total_money', 'total_tax_money', 'total_discount_money', 'total_tip_money', 'total_service_charge_money', 'net_amount_due_money', 'rewards', 'rounding_adjustment'];

export class OrderStore {
  readonly byId = new Map<string, Order>();

  constructor(private readonly deps: OrderDeps) {}

  private location(id: unknown, field: string): Location {
    const loc = this.deps.locations().find((l) => l.id === id);
    if (!loc) throw apiError('INVALID_LOCATION', `Location \`${String(id)}\` not found.`, field);
    return loc;
  }

  /** Fills catalog-backed lines, taxes and discounts from the catalog (name, price, percentage). */
  private resolve(order: Rec, currency: string, locationId: string): void {
    records(order.line_items).forEach((l, i) => {
      const f = `order.line_items[${i}]`;
      const cid = str(l.catalog_object_id);
      if (cid) {
        const v = this.deps.catalog.live(cid);
        if (!v || v.obj.type !== 'ITEM_VARIATION') throw apiError('INVALID_VALUE', `Catalog object \`${cid}\` is not a live ITEM_VARIATION.`, `${f}.catalog_object_id`);
        const data = v.obj.item_variation_data ?? {};
        const item = data.item_id ? this.deps.catalog.live(data.item_id) : undefined;
        const override = (data.location_overrides ?? []).find((o) => o.location_id === locationId)?.price_money;
        l.name ??= item?.obj.item_data?.name ?? undefined;
        l.variation_name ??= data.name ?? undefined;
        l.catalog_version ??= v.obj.version;
        l.item_type ??= 'ITEM';
        if (!isRecord(l.base_price_money)) {
          const price = override ?? data.price_money;
          if (!price) throw apiError('INVALID_VALUE', `Variation \`${cid}\` has no price: send base_price_money.`, `${f}.base_price_money`);
          l.base_price_money = { ...price };
        }
      } else {
        if (!str(l.name)) throw apiError('MISSING_REQUIRED_PARAMETER', 'An ad hoc line item needs a name.', `${f}.name`);
        if (!isRecord(l.base_price_money)) throw apiError('MISSING_REQUIRED_PARAMETER', 'An ad hoc line item needs base_price_money.', `${f}.base_price_money`);
        l.item_type ??= 'CUSTOM_AMOUNT';
      }
      if (currencyOf(l.base_price_money) !== currency) throw apiError('CURRENCY_MISMATCH', `Line items must be priced in ${currency}, the location's currency.`, `${f}.base_price_money.currency`);
    });
    records(order.taxes).forEach((t, i) => {
      const cid = str(t.catalog_object_id);
      if (!cid) return;
      const tax = this.deps.catalog.live(cid);
      const data = isRecord(tax?.obj.tax_data) ? tax.obj.tax_data : null;
      if (!tax || tax.obj.type !== 'TAX' || !data) throw apiError('INVALID_VALUE', `Catalog object \`${cid}\` is not a live TAX.`, `order.taxes[${i}].catalog_object_id`);
      t.name ??= data.name;
      t.percentage ??= data.percentage;
      t.type ??= data.inclusion_type === 'INCLUSIVE' ? 'INCLUSIVE' : 'ADDITIVE';
      t.catalog_version ??= tax.obj.version;
    });
    records(order.discounts).forEach((d, i) => {
      const cid = str(d.catalog_object_id);
      if (!cid) return;
      const disc = this.deps.catalog.live(cid);
      const data = isRecord(disc?.obj.discount_data) ? disc.obj.discount_data : null;
      if (!disc || disc.obj.type !== 'DISCOUNT' || !data) throw apiError('INVALID_VALUE', `Catalog object \`${cid}\` is not a live DISCOUNT.`, `order.discounts[${i}].catalog_object_id`);
      d.name ??= data.name;
      d.type ??= data.discount_type;
      if (data.percentage !== undefined) d.percentage ??= data.percentage;
      if (data.amount_money !== undefined) d.amount_money ??= data.amount_money;
      d.catalog_version ??= disc.obj.version;
    });
    for (const t of records(order.taxes)) t.type ??= 'ADDITIVE';
  }

  private fulfillments(order: Rec, now: string): void {
    for (const f of records(order.fulfillments)) {
      f.uid ??= newUid();
      f.state ??= 'PROPOSED';
      for (const k of ['pickup_details', 'shipment_details', 'delivery_details']) if (isRecord(f[k])) f[k] = { placed_at: now, ...(f[k] as Rec) };
    }
  }

  /** Totals, amounts due and net amounts (after returns) of a stored order. */
  finish(order: Order): void {
    const loc = this.location(order.location_id, 'order.location_id');
    priceOrder(order, loc.currency);
    const paid = records(order.tenders).filter((t) => !isRecord(t.card_details) || t.card_details.status !== 'VOIDED').reduce((s, t) => s + amountOf(t.amount_money), 0);
    const refunded = records(order.refunds).reduce((s, r) => s + amountOf(r.amount_money), 0);
    const c = loc.currency;
    order.net_amount_due_money = money(Math.max(0, amountOf(order.total_money) - paid), c);
    order.net_amounts = { total_money: money(amountOf(order.total_money) - refunded, c), tax_money: order.total_tax_money, discount_money: order.total_discount_money, tip_money: order.total_tip_money, service_charge_money: money(0, c) };
  }

  now(): string {
    return this.deps.clock.now();
  }

  create(input: unknown): Order {
    if (!isRecord(input)) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `order`.', 'order');
    const order = structuredClone(input);
    for (const k of READ_ONLY) delete order[k];
    const loc = this.location(order.location_id, 'order.location_id');
    const state = str(order.state) ?? 'OPEN';
    if (state !== 'OPEN' && state !== 'DRAFT') throw apiError('INVALID_VALUE', 'A new order must be OPEN or DRAFT.', 'order.state');
    this.resolve(order, loc.currency, loc.id);
    const now = this.deps.clock.now();
    this.fulfillments(order, now);
    const stored = { ...order, id: newOrderId(), location_id: loc.id, state, version: 1, created_at: now, updated_at: now, source: order.source ?? { name: 'Switchyard Sandbox' } } as Order;
    return this.insert(stored);
  }

  /** Stores a new order as built (totals computed) and announces it. */
  insert(stored: Order): Order {
    this.finish(stored);
    this.byId.set(stored.id, stored);
    this.deps.emit('order.created', { type: 'order_created', id: stored.id, object: { order_created: { order_id: stored.id, version: stored.version, location_id: stored.location_id, state: stored.state, created_at: stored.created_at } } });
    return structuredClone(stored);
  }

  /** CalculateOrder: the same pricing, nothing stored or announced. */
  calculate(input: unknown): Order {
    if (!isRecord(input)) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `order`.', 'order');
    const order = structuredClone(input);
    for (const k of READ_ONLY) delete order[k];
    const loc = this.location(order.location_id, 'order.location_id');
    this.resolve(order, loc.currency, loc.id);
    const now = this.deps.clock.now();
    const draft = { ...order, location_id: loc.id, state: str(order.state) ?? 'OPEN', version: 1, created_at: now, updated_at: now } as Order;
    this.finish(draft);
    return draft;
  }

  get(id: string): Order | undefined {
    const o = this.byId.get(id);
    return o ? structuredClone(o) : undefined;
  }

  mustGet(id: string): Order {
    const o = this.byId.get(id);
    if (!o) throw new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Order \`${id}\` not found.` }], 404);
    return o;
  }

  /**
   * UpdateOrder: sparse. Top-level fields sent replace; list entries (line
   * items, taxes, discounts, fulfillments) merge by uid, new ones are added;
   * fields_to_clear removes `field` or `list[uid]`. `version` must match.
   * https://developer.squareup.com/docs/orders-api/manage-orders/update-orders
   */
  update(id: string, patch: Rec, fieldsToClear: string[]): Order {
    const current = this.mustGet(id);
    if (typeof patch.version !== 'number') throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `order.version`.', 'order.version');
    if (patch.version !== current.version) throw apiError('VERSION_MISMATCH', `Order \`${id}\` is at version ${current.version}, not ${patch.version}.`, 'order.version');
    if (current.state === 'COMPLETED' || current.state === 'CANCELED') {
      const onlyFulfillments = Object.keys(patch).every((k) => ['version', 'fulfillments', 'location_id'].includes(k));
      if (!onlyFulfillments || current.state === 'CANCELED') throw apiError('BAD_REQUEST', `Order \`${id}\` is ${current.state} and can no longer be updated.`, 'order');
    }
    const next = structuredClone(current) as Order;
    for (const path of fieldsToClear) {
      const m = /^(\w+)\[([^\]]+)\]$/.exec(path);
      if (m && m[1] && m[2]) next[m[1]] = records(next[m[1]]).filter((e) => e.uid !== m[2]);
      else if (!READ_ONLY.includes(path) && path !== 'location_id') delete next[path];
    }
    for (const [k, v] of Object.entries(patch)) {
      if (READ_ONLY.includes(k) || k === 'version' || k === 'location_id') continue;
      if (['line_items', 'taxes', 'discounts', 'fulfillments', 'service_charges'].includes(k) && Array.isArray(v)) {
        const list = records(next[k]);
        for (const e of records(v)) {
          const at = list.findIndex((x) => x.uid !== undefined && x.uid === e.uid);
          if (at >= 0) list[at] = { ...list[at], ...e };
          else list.push({ ...e });
        }
        next[k] = list;
      } else next[k] = v;
    }
    if (!['OPEN', 'DRAFT', 'COMPLETED', 'CANCELED'].includes(next.state)) throw apiError('INVALID_VALUE', `Unknown order state ${next.state}.`, 'order.state');
    if (next.state === 'COMPLETED' && current.state !== 'COMPLETED') {
      this.finish(next);
      if (amountOf(next.net_amount_due_money) > 0) throw apiError('BAD_REQUEST', 'An order can only be COMPLETED once fully paid.', 'order.state');
    }
    const loc = this.location(next.location_id, 'order.location_id');
    this.resolve(next, loc.currency, loc.id);
    return this.commit(current, next);
  }

  /** Stores a changed order: version+1, totals, order.updated and order.fulfillment.updated events. */
  commit(current: Order, next: Order): Order {
    const now = this.deps.clock.now();
    this.fulfillments(next, now);
    next.version = current.version + 1;
    next.updated_at = now;
    if (next.state !== current.state && (next.state === 'COMPLETED' || next.state === 'CANCELED')) next.closed_at = now;
    this.finish(next);
    this.byId.set(next.id, next);
    const head = { order_id: next.id, version: next.version, location_id: next.location_id, state: next.state, created_at: next.created_at, updated_at: next.updated_at };
    this.deps.emit('order.updated', { type: 'order_updated', id: next.id, object: { order_updated: head } });
    const before = new Map(records(current.fulfillments).map((f) => [f.uid, f.state]));
    const changed = records(next.fulfillments).filter((f) => before.get(f.uid) !== f.state).map((f) => clean({ fulfillment_uid: str(f.uid), old_state: str(before.get(f.uid)), new_state: str(f.state) }));
    if (changed.length) this.deps.emit('order.fulfillment.updated', { type: 'order_fulfillment_updated', id: next.id, object: { order_fulfillment_updated: { ...head, fulfillment_update: changed } } });
    if (next.state === 'COMPLETED' && current.state !== 'COMPLETED') this.deps.onCompleted(next);
    return structuredClone(next);
  }

  /** Adds or refreshes the tender of a payment; completes the order when completed payments cover it. */
  applyTender(orderId: string, tender: Rec, allPaymentsCompleted: boolean): Order {
    const current = this.mustGet(orderId);
    const next = structuredClone(current) as Order;
    const tenders = records(next.tenders).filter((t) => t.id !== tender.id);
    tenders.push(tender);
    next.tenders = tenders;
    const tip = tenders.reduce((s, t) => s + amountOf(t.tip_money), 0);
    const loc = this.location(next.location_id, 'order.location_id');
    next.total_tip_money = money(tip, loc.currency);
    this.finish(next);
    if (allPaymentsCompleted && current.state === 'OPEN' && amountOf(next.net_amount_due_money) === 0) next.state = 'COMPLETED';
    return this.commit(current, next);
  }

  clear(): void {
    this.byId.clear();
  }
}
