import { describe, expect, it } from 'vitest';
import { canonicalToStripeCustomer, stripeCustomerParams } from '../../mappings/stripe/customer-v1';
import { customer } from '../canonical/samples';

/** Canonical customer → Stripe customer params. */

describe('Stripe customer mapping', () => {
  it('given a canonical customer, when mapped, then name joins first and last, and the canonical id rides in metadata', () => {
    const c = { ...customer(), firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+15555550100', note: 'VIP' };
    const input = canonicalToStripeCustomer(c, 'cus_Stripe1');
    expect(input).toEqual({ externalId: 'cus_Stripe1', email: 'ada@example.com', name: 'Ada Lovelace', phone: '+15555550100', description: 'VIP', metadata: { switchyard_id: c.id } });
  });

  it('given cleared fields, when turned into params, then nulls become empty strings (Stripe\'s way to unset)', () => {
    const params = stripeCustomerParams({ email: null, name: null, phone: '+15555550100', description: null });
    expect(params).toEqual({ email: '', name: '', phone: '+15555550100', description: '' });
  });
});
