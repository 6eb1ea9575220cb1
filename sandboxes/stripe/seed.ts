import { seededRandom } from './ids';
import { type StripeState } from './state';
import { type FormObject } from './types';

/**
 * Deterministic starting data: `customers` customers and `paymentIntents`
 * succeeded PaymentIntents (each with its charge and balance transaction),
 * built through the same code paths as API calls, so they emit events too.
 * Same `seed` → same ids, names and amounts.
 */

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Radia', 'Edsger'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Perlman', 'Dijkstra'];
const CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_bypassPending'];

export interface SeedOptions {
  customers?: number;
  paymentIntents?: number;
  seed?: number;
}

export function seedCustomerForms(count: number, seed: number, offset = 0): FormObject[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, (_, k) => {
    const i = offset + k;
    const first = FIRST[Math.floor(rnd() * FIRST.length)] ?? 'Ada';
    const last = LAST[Math.floor(rnd() * LAST.length)] ?? 'Lovelace';
    return {
      name: `${first} ${last}`,
      email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
      phone: `+1555${String(1000000 + Math.floor(rnd() * 8999999)).slice(0, 7)}`,
      metadata: { seed: String(seed), index: String(i) },
    };
  });
}

export function seedPaymentForms(count: number, seed: number, customers: string[]): FormObject[] {
  const rnd = seededRandom(seed + 1);
  return Array.from({ length: count }, (_, i) => {
    const customer = customers.length ? customers[Math.floor(rnd() * customers.length)] : undefined;
    const form: FormObject = {
      amount: String(500 + Math.floor(rnd() * 19500)),
      currency: 'usd',
      payment_method: CARDS[Math.floor(rnd() * CARDS.length)] ?? 'pm_card_visa',
      confirm: 'true',
      description: `Switchyard demo order #${1000 + i}`,
      metadata: { seed: String(seed), order: String(1000 + i) },
    };
    if (customer) form.customer = customer;
    return form;
  });
}

export function applySeed(state: StripeState, opts: SeedOptions, ops: { createCustomer: (f: FormObject) => string; createPaymentIntent: (f: FormObject) => void }): void {
  const seed = opts.seed ?? 1;
  state.ids.reseed(seed);
  try {
    const ids = seedCustomerForms(opts.customers ?? 0, seed, state.customers.size).map((f) => ops.createCustomer(f));
    for (const f of seedPaymentForms(opts.paymentIntents ?? 0, seed, ids)) ops.createPaymentIntent(f);
  } finally {
    state.ids.reseed(null);
  }
}
