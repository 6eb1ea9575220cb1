import { restOrder } from './commerce-rest';
import { customerPayload, redactCustomer, redactShop, requestCustomerData } from './customer-ops';
import { createFulfillment } from './fulfillment-ops';
import { gid, parseGid } from './ids';
import type { UserErrorData } from './ops-common';
import { buildOrder } from './order-ops';
import type { ShopifyState } from './state';

/**
 * Merchant/buyer-side actions for the commerce surface: a buyer checking out
 * online or a POS sale at a store, and the privacy requests Shopify sends
 * apps on behalf of customers and shops.
 * https://shopify.dev/docs/apps/build/privacy-law-compliance
 */

export interface PlaceOrderInput {
  lineItems: { variantId: string; quantity: number }[];
  customerId?: string | null;
  email?: string | null;
  discountCode?: string | null;
  /** Defaults to the primary (online) location. A location that doesn't fulfil online orders means a POS sale. */
  locationId?: string | null;
  /** 'online' (default unless the location is a store) or 'pos': POS sales are fulfilled at the counter. */
  channel?: 'online' | 'pos';
}

function idOf(value: string | null | undefined, type: string): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}

/** Returns the REST order, or the userErrors when the checkout would be refused. */
export function placeOrder(state: ShopifyState, input: PlaceOrderInput): { order: Record<string, unknown> | null; errors: UserErrorData[] } {
  const locationId = idOf(input.locationId, 'Location');
  const location = locationId === null ? state.commerce.inventory.primaryLocation() : state.commerce.inventory.location(locationId);
  const channel = input.channel ?? (location && !location.fulfillsOnlineOrders ? 'pos' : 'online');
  const r = buildOrder(state, {
    lines: input.lineItems.map((l) => ({ variantId: idOf(l.variantId, 'ProductVariant') ?? -1, quantity: l.quantity })),
    customerId: idOf(input.customerId, 'Customer'),
    email: input.email ?? null,
    discountCode: input.discountCode ?? null,
    locationId: location?.id ?? locationId ?? -1,
    sourceName: channel === 'pos' ? 'pos' : 'web',
    tags: channel === 'pos' ? ['pos'] : [],
    paid: true,
    inventoryBehaviour: 'DECREMENT_OBEYING_POLICY',
  });
  if (!r.order) return { order: null, errors: r.errors };
  let order = r.order;
  if (channel === 'pos') {
    const f = createFulfillment(state, { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: gid('FulfillmentOrder', order.fulfillmentOrderId) }] });
    if (f.order) order = f.order;
  }
  const customer = order.customerId === null ? null : (state.commerce.customers.get(order.customerId) ?? null);
  return { order: restOrder(order, state.shop.ianaTimezone, customer), errors: [] };
}

export function getCustomer(state: ShopifyState, customerId: string): Record<string, unknown> | null {
  const id = idOf(customerId, 'Customer');
  const c = id === null ? undefined : state.commerce.customers.get(id);
  return c ? customerPayload(state, c) : null;
}

export function getOrder(state: ShopifyState, orderId: string): Record<string, unknown> | null {
  const id = idOf(orderId, 'Order');
  const o = id === null ? undefined : state.commerce.orders.get(id);
  if (!o) return null;
  const customer = o.customerId === null ? null : (state.commerce.customers.get(o.customerId) ?? null);
  return restOrder(o, state.shop.ianaTimezone, customer);
}

export const privacy = {
  dataRequest: (state: ShopifyState, customerId: string) => requestCustomerData(state, idOf(customerId, 'Customer') ?? -1),
  redactCustomer: (state: ShopifyState, customerId: string) => redactCustomer(state, idOf(customerId, 'Customer') ?? -1),
  redactShop: (state: ShopifyState) => redactShop(state),
};
