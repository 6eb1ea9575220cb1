import { cloneOrder, fulfillmentOrderStatus, fulfillmentStatus, orderTotals, unfulfilledQuantity, type FulfillmentRecord, type OrderRecord, type RefundRecord, type RestockType, type ReturnRecord, type TrackingRecord } from './commerce-records';
import { restFulfillment, restRefund, restReturn } from './commerce-rest';
import { decimalToCents } from './commerce-records';
import { parseGid } from './ids';
import { applyChange } from './inventory-ops';
import type { UserErrorData } from './ops-common';
import { commitOrder, emitOrder } from './order-ops';
import type { ShopifyState } from './state';

/**
 * Fulfillments, tracking, refunds and returns on an order.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/fulfillmentCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/fulfillmentTrackingInfoUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/refundCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/returnRequest
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/returnCreate
 */

export interface TrackingInput {
  number?: string | null;
  numbers?: string[] | null;
  url?: string | null;
  urls?: string[] | null;
  company?: string | null;
}

export interface FulfillmentInput {
  lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
  trackingInfo?: TrackingInput | null;
  notifyCustomer?: boolean | null;
}

function num(value: string, type: string): number | null {
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}

function tracking(input: TrackingInput | null | undefined): TrackingRecord[] {
  if (!input) return [];
  const numbers = input.numbers?.length ? input.numbers : input.number ? [input.number] : [];
  const urls = input.urls?.length ? input.urls : input.url ? [input.url] : [];
  const n = Math.max(numbers.length, urls.length, input.company ? 1 : 0);
  return Array.from({ length: n }, (_, i) => ({ number: numbers[i] ?? null, company: input.company ?? null, url: urls[i] ?? null }));
}

export function createFulfillment(state: ShopifyState, input: FulfillmentInput): { order: OrderRecord | null; fulfillment: FulfillmentRecord | null; errors: UserErrorData[] } {
  const { commerce } = state;
  const groups = input.lineItemsByFulfillmentOrder;
  const fail = (message: string, field: string[] = ['fulfillment']): { order: null; fulfillment: null; errors: UserErrorData[] } => ({ order: null, fulfillment: null, errors: [{ field, message }] });
  if (!groups.length) return fail('Line items by fulfillment order must be present', ['fulfillment', 'lineItemsByFulfillmentOrder']);
  const foId = num(groups[0]!.fulfillmentOrderId, 'FulfillmentOrder');
  const current = foId === null ? undefined : commerce.orderOf('FulfillmentOrder', foId);
  if (!current || current.fulfillmentOrderId !== foId) return fail('Fulfillment order does not exist.', ['fulfillment', 'lineItemsByFulfillmentOrder', '0', 'fulfillmentOrderId']);
  if (groups.length > 1) return fail('All fulfillment orders must belong to the same location and order.');
  if (current.cancelledAt !== null || current.lines.every((l) => unfulfilledQuantity(l) === 0)) return fail(`Fulfillment order ${groups[0]!.fulfillmentOrderId} has an unfulfillable status= closed.`);
  // A held fulfillment order can't be fulfilled until every hold is released.
  if (fulfillmentOrderStatus(current) === 'ON_HOLD') return fail(`Fulfillment order ${groups[0]!.fulfillmentOrderId} has an unfulfillable status= on_hold.`);
  const next = cloneOrder(current);
  const wanted = groups[0]!.fulfillmentOrderLineItems;
  const picks: { lineId: number; quantity: number }[] = [];
  if (wanted?.length) {
    for (const [i, w] of wanted.entries()) {
      const line = next.lines.find((l) => l.foLineId === num(w.id, 'FulfillmentOrderLineItem'));
      if (!line) return fail('Fulfillment order line item does not exist.', ['fulfillment', 'lineItemsByFulfillmentOrder', '0', 'fulfillmentOrderLineItems', String(i), 'id']);
      if (w.quantity < 1 || w.quantity > unfulfilledQuantity(line)) return fail('Invalid fulfillment order line item quantity requested.', ['fulfillment', 'lineItemsByFulfillmentOrder', '0', 'fulfillmentOrderLineItems', String(i), 'quantity']);
      picks.push({ lineId: line.id, quantity: w.quantity });
    }
  } else {
    for (const l of next.lines) if (unfulfilledQuantity(l)) picks.push({ lineId: l.id, quantity: unfulfilledQuantity(l) });
  }
  const now = state.now();
  const f: FulfillmentRecord = {
    id: commerce.nextId('fulfillment'),
    name: `#${next.number}.${next.fulfillments.length + 1}`,
    status: 'SUCCESS',
    locationId: next.locationId,
    tracking: tracking(input.trackingInfo),
    lines: picks.map((p) => ({ id: commerce.nextId('fulfillmentLine'), lineItemId: p.lineId, quantity: p.quantity })),
    createdAt: now,
    updatedAt: now,
  };
  for (const p of picks) {
    const line = next.lines.find((l) => l.id === p.lineId)!;
    line.fulfilledQuantity += p.quantity;
    // Shipped stock leaves committed (and so on_hand).
    if (next.inventoryClaimed && line.inventoryItemId !== null) applyChange(state, line.inventoryItemId, next.locationId, { committed: -p.quantity });
  }
  next.fulfillments.push(f);
  commerce.own('Fulfillment', f.id, next.id);
  if (fulfillmentStatus(next) === 'FULFILLED' && orderTotals(next).paid >= orderTotals(next).total) next.closedAt = now;
  state.emitTopic('fulfillments/create', restFulfillment(next, f, state.shop.ianaTimezone));
  commitOrder(state, next);
  emitOrder(state, fulfillmentStatus(next) === 'FULFILLED' ? 'orders/fulfilled' : 'orders/partially_fulfilled', next);
  return { order: next, fulfillment: f, errors: [] };
}

