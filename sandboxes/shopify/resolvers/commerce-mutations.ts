import { decimalToCents, type OrderRecord } from '../commerce-records';
import { createCustomer, deleteCustomer, updateCustomer, updateMarketingConsent, type CustomerInput } from '../customer-ops';
import { createAutomaticBasicDiscount, createBasicDiscount, deleteAutomaticDiscount, deleteDiscount, updateAutomaticBasicDiscount, updateBasicDiscount, type BasicAutomaticInput, type BasicCodeInput } from '../discount-ops';
import { approveReturn, createFulfillment, createRefund, createReturn, updateTracking, type FulfillmentInput, type RefundInput, type ReturnLineInput, type TrackingInput } from '../fulfillment-ops';
import { placeHold, releaseHolds, type FulfillmentHoldInput } from '../fulfillment-hold-ops';
import { expectGid, gid, parseGid } from '../ids';
import { activateInventory, adjustQuantities, setQuantities } from '../inventory-ops';
import type { UserErrorData } from '../ops-common';
import { buildOrder, cancelOrder, updateOrder, type InventoryBehaviour, type NewOrder, type OrderUpdateInput } from '../order-ops';
import type { AddressInput } from '../customer-ops';
import type { ExecContext } from './context';
import { CustomerNode } from './customer-node';
import { discountAutomaticNode, discountCodeNode } from './discount-node';
import { adjustmentGroupNode, InventoryLevelNode } from './inventory-nodes';
import { OrderNode, standaloneFulfillmentOrder } from './order-node';
import { fulfillmentHoldNode, fulfillmentNode, refundNode, returnNode } from './order-parts';
import { ShopNode } from './shop-node';

/**
 * Mutations for inventory, customers, orders, fulfillments, refunds, returns
 * and basic code / automatic discounts (mixed into MutationRoot).
 * https://shopify.dev/docs/api/admin-graphql/2025-01 (Mutations)
 */

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

const numOf = (value: unknown, type: string): number | null => {
  const p = typeof value === 'string' ? parseGid(value) : null;
  return p && p.type === type ? p.id : null;
};

