/**
 * In-memory records for the commerce surface beyond the catalogue: locations,
 * inventory levels, customers, orders (with fulfillments, refunds, returns)
 * and basic (code and automatic) discounts. Money is integer cents of the shop currency; times are
 * epoch milliseconds at second precision; ids are the numeric part of a gid.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Order
 */

export interface AddressRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface LocationRecord {
  id: number;
  name: string;
  address: Omit<AddressRecord, 'id' | 'firstName' | 'lastName' | 'company'>;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Quantity names an inventory level tracks; on_hand is derived (available + committed + unavailable). */
export const QUANTITY_NAMES = ['available', 'committed', 'incoming', 'reserved', 'damaged', 'safety_stock', 'quality_control'] as const;
export type StoredQuantityName = (typeof QUANTITY_NAMES)[number];

export interface LevelRecord {
  inventoryItemId: number;
  locationId: number;
  quantities: Record<StoredQuantityName, number>;
  createdAt: number;
  updatedAt: number;
}

export type EmailMarketingState = 'NOT_SUBSCRIBED' | 'PENDING' | 'SUBSCRIBED' | 'UNSUBSCRIBED' | 'REDACTED' | 'INVALID';
export type SmsMarketingState = 'NOT_SUBSCRIBED' | 'PENDING' | 'SUBSCRIBED' | 'UNSUBSCRIBED' | 'REDACTED';
export type OptInLevel = 'SINGLE_OPT_IN' | 'CONFIRMED_OPT_IN' | 'UNKNOWN';

export interface ConsentRecord<S extends string> {
  marketingState: S;
  marketingOptInLevel: OptInLevel | null;
  consentUpdatedAt: number | null;
}

export interface CustomerRecord {
  id: number;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  note: string | null;
  locale: string;
  tags: string[];
  taxExempt: boolean;
  verifiedEmail: boolean;
  state: 'DISABLED' | 'ENABLED' | 'INVITED' | 'DECLINED';
  addresses: AddressRecord[];
  defaultAddressId: number | null;
  emailMarketingConsent: ConsentRecord<EmailMarketingState> | null;
  smsMarketingConsent: ConsentRecord<SmsMarketingState> | null;
  createdAt: number;
  updatedAt: number;
}

export interface OrderLineRecord {
  id: number;
  /** FulfillmentOrderLineItem id paired with this line. */
  foLineId: number;
  variantId: number | null;
  productId: number | null;
  inventoryItemId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  unitCents: number;
  /** Discount allocated to the whole line. */
  discountCents: number;
  taxCents: number;
  taxable: boolean;
  fulfilledQuantity: number;
  /** Refunded quantity that had not been fulfilled (removed from the fulfillment order). */
  refundedUnfulfilled: number;
  refundedQuantity: number;
}

export interface TrackingRecord {
  number: string | null;
  company: string | null;
  url: string | null;
}

export interface FulfillmentRecord {
  id: number;
  name: string;
  status: 'SUCCESS' | 'CANCELLED';
  locationId: number;
  tracking: TrackingRecord[];
  lines: { id: number; lineItemId: number; quantity: number }[];
  createdAt: number;
  updatedAt: number;
}

export type TransactionKind = 'SALE' | 'CAPTURE' | 'AUTHORIZATION' | 'VOID' | 'REFUND' | 'CHANGE' | 'EMV_AUTHORIZATION' | 'SUGGESTED_REFUND';

export interface TransactionRecord {
  id: number;
  kind: TransactionKind;
  status: 'SUCCESS' | 'FAILURE' | 'PENDING' | 'ERROR' | 'AWAITING_RESPONSE' | 'UNKNOWN';
  gateway: string;
  amountCents: number;
  parentId: number | null;
  createdAt: number;
}

export type RestockType = 'RETURN' | 'CANCEL' | 'LEGACY_RESTOCK' | 'NO_RESTOCK';

export interface RefundRecord {
  id: number;
  note: string | null;
  lines: { id: number; lineItemId: number; quantity: number; restockType: RestockType; locationId: number | null; subtotalCents: number; taxCents: number }[];
  transactions: TransactionRecord[];
  returnId: number | null;
  createdAt: number;
}

export interface ReturnRecord {
  id: number;
  name: string;
  status: 'REQUESTED' | 'OPEN' | 'CLOSED' | 'CANCELED' | 'DECLINED';
  lines: { id: number; fulfillmentLineItemId: number; lineItemId: number; quantity: number; returnReason: string; returnReasonNote: string; customerNote: string | null }[];
  createdAt: number;
}

export type FulfillmentHoldReason = 'AWAITING_PAYMENT' | 'HIGH_RISK_OF_FRAUD' | 'INCORRECT_ADDRESS' | 'INVENTORY_OUT_OF_STOCK' | 'UNKNOWN_DELIVERY_DATE' | 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL' | 'AWAITING_RETURN_ITEMS' | 'OTHER';

/**
 * A hold on the order's fulfillment order. Every hold the sandbox knows was
 * placed through the API by the calling app (heldByRequestingApp).
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/FulfillmentHold
 */
export interface FulfillmentHoldRecord {
  id: number;
  /** "" when the caller gave none; unique per fulfillment order. */
  handle: string;
  reason: FulfillmentHoldReason;
  reasonNotes: string | null;
  externalId: string | null;
  notifyMerchant: boolean;
  createdAt: number;
}

export interface AppliedDiscountRecord {
  code: string;
  kind: 'percentage' | 'fixed_amount';
  /** 0–1 for percentage; cents for fixed_amount. */
  value: number;
  amountCents: number;
}

export interface OrderRecord {
  id: number;
  number: number;
  email: string | null;
  phone: string | null;
  customerId: number | null;
  locationId: number;
  /** Placing the order moved stock from available to committed at locationId. */
  inventoryClaimed: boolean;
  fulfillmentOrderId: number;
  currency: string;
  note: string | null;
  tags: string[];
  sourceName: string;
  test: boolean;
  taxRate: number;
  taxTitle: string;
  lines: OrderLineRecord[];
  shippingAddress: AddressRecord | null;
  billingAddress: AddressRecord | null;
  discount: AppliedDiscountRecord | null;
  transactions: TransactionRecord[];
  fulfillments: FulfillmentRecord[];
  refunds: RefundRecord[];
  returns: ReturnRecord[];
  /** Holds on the fulfillment order, oldest first; any hold puts it ON_HOLD. */
  fulfillmentHolds: FulfillmentHoldRecord[];
  cancelledAt: number | null;
  cancelReason: string | null;
  closedAt: number | null;
  processedAt: number;
  createdAt: number;
  updatedAt: number;
}

/** What basic (amount-off) discounts share, whether redeemed by code or applied automatically. */
export interface BasicDiscountFields {
  /** Code and automatic discounts draw from one id sequence, as in Shopify. */
  id: number;
  title: string;
  startsAt: number;
  endsAt: number | null;
  value: { kind: 'percentage'; percentage: number } | { kind: 'amount'; cents: number; appliesOnEachItem: boolean };
  /** What the customer gets the discount on: the whole order, or these products / variants. */
  items: DiscountItemsRecord;
  /** Minimum purchase to qualify (subtotal in cents, or a quantity of entitled items). */
  minimum: { kind: 'subtotal'; cents: number } | { kind: 'quantity'; quantity: number } | null;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  usageCount: number;
  createdAt: number;
  updatedAt: number;
}

/** A basic code discount (DiscountCodeNode / DiscountCodeBasic). */
export interface DiscountRecord extends BasicDiscountFields {
  redeemCodeId: number;
  code: string;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  /** Customers who used it (appliesOncePerCustomer). */
  usedBy: number[];
}

/** A basic automatic discount (DiscountAutomaticNode / DiscountAutomaticBasic): no code, usage limit or customer selection. */
export interface AutomaticDiscountRecord extends BasicDiscountFields {
  /** Billing cycles it applies to on subscriptions (0 = indefinitely). */
  recurringCycleLimit: number;
}

export type DiscountItemsRecord = { kind: 'all' } | { kind: 'products'; productIds: number[]; variantIds: number[] };

/** Order-level sums, all in cents. */
export interface OrderTotals {
  subtotal: number;
  discounts: number;
  tax: number;
  total: number;
  refunded: number;
  paid: number;
}

export function orderTotals(o: OrderRecord): OrderTotals {
  let gross = 0;
  let discounts = 0;
  let tax = 0;
  for (const l of o.lines) {
    gross += l.unitCents * l.quantity;
    discounts += l.discountCents;
    tax += l.taxCents;
  }
  let paid = 0;
  let refunded = 0;
  for (const t of allTransactions(o)) {
    if (t.status !== 'SUCCESS') continue;
    if (t.kind === 'SALE' || t.kind === 'CAPTURE') paid += t.amountCents;
    if (t.kind === 'REFUND') refunded += t.amountCents;
  }
  const subtotal = gross - discounts;
  return { subtotal, discounts, tax, total: subtotal + tax, refunded, paid };
}

export function allTransactions(o: OrderRecord): TransactionRecord[] {
  return o.refunds.length ? [...o.transactions, ...o.refunds.flatMap((r) => r.transactions)] : o.transactions;
}

/** OrderDisplayFinancialStatus from the transactions. */
export function financialStatus(o: OrderRecord): string {
  const t = orderTotals(o);
  if (t.paid === 0) return o.cancelledAt !== null ? 'VOIDED' : 'PENDING';
  if (t.refunded >= t.paid) return 'REFUNDED';
  if (t.refunded > 0) return 'PARTIALLY_REFUNDED';
  return t.paid >= t.total ? 'PAID' : 'PARTIALLY_PAID';
}

/** Quantity still to ship on a line. */
export function unfulfilledQuantity(l: OrderLineRecord): number {
  return Math.max(0, l.quantity - l.fulfilledQuantity - l.refundedUnfulfilled);
}

/** OrderDisplayFulfillmentStatus. */
export function fulfillmentStatus(o: OrderRecord): 'FULFILLED' | 'PARTIALLY_FULFILLED' | 'UNFULFILLED' {
  const fulfilled = o.lines.reduce((n, l) => n + l.fulfilledQuantity, 0);
  const open = o.lines.reduce((n, l) => n + unfulfilledQuantity(l), 0);
  if (open === 0 && fulfilled > 0) return 'FULFILLED';
  return fulfilled > 0 ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED';
}

/** Units still to ship on the order's fulfillment order. */
export function remainingUnits(o: OrderRecord): number {
  return o.lines.reduce((n, l) => n + unfulfilledQuantity(l), 0);
}

export type FulfillmentOrderStatus = 'OPEN' | 'IN_PROGRESS' | 'ON_HOLD' | 'CLOSED' | 'CANCELLED';

/** FulfillmentOrderStatus of the order's single fulfillment order. */
export function fulfillmentOrderStatus(o: OrderRecord): FulfillmentOrderStatus {
  const shipped = o.lines.reduce((n, l) => n + l.fulfilledQuantity, 0);
  if (o.cancelledAt !== null && shipped === 0) return 'CANCELLED';
  if (remainingUnits(o) === 0) return 'CLOSED';
  if (o.fulfillmentHolds.length) return 'ON_HOLD';
  return shipped > 0 ? 'IN_PROGRESS' : 'OPEN';
}

/**
 * Order.displayFulfillmentStatus: ON_HOLD while the unfulfilled items are on
 * hold ("All of the unfulfilled items in this order are on hold"), otherwise
 * the shipped state. Search keeps using fulfillmentStatus, so a held order
 * still matches fulfillment_status:unfulfilled.
 */
export function displayFulfillmentStatus(o: OrderRecord): string {
  return fulfillmentOrderStatus(o) === 'ON_HOLD' ? 'ON_HOLD' : fulfillmentStatus(o);
}

export function centsToDecimal(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** "19.99" → 1999 (null when not a number). */
export function decimalToCents(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

export function cloneOrder(o: OrderRecord): OrderRecord {
  return structuredClone(o);
}

export function cloneCustomer(c: CustomerRecord): CustomerRecord {
  return structuredClone(c);
}
