import { cloneOrder, fulfillmentOrderStatus, unfulfilledQuantity, type FulfillmentHoldReason, type FulfillmentHoldRecord, type OrderRecord } from './commerce-records';
import { restHoldReleased, restPlacedOnHold } from './commerce-rest';
import { gid, parseGid } from './ids';
import type { UserErrorData } from './ops-common';
import { commitOrder } from './order-ops';
import type { ShopifyState } from './state';

/**
 * Fulfillment holds on an order's fulfillment order (2025-01 semantics: an
 * app may stack up to 10 holds on one fulfillment order, told apart by
 * `handle`; the order is ON_HOLD while any hold remains).
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/fulfillmentOrderHold
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/fulfillmentOrderReleaseHold
 * https://shopify.dev/changelog/apply-multiple-holds-to-a-single-fulfillment-order
 * https://shopify.dev/docs/api/admin-graphql/2025-01/enums/FulfillmentOrderHoldUserErrorCode
 */

/** "An app can only have up to 10 holds on a single fulfillment order at any one time." */
export const MAX_HOLDS_PER_FULFILLMENT_ORDER = 10;
/** FulfillmentOrderHoldInput.handle "cannot exceed 64 characters". */
const MAX_HANDLE = 64;

export interface FulfillmentHoldInput {
  reason: FulfillmentHoldReason;
  reasonNotes?: string | null;
  notifyMerchant?: boolean | null;
  externalId?: string | null;
  handle?: string | null;
  fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
}

export interface HoldResult {
  order: OrderRecord | null;
  hold: FulfillmentHoldRecord | null;
  errors: UserErrorData[];
}

/** The live order owning fulfillment order `foId`, or undefined. */
export function orderOfFulfillmentOrder(state: ShopifyState, foId: number | null): OrderRecord | undefined {
  const o = foId === null ? undefined : state.commerce.orderOf('FulfillmentOrder', foId);
  return o && o.fulfillmentOrderId === foId ? o : undefined;
}

const lineItemsField = ['fulfillmentHold', 'fulfillmentOrderLineItems'];

/**
 * Which units a hold covers. The sandbox keeps exactly one fulfillment order
 * per order, so it cannot split off the units a partial hold leaves out
 * (Shopify would move them to a new fulfillment order, returned as
 * remainingFulfillmentOrder). Line items that cover every remaining unit are
 * a hold on the whole fulfillment order; fewer units are refused with
 * FULFILLMENT_ORDER_NOT_SPLITTABLE.
 */
function checkLineItems(o: OrderRecord, wanted: { id: string; quantity: number }[], errors: UserErrorData[]): void {
  if (fulfillmentOrderStatus(o) === 'ON_HOLD') {
    // Documented: line items are not supported when the fulfillment order is already held.
    errors.push({ field: lineItemsField, message: 'The fulfillment order is already on hold, so it cannot be split: leave out fulfillmentOrderLineItems to add another hold.', code: 'FULFILLMENT_ORDER_NOT_SPLITTABLE' });
    return;
  }
  const held = new Map<number, number>();
  wanted.forEach((w, i) => {
    const field = [...lineItemsField, String(i)];
    const p = parseGid(w.id);
    const line = p && p.type === 'FulfillmentOrderLineItem' ? o.lines.find((l) => l.foLineId === p.id) : undefined;
    if (!line) {
      errors.push({ field: [...field, 'id'], message: `Fulfillment order line item ${w.id} does not exist on this fulfillment order.` });
      return;
    }
    if (w.quantity <= 0) {
      errors.push({ field: [...field, 'quantity'], message: 'The fulfillment order line item quantity must be greater than 0.', code: 'GREATER_THAN_ZERO' });
      return;
    }
    const total = (held.get(line.id) ?? 0) + w.quantity;
    if (total > unfulfilledQuantity(line)) {
      errors.push({ field: [...field, 'quantity'], message: `The fulfillment order line item quantity is invalid: ${total} requested, ${unfulfilledQuantity(line)} remaining.`, code: 'INVALID_LINE_ITEM_QUANTITY' });
      return;
    }
    held.set(line.id, total);
  });
  if (errors.length) return;
  const partial = o.lines.some((l) => unfulfilledQuantity(l) > 0 && (held.get(l.id) ?? 0) < unfulfilledQuantity(l));
  if (partial) {
    errors.push({
      field: lineItemsField,
      message: 'The fulfillment order is not in a splittable state: this sandbox keeps one fulfillment order per order, so a hold must cover every remaining unit (or leave out fulfillmentOrderLineItems).',
      code: 'FULFILLMENT_ORDER_NOT_SPLITTABLE',
    });
  }
}