export function commerceMutations(ctx: ExecContext): Record<string, (args: Args) => unknown> {
  const { state } = ctx;
  const orderNode = (id: number | null | undefined): OrderNode | null => {
    const o = id === null || id === undefined ? undefined : state.commerce.orders.get(id);
    return o ? new OrderNode(o, ctx) : null;
  };
  const fulfillmentOrder = (o: OrderRecord | null): Obj | null => (o ? standaloneFulfillmentOrder(o, ctx) : null);
  return {
    inventoryAdjustQuantities: (args) => {
      const r = adjustQuantities(state, args.input as Parameters<typeof adjustQuantities>[1]);
      return { inventoryAdjustmentGroup: r.group ? adjustmentGroupNode(r.group, ctx) : null, userErrors: r.errors };
    },
    inventorySetQuantities: (args) => {
      const r = setQuantities(state, args.input as Parameters<typeof setQuantities>[1]);
      return { inventoryAdjustmentGroup: r.group ? adjustmentGroupNode(r.group, ctx) : null, userErrors: r.errors };
    },
    inventoryActivate: (args) => {
      const r = activateInventory(state, String(args.inventoryItemId), String(args.locationId), typeof args.available === 'number' ? args.available : typeof args.onHand === 'number' ? args.onHand : null);
      const level = r.itemId !== null && r.locationId !== null ? state.commerce.inventory.level(r.itemId, r.locationId) : undefined;
      return { inventoryLevel: level ? new InventoryLevelNode(level, ctx) : null, userErrors: r.errors };
    },
    customerCreate: (args) => {
      const r = createCustomer(state, (args.input ?? {}) as CustomerInput);
      return { customer: r.customer ? new CustomerNode(r.customer, ctx) : null, userErrors: r.errors.map(plain) };
    },
    customerUpdate: (args) => {
      const input = (args.input ?? {}) as CustomerInput;
      const r = updateCustomer(state, input.id ? expectGid(input.id, 'Customer') : null, input);
      return { customer: r.customer ? new CustomerNode(r.customer, ctx) : null, userErrors: r.errors.map(plain) };
    },
    customerDelete: (args) => {
      const input = (args.input ?? {}) as { id?: string };
      const r = deleteCustomer(state, expectGid(input.id, 'Customer'));
      return { deletedCustomerId: r.deletedId === null ? null : gid('Customer', r.deletedId), shop: new ShopNode(state.shop), userErrors: r.errors.map(plain) };
    },
    customerEmailMarketingConsentUpdate: (args) => {
      const input = args.input as { customerId: string; emailMarketingConsent: { marketingState: string; marketingOptInLevel?: 'SINGLE_OPT_IN' | 'CONFIRMED_OPT_IN' | 'UNKNOWN' | null; consentUpdatedAt?: string | null } };
      const r = updateMarketingConsent(state, 'email', input.customerId, input.emailMarketingConsent);
      return { customer: r.customer ? new CustomerNode(r.customer, ctx) : null, userErrors: r.errors };
    },
    customerSmsMarketingConsentUpdate: (args) => {
      const input = args.input as { customerId: string; smsMarketingConsent: { marketingState: string; marketingOptInLevel?: 'SINGLE_OPT_IN' | 'CONFIRMED_OPT_IN' | 'UNKNOWN' | null; consentUpdatedAt?: string | null } };
      const r = updateMarketingConsent(state, 'sms', input.customerId, input.smsMarketingConsent);
      return { customer: r.customer ? new CustomerNode(r.customer, ctx) : null, userErrors: r.errors };
    },
    orderCreate: (args) => {
      const r = buildOrder(state, orderCreateInput(ctx, (args.order ?? {}) as OrderCreateArgs, (args.options ?? {}) as { inventoryBehaviour?: InventoryBehaviour | null }));
      return { order: orderNode(r.order?.id), userErrors: r.errors.map((e) => ({ ...e, field: e.field ? ['order', ...e.field] : null })) };
    },
    orderUpdate: (args) => {
      const input = (args.input ?? {}) as OrderUpdateInput;
      const r = updateOrder(state, expectGid(input.id, 'Order'), input);
      return { order: orderNode(r.order?.id), userErrors: r.errors.map(plain) };
    },
    orderCancel: (args) => {
      const errors = cancelOrder(state, expectGid(args.orderId, 'Order'), { refund: args.refund === true, restock: args.restock === true, reason: String(args.reason), staffNote: typeof args.staffNote === 'string' ? args.staffNote : null });
      return { job: errors.length ? null : { __typename: 'Job', id: `gid://shopify/Job/${crypto.randomUUID()}`, done: true }, orderCancelUserErrors: errors, userErrors: errors.map(plain) };
    },
    fulfillmentCreate: (args) => {
      const r = createFulfillment(state, args.fulfillment as FulfillmentInput);
      return { fulfillment: r.order && r.fulfillment ? { ...fulfillmentNode(r.order, r.fulfillment, ctx), order: orderNode(r.order.id) } : null, userErrors: r.errors.map(plain) };
    },
    fulfillmentOrderHold: (args) => {
      const r = placeHold(state, expectGid(args.id, 'FulfillmentOrder'), args.fulfillmentHold as FulfillmentHoldInput);
      // remainingFulfillmentOrder stays null: the sandbox never splits a fulfillment order (see fulfillment-hold-ops).
      return { fulfillmentHold: r.hold ? fulfillmentHoldNode(r.hold) : null, fulfillmentOrder: fulfillmentOrder(r.order), remainingFulfillmentOrder: null, userErrors: r.errors.map(coded) };
    },
    fulfillmentOrderReleaseHold: (args) => {
      const holdIds = Array.isArray(args.holdIds) ? (args.holdIds as string[]) : null;
      const r = releaseHolds(state, expectGid(args.id, 'FulfillmentOrder'), holdIds);
      return { fulfillmentOrder: fulfillmentOrder(r.order), userErrors: r.errors.map(coded) };
    },
    fulfillmentTrackingInfoUpdate: (args) => {
      const r = updateTracking(state, String(args.fulfillmentId), args.trackingInfoInput as TrackingInput);
      return { fulfillment: r.order && r.fulfillment ? { ...fulfillmentNode(r.order, r.fulfillment, ctx), order: orderNode(r.order.id) } : null, userErrors: r.errors.map(plain) };
    },
    refundCreate: (args) => {
      const r = createRefund(state, args.input as RefundInput);
      return { refund: r.order && r.refund ? { ...refundNode(r.order, r.refund, ctx), order: orderNode(r.order.id) } : null, order: orderNode(r.order?.id), userErrors: r.errors.map(plain) };
    },
    returnRequest: (args) => {
      const input = args.input as { orderId: string; returnLineItems: ReturnLineInput[] };
      const r = createReturn(state, input.orderId, input.returnLineItems, 'REQUESTED');
      return { return: r.order && r.ret ? { ...returnNode(r.order, r.ret, ctx), order: orderNode(r.order.id) } : null, userErrors: r.errors };
    },
    returnCreate: (args) => {
      const input = args.returnInput as { orderId: string; returnLineItems: ReturnLineInput[] };
      const r = createReturn(state, input.orderId, input.returnLineItems, 'OPEN');
      return { return: r.order && r.ret ? { ...returnNode(r.order, r.ret, ctx), order: orderNode(r.order.id) } : null, userErrors: r.errors };
    },
    returnApproveRequest: (args) => {
      const input = args.input as { id: string };
      const r = approveReturn(state, input.id);
      return { return: r.order && r.ret ? { ...returnNode(r.order, r.ret, ctx), order: orderNode(r.order.id) } : null, userErrors: r.errors };
    },
    discountCodeBasicCreate: (args) => {
      const r = createBasicDiscount(state, (args.basicCodeDiscount ?? {}) as BasicCodeInput);
      return { codeDiscountNode: r.discount ? discountCodeNode(r.discount, ctx) : null, userErrors: r.errors.map(discountError) };
    },
    discountCodeBasicUpdate: (args) => {
      const r = updateBasicDiscount(state, numOf(args.id, 'DiscountCodeNode'), (args.basicCodeDiscount ?? {}) as BasicCodeInput);
      return { codeDiscountNode: r.discount ? discountCodeNode(r.discount, ctx) : null, userErrors: r.errors.map(discountError) };
    },
    discountCodeDelete: (args) => {
      const r = deleteDiscount(state, numOf(args.id, 'DiscountCodeNode'));
      return { deletedCodeDiscountId: r.deletedId === null ? null : gid('DiscountCodeNode', r.deletedId), userErrors: r.errors.map(discountError) };
    },
    discountAutomaticBasicCreate: (args) => {
      const r = createAutomaticBasicDiscount(state, (args.automaticBasicDiscount ?? {}) as BasicAutomaticInput);
      return { automaticDiscountNode: r.discount ? discountAutomaticNode(r.discount, ctx) : null, userErrors: r.errors.map(discountError) };
    },
    discountAutomaticBasicUpdate: (args) => {
      const r = updateAutomaticBasicDiscount(state, numOf(args.id, 'DiscountAutomaticNode'), (args.automaticBasicDiscount ?? {}) as BasicAutomaticInput);
      return { automaticDiscountNode: r.discount ? discountAutomaticNode(r.discount, ctx) : null, userErrors: r.errors.map(discountError) };
    },
    discountAutomaticDelete: (args) => {
      const r = deleteAutomaticDiscount(state, numOf(args.id, 'DiscountAutomaticNode'));
      return { deletedAutomaticDiscountId: r.deletedId === null ? null : gid('DiscountAutomaticNode', r.deletedId), userErrors: r.errors.map(discountError) };
    },
  };
}