export function updateTracking(state: ShopifyState, fulfillmentGid: string, input: TrackingInput): { order: OrderRecord | null; fulfillment: FulfillmentRecord | null; errors: UserErrorData[] } {
  const id = num(fulfillmentGid, 'Fulfillment');
  const current = id === null ? undefined : state.commerce.orderOf('Fulfillment', id);
  if (!current || !current.fulfillments.some((f) => f.id === id)) return { order: null, fulfillment: null, errors: [{ field: ['fulfillmentId'], message: 'Fulfillment does not exist.' }] };
  const next = cloneOrder(current);
  const f = next.fulfillments.find((x) => x.id === id)!;
  f.tracking = tracking(input);
  f.updatedAt = state.now();
  state.emitTopic('fulfillments/update', restFulfillment(next, f, state.shop.ianaTimezone));
  commitOrder(state, next);
  return { order: next, fulfillment: f, errors: [] };
}

export interface RefundInput {
  orderId: string;
  note?: string | null;
  refundLineItems?: { lineItemId: string; quantity: number; restockType?: RestockType | null; locationId?: string | null }[] | null;
  transactions?: { amount: string; gateway: string; kind: string; orderId: string; parentId?: string | null }[] | null;
}

export function createRefund(state: ShopifyState, input: RefundInput, returnId: number | null = null): { order: OrderRecord | null; refund: RefundRecord | null; errors: UserErrorData[] } {
  const { commerce } = state;
  const orderId = num(input.orderId, 'Order');
  const current = orderId === null ? undefined : commerce.orders.get(orderId);
  if (!current) return { order: null, refund: null, errors: [{ field: ['orderId'], message: 'Order does not exist' }] };
  const next = cloneOrder(current);
  const errors: UserErrorData[] = [];
  const now = state.now();
  const refund: RefundRecord = { id: commerce.nextId('refund'), note: input.note ?? null, lines: [], transactions: [], returnId, createdAt: now };
  const moves: (() => void)[] = [];
  (input.refundLineItems ?? []).forEach((r, i) => {
    const field = ['refundLineItems', String(i)];
    const line = next.lines.find((l) => l.id === num(r.lineItemId, 'LineItem'));
    if (!line) return errors.push({ field: [...field, 'lineItemId'], message: 'Line item does not exist' });
    if (r.quantity < 1 || r.quantity > line.quantity - line.refundedQuantity) return errors.push({ field: [...field, 'quantity'], message: `Quantity cannot refund more items than were purchased` });
    const restockType: RestockType = r.restockType ?? 'NO_RESTOCK';
    const locationId = r.locationId ? num(r.locationId, 'Location') : restockType === 'NO_RESTOCK' ? null : next.locationId;
    if (locationId !== null && !commerce.inventory.location(locationId)) return errors.push({ field: [...field, 'locationId'], message: 'Location does not exist' });
    const fromUnfulfilled = Math.min(r.quantity, unfulfilledQuantity(line));
    const fromFulfilled = r.quantity - fromUnfulfilled;
    if (restockType === 'CANCEL' && fromFulfilled > 0) return errors.push({ field: [...field, 'restockType'], message: 'Cannot cancel fulfilled line items; use RETURN' });
    const share = (cents: number): number => Math.round((cents * r.quantity) / line.quantity);
    refund.lines.push({ id: commerce.nextId('refundLine'), lineItemId: line.id, quantity: r.quantity, restockType, locationId, subtotalCents: line.unitCents * r.quantity - share(line.discountCents), taxCents: share(line.taxCents) });
    line.refundedQuantity += r.quantity;
    line.refundedUnfulfilled += fromUnfulfilled;
    if (restockType !== 'NO_RESTOCK' && line.inventoryItemId !== null && locationId !== null) {
      const itemId = line.inventoryItemId;
      const claimed = next.inventoryClaimed && locationId === next.locationId ? fromUnfulfilled : 0;
      moves.push(() => {
        if (!commerce.inventory.level(itemId, locationId)) commerce.inventory.activate(itemId, locationId, 0, now);
        applyChange(state, itemId, locationId, { available: r.quantity, ...(claimed ? { committed: -claimed } : {}) });
      });
    }
    return undefined;
  });
  const totals = orderTotals(next);
  let refundedNow = 0;
  (input.transactions ?? []).forEach((t, i) => {
    const cents = decimalToCents(t.amount);
    if (cents === null || cents <= 0) return errors.push({ field: ['transactions', String(i), 'amount'], message: 'Amount must be greater than 0' });
    if (t.kind !== 'REFUND') return errors.push({ field: ['transactions', String(i), 'kind'], message: 'Transaction kind must be REFUND' });
    refundedNow += cents;
    const parent = t.parentId ? num(t.parentId, 'OrderTransaction') : (next.transactions.find((x) => x.kind === 'SALE' || x.kind === 'CAPTURE')?.id ?? null);
    refund.transactions.push({ id: commerce.nextId('transaction'), kind: 'REFUND', status: 'SUCCESS', gateway: t.gateway, amountCents: cents, parentId: parent, createdAt: now });
    return undefined;
  });
  if (refundedNow > totals.paid - totals.refunded) errors.push({ field: ['transactions'], message: `Refund amount $${(refundedNow / 100).toFixed(2)} is greater than net payment received $${((totals.paid - totals.refunded) / 100).toFixed(2)}` });
  if (errors.length) return { order: null, refund: null, errors };
  for (const m of moves) m();
  next.refunds.push(refund);
  state.emitTopic('refunds/create', restRefund(next, refund, state.shop.ianaTimezone));
  commitOrder(state, next);
  return { order: next, refund, errors: [] };
}

