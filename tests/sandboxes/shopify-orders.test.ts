import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopifyAdminError, signShopifyWebhook } from '../../sandboxes/shopify/index';
import { SECRET, startHarness, subscribe, WebhookReceiver, type Harness } from './shopify-harness';

/** Orders, fulfillments, refunds, returns and code discounts (Admin GraphQL 2025-01) through the official SDK. */

let h: Harness;
const hook = new WebhookReceiver();
let variantId = '';
let itemId = '';
let warehouse = '';
let store = '';

type Qty = { available: number; committed: number; on_hand: number };
async function stock(locationId: string): Promise<Qty> {
  const res = await h.client.request<{ inventoryItem: { inventoryLevel: { quantities: { name: keyof Qty; quantity: number }[] } } }>(
    'query($i: ID!, $l: ID!) { inventoryItem(id: $i) { inventoryLevel(locationId: $l) { quantities(names: ["available","committed","on_hand"]) { name quantity } } } }',
    { variables: { i: itemId, l: locationId } },
  );
  const out = { available: 0, committed: 0, on_hand: 0 };
  for (const q of res.data!.inventoryItem.inventoryLevel.quantities) out[q.name] = q.quantity;
  return out;
}

const ORDER_FIELDS = `id name email createdAt processedAt currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus tags note
  lineItems(first: 10) { nodes { id title quantity sku variant { id } originalUnitPriceSet { shopMoney { amount currencyCode } } discountedTotalSet { shopMoney { amount } } taxLines { title rate priceSet { shopMoney { amount } } } } }
  taxLines { title rate priceSet { shopMoney { amount } } }
  discountCodes
  discountApplications(first: 5) { nodes { __typename ... on DiscountCodeApplication { code value { __typename ... on PricingPercentageValue { percentage } } } } }
  totalPriceSet { shopMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
  transactions { id kind status gateway amountSet { shopMoney { amount } } }
  fulfillments { id status trackingInfo { number company url } fulfillmentLineItems(first: 10) { nodes { id quantity lineItem { id } } } }
  refunds { id createdAt totalRefundedSet { shopMoney { amount } } refundLineItems(first: 10) { nodes { quantity restockType lineItem { id } } } transactions(first: 5) { nodes { kind amountSet { shopMoney { amount } } } } }
  returns(first: 5) { nodes { id status } }
  customer { id }
  shippingAddress { city }
  fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 10) { nodes { id remainingQuantity totalQuantity } } } }`;

interface OrderData {
  id: string;
  name: string;
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  tags: string[];
  note: string | null;
  lineItems: { nodes: { id: string; quantity: number; variant: { id: string } | null; originalUnitPriceSet: { shopMoney: { amount: string } }; discountedTotalSet: { shopMoney: { amount: string } }; taxLines: { rate: number; priceSet: { shopMoney: { amount: string } } }[] }[] };
  discountCodes: string[];
  discountApplications: { nodes: { __typename: string; code: string; value: { percentage: number } }[] };
  totalPriceSet: { shopMoney: { amount: string } };
  subtotalPriceSet: { shopMoney: { amount: string } };
  totalTaxSet: { shopMoney: { amount: string } };
  totalDiscountsSet: { shopMoney: { amount: string } };
  transactions: { kind: string; status: string; amountSet: { shopMoney: { amount: string } } }[];
  fulfillments: { id: string; status: string; trackingInfo: { number: string; company: string; url: string | null }[]; fulfillmentLineItems: { nodes: { id: string; quantity: number }[] } }[];
  refunds: { totalRefundedSet: { shopMoney: { amount: string } }; refundLineItems: { nodes: { quantity: number; restockType: string }[] } }[];
  returns: { nodes: { id: string; status: string }[] };
  customer: { id: string } | null;
  fulfillmentOrders: { nodes: { id: string; status: string; lineItems: { nodes: { id: string; remainingQuantity: number }[] } }[] };
}

