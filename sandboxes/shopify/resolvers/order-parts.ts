import { arraySequence, paginate, type CursorKey } from '../../framework/graphql-connection';
import { fulfillmentOrderStatus, unfulfilledQuantity, type FulfillmentHoldReason, type FulfillmentHoldRecord, type FulfillmentRecord, type OrderLineRecord, type OrderRecord, type RefundRecord, type ReturnRecord, type TransactionRecord } from '../commerce-records';
import { MAX_HOLDS_PER_FULFILLMENT_ORDER } from '../fulfillment-hold-ops';
import { gid } from '../ids';
import { isoSeconds } from '../records';
import { count, shopifyConnectionArgs, toConnection, type ConnectionResult, type ExecContext } from './context';
import { LocationNode } from './inventory-nodes';
import { moneyBag } from './money';
import { ProductNode } from './product-node';
import { VariantNode } from './variant-node';

/**
 * The objects an Order owns: LineItem, OrderTransaction, Fulfillment (+ line
 * items), FulfillmentOrder (+ line items), Refund (+ line items), Return.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/LineItem
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Fulfillment
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/FulfillmentOrder
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Refund
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Return
 */

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

/** A connection over a small list, keyed by id. */
export function listConnection<T extends { id: number }, N>(items: readonly T[], args: Args, toNode: (t: T) => N): ConnectionResult<N> {
  const a = shopifyConnectionArgs(args);
  const keyOf = (t: T): CursorKey => ({ id: t.id, value: t.id });
  return toConnection(paginate(arraySequence(items, keyOf, a.reverse), a, null), toNode, keyOf);
}

function locationNode(ctx: ExecContext, id: number): LocationNode | null {
  const l = ctx.state.commerce.inventory.location(id);
  return l ? new LocationNode(l, ctx) : null;
}

export function lineItemNode(o: OrderRecord, l: OrderLineRecord, ctx: ExecContext): Obj {
  const cur = o.currency;
  const gross = l.unitCents * l.quantity;
  const taxLine = { title: o.taxTitle, rate: o.taxRate, ratePercentage: o.taxRate * 100, source: 'Shopify', channelLiable: false, priceSet: moneyBag(l.taxCents, cur) };
  return {
    __typename: 'LineItem',
    id: gid('LineItem', l.id),
    title: l.title,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    variantTitle: l.variantTitle,
    sku: l.sku,
    vendor: l.vendor,
    quantity: l.quantity,
    currentQuantity: l.quantity - l.refundedQuantity,
    refundableQuantity: l.quantity - l.refundedQuantity,
    unfulfilledQuantity: unfulfilledQuantity(l),
    nonFulfillableQuantity: l.refundedUnfulfilled,
    taxable: l.taxable,
    requiresShipping: true,
    restockable: l.inventoryItemId !== null,
    isGiftCard: false,
    merchantEditable: o.cancelledAt === null,
    customAttributes: [],
    duties: [],
    image: null,
    originalUnitPriceSet: moneyBag(l.unitCents, cur),
    originalTotalSet: moneyBag(gross, cur),
    discountedUnitPriceSet: moneyBag(Math.round((gross - l.discountCents) / l.quantity), cur),
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(Math.round((gross - l.discountCents) / l.quantity), cur),
    discountedTotalSet: moneyBag(gross - l.discountCents, cur),
    totalDiscountSet: moneyBag(l.discountCents, cur),
    unfulfilledOriginalTotalSet: moneyBag(l.unitCents * unfulfilledQuantity(l), cur),
    unfulfilledDiscountedTotalSet: moneyBag(Math.round(((gross - l.discountCents) * unfulfilledQuantity(l)) / l.quantity), cur),
    discountAllocations: l.discountCents && o.discount ? [{ allocatedAmountSet: moneyBag(l.discountCents, cur), discountApplication: discountApplication(o) }] : [],
    taxLines: (args: Args) => (l.taxCents ? [taxLine] : []).slice(0, typeof args.first === 'number' ? args.first : undefined),
    get variant(): VariantNode | null {
      if (l.variantId === null) return null;
      const pid = ctx.state.products.productOfVariant(l.variantId);
      const p = pid === null ? undefined : ctx.state.products.get(pid);
      const v = p?.variants.find((x) => x.id === l.variantId);
      return p && v ? new VariantNode(v, p, ctx) : null;
    },
    get product(): ProductNode | null {
      const p = l.productId === null ? undefined : ctx.state.products.get(l.productId);
      return p ? new ProductNode(p, ctx) : null;
    },
  };
}

