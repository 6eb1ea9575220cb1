import { ID_BASE, ID_STRIDE } from './ids';
import type { AutomaticDiscountRecord, CustomerRecord, DiscountRecord, OrderRecord } from './commerce-records';
import { InventoryStore } from './inventory-store';
import type { MarketCatalogRecord, PriceListRecord } from './price-list-ops';
import type { ProductStore } from './product-store';
import { RecordStore } from './record-store';
import type { SeededCatalog } from './seed';
import { SeededCustomers, SeededOrders } from './seed-commerce';

/**
 * The shop's commerce data beside the catalogue: locations and inventory,
 * customers, orders, code and automatic discounts, plus id counters for everything an
 * order owns (line items, fulfillments, refunds, returns, transactions).
 */

export type CommerceIdKind =
  | 'lineItem'
  | 'foLine'
  | 'fulfillment'
  | 'fulfillmentLine'
  | 'fulfillmentOrder'
  | 'fulfillmentHold'
  | 'transaction'
  | 'refund'
  | 'refundLine'
  | 'returnRecord'
  | 'returnLine'
  | 'address'
  | 'discount'
  | 'redeemCode'
  | 'adjustmentGroup'
  | 'priceList'
  | 'catalog';

export interface CommerceSeed {
  customers: number;
  orders: number;
  seed: number;
}

export class CommerceState {
  readonly inventory: InventoryStore;
  readonly customers: RecordStore<CustomerRecord>;
  readonly orders: RecordStore<OrderRecord>;
  /** Basic code discounts (DiscountCodeNode). */
  readonly discounts = new Map<number, DiscountRecord>();
  /** Basic automatic discounts (DiscountAutomaticNode); ids come from the same 'discount' counter as code ones. */
  readonly automaticDiscounts = new Map<number, AutomaticDiscountRecord>();
  /** Markets price lists and the market catalogs they price. */
  readonly priceLists = new Map<number, PriceListRecord>();
  readonly catalogs = new Map<number, MarketCatalogRecord>();
  readonly seededCustomers: SeededCustomers;
  readonly seededOrders: SeededOrders;
  /** Orders created after seeding, per customer id. */
  private readonly ordersByCustomer = new Map<number, number[]>();
  /** Owning order of fulfillment orders / fulfillments / returns created after seeding. */
  private readonly owners = new Map<string, number>();
  private readonly counters: Record<CommerceIdKind, number>;
  private nextOrderNumber: number;

  constructor(products: () => ProductStore, catalog: SeededCatalog | null, seed: CommerceSeed) {
    this.inventory = new InventoryStore(products);
    this.seededCustomers = new SeededCustomers(seed.customers, seed.seed);
    this.seededOrders = new SeededOrders(seed.orders, seed.seed, this.seededCustomers, catalog);
    this.customers = new RecordStore(this.seededCustomers, ID_BASE.customer + seed.customers + 1);
    this.orders = new RecordStore(this.seededOrders, ID_BASE.order + seed.orders + 1);
    this.nextOrderNumber = 1001 + seed.orders;
    const n = seed.orders + 1;
    this.counters = {
      lineItem: ID_BASE.lineItem + n * ID_STRIDE.lineItem,
      foLine: ID_BASE.foLine + n * ID_STRIDE.lineItem,
      fulfillment: ID_BASE.fulfillment + n,
      fulfillmentLine: ID_BASE.fulfillmentLine + n * ID_STRIDE.lineItem,
      fulfillmentOrder: ID_BASE.fulfillmentOrder + n,
      fulfillmentHold: ID_BASE.fulfillmentHold + 1,
      transaction: ID_BASE.transaction + n * ID_STRIDE.transaction,
      refund: ID_BASE.refund + 1,
      refundLine: ID_BASE.refundLine + 1,
      returnRecord: ID_BASE.returnRecord + 1,
      returnLine: ID_BASE.returnLine + 1,
      address: ID_BASE.address + (Math.max(seed.customers, seed.orders) + 1) * ID_STRIDE.address,
      discount: ID_BASE.discount + 1,
      redeemCode: ID_BASE.redeemCode + 1,
      adjustmentGroup: ID_BASE.adjustmentGroup + 1,
      priceList: ID_BASE.priceList + 1,
      catalog: ID_BASE.catalog + 1,
    };
  }

  nextId(kind: CommerceIdKind): number {
    return this.counters[kind]++;
  }

  allocateOrderNumber(): number {
    return this.nextOrderNumber++;
  }

  /** Stores a new order and indexes it under its customer. */
  addOrder(order: OrderRecord): void {
    this.orders.put(order);
    if (order.customerId !== null) {
      const list = this.ordersByCustomer.get(order.customerId) ?? [];
      list.push(order.id);
      this.ordersByCustomer.set(order.customerId, list);
    }
  }

  /** Remembers which order owns a child object (fulfillment order, fulfillment, return). */
  own(kind: 'FulfillmentOrder' | 'Fulfillment' | 'Return', id: number, orderId: number): void {
    this.owners.set(`${kind}:${id}`, orderId);
  }

  /** The live order owning a child object, or undefined. */
  orderOf(kind: 'FulfillmentOrder' | 'Fulfillment' | 'Return', id: number): OrderRecord | undefined {
    let orderId = this.owners.get(`${kind}:${id}`);
    if (orderId === undefined && kind !== 'Return') {
      // Seeded orders own fulfillment order / fulfillment number `index`.
      const index = id - (kind === 'FulfillmentOrder' ? ID_BASE.fulfillmentOrder : ID_BASE.fulfillment);
      if (index >= 1 && index <= this.seededOrders.count) orderId = this.seededOrders.idOf(index);
    }
    return orderId === undefined ? undefined : this.orders.get(orderId);
  }

  /** Ids of a customer's live orders, oldest first. */
  orderIdsOfCustomer(customerId: number): number[] {
    const ids: number[] = [];
    const index = this.seededCustomers.indexOf(customerId);
    if (index !== null) {
      for (const i of this.seededOrders.indexesOfCustomer(index)) {
        const id = this.seededOrders.idOf(i);
        if (this.orders.stamps(id)) ids.push(id);
      }
    }
    for (const id of this.ordersByCustomer.get(customerId) ?? []) if (this.orders.stamps(id)) ids.push(id);
    return ids;
  }

  discountByCode(code: string): DiscountRecord | undefined {
    const wanted = code.trim().toLowerCase();
    for (const d of this.discounts.values()) if (d.code.toLowerCase() === wanted) return d;
    return undefined;
  }
}