async function order(id: string): Promise<OrderData> {
  return (await h.client.request<{ order: OrderData }>(`query O($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { variables: { id } })).data!.order;
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);

beforeAll(async () => {
  h = await startHarness({ seed: { products: 30, seed: 11, customers: 20, orders: 60 } });
  await hook.start();
  for (const t of ['ORDERS_CREATE', 'ORDERS_PAID', 'ORDERS_UPDATED', 'ORDERS_CANCELLED', 'ORDERS_FULFILLED', 'FULFILLMENTS_CREATE', 'REFUNDS_CREATE', 'RETURNS_REQUEST', 'DISCOUNTS_CREATE']) await subscribe(h.client, t, hook.url);
  const locs = await h.client.request<{ locations: { nodes: { id: string; name: string }[] } }>('{ locations(first: 5) { nodes { id name } } }');
  warehouse = locs.data!.locations.nodes.find((l) => l.name === 'Main Warehouse')!.id;
  store = locs.data!.locations.nodes.find((l) => l.name === 'SoHo Store')!.id;
  // A variant with plenty of stock at both locations.
  const created = h.sandbox.admin.createProduct({ title: 'Order Test Parka', variants: undefined });
  variantId = created.variants[0]!.admin_graphql_api_id;
  itemId = `gid://shopify/InventoryItem/${created.variants[0]!.inventory_item_id}`;
  await h.client.request('mutation($v: [ProductVariantsBulkInput!]!, $p: ID!) { productVariantsBulkUpdate(productId: $p, variants: $v) { userErrors { message } } }', { variables: { p: created.admin_graphql_api_id, v: [{ id: variantId, price: '50.00' }] } });
  await h.client.request('mutation($i: ID!, $l: ID!) { inventoryActivate(inventoryItemId: $i, locationId: $l, available: 10) { userErrors { message } } }', { variables: { i: itemId, l: store } });
  await h.client.request('mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }', { variables: { input: { reason: 'received', name: 'available', ignoreCompareQuantity: true, quantities: [{ inventoryItemId: itemId, locationId: warehouse, quantity: 20 }] } } });
});

afterAll(async () => {
  await hook.stop();
  await h.close();
});

describe('Shopify sandbox: orders, fulfillment, refunds, returns, discounts', () => {
  let orderId = '';
  let customerId = '';

  it('given a 20% code discount created through the API, when codeDiscountNodes is read, then it is listed with its code, value and limits', async () => {
    const res = await h.client.request<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: unknown[] } }>(
      `mutation D($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message code } } }`,
      { variables: { d: { title: 'Spring 20', code: 'SPRING20', startsAt: '2024-01-01T00:00:00Z', usageLimit: 1, appliesOncePerCustomer: true, customerSelection: { all: true }, customerGets: { value: { percentage: 0.2 }, items: { all: true } } } } },
    );
    expect(res.data!.discountCodeBasicCreate.userErrors).toEqual([]);
    const list = await h.client.request<{ codeDiscountNodes: { nodes: { id: string; codeDiscount: { __typename: string; title: string; status: string; usageLimit: number; appliesOncePerCustomer: boolean; codes: { nodes: { code: string }[] }; customerGets: { value: { __typename: string; percentage: number } } } }[] } }>(
      '{ codeDiscountNodes(first: 10) { nodes { id codeDiscount { __typename ... on DiscountCodeBasic { title status startsAt endsAt usageLimit appliesOncePerCustomer codes(first: 5) { nodes { code } } customerGets { value { __typename ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount } } } } } } } } }',
    );
    expect(list.data!.codeDiscountNodes.nodes).toEqual([
      { id: res.data!.discountCodeBasicCreate.codeDiscountNode!.id, codeDiscount: { __typename: 'DiscountCodeBasic', title: 'Spring 20', status: 'ACTIVE', startsAt: '2024-01-01T00:00:00Z', endsAt: null, usageLimit: 1, appliesOncePerCustomer: true, codes: { nodes: [{ code: 'SPRING20' }] }, customerGets: { value: { __typename: 'DiscountPercentage', percentage: 0.2 } } } },
    ]);
    const dup = await h.client.request<{ discountCodeBasicCreate: { userErrors: { code: string }[] } }>('mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "Again", code: "spring20", customerGets: { value: { percentage: 0.1 }, items: { all: true } }, customerSelection: { all: true } }) { userErrors { code } } }');
    expect(dup.data!.discountCodeBasicCreate.userErrors.map((e) => e.code)).toEqual(['TAKEN']);
  });

  it('given stock at the warehouse, when a buyer checks out 2 units with the code, then available drops by 2, committed rises by 2 and the order carries discount, tax and payment', async () => {
    const before = await stock(warehouse);
    const c = await h.client.request<{ customers: { nodes: { id: string }[] } }>('{ customers(first: 1) { nodes { id } } }');
    customerId = c.data!.customers.nodes[0]!.id;
    const hooksBefore = hook.received.length;
    const rest = h.sandbox.admin.placeOrder({ lineItems: [{ variantId, quantity: 2 }], customerId, discountCode: 'SPRING20' });
    orderId = String(rest.admin_graphql_api_id);
    const after = await stock(warehouse);
    expect(after).toEqual({ available: before.available - 2, committed: before.committed + 2, on_hand: before.on_hand });

    const o = await order(orderId);
    expect(o.displayFinancialStatus).toBe('PAID');
    expect(o.displayFulfillmentStatus).toBe('UNFULFILLED');
    expect(o.customer?.id).toBe(customerId);
    expect(o.discountCodes).toEqual(['SPRING20']);
    expect(o.discountApplications.nodes).toEqual([{ __typename: 'DiscountCodeApplication', code: 'SPRING20', value: { __typename: 'PricingPercentageValue', percentage: 20 } }]);
    const line = o.lineItems.nodes[0]!;
    expect(line).toMatchObject({ quantity: 2, variant: { id: variantId }, originalUnitPriceSet: { shopMoney: { amount: '50.0' } } });
    expect(cents(o.subtotalPriceSet.shopMoney.amount)).toBe(8000);
    expect(cents(o.totalDiscountsSet.shopMoney.amount)).toBe(2000);
    expect(cents(o.totalTaxSet.shopMoney.amount)).toBe(640);
    expect(cents(o.totalPriceSet.shopMoney.amount)).toBe(8640);
    expect(o.transactions).toEqual([{ id: expect.any(String), kind: 'SALE', status: 'SUCCESS', gateway: 'shopify_payments', amountSet: { shopMoney: { amount: '86.4' } } }]);
    expect(o.fulfillmentOrders.nodes[0]!.status).toBe('OPEN');

    await hook.waitFor(hooksBefore + 2);
    const topics = hook.received.slice(hooksBefore).map((d) => d.headers['x-shopify-topic']);
    expect(topics).toEqual(expect.arrayContaining(['orders/create', 'orders/paid']));
    const created = hook.received.slice(hooksBefore).find((d) => d.headers['x-shopify-topic'] === 'orders/create')!;
    expect(created.headers['x-shopify-hmac-sha256']).toBe(signShopifyWebhook(created.rawBody, SECRET));
    expect(JSON.parse(created.rawBody)).toMatchObject({ admin_graphql_api_id: orderId, financial_status: 'paid', fulfillment_status: null, total_price: '86.40', discount_codes: [{ code: 'SPRING20', type: 'percentage' }], line_items: [{ quantity: 2, price: '50.00' }] });

    expect(() => h.sandbox.admin.placeOrder({ lineItems: [{ variantId, quantity: 1 }], discountCode: 'SPRING20' })).toThrow(ShopifyAdminError);
  });

  it('given the open order, when fulfillmentCreate ships it with tracking and the tracking is then corrected, then committed and on_hand drop and the order is FULFILLED', async () => {
    const before = await stock(warehouse);
    const o = await order(orderId);
    const fo = o.fulfillmentOrders.nodes[0]!;
    const res = await h.client.request<{ fulfillmentCreate: { fulfillment: { id: string; status: string; trackingInfo: { number: string; company: string }[] } | null; userErrors: unknown[] } }>(
      'mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id status trackingInfo { number company url } } userErrors { field message } } }',
      { variables: { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: fo.lineItems.nodes[0]!.id, quantity: 2 }] }], trackingInfo: { number: '1Z999', company: 'UPS' }, notifyCustomer: false } } },
    );
    expect(res.data!.fulfillmentCreate.userErrors).toEqual([]);
    expect(res.data!.fulfillmentCreate.fulfillment).toMatchObject({ status: 'SUCCESS', trackingInfo: [{ number: '1Z999', company: 'UPS' }] });
    expect(await stock(warehouse)).toEqual({ available: before.available, committed: before.committed - 2, on_hand: before.on_hand - 2 });
    const upd = await h.client.request<{ fulfillmentTrackingInfoUpdate: { fulfillment: { trackingInfo: { number: string; url: string }[] }; userErrors: unknown[] } }>(
      'mutation T($id: ID!, $t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t) { fulfillment { trackingInfo { number company url } } userErrors { field message } } }',
      { variables: { id: res.data!.fulfillmentCreate.fulfillment!.id, t: { number: '1Z000', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z000' } } },
    );
    expect(upd.data!.fulfillmentTrackingInfoUpdate.fulfillment.trackingInfo).toEqual([{ number: '1Z000', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z000' }]);
    const after = await order(orderId);
    expect(after.displayFulfillmentStatus).toBe('FULFILLED');
    expect(after.fulfillmentOrders.nodes[0]!.status).toBe('CLOSED');
    const again = await h.client.request<{ fulfillmentCreate: { fulfillment: null; userErrors: { message: string }[] } }>('mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { field message } } }', { variables: { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } } });
    expect(again.data!.fulfillmentCreate.fulfillment).toBeNull();
    expect(again.data!.fulfillmentCreate.userErrors).toHaveLength(1);
  });

  it('given the fulfilled order, when one unit is returned, approved and refunded with restock, then available rises by 1 and the order is PARTIALLY_REFUNDED', async () => {
    const o = await order(orderId);
    const fli = o.fulfillments[0]!.fulfillmentLineItems.nodes[0]!;
    const req = await h.client.request<{ returnRequest: { return: { id: string; status: string } | null; userErrors: unknown[] } }>(
      'mutation R($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id status } userErrors { field message code } } }',
      { variables: { input: { orderId, returnLineItems: [{ fulfillmentLineItemId: fli.id, quantity: 1, returnReason: 'SIZE_TOO_SMALL', customerNote: 'Too snug' }] } } },
    );
    expect(req.data!.returnRequest.userErrors).toEqual([]);
    expect(req.data!.returnRequest.return!.status).toBe('REQUESTED');
    const appr = await h.client.request<{ returnApproveRequest: { return: { status: string } } }>('mutation A($input: ReturnApproveRequestInput!) { returnApproveRequest(input: $input) { return { status } userErrors { field message code } } }', { variables: { input: { id: req.data!.returnRequest.return!.id } } });
    expect(appr.data!.returnApproveRequest.return.status).toBe('OPEN');

    const before = await stock(warehouse);
    const hooksBefore = hook.received.length;
    const res = await h.client.request<{ refundCreate: { refund: { totalRefundedSet: { shopMoney: { amount: string } } } | null; userErrors: unknown[] } }>(
      'mutation Rf($input: RefundInput!) { refundCreate(input: $input) { refund { id totalRefundedSet { shopMoney { amount } } } order { displayFinancialStatus } userErrors { field message } } }',
      { variables: { input: { orderId, note: 'Returned: too snug', refundLineItems: [{ lineItemId: o.lineItems.nodes[0]!.id, quantity: 1, restockType: 'RETURN', locationId: warehouse }], transactions: [{ orderId, amount: '43.20', gateway: 'shopify_payments', kind: 'REFUND' }] } } },
    );
    expect(res.data!.refundCreate.userErrors).toEqual([]);
    expect(res.data!.refundCreate.refund!.totalRefundedSet.shopMoney.amount).toBe('43.2');
    expect(await stock(warehouse)).toEqual({ available: before.available + 1, committed: before.committed, on_hand: before.on_hand + 1 });
    const after = await order(orderId);
    expect(after.displayFinancialStatus).toBe('PARTIALLY_REFUNDED');
    expect(after.returns.nodes.map((r) => r.status)).toEqual(['OPEN']);
    expect(after.refunds[0]!.refundLineItems.nodes).toEqual([{ quantity: 1, restockType: 'RETURN', lineItem: { id: o.lineItems.nodes[0]!.id } }]);
    await hook.waitFor(hooksBefore + 1);
    const refundHook = hook.received.slice(hooksBefore).find((d) => d.headers['x-shopify-topic'] === 'refunds/create')!;
    expect(JSON.parse(refundHook.rawBody)).toMatchObject({ order_id: Number(orderId.split('/').pop()), note: 'Returned: too snug', refund_line_items: [{ quantity: 1, restock_type: 'return' }], transactions: [{ kind: 'refund', amount: '43.20', status: 'success' }] });

    const over = await h.client.request<{ refundCreate: { refund: null; userErrors: { message: string }[] } }>('mutation Rf($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { field message } } }', { variables: { input: { orderId, transactions: [{ orderId, amount: '500.00', gateway: 'shopify_payments', kind: 'REFUND' }] } } });
    expect(over.data!.refundCreate.refund).toBeNull();
    expect(over.data!.refundCreate.userErrors[0]!.message).toMatch(/greater than net payment/);
  });

  it('given an unfulfilled order, when orderCancel runs with restock and refund, then stock is released, money refunded and orders/cancelled fires', async () => {
    const before = await stock(warehouse);
    const rest = h.sandbox.admin.placeOrder({ lineItems: [{ variantId, quantity: 3 }] });
    const id = String(rest.admin_graphql_api_id);
    expect((await stock(warehouse)).available).toBe(before.available - 3);
    const hooksBefore = hook.received.length;
    const res = await h.client.request<{ orderCancel: { job: { done: boolean } | null; orderCancelUserErrors: unknown[] } }>(
      'mutation C($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, refund: true, restock: true, notifyCustomer: false, staffNote: "changed mind") { job { id done } orderCancelUserErrors { field message code } } }',
      { variables: { id } },
    );
    expect(res.data!.orderCancel.orderCancelUserErrors).toEqual([]);
    expect(await stock(warehouse)).toEqual(before);
    const o = await h.client.request<{ order: { cancelledAt: string | null; cancelReason: string; displayFinancialStatus: string } }>('query($id: ID!) { order(id: $id) { cancelledAt cancelReason displayFinancialStatus } }', { variables: { id } });
    expect(o.data!.order).toMatchObject({ cancelReason: 'CUSTOMER', displayFinancialStatus: 'REFUNDED' });
    expect(o.data!.order.cancelledAt).not.toBeNull();
    await hook.waitFor(hooksBefore + 2);
    expect(hook.received.slice(hooksBefore).map((d) => d.headers['x-shopify-topic'])).toContain('orders/cancelled');
    const twice = await h.client.request<{ orderCancel: { orderCancelUserErrors: { code: string }[] } }>('mutation C($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, refund: false, restock: false) { orderCancelUserErrors { code } } }', { variables: { id } });
    expect(twice.data!.orderCancel.orderCancelUserErrors.map((e) => e.code)).toEqual(['INVALID']);
  });

  it('given a POS sale at the store, when rung up, then the store level loses on_hand at once and the order is fulfilled', async () => {
    const before = await stock(store);
    const rest = h.sandbox.admin.placeOrder({ lineItems: [{ variantId, quantity: 1 }], locationId: store });
    expect(rest).toMatchObject({ source_name: 'pos', fulfillment_status: 'fulfilled', financial_status: 'paid' });
    expect(await stock(store)).toEqual({ available: before.available - 1, committed: before.committed, on_hand: before.on_hand - 1 });
    expect(() => h.sandbox.admin.placeOrder({ lineItems: [{ variantId, quantity: 999 }], locationId: store })).toThrow(/Not enough inventory/);
  });

  it('given orderCreate (API import) and orderUpdate, when run, then the order is stored without touching stock by default and the edit is visible', async () => {
    const before = await stock(warehouse);
    const res = await h.client.request<{ orderCreate: { order: { id: string; name: string; displayFinancialStatus: string; lineItems: { nodes: { title: string; quantity: number }[] } } | null; userErrors: unknown[] } }>(
      `mutation O($order: OrderCreateOrderInput!) { orderCreate(order: $order) { order { id name displayFinancialStatus lineItems(first: 5) { nodes { title quantity } } } userErrors { field message code } } }`,
      { variables: { order: { email: 'import@example.org', financialStatus: 'PENDING', lineItems: [{ variantId, quantity: 1 }, { title: 'Gift card fee', quantity: 1, priceSet: { shopMoney: { amount: '5.00', currencyCode: 'USD' } } }] } } },
    );
    expect(res.data!.orderCreate.userErrors).toEqual([]);
    expect(res.data!.orderCreate.order).toMatchObject({ displayFinancialStatus: 'PENDING', lineItems: { nodes: [{ title: 'Order Test Parka', quantity: 1 }, { title: 'Gift card fee', quantity: 1 }] } });
    expect(await stock(warehouse)).toEqual(before);
    const id = res.data!.orderCreate.order!.id;
    const upd = await h.client.request<{ orderUpdate: { order: { tags: string[]; note: string; email: string }; userErrors: unknown[] } }>('mutation U($input: OrderInput!) { orderUpdate(input: $input) { order { tags note email } userErrors { field message } } }', { variables: { input: { id, tags: ['imported', 'b2b'], note: 'from ERP', email: 'ops@example.org' } } });
    expect(upd.data!.orderUpdate.order).toEqual({ tags: ['b2b', 'imported'], note: 'from ERP', email: 'ops@example.org' });
  });

  it('given 60 seeded historic orders plus new ones, when paged by UPDATED_AT and filtered, then pages have no gaps or repeats and ordersCount agrees', async () => {
    const total = (await h.client.request<{ ordersCount: { count: number } }>('{ ordersCount { count } }')).data!.ordersCount.count;
    expect(total).toBe(64);
    const seen: string[] = [];
    const stamps: string[] = [];
    let after: string | null = null;
    type Page = { orders: { nodes: { id: string; updatedAt: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    do {
      const page: Page = (await h.client.request<Page>('query P($after: String) { orders(first: 25, after: $after, sortKey: UPDATED_AT) { nodes { id updatedAt } pageInfo { hasNextPage endCursor } } }', { variables: { after } })).data!;
      seen.push(...page.orders.nodes.map((n) => n.id));
      stamps.push(...page.orders.nodes.map((n) => n.updatedAt));
      after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...stamps].sort()).toEqual(stamps);
    const cancelled = await h.client.request<{ orders: { nodes: { cancelledAt: string | null }[] } }>('{ orders(first: 50, query: "status:cancelled") { nodes { cancelledAt } } }');
    expect(cancelled.data!.orders.nodes).toHaveLength(1);
    const paid = await h.client.request<{ ordersCount: { count: number } }>('{ ordersCount(query: "financial_status:paid") { count } }');
    expect(paid.data!.ordersCount.count).toBeGreaterThanOrEqual(60);
    const seeded = await order(seen.find((id) => id !== orderId)!);
    expect(seeded.fulfillments.length + seeded.transactions.length).toBeGreaterThan(0);
    expect(h.sandbox.server.violations).toEqual([]);
  });
});
