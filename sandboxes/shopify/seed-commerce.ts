import { ID_BASE, ID_STRIDE } from './ids';
import type { AddressRecord, CustomerRecord, EmailMarketingState, OrderLineRecord, OrderRecord } from './commerce-records';
import { SEED_LOCATIONS } from './inventory-store';
import { mix, mulberry32, pick, pickSome } from './prng';
import { SEED_ANCHOR, SEED_CREATED_FROM, SEED_CREATED_TO, type SeededCatalog } from './seed';
import type { SeededSource } from './record-store';
import { variantTitle } from './records';

/**
 * Deterministic customers and historic orders. Like the catalogue, every row
 * is a pure function of (seed, index), so large shops cost no memory until a
 * row changes. Order i belongs to customer ((i - 1) mod customers) + 1, which
 * makes "a customer's orders" computable without an index.
 */

const FIRST = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Iris', 'Owen', 'Nora', 'Felix', 'Ruby', 'Leo', 'Hana', 'Omar', 'Lena', 'Kai', 'Sofia', 'Theo', 'Amara', 'Jonas'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Alvarez', 'Brennan', 'Kowalski', 'Haddad', 'Nguyen', 'Fischer', 'Rossi', 'Patel', 'Schmidt', 'Dubois', 'Costa', 'Larsen'];
const CITIES: readonly [string, string, string, string][] = [
  ['Portland', 'Oregon', 'OR', '97205'],
  ['Denver', 'Colorado', 'CO', '80202'],
  ['Boston', 'Massachusetts', 'MA', '02108'],
  ['Austin', 'Texas', 'TX', '78701'],
  ['Seattle', 'Washington', 'WA', '98101'],
  ['Burlington', 'Vermont', 'VT', '05401'],
];
const STREETS = ['Maple Ave', 'Oak Street', 'Pine Road', 'Cedar Lane', 'Birch Blvd', 'Elm Court'];
const CUSTOMER_TAGS = ['vip', 'newsletter', 'wholesale', 'returning', 'trail-club', 'gift-buyer'];
const CARRIERS: readonly [string, (n: string) => string][] = [
  ['UPS', (n) => `https://www.ups.com/track?tracknum=${n}`],
  ['USPS', (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`],
];

export const SEED_TAX = { title: 'NY State Tax', rate: 0.08 } as const;

function floorSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export class SeededCustomers implements SeededSource<CustomerRecord> {
  constructor(
    readonly count: number,
    private readonly seed: number,
  ) {}

  idOf(index: number): number {
    return ID_BASE.customer + index;
  }

  indexOf(id: number): number | null {
    const i = id - ID_BASE.customer;
    return i >= 1 && i <= this.count ? i : null;
  }

  stamps(index: number): { createdAt: number; updatedAt: number } {
    const r = this.rng(index, 1);
    const createdAt = floorSeconds(SEED_CREATED_FROM + ((index - 1 + r()) * (SEED_CREATED_TO - SEED_CREATED_FROM)) / Math.max(this.count, 1));
    const updatedAt = r() < 0.5 ? floorSeconds(createdAt + r() * (SEED_ANCHOR - createdAt)) : createdAt;
    return { createdAt, updatedAt };
  }

  generate(index: number): CustomerRecord {
    const { createdAt, updatedAt } = this.stamps(index);
    const r = this.rng(index, 2);
    const firstName = pick(r, FIRST);
    const lastName = pick(r, LAST);
    const [city, province, provinceCode, zip] = pick(r, CITIES);
    const phone = r() < 0.7 ? `+1555${String(1_000_000 + index).slice(-7)}` : null;
    const address: AddressRecord = {
      id: ID_BASE.address + index * ID_STRIDE.address,
      firstName,
      lastName,
      company: null,
      address1: `${1 + Math.floor(r() * 990)} ${pick(r, STREETS)}`,
      address2: null,
      city,
      province,
      provinceCode,
      country: 'United States',
      countryCode: 'US',
      zip,
      phone,
    };
    const roll = r();
    const emailState: EmailMarketingState = roll < 0.45 ? 'SUBSCRIBED' : roll < 0.55 ? 'UNSUBSCRIBED' : 'NOT_SUBSCRIBED';
    const smsSubscribed = phone !== null && r() < 0.3;
    return {
      id: this.idOf(index),
      email: `${firstName}.${lastName}.${index}@example.com`.toLowerCase(),
      phone,
      firstName,
      lastName,
      note: null,
      locale: 'en',
      tags: r() < 0.5 ? pickSome(r, CUSTOMER_TAGS, 1 + Math.floor(r() * 2)) : [],
      taxExempt: false,
      verifiedEmail: true,
      state: r() < 0.3 ? 'ENABLED' : 'DISABLED',
      addresses: [address],
      defaultAddressId: address.id,
      emailMarketingConsent: { marketingState: emailState, marketingOptInLevel: emailState === 'NOT_SUBSCRIBED' ? 'UNKNOWN' : 'SINGLE_OPT_IN', consentUpdatedAt: emailState === 'NOT_SUBSCRIBED' ? null : createdAt },
      smsMarketingConsent: phone === null ? null : { marketingState: smsSubscribed ? 'SUBSCRIBED' : 'NOT_SUBSCRIBED', marketingOptInLevel: smsSubscribed ? 'SINGLE_OPT_IN' : 'UNKNOWN', consentUpdatedAt: smsSubscribed ? createdAt : null },
      createdAt,
      updatedAt,
    };
  }

  private rng(index: number, stream: number): () => number {
    return mulberry32(mix(mix(this.seed ^ 0x51ed270b, index), stream));
  }
}

export class SeededOrders implements SeededSource<OrderRecord> {
  constructor(
    readonly count: number,
    private readonly seed: number,
    private readonly customers: SeededCustomers,
    private readonly catalog: SeededCatalog | null,
  ) {}

  idOf(index: number): number {
    return ID_BASE.order + index;
  }

  indexOf(id: number): number | null {
    const i = id - ID_BASE.order;
    return i >= 1 && i <= this.count ? i : null;
  }

  /** Seeded order indexes of seeded customer `customerIndex`. */
  *indexesOfCustomer(customerIndex: number): Generator<number> {
    if (!this.customers.count) return;
    for (let i = customerIndex; i <= this.count; i += this.customers.count) yield i;
  }

  stamps(index: number): { createdAt: number; updatedAt: number } {
    const r = this.rng(index, 1);
    const createdAt = floorSeconds(SEED_CREATED_FROM + ((index - 1 + r()) * (SEED_ANCHOR - 86_400_000 * 7 - SEED_CREATED_FROM)) / Math.max(this.count, 1));
    // Fulfilled a day or three later; that is the last change.
    return { createdAt, updatedAt: floorSeconds(createdAt + (1 + r() * 2) * 86_400_000) };
  }

  generate(index: number): OrderRecord {
    const { createdAt, updatedAt } = this.stamps(index);
    const r = this.rng(index, 2);
    const customer = this.customers.count ? this.customers.generate(((index - 1) % this.customers.count) + 1) : null;
    const pos = r() < 0.2;
    const location = pos ? SEED_LOCATIONS[1]! : SEED_LOCATIONS[0]!;
    const nLines = 1 + Math.floor(r() * 3);
    const lines: OrderLineRecord[] = [];
    for (let k = 0; k < nLines; k++) {
      const base = {
        id: ID_BASE.lineItem + index * ID_STRIDE.lineItem + k,
        foLineId: ID_BASE.foLine + index * ID_STRIDE.lineItem + k,
        quantity: 1 + Math.floor(r() * 2),
        discountCents: 0,
        taxCents: 0,
        taxable: true,
        fulfilledQuantity: 0,
        refundedUnfulfilled: 0,
        refundedQuantity: 0,
      };
      const productIndex = this.catalog?.count ? 1 + Math.floor(r() * this.catalog.count) : 0;
      if (productIndex && this.catalog) {
        const p = this.catalog.generate(productIndex);
        const v = p.variants[Math.floor(r() * p.variants.length)]!;
        lines.push({ ...base, variantId: v.id, productId: p.id, inventoryItemId: v.inventoryItemId, title: p.title, variantTitle: v.optionValues[0] === 'Default Title' ? null : variantTitle(v), sku: v.sku, vendor: p.vendor, unitCents: Math.round(Number(v.price) * 100) });
      } else {
        lines.push({ ...base, variantId: null, productId: null, inventoryItemId: null, title: 'Gift Wrapping', variantTitle: null, sku: null, vendor: null, unitCents: 500 });
      }
    }
    const discounted = r() < 0.15;
    let discountTotal = 0;
    for (const l of lines) {
      l.fulfilledQuantity = l.quantity;
      if (discounted) l.discountCents = Math.round(l.unitCents * l.quantity * 0.1);
      discountTotal += l.discountCents;
      l.taxCents = Math.round((l.unitCents * l.quantity - l.discountCents) * SEED_TAX.rate);
    }
    const total = lines.reduce((n, l) => n + l.unitCents * l.quantity - l.discountCents + l.taxCents, 0);
    const address = customer?.addresses[0] ?? null;
    const [carrier, trackUrl] = pick(r, CARRIERS);
    const trackingNumber = `1Z${String(index).padStart(10, '0')}`;
    const processedAt = createdAt;
    return {
      id: this.idOf(index),
      number: 1000 + index,
      email: customer?.email ?? null,
      phone: null,
      customerId: customer?.id ?? null,
      locationId: location.id,
      inventoryClaimed: false,
      fulfillmentOrderId: ID_BASE.fulfillmentOrder + index,
      currency: 'USD',
      note: null,
      tags: pos ? ['pos'] : [],
      sourceName: pos ? 'pos' : 'web',
      test: false,
      taxRate: SEED_TAX.rate,
      taxTitle: SEED_TAX.title,
      lines,
      shippingAddress: pos || !address ? null : { ...address, id: ID_BASE.address + index * ID_STRIDE.address + 1 },
      billingAddress: address ? { ...address } : null,
      discount: discounted ? { code: 'WELCOME10', kind: 'percentage', value: 0.1, amountCents: discountTotal } : null,
      transactions: [{ id: ID_BASE.transaction + index * ID_STRIDE.transaction, kind: 'SALE', status: 'SUCCESS', gateway: pos ? 'cash' : 'shopify_payments', amountCents: total, parentId: null, createdAt }],
      fulfillments: [
        {
          id: ID_BASE.fulfillment + index,
          name: `#${1000 + index}.1`,
          status: 'SUCCESS',
          locationId: location.id,
          tracking: pos ? [] : [{ number: trackingNumber, company: carrier, url: trackUrl(trackingNumber) }],
          lines: lines.map((l, k) => ({ id: ID_BASE.fulfillmentLine + index * ID_STRIDE.lineItem + k, lineItemId: l.id, quantity: l.quantity })),
          createdAt: pos ? createdAt : updatedAt,
          updatedAt,
        },
      ],
      refunds: [],
      returns: [],
      fulfillmentHolds: [],
      cancelledAt: null,
      cancelReason: null,
      closedAt: updatedAt,
      processedAt,
      createdAt,
      updatedAt,
    };
  }

  private rng(index: number, stream: number): () => number {
    return mulberry32(mix(mix(this.seed ^ 0x2c1b3c6d, index), stream));
  }
}