export interface ReturnLineInput {
  fulfillmentLineItemId: string;
  quantity: number;
  returnReason: string;
  returnReasonNote?: string | null;
  customerNote?: string | null;
}

/** returnRequest (REQUESTED, awaiting approval) or returnCreate (OPEN at once). */
export function createReturn(state: ShopifyState, orderGid: string, lines: ReturnLineInput[], status: 'REQUESTED' | 'OPEN'): { ret: ReturnRecord | null; order: OrderRecord | null; errors: UserErrorData[] } {
  const { commerce } = state;
  const orderId = num(orderGid, 'Order');
  const current = orderId === null ? undefined : commerce.orders.get(orderId);
  if (!current) return { ret: null, order: null, errors: [{ field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' }] };
  const next = cloneOrder(current);
  const errors: UserErrorData[] = [];
  const ret: ReturnRecord = { id: commerce.nextId('returnRecord'), name: `#${next.number}-R${next.returns.length + 1}`, status, lines: [], createdAt: state.now() };
  lines.forEach((l, i) => {
    const field = ['returnLineItems', String(i)];
    const flId = num(l.fulfillmentLineItemId, 'FulfillmentLineItem');
    const fl = next.fulfillments.flatMap((f) => f.lines).find((x) => x.id === flId);
    if (!fl) return errors.push({ field: [...field, 'fulfillmentLineItemId'], message: 'Fulfillment line item does not exist', code: 'NOT_FOUND' });
    const already = next.returns.filter((r) => r.status !== 'CANCELED' && r.status !== 'DECLINED').flatMap((r) => r.lines).filter((x) => x.fulfillmentLineItemId === fl.id).reduce((n, x) => n + x.quantity, 0);
    if (l.quantity < 1 || l.quantity > fl.quantity - already) return errors.push({ field: [...field, 'quantity'], message: 'Quantity exceeds the returnable quantity', code: 'INVALID' });
    ret.lines.push({ id: commerce.nextId('returnLine'), fulfillmentLineItemId: fl.id, lineItemId: fl.lineItemId, quantity: l.quantity, returnReason: l.returnReason, returnReasonNote: l.returnReasonNote ?? '', customerNote: l.customerNote ?? null });
    return undefined;
  });
  if (!lines.length) errors.push({ field: ['returnLineItems'], message: 'Return line items must be present', code: 'BLANK' });
  if (errors.length) return { ret: null, order: null, errors };
  next.returns.push(ret);
  commerce.own('Return', ret.id, next.id);
  commitOrder(state, next);
  state.emitTopic(status === 'REQUESTED' ? 'returns/request' : 'returns/approve', restReturn(next, ret));
  return { ret, order: next, errors: [] };
}

export function approveReturn(state: ShopifyState, returnGid: string): { ret: ReturnRecord | null; order: OrderRecord | null; errors: UserErrorData[] } {
  const id = num(returnGid, 'Return');
  const current = id === null ? undefined : state.commerce.orderOf('Return', id);
  const found = current?.returns.find((r) => r.id === id);
  if (!current || !found) return { ret: null, order: null, errors: [{ field: ['input', 'id'], message: 'Return does not exist', code: 'NOT_FOUND' }] };
  if (found.status !== 'REQUESTED') return { ret: null, order: null, errors: [{ field: ['input', 'id'], message: 'Return is not approvable. Only returns with status REQUESTED can be approved.', code: 'INVALID_STATE' }] };
  const next = cloneOrder(current);
  const ret = next.returns.find((r) => r.id === id)!;
  ret.status = 'OPEN';
  commitOrder(state, next);
  state.emitTopic('returns/approve', restReturn(next, ret));
  return { ret, order: next, errors: [] };
}
