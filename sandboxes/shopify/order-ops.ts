import { cloneOrder, financialStatus, orderTotals, remainingUnits, unfulfilledQuantity, type AppliedDiscountRecord, type DiscountRecord, type OrderLineRecord, type OrderRecord, type TransactionRecord } from './commerce-records';
import { restOrder } from './commerce-rest';
import { toAddress, type AddressInput } from './customer-ops';
import { applyChange } from './inventory-ops';
import type { UserErrorData } from './ops-common';
import { normaliseTags, variantTitle } from './records';
import { SEED_TAX } from './seed-commerce';
import type { ShopifyState } from './state';

/**
 * Placing, creating, updating and cancelling orders. A placed order claims
 * stock at its location (available → committed); fulfilling ships it
 * (committed leaves on_hand); cancelling with restock releases it.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/orderCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/orderUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/orderCancel
 * https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps/manage-quantities-states
 */

export interface NewOrderLine {
  variantId?: number | null;
  quantity: number;
  /** Custom line (no variant) or price override, in cents. */
  unitCents?: number | null;
  title?: string | null;
  sku?: string | null;
  taxable?: boolean | null;
}

export type InventoryBehaviour = 'BYPASS' | 'DECREMENT_IGNORING_POLICY' | 'DECREMENT_OBEYING_POLICY';

export interface NewOrder {
  lines: NewOrderLine[];
  customerId?: number | null;
  email?: string | null;
  phone?: string | null;
  locationId?: number | null;
  sourceName?: string;
  note?: string | null;
  tags?: string[] | null;
  shippingAddress?: AddressInput | null;
  billingAddress?: AddressInput | null;
  /** A code discount of the shop (checkout), or a code with its own value (orderCreate). */
  discountCode?: string | null;
  discountOverride?: { code: string; kind: 'percentage' | 'fixed_amount'; value: number } | null;
  /** Explicit payments; when absent `paid` decides whether one SALE covers the total. */
  transactions?: { kind: TransactionRecord['kind']; status: TransactionRecord['status']; gateway: string; amountCents: number }[] | null;
  paid?: boolean;
  inventoryBehaviour: InventoryBehaviour;
  processedAt?: number | null;
  test?: boolean;
}

export interface OrderResult {
  order: OrderRecord | null;
  errors: UserErrorData[];
}

export function discountUsable(state: ShopifyState, d: DiscountRecord, customerId: number | null): string | null {
  const now = state.now();
  if (d.startsAt > now || (d.endsAt !== null && d.endsAt <= now)) return `Discount code ${d.code} is not active`;
  if (d.usageLimit !== null && d.usageCount >= d.usageLimit) return `Discount code ${d.code} has reached its usage limit`;
  if (d.appliesOncePerCustomer && customerId !== null && d.usedBy.includes(customerId)) return `Discount code ${d.code} has already been used`;
  return null;
}