export function discountApplication(o: OrderRecord): Obj | null {
  const d = o.discount;
  if (!d) return null;
  return {
    __typename: 'DiscountCodeApplication',
    code: d.code,
    index: 0,
    allocationMethod: 'ACROSS',
    targetSelection: 'ALL',
    targetType: 'LINE_ITEM',
    value: d.kind === 'percentage' ? { __typename: 'PricingPercentageValue', percentage: Math.round(d.value * 10000) / 100 } : { __typename: 'MoneyV2', ...moneyBag(d.value, o.currency).shopMoney },
  };
}

export function transactionNode(o: OrderRecord, t: TransactionRecord): Obj {
  return {
    __typename: 'OrderTransaction',
    id: gid('OrderTransaction', t.id),
    kind: t.kind,
    status: t.status,
    gateway: t.gateway,
    formattedGateway: t.gateway === 'shopify_payments' ? 'Shopify Payments' : t.gateway.charAt(0).toUpperCase() + t.gateway.slice(1),
    amountSet: moneyBag(t.amountCents, o.currency),
    createdAt: isoSeconds(t.createdAt),
    processedAt: isoSeconds(t.createdAt),
    test: o.test,
    errorCode: null,
    authorizationCode: null,
    manualPaymentGateway: t.gateway === 'manual' || t.gateway === 'cash',
    manuallyCapturable: false,
    multiCapturable: false,
    parentTransaction: t.parentId === null ? null : (() => {
      const p = o.transactions.find((x) => x.id === t.parentId);
      return p ? transactionNode(o, p) : null;
    })(),
    fees: [],
  };
}

export function fulfillmentNode(o: OrderRecord, f: FulfillmentRecord, ctx: ExecContext): Obj {
  const lines = f.lines.map((fl) => ({ ...fl, line: o.lines.find((l) => l.id === fl.lineItemId)! }));
  return {
    __typename: 'Fulfillment',
    id: gid('Fulfillment', f.id),
    legacyResourceId: String(f.id),
    name: f.name,
    status: f.status,
    displayStatus: f.status === 'CANCELLED' ? 'CANCELED' : f.tracking.length ? 'CONFIRMED' : 'FULFILLED',
    createdAt: isoSeconds(f.createdAt),
    updatedAt: isoSeconds(f.updatedAt),
    deliveredAt: null,
    inTransitAt: null,
    estimatedDeliveryAt: null,
    requiresShipping: true,
    totalQuantity: f.lines.reduce((n, l) => n + l.quantity, 0),
    trackingInfo: (args: Args) => f.tracking.slice(0, typeof args.first === 'number' ? args.first : undefined).map((t) => ({ ...t })),
    location: locationNode(ctx, f.locationId),
    fulfillmentLineItems: (args: Args) =>
      listConnection(lines, args, (fl) => ({
        __typename: 'FulfillmentLineItem',
        id: gid('FulfillmentLineItem', fl.id),
        quantity: fl.quantity,
        lineItem: lineItemNode(o, fl.line, ctx),
        originalTotalSet: moneyBag(fl.line.unitCents * fl.quantity, o.currency),
        discountedTotalSet: moneyBag(fl.line.unitCents * fl.quantity - Math.round((fl.line.discountCents * fl.quantity) / fl.line.quantity), o.currency),
      })),
  };
}

