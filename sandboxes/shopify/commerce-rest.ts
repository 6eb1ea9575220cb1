import { centsToDecimal, financialStatus, fulfillmentOrderStatus, fulfillmentStatus, orderTotals, unfulfilledQuantity, type AddressRecord, type CustomerRecord, type FulfillmentHoldRecord, type FulfillmentRecord, type LevelRecord, type OrderRecord, type RefundRecord, type ReturnRecord } from './commerce-records';
import { gid } from './ids';
import { formatInZone } from './shop-time';

/**
 * Webhook payloads for the commerce topics, in the REST Admin API 2025-01
 * resource shapes (snake_case, numeric ids, shop-local timestamps, money as
 * decimal strings).
 * https://shopify.dev/docs/api/admin-rest/2025-01/resources/order
 * https://shopify.dev/docs/api/admin-rest/2025-01/resources/customer
 * https://shopify.dev/docs/api/admin-rest/2025-01/resources/inventorylevel
 * https://shopify.dev/docs/api/webhooks/2025-01 (topics and example payloads)
 */

type Json = Record<string, unknown>;

export function inventoryLevelGid(itemId: number, locationId: number): string {
  return `${gid('InventoryLevel', locationId)}?inventory_item_id=${itemId}`;
}

export function restInventoryLevel(l: LevelRecord, tz: string): Json {
  return { inventory_item_id: l.inventoryItemId, location_id: l.locationId, available: l.quantities.available, updated_at: formatInZone(l.updatedAt, tz), admin_graphql_api_id: inventoryLevelGid(l.inventoryItemId, l.locationId) };
}

export function restAddress(a: AddressRecord, customerId: number | null, isDefault: boolean): Json {
  return {
    ...(customerId !== null ? { id: a.id, customer_id: customerId } : {}),
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    country: a.country,
    zip: a.zip,
    phone: a.phone,
    name: [a.firstName, a.lastName].filter(Boolean).join(' '),
    province_code: a.provinceCode,
    country_code: a.countryCode,
    country_name: a.country,
    ...(customerId !== null ? { default: isDefault } : {}),
  };
}

