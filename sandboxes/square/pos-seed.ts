import { posSale } from './pos-dashboard';
import { type SquareState } from './state';

/**
 * Deterministic POS demo data on top of the demo catalog: customers with
 * names, emails and phones from fixed lists; an IN_STOCK count for every
 * variation at every location; sales (orders paid by card or cash) spread
 * over the catalog. Ids are Square-shaped and random; content is not.
 */

const GIVEN = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Dennis', 'Barbara'];
const FAMILY = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov'];

export interface PosSeed {
  customers?: number;
  /** IN_STOCK quantity base for every variation × location (default 25). */
  stock?: number;
  orders?: number;
}

export function seedPos(state: SquareState, opts: PosSeed): { customers: string[]; orders: string[]; payments: string[] } {
  const pos = state.pos;
  const start = pos.customers.byId.size;
  const customers: string[] = [];
  for (let k = 0; k < (opts.customers ?? 0); k++) {
    const i = start + k;
    const given = GIVEN[i % GIVEN.length] ?? 'Ada';
    const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length] ?? 'Lovelace';
    const c = pos.customers.create({
      given_name: given,
      family_name: family,
      email_address: `${given}.${family}.${i + 1}@example.com`.toLowerCase(),
      phone_number: `+1-212-555-${String(1000 + i).slice(-4)}`,
      reference_id: `SY-CUST-${String(i + 1).padStart(5, '0')}`,
      address: { address_line_1: `${i + 1} Market Street`, locality: 'New York', administrative_district_level_1: 'NY', postal_code: '10001', country: 'US' },
    }, '', 'THIRD_PARTY_IMPORT');
    customers.push(c.id);
  }
  const variations = state.catalog.typeList('ITEM_VARIATION').filter((s) => !s.obj.is_deleted);
  if (opts.stock !== undefined || opts.orders) {
    const base = opts.stock ?? 25;
    const changes = state.locations.flatMap((loc, li) =>
      variations.map((v, vi) => ({ type: 'PHYSICAL_COUNT', physical_count: { catalog_object_id: v.obj.id, location_id: loc.id, state: 'IN_STOCK', quantity: String(base + ((vi * 7 + li * 3) % 30)), occurred_at: new Date().toISOString() } })),
    );
    for (let i = 0; i < changes.length; i += 100) pos.inventory.apply(changes.slice(i, i + 100), { ignoreUnchangedCounts: false });
  }
  const orders: string[] = [];
  const payments: string[] = [];
  const allCustomers = [...pos.customers.byId.keys()];
  for (let k = 0; k < (opts.orders ?? 0) && variations.length; k++) {
    const v1 = variations[(k * 3) % variations.length];
    const v2 = variations[(k * 5 + 1) % variations.length];
    const lines = [v1, v2].filter((v, i, a) => v && a.indexOf(v) === i).map((v, i) => ({ variationId: v?.obj.id ?? '', quantity: 1 + ((k + i) % 3) }));
    const { order, payment } = posSale(state, {
      locationId: state.locations[k % state.locations.length]?.id,
      lines,
      tender: k % 3 === 2 ? 'CASH' : 'CARD',
      customerId: allCustomers.length ? allCustomers[k % allCustomers.length] : undefined,
      taxPercentage: '8.875',
    });
    orders.push(order.id);
    payments.push(payment.id);
  }
  return { customers, orders, payments };
}