/** FulfillmentHold.displayReason: the reason as the admin shows it (English locale). */
const HOLD_REASON_TEXT: Record<FulfillmentHoldReason, string> = {
  AWAITING_PAYMENT: 'Awaiting payment',
  HIGH_RISK_OF_FRAUD: 'High risk of fraud',
  INCORRECT_ADDRESS: 'Incorrect address',
  INVENTORY_OUT_OF_STOCK: 'Inventory out of stock',
  UNKNOWN_DELIVERY_DATE: 'Unknown delivery date',
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: 'Online store post purchase cross sell',
  AWAITING_RETURN_ITEMS: 'Awaiting return items',
  OTHER: 'Other',
};

/**
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/FulfillmentHold
 * Every hold in the sandbox was placed by the app calling the API; the
 * sandbox has no App objects, so heldByApp (nullable) is null.
 */
export function fulfillmentHoldNode(h: FulfillmentHoldRecord): Obj {
  return {
    __typename: 'FulfillmentHold',
    id: gid('FulfillmentHold', h.id),
    handle: h.handle,
    reason: h.reason,
    reasonNotes: h.reasonNotes,
    displayReason: HOLD_REASON_TEXT[h.reason],
    heldByRequestingApp: true,
    heldByApp: null,
  };
}

/**
 * Actions the sandbox supports on its fulfillment orders, in Shopify's order
 * (REST 2025-01 examples: open → create_fulfillment, hold; on hold →
 * release_hold, hold). HOLD is left out once the hold limit is reached.
 */
function supportedActions(o: OrderRecord, status: string): { action: string; externalUrl: null }[] {
  const canHold = o.fulfillmentHolds.length < MAX_HOLDS_PER_FULFILLMENT_ORDER;
  const actions = status === 'OPEN' || status === 'IN_PROGRESS' ? ['CREATE_FULFILLMENT', 'HOLD'] : status === 'ON_HOLD' ? ['RELEASE_HOLD', ...(canHold ? ['HOLD'] : [])] : [];
  return actions.map((action) => ({ action, externalUrl: null }));
}

export function fulfillmentOrderNode(o: OrderRecord, ctx: ExecContext): Obj {
  const status = fulfillmentOrderStatus(o);
  const loc = ctx.state.commerce.inventory.location(o.locationId);
  return {
    __typename: 'FulfillmentOrder',
    id: gid('FulfillmentOrder', o.fulfillmentOrderId),
    orderId: gid('Order', o.id),
    orderName: `#${o.number}`,
    orderProcessedAt: isoSeconds(o.processedAt),
    status,
    requestStatus: 'UNSUBMITTED',
    createdAt: isoSeconds(o.createdAt),
    updatedAt: isoSeconds(o.updatedAt),
    fulfillAt: isoSeconds(o.createdAt),
    fulfillBy: null,
    fulfillmentHolds: o.fulfillmentHolds.map(fulfillmentHoldNode),
    supportedActions: supportedActions(o, status),
    assignedLocation: { name: loc?.name ?? '', address1: loc?.address.address1 ?? null, address2: loc?.address.address2 ?? null, city: loc?.address.city ?? null, province: loc?.address.province ?? null, zip: loc?.address.zip ?? null, countryCode: loc?.address.countryCode ?? 'US', phone: loc?.address.phone ?? null, location: locationNode(ctx, o.locationId) },
    lineItems: (args: Args) =>
      listConnection(
        o.lines.map((l) => ({ ...l, id: l.foLineId, line: l })),
        args,
        (x) => ({
          __typename: 'FulfillmentOrderLineItem',
          id: gid('FulfillmentOrderLineItem', x.foLineId),
          totalQuantity: x.line.quantity - x.line.refundedUnfulfilled,
          remainingQuantity: unfulfilledQuantity(x.line),
          sku: x.line.sku,
          productTitle: x.line.title,
          variantTitle: x.line.variantTitle,
          vendor: x.line.vendor,
          requiresShipping: true,
          inventoryItemId: x.line.inventoryItemId === null ? null : gid('InventoryItem', x.line.inventoryItemId),
          warnings: [],
          image: null,
          lineItem: lineItemNode(o, x.line, ctx),
          get variant() {
            return (lineItemNode(o, x.line, ctx) as { variant: VariantNode | null }).variant;
          },
        }),
      ),
    fulfillments: (args: Args) => listConnection(o.fulfillments, args, (f) => fulfillmentNode(o, f, ctx)),
  };
}