export function restCustomer(c: CustomerRecord, tz: string, orders: { count: number; spentCents: number; lastId: number | null; lastName: string | null }): Json {
  const t = (ms: number | null): string | null => (ms === null ? null : formatInZone(ms, tz));
  const def = c.addresses.find((a) => a.id === c.defaultAddressId) ?? null;
  return {
    id: c.id,
    email: c.email,
    created_at: t(c.createdAt),
    updated_at: t(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    orders_count: orders.count,
    state: c.state.toLowerCase(),
    total_spent: centsToDecimal(orders.spentCents),
    last_order_id: orders.lastId,
    note: c.note,
    verified_email: c.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: c.taxExempt,
    tags: c.tags.join(', '),
    last_order_name: orders.lastName,
    currency: 'USD',
    phone: c.phone,
    addresses: c.addresses.map((a) => restAddress(a, c.id, a.id === c.defaultAddressId)),
    tax_exemptions: [],
    email_marketing_consent: c.emailMarketingConsent ? { state: c.emailMarketingConsent.marketingState.toLowerCase(), opt_in_level: c.emailMarketingConsent.marketingOptInLevel?.toLowerCase() ?? null, consent_updated_at: t(c.emailMarketingConsent.consentUpdatedAt) } : null,
    sms_marketing_consent: c.smsMarketingConsent ? { state: c.smsMarketingConsent.marketingState.toLowerCase(), opt_in_level: c.smsMarketingConsent.marketingOptInLevel?.toLowerCase() ?? null, consent_updated_at: t(c.smsMarketingConsent.consentUpdatedAt), consent_collected_from: 'OTHER' } : null,
    admin_graphql_api_id: gid('Customer', c.id),
    default_address: def ? restAddress(def, c.id, true) : null,
  };
}

/** customers/delete carries the id and little else. */
export function restDeletedCustomer(c: CustomerRecord): Json {
  return { id: c.id, phone: null, addresses: [], tax_exemptions: [], email_marketing_consent: null, sms_marketing_consent: null, admin_graphql_api_id: gid('Customer', c.id) };
}

export function restFulfillment(o: OrderRecord, f: FulfillmentRecord, tz: string): Json {
  return {
    id: f.id,
    admin_graphql_api_id: gid('Fulfillment', f.id),
    created_at: formatInZone(f.createdAt, tz),
    location_id: f.locationId,
    name: f.name,
    order_id: o.id,
    status: f.status.toLowerCase(),
    tracking_company: f.tracking[0]?.company ?? null,
    tracking_number: f.tracking[0]?.number ?? null,
    tracking_numbers: f.tracking.map((x) => x.number).filter(Boolean),
    tracking_url: f.tracking[0]?.url ?? null,
    tracking_urls: f.tracking.map((x) => x.url).filter(Boolean),
    updated_at: formatInZone(f.updatedAt, tz),
    line_items: f.lines.map((fl) => {
      const line = o.lines.find((l) => l.id === fl.lineItemId)!;
      return { ...restLine(o, line.id), quantity: fl.quantity };
    }),
  };
}

export function restRefund(o: OrderRecord, r: RefundRecord, tz: string): Json {
  return {
    id: r.id,
    admin_graphql_api_id: gid('Refund', r.id),
    created_at: formatInZone(r.createdAt, tz),
    note: r.note,
    order_id: o.id,
    processed_at: formatInZone(r.createdAt, tz),
    restock: r.lines.some((l) => l.restockType !== 'NO_RESTOCK'),
    refund_line_items: r.lines.map((l) => ({ id: l.id, line_item_id: l.lineItemId, location_id: l.locationId, quantity: l.quantity, restock_type: l.restockType === 'RETURN' ? 'return' : l.restockType === 'CANCEL' ? 'cancel' : l.restockType === 'NO_RESTOCK' ? 'no_restock' : 'legacy_restock', subtotal: centsToDecimal(l.subtotalCents), total_tax: centsToDecimal(l.taxCents), line_item: restLine(o, l.lineItemId) })),
    transactions: r.transactions.map((t) => ({ id: t.id, admin_graphql_api_id: gid('OrderTransaction', t.id), amount: centsToDecimal(t.amountCents), created_at: formatInZone(t.createdAt, tz), currency: o.currency, gateway: t.gateway, kind: t.kind.toLowerCase(), order_id: o.id, parent_id: t.parentId, status: t.status.toLowerCase() })),
    order_adjustments: [],
  };
}

export function restReturn(o: OrderRecord, r: ReturnRecord): Json {
  return {
    id: r.id,
    admin_graphql_api_id: gid('Return', r.id),
    status: r.status.toLowerCase(),
    name: r.name,
    order: { id: o.id, admin_graphql_api_id: gid('Order', o.id) },
    total_return_line_items: r.lines.reduce((n, l) => n + l.quantity, 0),
    return_line_items: r.lines.map((l) => ({ id: l.id, admin_graphql_api_id: gid('ReturnLineItem', l.id), fulfillment_line_item: { id: l.fulfillmentLineItemId, admin_graphql_api_id: gid('FulfillmentLineItem', l.fulfillmentLineItemId), line_item: { id: l.lineItemId, admin_graphql_api_id: gid('LineItem', l.lineItemId) } }, quantity: l.quantity, return_reason: l.returnReason.toLowerCase(), return_reason_note: l.returnReasonNote, customer_note: l.customerNote })),
  };
}

/**
 * A fulfillment hold in the fulfillment_orders/* webhook payloads. These
 * payloads use gids for ids. The sandbox has no App object, so held_by_app is
 * null; a webhook has no requesting app, so held_by_requesting_app is false.
 * https://shopify.dev/docs/api/webhooks/2025-01 (fulfillment_orders/placed_on_hold, fulfillment_orders/hold_released)
 * https://shopify.dev/changelog/new-created_fulfillment_hold-field-on-fulfillment_orders-placed_on_hold-webhook
 */
function restHold(h: FulfillmentHoldRecord): Json {
  return { id: gid('FulfillmentHold', h.id), handle: h.handle, reason: h.reason.toLowerCase(), reason_notes: h.reasonNotes, held_by_requesting_app: false, held_by_app: null };
}

/** fulfillment_orders/placed_on_hold: the held fulfillment order, its holds and the hold just created. */
export function restPlacedOnHold(o: OrderRecord, created: FulfillmentHoldRecord): Json {
  return {
    fulfillment_order: { id: gid('FulfillmentOrder', o.fulfillmentOrderId), status: fulfillmentOrderStatus(o).toLowerCase(), fulfillment_holds: o.fulfillmentHolds.map(restHold) },
    // The sandbox never splits a fulfillment order, so nothing remains outside the hold.
    remaining_fulfillment_order: null,
    held_fulfillment_order_line_items: o.lines.filter((l) => unfulfilledQuantity(l) > 0).map((l) => ({ id: gid('FulfillmentOrderLineItem', l.foLineId), quantity: unfulfilledQuantity(l) })),
    created_fulfillment_hold: restHold(created),
  };
}

/** fulfillment_orders/hold_released: the fulfillment order once its last hold is gone. */
export function restHoldReleased(o: OrderRecord): Json {
  return { fulfillment_order: { id: gid('FulfillmentOrder', o.fulfillmentOrderId), status: fulfillmentOrderStatus(o).toLowerCase() } };
}

function restLine(o: OrderRecord, lineId: number): Json {
  const l = o.lines.find((x) => x.id === lineId)!;
  const m = (cents: number): Json => ({ shop_money: { amount: centsToDecimal(cents), currency_code: o.currency }, presentment_money: { amount: centsToDecimal(cents), currency_code: o.currency } });
  return {
    id: l.id,
    admin_graphql_api_id: gid('LineItem', l.id),
    current_quantity: l.quantity - l.refundedQuantity,
    fulfillable_quantity: unfulfilledQuantity(l),
    fulfillment_service: 'manual',
    fulfillment_status: l.fulfilledQuantity >= l.quantity ? 'fulfilled' : l.fulfilledQuantity > 0 ? 'partial' : null,
    gift_card: false,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    price: centsToDecimal(l.unitCents),
    price_set: m(l.unitCents),
    product_exists: l.productId !== null,
    product_id: l.productId,
    quantity: l.quantity,
    requires_shipping: true,
    sku: l.sku,
    taxable: l.taxable,
    title: l.title,
    total_discount: centsToDecimal(l.discountCents),
    total_discount_set: m(l.discountCents),
    variant_id: l.variantId,
    variant_title: l.variantTitle,
    vendor: l.vendor,
    tax_lines: l.taxCents ? [{ channel_liable: false, price: centsToDecimal(l.taxCents), price_set: m(l.taxCents), rate: o.taxRate, title: o.taxTitle }] : [],
    discount_allocations: l.discountCents ? [{ amount: centsToDecimal(l.discountCents), amount_set: m(l.discountCents), discount_application_index: 0 }] : [],
  };
}

export function restOrder(o: OrderRecord, tz: string, customer: CustomerRecord | null): Json {
  const t = (ms: number | null): string | null => (ms === null ? null : formatInZone(ms, tz));
  const totals = orderTotals(o);
  const m = (cents: number): Json => ({ shop_money: { amount: centsToDecimal(cents), currency_code: o.currency }, presentment_money: { amount: centsToDecimal(cents), currency_code: o.currency } });
  const fs = fulfillmentStatus(o);
  return {
    id: o.id,
    admin_graphql_api_id: gid('Order', o.id),
    name: `#${o.number}`,
    order_number: o.number,
    number: o.number - 1000,
    email: o.email,
    contact_email: o.email,
    phone: o.phone,
    created_at: t(o.createdAt),
    updated_at: t(o.updatedAt),
    processed_at: t(o.processedAt),
    cancelled_at: t(o.cancelledAt),
    cancel_reason: o.cancelReason?.toLowerCase() ?? null,
    closed_at: t(o.closedAt),
    confirmed: true,
    currency: o.currency,
    presentment_currency: o.currency,
    financial_status: financialStatus(o).toLowerCase(),
    fulfillment_status: fs === 'FULFILLED' ? 'fulfilled' : fs === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    location_id: o.sourceName === 'pos' ? o.locationId : null,
    source_name: o.sourceName,
    test: o.test,
    note: o.note,
    tags: o.tags.join(', '),
    taxes_included: false,
    total_price: centsToDecimal(totals.total),
    total_price_set: m(totals.total),
    subtotal_price: centsToDecimal(totals.subtotal),
    subtotal_price_set: m(totals.subtotal),
    total_line_items_price: centsToDecimal(totals.subtotal + totals.discounts),
    total_discounts: centsToDecimal(totals.discounts),
    total_discounts_set: m(totals.discounts),
    total_tax: centsToDecimal(totals.tax),
    total_tax_set: m(totals.tax),
    current_total_price: centsToDecimal(totals.total - totals.refunded),
    tax_lines: totals.tax ? [{ price: centsToDecimal(totals.tax), rate: o.taxRate, title: o.taxTitle, price_set: m(totals.tax), channel_liable: false }] : [],
    discount_codes: o.discount ? [{ code: o.discount.code, amount: centsToDecimal(o.discount.amountCents), type: o.discount.kind }] : [],
    discount_applications: o.discount ? [{ type: 'discount_code', code: o.discount.code, value: o.discount.kind === 'percentage' ? (o.discount.value * 100).toFixed(1) : centsToDecimal(o.discount.value), value_type: o.discount.kind, allocation_method: 'across', target_selection: 'all', target_type: 'line_item' }] : [],
    line_items: o.lines.map((l) => restLine(o, l.id)),
    fulfillments: o.fulfillments.map((f) => restFulfillment(o, f, tz)),
    refunds: o.refunds.map((r) => restRefund(o, r, tz)),
    customer: customer ? { id: customer.id, email: customer.email, first_name: customer.firstName, last_name: customer.lastName, phone: customer.phone, admin_graphql_api_id: gid('Customer', customer.id) } : null,
    shipping_address: o.shippingAddress ? restAddress(o.shippingAddress, null, false) : null,
    billing_address: o.billingAddress ? restAddress(o.billingAddress, null, false) : null,
  };
}
