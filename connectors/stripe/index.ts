import type Stripe from 'stripe';
import type { SecretRef, StripeConnectorConfig } from '../../config/schema';
import type { Page, WebhookVerifier } from '../types';
import { createStripeClient, stripeCall } from './client';
import { createStripeCustomers, type StripeCustomers } from './customers';
import { createStripeWebhookVerifier } from './webhooks';

/**
 * Stripe connector: customers (read, incremental via Events, write) and the
 * payment side (payment intents, refunds) as pages. Every call goes through
 * the official `stripe` SDK with retries off (Temporal retries activities);
 * failures surface as VendorError (./client.ts).
 */
export interface StripeConnector {
  readonly id: string;
  readonly kind: 'stripe';
  readonly webhooks: WebhookVerifier;
  readonly customers: StripeCustomers;
  readonly paymentIntents: { list(opts: { cursor: string | null; pageSize: number }): Promise<Page<Stripe.PaymentIntent>> };
  readonly refunds: { list(opts: { cursor: string | null; pageSize: number }): Promise<Page<Stripe.Refund>> };
  /** The configured SDK client (tests, operator tooling). */
  readonly client: Stripe;
}

/** One page of a Stripe list endpoint; the cursor is the last id (`starting_after`). */
async function page<T extends { id: string }>(fetchPage: (params: { limit: number; starting_after?: string }) => Promise<Stripe.ApiList<T>>, cursor: string | null, pageSize: number): Promise<Page<T>> {
  const res = await stripeCall(() => fetchPage({ limit: Math.min(100, Math.max(1, pageSize)), ...(cursor ? { starting_after: cursor } : {}) }));
  const last = res.data[res.data.length - 1];
  return { items: res.data, nextCursor: res.has_more && last ? last.id : null };
}

export function createStripeConnector(id: string, cfg: StripeConnectorConfig, secret: (ref: SecretRef) => string): StripeConnector {
  const stripe = createStripeClient(cfg, secret(cfg.apiKey));
  return {
    id,
    kind: 'stripe',
    webhooks: createStripeWebhookVerifier(secret(cfg.webhookSecret)),
    customers: createStripeCustomers(stripe),
    // https://docs.stripe.com/api/payment_intents/list
    paymentIntents: { list: ({ cursor, pageSize }) => page((p) => stripe.paymentIntents.list(p), cursor, pageSize) },
    // https://docs.stripe.com/api/refunds/list
    refunds: { list: ({ cursor, pageSize }) => page((p) => stripe.refunds.list(p), cursor, pageSize) },
    client: stripe,
  };
}

export { toVendorError } from './client';
export { stripeEntity } from './webhooks';
export { CUSTOMER_EVENT_TYPES, type CustomerChange, type ChangePage, type StripeCustomers } from './customers';
