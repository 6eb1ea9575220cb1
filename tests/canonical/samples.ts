import type { Address, Customer, Discount, InventoryLevel, Invoice, Location, Order, Tender, Ticket } from '../../canonical';

/** Valid records; each reject test changes one thing. Built fresh per call so tests can mutate. */

const T0 = '2025-03-01T10:00:00Z';
const T1 = '2025-03-02T10:00:00Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });
const ref = (type: string, id: string) => ({ connector: 'shop', type, id });

export const address = (): Address => ({
  firstName: 'Ada', lastName: 'Lovelace', company: null, line1: '1 Market St', line2: null,
  city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US', phone: null,
});

export const location = (): Location => ({
  id: 'loc_main', externalRefs: [{ connector: 'pos', type: 'LOCATION', id: 'L1MAIN0000001' }], name: 'Main St',
  address: address(), currency: 'USD', timezone: 'America/Los_Angeles', kind: 'store', active: true, updatedAt: T0,
});

export const inventoryLevel = (): InventoryLevel => ({
  id: 'ivl_1', externalRefs: [ref('InventoryLevel', 'gid://shopify/InventoryLevel/1')], variantId: 'var_1', locationId: 'loc_main',
  available: 3, onHand: 5, committed: 2, updatedAt: T0,
});

export const customer = (): Customer => ({
  id: 'cus_1', externalRefs: [ref('Customer', '7')], email: 'ada@example.com', phone: '+14155550100', firstName: 'Ada', lastName: 'Lovelace',
  addresses: [{ ...address(), id: 'adr_1', externalRefs: [], isDefault: true }], tags: ['vip'], note: null,
  emailMarketing: { state: 'subscribed', consentedAt: T0, source: 'shop' },
  smsMarketing: { state: 'not_subscribed', consentedAt: null, source: null },
  provenance: { email: { connector: 'shop', updatedAt: T0 }, phone: { connector: 'pos', updatedAt: T1 } },
  createdAt: T0, updatedAt: T1,
});

export const discount = (): Discount => ({
  id: 'dsc_1', externalRefs: [ref('DiscountCodeNode', '3')], code: 'SPRING10', title: 'Spring 10%',
  value: { kind: 'percentage', basisPoints: 1000 }, appliesTo: { scope: 'order' }, minimumSubtotal: usd(5000),
  startsAt: T0, endsAt: T1, usageLimits: { total: 100, perCustomer: 1 }, usageCount: 4, updatedAt: T0,
});

export const tender = (): Tender => ({
  id: 'tnd_1', externalRefs: [ref('OrderTransaction', '9')], orderId: 'ord_1', kind: 'card', status: 'captured',
  amount: usd(2158), tip: null, card: { brand: 'visa', last4: '4242', entryMethod: 'online' }, provider: null,
  gatewayRefs: [{ gateway: 'stripe', type: 'payment_intent', id: 'pi_123' }], processedAt: T0,
});

export const order = (): Order => ({
  id: 'ord_1', externalRefs: [ref('Order', '1001')], name: '#1001', customerId: 'cus_1', email: 'ada@example.com',
  currency: 'USD', taxesIncluded: false, channel: 'online', locationId: null,
  lineItems: [{
    id: 'li_1', externalRefs: [ref('LineItem', '11')], productId: 'prd_1', variantId: 'var_1', sku: 'TEE-M', title: 'Tee',
    variantTitle: 'M', quantity: 1, unitPrice: usd(1999), totalDiscount: usd(0),
    taxLines: [{ title: 'CA State Tax', rate: '0.0725', amount: usd(159), included: false }], requiresShipping: true, taxable: true,
  }],
  taxLines: [{ title: 'CA State Tax', rate: '0.0725', amount: usd(159), included: false }],
  discounts: [],
  tenders: [tender()],
  fulfillments: [{
    id: 'ful_1', externalRefs: [], method: 'pickup', lines: [{ lineItemId: 'li_1', quantity: 1 }], locationId: 'loc_main',
    pickupStatus: 'ready_for_pickup', readyAt: T1, pickedUpAt: null, createdAt: T1, updatedAt: T1,
  }],
  returns: [],
  refunds: [],
  totals: { subtotal: usd(1999), discounts: usd(0), shipping: usd(0), tax: usd(159), total: usd(2158), refunded: usd(0) },
  financialStatus: 'paid', fulfillmentStatus: 'unfulfilled', shippingAddress: null, billingAddress: address(), note: null,
  createdAt: T0, updatedAt: T1, cancelledAt: null,
});

export const invoice = (): Invoice => ({
  id: 'inv_1', externalRefs: [{ connector: 'books', type: 'Invoice', id: 'e3b0c442' }], number: 'INV-0001', reference: '#1001',
  contact: { customerId: 'cus_1', externalRefs: [], name: 'Ada Lovelace', email: 'ada@example.com' },
  status: 'authorized', lineAmountTypes: 'exclusive', currency: 'USD', issueDate: '2025-03-01', dueDate: '2025-03-31',
  lines: [
    { description: 'Tee', quantity: '1', unitAmount: usd(1999), discountBasisPoints: null, accountCode: '200', taxType: 'OUTPUT', itemCode: 'TEE-M', taxAmount: usd(145), lineAmount: usd(1999), lineItemId: 'li_1' },
    { description: 'Gift wrap', quantity: '1', unitAmount: usd(200), discountBasisPoints: null, accountCode: '200', taxType: 'OUTPUT', itemCode: null, taxAmount: usd(14), lineAmount: usd(200), lineItemId: null },
  ],
  subtotal: usd(2199), totalTax: usd(159), total: usd(2358), updatedAt: T0,
  orderId: 'ord_1', amountPaid: usd(1000), amountCredited: usd(0), amountDue: usd(1358),
});

export const ticket = (): Ticket => ({
  id: 'tkt_1', externalRefs: [{ connector: 'desk', type: 'Ticket', id: '35436' }], subject: 'Where is my order?', status: 'open',
  priority: 'normal', requesterId: 'cus_1', orderId: 'ord_1', tags: ['shipping'],
  comments: [
    { externalRefs: [], author: { kind: 'customer', customerId: 'cus_1' }, body: 'Any news?', public: true, createdAt: T0 },
    { externalRefs: [], author: { kind: 'agent', name: 'Sam' }, body: 'Checking with the warehouse.', public: false, createdAt: T1 },
  ],
  createdAt: T0, updatedAt: T1,
});
