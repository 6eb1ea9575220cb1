import type Stripe from 'stripe';
import type { Customer } from '../../canonical/customer';

/**
 * Canonical customer ⇄ Stripe Customer (https://docs.stripe.com/api/customers/object).
 * Stripe keeps one `name` and one `address`; our canonical id rides in
 * metadata (`switchyard_id`) so a Dashboard user can trace a record back.
 */

/** What the Stripe connector writes: the Stripe-side fields, already in Stripe's terms. */
export interface StripeCustomerInput {
  /** The Stripe customer to update; null/absent creates one. */
  externalId?: string | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  description?: string | null;
  metadata?: { [key: string]: string };
}

export function canonicalToStripeCustomer(c: Customer, externalId: string | null = null): StripeCustomerInput {
  const name = [c.firstName, c.lastName].filter((p): p is string => !!p).join(' ');
  return { externalId, email: c.email, name: name || null, phone: c.phone, description: c.note, metadata: { switchyard_id: c.id } };
}

/** Params for customers.create / customers.update. Nulls become '' — Stripe's way to unset a field. */
export function stripeCustomerParams(input: StripeCustomerInput): Stripe.CustomerCreateParams & Stripe.CustomerUpdateParams {
  const params: Stripe.CustomerCreateParams & Stripe.CustomerUpdateParams = {
    email: input.email ?? '',
    name: input.name ?? '',
    phone: input.phone ?? '',
  };
  if (input.description !== undefined) params.description = input.description ?? '';
  if (input.metadata) params.metadata = input.metadata;
  return params;
}