export function buildOrder(state: ShopifyState, input: NewOrder): OrderResult {
  const { commerce } = state;
  const errors: UserErrorData[] = [];
  const location = input.locationId ? commerce.inventory.location(input.locationId) : commerce.inventory.primaryLocation();
  if (!location || !location.isActive) errors.push({ field: ['locationId'], message: 'Location does not exist or is not active', code: 'INVALID' });
  const customer = input.customerId ? commerce.customers.get(input.customerId) : undefined;
  if (input.customerId && !customer) errors.push({ field: ['customer'], message: 'Customer does not exist', code: 'INVALID' });
  if (!input.lines.length) errors.push({ field: ['lineItems'], message: 'Line items must have at least one line item', code: 'INVALID' });
  const lines: OrderLineRecord[] = [];
  input.lines.forEach((l, i) => {
    const field = ['lineItems', String(i)];
    if (!Number.isInteger(l.quantity) || l.quantity < 1) {
      errors.push({ field: [...field, 'quantity'], message: 'Quantity must be greater than or equal to 1', code: 'INVALID' });
      return;
    }
    const base = { id: commerce.nextId('lineItem'), foLineId: commerce.nextId('foLine'), quantity: l.quantity, discountCents: 0, taxCents: 0, fulfilledQuantity: 0, refundedUnfulfilled: 0, refundedQuantity: 0 };
    if (l.variantId) {
      const productId = state.products.productOfVariant(l.variantId);
      const p = productId === null ? undefined : state.products.get(productId);
      const v = p?.variants.find((x) => x.id === l.variantId);
      if (!p || !v) {
        errors.push({ field: [...field, 'variantId'], message: 'Product variant does not exist', code: 'INVALID' });
        return;
      }
      if (location && input.inventoryBehaviour !== 'BYPASS') {
        const level = commerce.inventory.level(v.inventoryItemId, location.id);
        const short = !level || level.quantities.available < l.quantity;
        if (!level || (short && input.inventoryBehaviour === 'DECREMENT_OBEYING_POLICY' && v.inventoryPolicy === 'DENY')) {
          errors.push({ field: [...field, 'quantity'], message: `Not enough inventory for ${p.title} at ${location.name}`, code: 'INVENTORY_CLAIM_FAILED' });
          return;
        }
      }
      lines.push({ ...base, variantId: v.id, productId: p.id, inventoryItemId: v.inventoryItemId, title: p.title, variantTitle: v.optionValues[0] === 'Default Title' ? null : variantTitle(v), sku: v.sku, vendor: p.vendor, unitCents: l.unitCents ?? Math.round(Number(v.price) * 100), taxable: l.taxable ?? v.taxable });
      return;
    }
    if (!l.title) {
      errors.push({ field: [...field, 'title'], message: 'Title is required for a custom line item', code: 'INVALID' });
      return;
    }
    lines.push({ ...base, variantId: null, productId: null, inventoryItemId: null, title: l.title, variantTitle: null, sku: l.sku ?? null, vendor: null, unitCents: l.unitCents ?? 0, taxable: l.taxable ?? true });
  });

  let discount: AppliedDiscountRecord | null = null;
  let codeDiscount: DiscountRecord | undefined;
  let entitled: OrderLineRecord[] = lines;
  if (input.discountCode) {
    codeDiscount = commerce.discountByCode(input.discountCode);
    const problem = codeDiscount ? discountUsable(state, codeDiscount, customer?.id ?? null) : `Discount code ${input.discountCode} does not exist`;
    if (problem) errors.push({ field: ['discountCode'], message: problem, code: 'INVALID' });
    else if (codeDiscount) {
      const scope = entitledLines(codeDiscount, lines);
      const problem = scopeProblem(codeDiscount, lines, scope);
      if (problem) errors.push({ field: ['discountCode'], message: problem, code: 'INVALID' });
      entitled = scope;
      const v = codeDiscount.value;
      // A per-item amount off the entitled items is that amount times their quantity.
      const cents = v.kind === 'amount' && v.appliesOnEachItem && codeDiscount.items.kind !== 'all' ? v.cents * scope.reduce((n, l) => n + l.quantity, 0) : v.kind === 'amount' ? v.cents : 0;
      discount = v.kind === 'percentage' ? { code: codeDiscount.code, kind: 'percentage', value: v.percentage, amountCents: 0 } : { code: codeDiscount.code, kind: 'fixed_amount', value: cents, amountCents: 0 };
    }
  } else if (input.discountOverride) {
    discount = { ...input.discountOverride, amountCents: 0 };
  }
  if (errors.length || !location) return { order: null, errors };

  if (discount) discount.amountCents = allocateDiscount(entitled, discount);
  for (const l of lines) l.taxCents = l.taxable ? Math.round((l.unitCents * l.quantity - l.discountCents) * SEED_TAX.rate) : 0;

  const now = state.now();
  const processedAt = input.processedAt ?? now;
  const claim = input.inventoryBehaviour !== 'BYPASS';
  const order: OrderRecord = {
    id: commerce.orders.allocateId(),
    number: commerce.allocateOrderNumber(),
    email: input.email ?? customer?.email ?? null,
    phone: input.phone ?? null,
    customerId: customer?.id ?? null,
    locationId: location.id,
    inventoryClaimed: claim,
    fulfillmentOrderId: commerce.nextId('fulfillmentOrder'),
    currency: state.shop.currencyCode,
    note: input.note ?? null,
    tags: normaliseTags(input.tags ?? []),
    sourceName: input.sourceName ?? 'web',
    test: input.test ?? false,
    taxRate: SEED_TAX.rate,
    taxTitle: SEED_TAX.title,
    lines,
    shippingAddress: input.shippingAddress ? toAddress(state, input.shippingAddress) : customer?.addresses[0] ? { ...customer.addresses[0], id: commerce.nextId('address') } : null,
    billingAddress: input.billingAddress ? toAddress(state, input.billingAddress) : null,
    discount,
    transactions: [],
    fulfillments: [],
    refunds: [],
    returns: [],
    fulfillmentHolds: [],
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    processedAt,
    createdAt: now,
    updatedAt: now,
  };
  const total = orderTotals(order).total;
  const txs = input.transactions ?? (input.paid ? [{ kind: 'SALE' as const, status: 'SUCCESS' as const, gateway: order.sourceName === 'pos' ? 'cash' : 'shopify_payments', amountCents: total }] : []);
  order.transactions = txs.map((t) => ({ ...t, id: commerce.nextId('transaction'), parentId: null, createdAt: processedAt }));

  if (claim) {
    for (const l of lines) if (l.inventoryItemId !== null) applyChange(state, l.inventoryItemId, location.id, { available: -l.quantity, committed: l.quantity });
  }
  if (codeDiscount) {
    codeDiscount.usageCount++;
    if (customer) codeDiscount.usedBy.push(customer.id);
  }
  commerce.addOrder(order);
  commerce.own('FulfillmentOrder', order.fulfillmentOrderId, order.id);
  emitOrder(state, 'orders/create', order);
  if (financialStatus(order) === 'PAID') emitOrder(state, 'orders/paid', order);
  return { order, errors: [] };
}