/** UserError has no code field; extra keys would be harmless, but keep payloads exact. */
function plain(e: UserErrorData): { field: string[] | null; message: string } {
  return { field: e.field, message: e.message };
}

/** UserErrors whose type has a nullable `code`. */
function coded(e: UserErrorData): { field: string[] | null; message: string; code: string | null } {
  return { field: e.field, message: e.message, code: e.code ?? null };
}

function discountError(e: UserErrorData): Obj {
  return { field: e.field, message: e.message, code: e.code ?? null, extraInfo: null };
}

interface MoneyBagIn {
  shopMoney: { amount: string; currencyCode: string };
}

interface OrderCreateArgs {
  lineItems?: { variantId?: string | null; quantity: number; priceSet?: MoneyBagIn | null; title?: string | null; sku?: string | null; taxable?: boolean | null }[] | null;
  customer?: { toAssociate?: { id?: string | null; email?: string | null } | null; toUpsert?: { id?: string | null; email?: string | null } | null } | null;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  test?: boolean | null;
  sourceName?: string | null;
  processedAt?: string | null;
  financialStatus?: string | null;
  shippingAddress?: AddressInput | null;
  billingAddress?: AddressInput | null;
  discountCode?: { itemPercentageDiscountCode?: { code: string; percentage?: number | null } | null; itemFixedDiscountCode?: { code: string; amountSet?: MoneyBagIn | null } | null } | null;
  transactions?: { amountSet: MoneyBagIn; gateway?: string | null; kind?: string | null; status?: string | null }[] | null;
}

