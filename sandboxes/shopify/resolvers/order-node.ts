import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { paginate, type CursorKey } from '../../framework/graphql-connection';
import { compileOrderSearch } from '../commerce-search';
import { displayFulfillmentStatus, financialStatus, orderTotals, unfulfilledQuantity, type OrderRecord } from '../commerce-records';
import { gid } from '../ids';
import { isoSeconds } from '../records';
import { count, emptyConnection, shopifyConnectionArgs, toConnection, type ConnectionResult, type ExecContext } from './context';
import { CustomerNode, mailingAddress } from './customer-node';
import { LocationNode } from './inventory-nodes';
import { moneyBag } from './money';
import { discountApplication, fulfillmentNode, fulfillmentOrderNode, lineItemNode, listConnection, refundNode, returnNode, transactionNode } from './order-parts';

/**
 * Order, field by field, and the orders connection (QueryRoot.orders,
 * Customer.orders).
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Order
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/orders
 */

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

export class OrderNode {
  readonly #o: OrderRecord;
  readonly #ctx: ExecContext;
  constructor(o: OrderRecord, ctx: ExecContext) {
    this.#o = o;
    this.#ctx = ctx;
  }
  get __typename(): string {
    return 'Order';
  }
  get id(): string {
    return gid('Order', this.#o.id);
  }
  get legacyResourceId(): string {
    return String(this.#o.id);
  }
  get name(): string {
    return `#${this.#o.number}`;
  }
  get confirmationNumber(): string {
    return this.#o.id.toString(36).toUpperCase().slice(-9);
  }
  get email(): string | null {
    return this.#o.email;
  }
  get phone(): string | null {
    return this.#o.phone;
  }
  get note(): string | null {
    return this.#o.note;
  }
  get tags(): string[] {
    return [...this.#o.tags];
  }
  get test(): boolean {
    return this.#o.test;
  }
  get sourceName(): string {
    return this.#o.sourceName;
  }
  get confirmed(): boolean {
    return true;
  }
  get closed(): boolean {
    return this.#o.closedAt !== null;
  }
  get closedAt(): string | null {
    return this.#o.closedAt === null ? null : isoSeconds(this.#o.closedAt);
  }
  get cancelledAt(): string | null {
    return this.#o.cancelledAt === null ? null : isoSeconds(this.#o.cancelledAt);
  }
  get cancelReason(): string | null {
    return this.#o.cancelReason;
  }
  get createdAt(): string {
    return isoSeconds(this.#o.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#o.updatedAt);
  }
  get processedAt(): string {
    return isoSeconds(this.#o.processedAt);
  }
  get currencyCode(): string {
    return this.#o.currency;
  }
  get presentmentCurrencyCode(): string {
    return this.#o.currency;
  }
  get taxesIncluded(): boolean {
    return false;
  }
  get taxExempt(): boolean {
    return false;
  }
  get estimatedTaxes(): boolean {
    return false;
  }
  get dutiesIncluded(): boolean {
    return false;
  }
  get requiresShipping(): boolean {
    return this.#o.sourceName !== 'pos';
  }
  get edited(): boolean {
    return false;
  }
  get displayFinancialStatus(): string {
    return financialStatus(this.#o);
  }
  get displayFulfillmentStatus(): string {
    return displayFulfillmentStatus(this.#o);
  }
  get fullyPaid(): boolean {
    const t = orderTotals(this.#o);
    return t.paid >= t.total;
  }
  get unpaid(): boolean {
    return orderTotals(this.#o).paid === 0;
  }
  get canMarkAsPaid(): boolean {
    return orderTotals(this.#o).paid === 0 && this.#o.cancelledAt === null;
  }
  get capturable(): boolean {
    return false;
  }
  get refundable(): boolean {
    const t = orderTotals(this.#o);
    return t.paid - t.refunded > 0;
  }
  get restockable(): boolean {
    return this.#o.lines.some((l) => l.inventoryItemId !== null && l.refundedQuantity < l.quantity);
  }
  get fulfillable(): boolean {
    return this.#o.cancelledAt === null && this.#o.lines.some((l) => unfulfilledQuantity(l) > 0);
  }
  get returnStatus(): string {
    const statuses = this.#o.returns.map((r) => r.status);
    if (statuses.includes('OPEN')) return 'IN_PROGRESS';
    if (statuses.includes('REQUESTED')) return 'RETURN_REQUESTED';
    if (statuses.includes('CLOSED')) return 'RETURNED';
    return 'NO_RETURN';
  }
  get paymentGatewayNames(): string[] {
    return [...new Set(this.#o.transactions.map((t) => t.gateway))];
  }
  get discountCode(): string | null {
    return this.#o.discount?.code ?? null;
  }
  get discountCodes(): string[] {
    return this.#o.discount ? [this.#o.discount.code] : [];
  }
  discountApplications(args: Args): ConnectionResult<Obj> {
    const app = discountApplication(this.#o);
    return listConnection(app ? [{ id: 0, app }] : [], args, (x) => x.app);
  }
  get subtotalLineItemsQuantity(): number {
    return this.#o.lines.reduce((n, l) => n + l.quantity, 0);
  }
  get currentSubtotalLineItemsQuantity(): number {
    return this.#o.lines.reduce((n, l) => n + l.quantity - l.refundedQuantity, 0);
  }
  private bag(cents: number): ReturnType<typeof moneyBag> {
    return moneyBag(cents, this.#o.currency);
  }
  get subtotalPriceSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).subtotal);
  }
  get currentSubtotalPriceSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).subtotal);
  }
  get totalPriceSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).total);
  }
  get originalTotalPriceSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).total);
  }
  get currentTotalPriceSet(): ReturnType<typeof moneyBag> {
    const t = orderTotals(this.#o);
    return this.bag(t.total - t.refunded);
  }
  get totalTaxSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).tax);
  }
  get currentTotalTaxSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).tax);
  }
  get totalDiscountsSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).discounts);
  }
  get currentTotalDiscountsSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).discounts);
  }
  get cartDiscountAmountSet(): ReturnType<typeof moneyBag> | null {
    return null;
  }
  get totalShippingPriceSet(): ReturnType<typeof moneyBag> {
    return this.bag(0);
  }
  get currentShippingPriceSet(): ReturnType<typeof moneyBag> {
    return this.bag(0);
  }
  get totalRefundedSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).refunded);
  }
  get totalRefundedShippingSet(): ReturnType<typeof moneyBag> {
    return this.bag(0);
  }
  get totalReceivedSet(): ReturnType<typeof moneyBag> {
    return this.bag(orderTotals(this.#o).paid);
  }
  get netPaymentSet(): ReturnType<typeof moneyBag> {
    const t = orderTotals(this.#o);
    return this.bag(t.paid - t.refunded);
  }
  get totalOutstandingSet(): ReturnType<typeof moneyBag> {
    const t = orderTotals(this.#o);
    return this.bag(Math.max(0, t.total - t.paid));
  }
  get totalCapturableSet(): ReturnType<typeof moneyBag> {
    return this.bag(0);
  }
  get totalTipReceivedSet(): ReturnType<typeof moneyBag> {
    return this.bag(0);
  }
  get taxLines(): Obj[] {
    const tax = orderTotals(this.#o).tax;
    return tax ? [{ title: this.#o.taxTitle, rate: this.#o.taxRate, ratePercentage: this.#o.taxRate * 100, source: 'Shopify', channelLiable: false, priceSet: this.bag(tax) }] : [];
  }
  get currentTaxLines(): Obj[] {
    return this.taxLines;
  }
  lineItems(args: Args): ConnectionResult<Obj> {
    return listConnection(this.#o.lines, args, (l) => lineItemNode(this.#o, l, this.#ctx));
  }
  transactions(args: Args): Obj[] {
    const all = [...this.#o.transactions, ...this.#o.refunds.flatMap((r) => r.transactions)];
    return all.slice(0, typeof args.first === 'number' ? args.first : undefined).map((t) => transactionNode(this.#o, t));
  }
  get transactionsCount(): ReturnType<typeof count> {
    return count(this.#o.transactions.length + this.#o.refunds.reduce((n, r) => n + r.transactions.length, 0));
  }
  fulfillments(args: Args): Obj[] {
    return this.#o.fulfillments.slice(0, typeof args.first === 'number' ? args.first : undefined).map((f) => ({ ...fulfillmentNode(this.#o, f, this.#ctx), order: this }));
  }
  get fulfillmentsCount(): ReturnType<typeof count> {
    return count(this.#o.fulfillments.length);
  }
  fulfillmentOrders(args: Args): ConnectionResult<Obj> {
    return listConnection([{ id: this.#o.fulfillmentOrderId }], args, () => ({ ...fulfillmentOrderNode(this.#o, this.#ctx), order: this }));
  }
  refunds(args: Args): Obj[] {
    return this.#o.refunds.slice(0, typeof args.first === 'number' ? args.first : undefined).map((r) => ({ ...refundNode(this.#o, r, this.#ctx), order: this }));
  }
  returns(args: Args): ConnectionResult<Obj> {
    return listConnection(this.#o.returns, args, (r) => ({ ...returnNode(this.#o, r, this.#ctx), order: this }));
  }
  get customer(): CustomerNode | null {
    const c = this.#o.customerId === null ? undefined : this.#ctx.state.commerce.customers.get(this.#o.customerId);
    return c ? new CustomerNode(c, this.#ctx) : null;
  }
  get customerAcceptsMarketing(): boolean {
    const c = this.#o.customerId === null ? undefined : this.#ctx.state.commerce.customers.get(this.#o.customerId);
    return c?.emailMarketingConsent?.marketingState === 'SUBSCRIBED';
  }
  get shippingAddress(): Obj | null {
    return this.#o.shippingAddress ? mailingAddress(this.#o.shippingAddress) : null;
  }
  get billingAddress(): Obj | null {
    return this.#o.billingAddress ? mailingAddress(this.#o.billingAddress) : null;
  }
  get displayAddress(): Obj | null {
    return this.shippingAddress ?? this.billingAddress;
  }
  get billingAddressMatchesShippingAddress(): boolean {
    return JSON.stringify({ ...this.#o.shippingAddress, id: 0 }) === JSON.stringify({ ...this.#o.billingAddress, id: 0 });
  }
  get retailLocation(): LocationNode | null {
    const l = this.#o.sourceName === 'pos' ? this.#ctx.state.commerce.inventory.location(this.#o.locationId) : undefined;
    return l ? new LocationNode(l, this.#ctx) : null;
  }
  get statusPageUrl(): string {
    return `https://${this.#ctx.state.shop.myshopifyDomain}/${this.#ctx.state.shop.id}/orders/${this.#o.id.toString(16)}/authenticate`;
  }
  get customAttributes(): never[] {
    return [];
  }
  get additionalFees(): never[] {
    return [];
  }
  get alerts(): never[] {
    return [];
  }
  get disputes(): never[] {
    return [];
  }
  get merchantEditable(): boolean {
    return this.#o.cancelledAt === null;
  }
  get merchantEditableErrors(): string[] {
    return this.#o.cancelledAt === null ? [] : ['Order is cancelled'];
  }
  get hasTimelineComment(): boolean {
    return false;
  }
  get canNotifyCustomer(): boolean {
    return this.#o.email !== null;
  }
  get totalWeight(): string {
    return '0';
  }
  get currentTotalWeight(): string {
    return '0';
  }
  get shippingLine(): null {
    return null;
  }
  shippingLines(args: Args): ConnectionResult<never> {
    return emptyConnection(args);
  }
  metafields(args: Args): ConnectionResult<never> {
    return emptyConnection(args);
  }
  metafield(): null {
    return null;
  }
}

type OrderSortKey = 'CREATED_AT' | 'ID' | 'ORDER_NUMBER' | 'PROCESSED_AT' | 'RELEVANCE' | 'UPDATED_AT' | 'TOTAL_PRICE' | 'CUSTOMER_NAME' | 'FINANCIAL_STATUS' | 'FULFILLMENT_STATUS' | 'TOTAL_ITEMS_QUANTITY' | 'DESTINATION' | 'PO_NUMBER';

/** Sort value per key; null → id order (ids ascend with creation, order number and processedAt for API orders). */
function sortValue(ctx: ExecContext, key: OrderSortKey): ((id: number) => string | number) | null {
  const orders = ctx.state.commerce.orders;
  switch (key) {
    case 'UPDATED_AT':
      return (id) => orders.stamps(id)?.updatedAt ?? 0;
    case 'PROCESSED_AT':
      return (id) => orders.get(id)?.processedAt ?? 0;
    case 'TOTAL_PRICE':
      return (id) => {
        const o = orders.get(id);
        return o ? orderTotals(o).total : 0;
      };
    case 'FINANCIAL_STATUS':
      return (id) => financialStatus(orders.get(id)!);
    case 'FULFILLMENT_STATUS':
      return (id) => displayFulfillmentStatus(orders.get(id)!);
    case 'TOTAL_ITEMS_QUANTITY':
      return (id) => orders.get(id)!.lines.reduce((n, l) => n + l.quantity, 0);
    default:
      return null;
  }
}

export const ordersConnection = {
  node(o: OrderRecord, ctx: ExecContext): OrderNode {
    return new OrderNode(o, ctx);
  },

  /** QueryRoot.orders: every live order, sorted and filtered. */
  list(args: Args, ctx: ExecContext, info: GraphQLResolveInfo | null, only: ((o: OrderRecord) => boolean) | null = null): ConnectionResult<OrderNode> {
    const a = shopifyConnectionArgs(args);
    const key = (typeof args.sortKey === 'string' ? args.sortKey : 'ID') as OrderSortKey;
    const value = sortValue(ctx, key);
    const orders = ctx.state.commerce.orders;
    const filter = typeof args.query === 'string' && args.query.trim() ? compileOrderSearch(args.query, ctx.state.shop.ianaTimezone, ctx.state.now()) : null;
    if (filter?.warnings.length && info) ctx.searchWarnings.push({ path: responsePathAsArray(info.path), query: String(args.query), warnings: filter.warnings });
    const match = filter || only ? (id: number): boolean => {
      const o = orders.get(id)!;
      return (!only || only(o)) && (!filter || filter.match(o));
    } : null;
    const page = paginate(orders.sequence(key, value, a.reverse), a, match);
    const keyOf = (id: number): CursorKey => ({ id, value: value ? value(id) : id });
    return toConnection(page, (id) => new OrderNode(orders.get(id)!, ctx), keyOf);
  },

  forCustomer(customerId: number, args: Args, ctx: ExecContext): ConnectionResult<OrderNode> {
    const ids = new Set(ctx.state.commerce.orderIdsOfCustomer(customerId));
    return ordersConnection.list(args, ctx, null, (o) => ids.has(o.id));
  },
};

/** A FulfillmentOrder object standing alone (a query or mutation payload), with its order. */
export function standaloneFulfillmentOrder(o: OrderRecord, ctx: ExecContext): Record<string, unknown> {
  return { ...fulfillmentOrderNode(o, ctx), order: new OrderNode(o, ctx) };
}