/** The lines a code discount applies to: all of them, or those of its products and variants. */
function entitledLines(d: DiscountRecord, lines: OrderLineRecord[]): OrderLineRecord[] {
  const items = d.items;
  if (items.kind === 'all') return lines;
  return lines.filter((l) => (l.productId !== null && items.productIds.includes(l.productId)) || (l.variantId !== null && items.variantIds.includes(l.variantId)));
}

/** Why the cart doesn't qualify (no entitled item, minimum not met), or null. */
function scopeProblem(d: DiscountRecord, lines: OrderLineRecord[], entitled: OrderLineRecord[]): string | null {
  if (!entitled.length) return `Discount code ${d.code} isn't valid for the items in your cart`;
  if (d.minimum?.kind === 'subtotal' && lines.reduce((n, l) => n + l.unitCents * l.quantity, 0) < d.minimum.cents) return `Discount code ${d.code} requires a minimum purchase`;
  if (d.minimum?.kind === 'quantity' && entitled.reduce((n, l) => n + l.quantity, 0) < d.minimum.quantity) return `Discount code ${d.code} requires a minimum quantity`;
  return null;
}

/** Spreads a code discount over the lines (largest remainder last); returns the total in cents. */
function allocateDiscount(lines: OrderLineRecord[], d: AppliedDiscountRecord): number {
  const gross = lines.reduce((n, l) => n + l.unitCents * l.quantity, 0);
  if (!gross) return 0;
  const total = d.kind === 'percentage' ? Math.round(gross * d.value) : Math.min(gross, Math.round(d.value));
  let left = total;
  lines.forEach((l, i) => {
    const share = i === lines.length - 1 ? left : Math.round((total * l.unitCents * l.quantity) / gross);
    l.discountCents = Math.min(share, l.unitCents * l.quantity);
    left -= l.discountCents;
  });
  return total;
}

export function emitOrder(state: ShopifyState, topic: string, order: OrderRecord): void {
  const customer = order.customerId === null ? null : (state.commerce.customers.get(order.customerId) ?? null);
  state.emitTopic(topic, restOrder(order, state.shop.ianaTimezone, customer));
}