/** OrderCreateOrderInput → NewOrder. Inventory is bypassed unless options.inventoryBehaviour says otherwise (the documented default). */
function orderCreateInput(ctx: ExecContext, o: OrderCreateArgs, options: { inventoryBehaviour?: InventoryBehaviour | null }): NewOrder {
  const customerRef = o.customer?.toAssociate ?? o.customer?.toUpsert ?? null;
  let customerId: number | null = customerRef?.id ? numOf(customerRef.id, 'Customer') : null;
  if (!customerId && customerRef?.email) {
    for (const id of ctx.state.commerce.customers.liveIds()) {
      if (ctx.state.commerce.customers.get(id)?.email === customerRef.email.toLowerCase()) {
        customerId = id;
        break;
      }
    }
  }
  const pct = o.discountCode?.itemPercentageDiscountCode;
  const fixed = o.discountCode?.itemFixedDiscountCode;
  const processed = o.processedAt ? Date.parse(o.processedAt) : Number.NaN;
  const status = o.financialStatus ?? 'PAID';
  return {
    lines: (o.lineItems ?? []).map((l) => ({
      variantId: l.variantId ? numOf(l.variantId, 'ProductVariant') ?? -1 : null,
      quantity: l.quantity,
      unitCents: l.priceSet ? decimalToCents(l.priceSet.shopMoney.amount) : null,
      title: l.title ?? null,
      sku: l.sku ?? null,
      taxable: l.taxable ?? null,
    })),
    customerId,
    email: o.email ?? customerRef?.email ?? null,
    phone: o.phone ?? null,
    note: o.note ?? null,
    tags: o.tags ?? null,
    test: o.test ?? false,
    sourceName: o.sourceName ?? 'api',
    processedAt: Number.isNaN(processed) ? null : Math.floor(processed / 1000) * 1000,
    shippingAddress: o.shippingAddress ?? null,
    billingAddress: o.billingAddress ?? null,
    discountOverride: pct ? { code: pct.code, kind: 'percentage', value: (pct.percentage ?? 0) / 100 } : fixed ? { code: fixed.code, kind: 'fixed_amount', value: decimalToCents(fixed.amountSet?.shopMoney.amount) ?? 0 } : null,
    transactions: o.transactions?.length
      ? o.transactions.map((t) => ({ kind: (t.kind ?? 'SALE') as 'SALE', status: (t.status ?? 'SUCCESS') as 'SUCCESS', gateway: t.gateway ?? 'manual', amountCents: decimalToCents(t.amountSet.shopMoney.amount) ?? 0 }))
      : null,
    paid: status === 'PAID',
    inventoryBehaviour: options.inventoryBehaviour ?? 'BYPASS',
  };
}