export function refundNode(o: OrderRecord, r: RefundRecord, ctx: ExecContext): Obj {
  const total = r.transactions.reduce((n, t) => n + (t.status === 'SUCCESS' ? t.amountCents : 0), 0);
  return {
    __typename: 'Refund',
    id: gid('Refund', r.id),
    legacyResourceId: String(r.id),
    note: r.note,
    createdAt: isoSeconds(r.createdAt),
    updatedAt: isoSeconds(r.createdAt),
    totalRefundedSet: moneyBag(total, o.currency),
    duties: [],
    staffMember: null,
    refundLineItems: (args: Args) =>
      listConnection(r.lines, args, (l) => ({
        __typename: 'RefundLineItem',
        id: gid('RefundLineItem', l.id),
        quantity: l.quantity,
        restockType: l.restockType,
        restocked: l.restockType !== 'NO_RESTOCK',
        location: l.locationId === null ? null : locationNode(ctx, l.locationId),
        priceSet: moneyBag(o.lines.find((x) => x.id === l.lineItemId)?.unitCents ?? 0, o.currency),
        subtotalSet: moneyBag(l.subtotalCents, o.currency),
        totalTaxSet: moneyBag(l.taxCents, o.currency),
        lineItem: lineItemNode(o, o.lines.find((x) => x.id === l.lineItemId)!, ctx),
      })),
    transactions: (args: Args) => listConnection(r.transactions, args, (t) => transactionNode(o, t)),
    orderAdjustments: (args: Args) => listConnection([], args, (x: { id: number }) => x),
    refundShippingLines: (args: Args) => listConnection([], args, (x: { id: number }) => x),
    get return(): Obj | null {
      const ret = o.returns.find((x) => x.id === r.returnId);
      return ret ? returnNode(o, ret, ctx) : null;
    },
  };
}

export function returnNode(o: OrderRecord, r: ReturnRecord, ctx: ExecContext): Obj {
  return {
    __typename: 'Return',
    id: gid('Return', r.id),
    name: r.name,
    status: r.status,
    totalQuantity: r.lines.reduce((n, l) => n + l.quantity, 0),
    decline: null,
    returnShippingFees: [],
    returnLineItems: (args: Args) =>
      listConnection(r.lines, args, (l) => {
        const fl = o.fulfillments.flatMap((f) => f.lines.map((x) => ({ f, x }))).find((y) => y.x.id === l.fulfillmentLineItemId)!;
        const line = o.lines.find((x) => x.id === l.lineItemId)!;
        return {
          __typename: 'ReturnLineItem',
          id: gid('ReturnLineItem', l.id),
          quantity: l.quantity,
          returnReason: l.returnReason,
          returnReasonNote: l.returnReasonNote,
          customerNote: l.customerNote,
          refundableQuantity: l.quantity,
          refundedQuantity: 0,
          restockingFee: null,
          fulfillmentLineItem: (fulfillmentNode(o, fl.f, ctx).fulfillmentLineItems as (a: Args) => ConnectionResult<Obj>)({ first: 250 }).nodes.find((n) => n.id === gid('FulfillmentLineItem', fl.x.id)),
          withCodeDiscountedTotalPriceSet: moneyBag(line.unitCents * l.quantity - Math.round((line.discountCents * l.quantity) / line.quantity), o.currency),
        };
      }),
    refunds: (args: Args) => listConnection(o.refunds.filter((x) => x.returnId === r.id), args, (x) => refundNode(o, x, ctx)),
  };
}

export const fulfillmentsCount = (o: OrderRecord): ReturnType<typeof count> => count(o.fulfillments.length);