/**
 * Stores a changed order, stamps it and fires orders/updated. A fulfillment
 * order with nothing left to ship (cancelled, refunded away) keeps no holds.
 */
export function commitOrder(state: ShopifyState, next: OrderRecord): OrderRecord {
  if (next.fulfillmentHolds.length && remainingUnits(next) === 0) next.fulfillmentHolds = [];
  next.updatedAt = state.now();
  state.commerce.orders.put(next);
  emitOrder(state, 'orders/updated', next);
  return next;
}

export interface OrderUpdateInput {
  id: string;
  email?: string | null;
  note?: string | null;
  tags?: string[] | null;
  shippingAddress?: AddressInput | null;
}

export function updateOrder(state: ShopifyState, orderId: number | null, input: OrderUpdateInput): OrderResult {
  const current = orderId === null ? undefined : state.commerce.orders.get(orderId);
  if (!current) return { order: null, errors: [{ field: ['id'], message: 'Order does not exist' }] };
  const next = cloneOrder(current);
  if ('email' in input) next.email = input.email?.trim() || null;
  if ('note' in input) next.note = input.note ?? null;
  if ('tags' in input) next.tags = normaliseTags(input.tags ?? []);
  if (input.shippingAddress) next.shippingAddress = toAddress(state, input.shippingAddress);
  return { order: commitOrder(state, next), errors: [] };
}

export function cancelOrder(state: ShopifyState, orderId: number | null, opts: { refund: boolean; restock: boolean; reason: string; staffNote?: string | null }): UserErrorData[] {
  const current = orderId === null ? undefined : state.commerce.orders.get(orderId);
  if (!current) return [{ field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' }];
  if (current.cancelledAt !== null) return [{ field: ['orderId'], message: 'Order has already been cancelled', code: 'INVALID' }];
  if (current.lines.some((l) => l.fulfilledQuantity > 0)) return [{ field: ['orderId'], message: 'Cannot cancel an order with fulfilled line items', code: 'INVALID' }];
  const next = cloneOrder(current);
  const now = state.now();
  if (opts.restock && next.inventoryClaimed) {
    for (const l of next.lines) {
      const q = unfulfilledQuantity(l);
      if (q && l.inventoryItemId !== null) applyChange(state, l.inventoryItemId, next.locationId, { available: q, committed: -q });
    }
  }
  const totals = orderTotals(next);
  const refundable = totals.paid - totals.refunded;
  if (opts.refund && refundable > 0) {
    const parent = next.transactions.find((t) => t.kind === 'SALE' || t.kind === 'CAPTURE');
    next.refunds.push({
      id: state.commerce.nextId('refund'),
      note: opts.staffNote ?? null,
      lines: next.lines.filter((l) => unfulfilledQuantity(l) > 0).map((l) => ({ id: state.commerce.nextId('refundLine'), lineItemId: l.id, quantity: unfulfilledQuantity(l), restockType: opts.restock ? 'CANCEL' : 'NO_RESTOCK', locationId: opts.restock ? next.locationId : null, subtotalCents: l.unitCents * unfulfilledQuantity(l) - l.discountCents, taxCents: l.taxCents })),
      transactions: [{ id: state.commerce.nextId('transaction'), kind: 'REFUND', status: 'SUCCESS', gateway: parent?.gateway ?? 'manual', amountCents: refundable, parentId: parent?.id ?? null, createdAt: now }],
      returnId: null,
      createdAt: now,
    });
  }
  for (const l of next.lines) {
    const q = unfulfilledQuantity(l);
    l.refundedUnfulfilled += q;
    l.refundedQuantity += q;
  }
  next.cancelledAt = now;
  next.cancelReason = opts.reason;
  next.closedAt = now;
  if (opts.staffNote) next.note = next.note ? `${next.note}\n${opts.staffNote}` : opts.staffNote;
  commitOrder(state, next);
  emitOrder(state, 'orders/cancelled', next);
  return [];
}
