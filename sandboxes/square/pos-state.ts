import { type CatalogStore } from './catalog-store';
import { CustomerStore } from './customers';
import { GiftCardStore } from './gift-cards';
import { InventoryStore } from './inventory';
import { OrderStore, type Order } from './orders';
import { PaymentStore } from './payments';
import { Clock, records, str, uuid } from './pos-util';
import { RefundStore } from './refunds';
import { type Location } from './types';

/**
 * The seller's point-of-sale data next to the catalog: inventory, customers,
 * orders, payments, refunds and gift cards, wired the way Square wires them:
 * a completed order moves its items IN_STOCK → SOLD (inventory.count.updated),
 * a payment adds a tender to its order, a refund lands on the order, gift
 * card payments redeem the card's balance.
 */

export interface PosDeps {
  catalog: CatalogStore;
  locations: () => Location[];
  currency: () => string;
  emit: (type: string, data: Record<string, unknown>) => void;
  /** Delay before PENDING card refunds settle (ms). */
  refundSettleMs?: number;
}

export class PosState {
  readonly clock = new Clock();
  /** Bumped by clear(): cursors from before a reset are refused. */
  generation = 1;
  readonly inventory: InventoryStore;
  readonly customers: CustomerStore;
  readonly orders: OrderStore;
  readonly giftCards: GiftCardStore;
  readonly payments: PaymentStore;
  readonly refunds: RefundStore;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: PosDeps) {
    const { catalog, locations, emit } = deps;
    const clock = this.clock;
    this.inventory = new InventoryStore({
      catalog,
      locations,
      clock,
      // https://developer.squareup.com/reference/square/webhooks/inventory.count.updated
      onCounts: (counts) => emit('inventory.count.updated', { type: 'inventory_counts', id: uuid(), object: { inventory_counts: counts } }),
    });
    this.customers = new CustomerStore({
      clock,
      emit: (type, customer, extra) => emit(type, { type: 'customer', id: customer.id, ...(extra ?? {}), object: { customer: structuredClone(customer) } }),
    });
    this.orders = new OrderStore({ catalog, locations, clock, emit, onCompleted: (order) => this.recordSale(order) });
    this.giftCards = new GiftCardStore({ clock, locations, currency: deps.currency, emit });
    this.payments = new PaymentStore({ clock, locations, orders: this.orders, giftCards: this.giftCards, emit });
    this.refunds = new RefundStore({
      clock,
      payments: this.payments,
      orders: this.orders,
      giftCards: this.giftCards,
      emit,
      schedule: (fn) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          fn();
        }, deps.refundSettleMs ?? 0);
        t.unref();
        this.timers.add(t);
      },
      restock: (refundId, locationId, lines) => this.inventory.apply(lines.map((l) => this.adjustment(l.catalogObjectId, locationId, 'SOLD', 'IN_STOCK', l.quantity)), { extra: { refund_id: refundId } }),
    });
  }

  adjustment(catalogObjectId: string, locationId: string, from: string, to: string, quantity: string, occurredAt?: string): Record<string, unknown> {
    return { type: 'ADJUSTMENT', adjustment: { catalog_object_id: catalogObjectId, location_id: locationId, from_state: from, to_state: to, quantity, occurred_at: occurredAt ?? new Date().toISOString() } };
  }

  /** A completed order's catalog lines leave stock: IN_STOCK → SOLD at the order's location. */
  private recordSale(order: Order): void {
    const changes = records(order.line_items).flatMap((l) => {
      const cid = str(l.catalog_object_id);
      const variation = cid ? this.deps.catalog.live(cid) : undefined;
      return cid && variation?.obj.type === 'ITEM_VARIATION' ? [this.adjustment(cid, order.location_id, 'IN_STOCK', 'SOLD', String(l.quantity), str(order.closed_at))] : [];
    });
    if (changes.length) this.inventory.apply(changes, { extra: { transaction_id: order.id } });
  }

  /** Settles every PENDING refund now (instead of waiting for the timer). */
  settleRefunds(): number {
    let n = 0;
    for (const r of [...this.refunds.byId.values()]) if (r.status === 'PENDING' && this.refunds.settle(r.id)) n++;
    return n;
  }

  counts(): Record<string, number> {
    return {
      inventory_counts: this.inventory.counts.size,
      inventory_changes: this.inventory.changes.length,
      customers: this.customers.byId.size,
      orders: this.orders.byId.size,
      payments: this.payments.byId.size,
      refunds: this.refunds.byId.size,
      gift_cards: this.giftCards.cards.size,
    };
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.inventory.clear();
    this.customers.clear();
    this.orders.clear();
    this.giftCards.clear();
    this.payments.clear();
    this.refunds.clear();
    this.generation++;
  }
}
