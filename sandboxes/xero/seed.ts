import { prepareContact } from './contacts';
import { prepareItem } from './items';
import { Prng } from './prng';
import { type XeroState } from './state';
import { prepareTransaction } from './transactions';
import { type Json, type JsonObject } from './types';

/**
 * Deterministic demo data: the same `seed` gives the same names, codes, amounts
 * and statuses (ids come from the organisation's own seeded generator).
 */

const FIRST = ['Ava', 'Liam', 'Mia', 'Noah', 'Zoe', 'Leo', 'Isla', 'Eli', 'Ruby', 'Finn', 'Ivy', 'Max'];
const LAST = ['Walker', 'Ngata', 'Chen', 'Patel', 'Smith', 'Brown', 'Kaur', 'Wilson', 'Taylor', 'Martin'];
const TRADES = ['Traders', 'Holdings', 'Studio', 'Supplies', 'Outfitters', 'Bakery', 'Garage', 'Cafe'];
const PRODUCTS = ['Espresso Beans', 'Linen Apron', 'Ceramic Mug', 'Tea Towel', 'Gift Card', 'Candle', 'Notebook', 'Tote Bag'];

export interface SeedCounts {
  contacts?: number;
  items?: number;
  invoices?: number;
  seed?: number;
}

export function seedOrganisation(state: XeroState, counts: SeedCounts): void {
  const rnd = new Prng(counts.seed ?? 1);
  const contactIds: string[] = [];
  for (let i = 0; i < (counts.contacts ?? 0); i++) {
    const first = rnd.pick(FIRST);
    const last = rnd.pick(LAST);
    const company = rnd.next() < 0.5;
    const name = company ? `${last} ${rnd.pick(TRADES)} ${i + 1}` : `${first} ${last} ${i + 1}`;
    const el: JsonObject = { Name: name, FirstName: first, LastName: last, EmailAddress: `${first}.${last}${i + 1}@example.com`.toLowerCase(), ContactNumber: `C-${String(i + 1).padStart(5, '0')}` };
    const p = prepareContact(state, el, null);
    p.commit();
    contactIds.push(p.id);
  }
  const codes: string[] = [];
  for (let i = 0; i < (counts.items ?? 0); i++) {
    const code = `SKU-${String(i + 1).padStart(4, '0')}`;
    const price = rnd.int(300, 9900) / 100;
    prepareItem(state, { Code: code, Name: `${rnd.pick(PRODUCTS)} ${i + 1}`, Description: `${rnd.pick(PRODUCTS)} (${code})`, SalesDetails: { UnitPrice: price, AccountCode: '200', TaxType: 'OUTPUT2' } }, null).commit();
    codes.push(code);
  }
  const modes = ['Exclusive', 'Inclusive', 'NoTax'] as const;
  const statuses = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'AUTHORISED'] as const;
  for (let i = 0; i < (counts.invoices ?? 0) && contactIds.length; i++) {
    const lines: Json[] = Array.from({ length: rnd.int(1, 4) }, (): JsonObject => {
      const code = codes.length && rnd.next() < 0.5 ? rnd.pick(codes) : null;
      return code ? { ItemCode: code, Quantity: rnd.int(1, 5) } : { Description: rnd.pick(PRODUCTS), Quantity: rnd.int(1, 5), UnitAmount: rnd.int(100, 25000) / 100, AccountCode: '200' };
    });
    const day = new Date(state.now() - rnd.int(0, 90) * 86_400_000).toISOString().slice(0, 10);
    const due = new Date(state.now() + rnd.int(7, 30) * 86_400_000).toISOString().slice(0, 10);
    const el: JsonObject = { Type: 'ACCREC', Contact: { ContactID: rnd.pick(contactIds) }, Date: day, DueDate: due, LineAmountTypes: rnd.pick(modes), Status: rnd.pick(statuses), LineItems: lines };
    prepareTransaction(state, 'invoice', el, null, 2).commit();
  }
}
