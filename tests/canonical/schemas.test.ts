import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CreditNote, Customer, Discount, InventoryLevel, Invoice, Location, Order, Tender, Ticket } from '../../canonical';
import * as samples from './samples';

/** Paths (dot-joined) of the issues a schema reports, to assert *why* something was rejected. */
function rejectionPaths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  expect(result.success, 'expected the value to be rejected').toBe(false);
  return result.error?.issues.map((i) => i.path.join('.')) ?? [];
}

describe('canonical schemas accept valid records', () => {
  it.each([
    ['Location', Location, samples.location()],
    ['InventoryLevel', InventoryLevel, samples.inventoryLevel()],
    ['Customer', Customer, samples.customer()],
    ['Discount', Discount, samples.discount()],
    ['Tender', Tender, samples.tender()],
    ['Order', Order, samples.order()],
    ['Invoice', Invoice, samples.invoice()],
    ['Ticket', Ticket, samples.ticket()],
  ] as const)('given a valid %s, when parsed, then it passes unchanged', (_name, schema, value) => {
    const result = schema.safeParse(value);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data).toEqual(value);
  });
});

describe('canonical schemas reject broken records', () => {
  it('given an order id where a customer id belongs, when parsed, then customerId is rejected', () => {
    expect(rejectionPaths(Order, { ...samples.order(), customerId: 'ord_1' })).toEqual(['customerId']);
  });

  it('given money as a float, when parsed, then the amount is rejected', () => {
    const o = samples.order();
    expect(rejectionPaths(Order, { ...o, totals: { ...o.totals, total: { amount: 21.58, currency: 'USD' } } })).toEqual(['totals.total.amount']);
  });

  it('given a line price in another currency than the order, when parsed, then that amount is rejected', () => {
    const o = samples.order();
    const [line] = o.lineItems;
    if (!line) throw new Error('sample order has no line');
    o.lineItems = [{ ...line, unitPrice: { amount: 1999, currency: 'EUR' } }];
    expect(rejectionPaths(Order, o)).toEqual(['lineItems.0.unitPrice.currency']);
  });

  it('given a fulfillment line pointing at no line of the order, when parsed, then the reference is rejected', () => {
    const o = samples.order();
    const [f] = o.fulfillments;
    if (!f) throw new Error('sample order has no fulfillment');
    o.fulfillments = [{ ...f, lines: [{ lineItemId: 'li_other', quantity: 1 }] }];
    expect(rejectionPaths(Order, o)).toEqual(['fulfillments.0.lines.0.lineItemId']);
  });

  it('given a pickup fulfillment without a location, when parsed, then locationId is required', () => {
    const o = samples.order();
    const [f] = o.fulfillments;
    if (!f || f.method !== 'pickup') throw new Error('sample order has no pickup');
    const { locationId: _dropped, ...withoutLocation } = f;
    expect(rejectionPaths(Order, { ...o, fulfillments: [withoutLocation] })).toEqual(['fulfillments.0.locationId']);
  });

  it('given provenance for a field customers do not have, when parsed, then the key is rejected', () => {
    const c = samples.customer();
    const provenance = { ...c.provenance, shoeSize: { connector: 'shop', updatedAt: '2025-03-01T10:00:00Z' } };
    const result = Customer.safeParse({ ...c, provenance });
    expect(result.error?.issues).toMatchObject([{ code: 'unrecognized_keys', path: ['provenance'], keys: ['shoeSize'] }]);
  });

  it('given an unknown consent state or SMS consent without a phone, when parsed, then each is rejected', () => {
    const c = samples.customer();
    expect(rejectionPaths(Customer, { ...c, emailMarketing: { ...c.emailMarketing, state: 'opted_in' } })).toEqual(['emailMarketing.state']);
    expect(rejectionPaths(Customer, { ...c, phone: null, smsMarketing: { state: 'subscribed', consentedAt: null, source: 'pos' } })).toEqual(['smsMarketing.state']);
  });

  it('given a discount that ends before it starts, when parsed, then endsAt is rejected', () => {
    expect(rejectionPaths(Discount, { ...samples.discount(), endsAt: '2025-02-01T00:00:00Z' })).toEqual(['endsAt']);
  });

  it('given a percentage above 100 %, when parsed, then the value is rejected', () => {
    expect(rejectionPaths(Discount, { ...samples.discount(), value: { kind: 'percentage', basisPoints: 10_001 } })).toEqual(['value.basisPoints']);
  });

  it('given card details on a cash tender, when parsed, then card is rejected', () => {
    expect(rejectionPaths(Tender, { ...samples.tender(), kind: 'cash' })).toEqual(['card']);
  });

  it('given a no_tax invoice with tax on a line, when parsed, then the taxed line and total tax are rejected', () => {
    const inv = { ...samples.invoice(), lineAmountTypes: 'no_tax' as const };
    expect(rejectionPaths(Invoice, inv)).toEqual(['lines.0.taxAmount', 'lines.1.taxAmount', 'totalTax']);
  });

  it('given an invoice whose amount due does not follow from its totals, when parsed, then amountDue is rejected', () => {
    expect(rejectionPaths(Invoice, { ...samples.invoice(), amountDue: { amount: 2358, currency: 'USD' } })).toEqual(['amountDue']);
  });

  it('given a credit note allocating more than its total, when parsed, then allocations are rejected', () => {
    const { id: _id, orderId: _o, dueDate: _d, amountPaid: _p, amountCredited: _c, amountDue: _a, ...doc } = samples.invoice();
    const credit = {
      ...doc, id: 'crn_1', refundId: null, remainingCredit: { amount: 0, currency: 'USD' },
      allocations: [{ invoiceId: 'inv_1', amount: { amount: 2359, currency: 'USD' }, date: '2025-03-05' }],
    };
    expect(rejectionPaths(CreditNote, credit)).toEqual(['allocations']);
    expect(CreditNote.safeParse({ ...credit, allocations: [{ ...credit.allocations[0], amount: { amount: 2358, currency: 'USD' } }] }).success).toBe(true);
  });

  it('given a location in a time zone that does not exist, when parsed, then timezone is rejected', () => {
    expect(rejectionPaths(Location, { ...samples.location(), timezone: 'Mars/Olympus_Mons' })).toEqual(['timezone']);
  });

  it('given a ticket comment by a customer without a customer id, when parsed, then the author is rejected', () => {
    const t = samples.ticket();
    const comments = [{ ...t.comments[0], author: { kind: 'customer' } }];
    expect(rejectionPaths(Ticket, { ...t, comments })).toEqual(['comments.0.author.customerId']);
  });
});