export function placeHold(state: ShopifyState, foId: number | null, input: FulfillmentHoldInput): HoldResult {
  const fail = (errors: UserErrorData[]): HoldResult => ({ order: null, hold: null, errors });
  const current = orderOfFulfillmentOrder(state, foId);
  if (!current) return fail([{ field: ['id'], message: 'The fulfillment order could not be found.', code: 'FULFILLMENT_ORDER_NOT_FOUND' }]);
  const status = fulfillmentOrderStatus(current);
  if (status === 'CLOSED' || status === 'CANCELLED') {
    // No FulfillmentOrderHoldUserErrorCode names this case, so the error carries no code.
    return fail([{ field: ['id'], message: `Fulfillment order ${gid('FulfillmentOrder', current.fulfillmentOrderId)} can't be placed on hold: its status is ${status.toLowerCase()}.` }]);
  }
  const handle = input.handle ?? '';
  if (handle.length > MAX_HANDLE) return fail([{ field: ['fulfillmentHold', 'handle'], message: `Handle is too long (maximum is ${MAX_HANDLE} characters)` }]);
  if (current.fulfillmentHolds.some((h) => h.handle === handle)) {
    return fail([{ field: ['fulfillmentHold', 'handle'], message: 'The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.', code: 'DUPLICATE_FULFILLMENT_HOLD_HANDLE' }]);
  }
  if (current.fulfillmentHolds.length >= MAX_HOLDS_PER_FULFILLMENT_ORDER) {
    return fail([{ field: ['id'], message: `The maximum number of fulfillment holds for this fulfillment order has been reached for this app. An app can only have up to ${MAX_HOLDS_PER_FULFILLMENT_ORDER} holds on a single fulfillment order at any one time.`, code: 'FULFILLMENT_ORDER_HOLD_LIMIT_REACHED' }]);
  }
  const errors: UserErrorData[] = [];
  if (input.fulfillmentOrderLineItems?.length) checkLineItems(current, input.fulfillmentOrderLineItems, errors);
  if (errors.length) return fail(errors);

  const now = state.now();
  const hold: FulfillmentHoldRecord = {
    id: state.commerce.nextId('fulfillmentHold'),
    handle,
    reason: input.reason,
    reasonNotes: input.reasonNotes ?? null,
    externalId: input.externalId ?? null,
    notifyMerchant: input.notifyMerchant ?? false,
    createdAt: now,
  };
  const next = cloneOrder(current);
  next.fulfillmentHolds.push(hold);
  commitOrder(state, next);
  // Fires once, when the fulfillment order turns ON_HOLD (not for stacked holds).
  if (status !== 'ON_HOLD') state.emitTopic('fulfillment_orders/placed_on_hold', restPlacedOnHold(next, hold));
  return { order: next, hold, errors: [] };
}

/**
 * Releases the listed holds, or every hold when `holdIds` is null. Ids of
 * holds on other fulfillment orders are ignored ("Holds will only be released
 * if they belong to the fulfillment order specified"). `externalId` only
 * labels the releasing system; the sandbox accepts and drops it.
 */
export function releaseHolds(state: ShopifyState, foId: number | null, holdIds: readonly string[] | null): { order: OrderRecord | null; errors: UserErrorData[] } {
  const current = orderOfFulfillmentOrder(state, foId);
  if (!current) return { order: null, errors: [{ field: ['id'], message: "The fulfillment order wasn't found.", code: 'FULFILLMENT_ORDER_NOT_FOUND' }] };
  const ids = holdIds === null ? null : new Set(holdIds.flatMap((h) => {
    const p = parseGid(h);
    return p?.type === 'FulfillmentHold' ? [p.id] : [];
  }));
  const kept = ids === null ? [] : current.fulfillmentHolds.filter((h) => !ids.has(h.id));
  if (kept.length === current.fulfillmentHolds.length) return { order: current, errors: [] };
  const next = cloneOrder(current);
  next.fulfillmentHolds = kept;
  commitOrder(state, next);
  // Fires once, when the last hold goes and the fulfillment order is no longer ON_HOLD.
  if (!kept.length) state.emitTopic('fulfillment_orders/hold_released', restHoldReleased(next));
  return { order: next, errors: [] };
}
