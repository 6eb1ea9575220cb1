import { SandboxServer, type Faults } from '../framework/server';
import { WebhookEmitter } from '../framework/webhooks';
import { mountAdminRoutes, StripeDashboard } from './admin';
import { stripeContractCheck } from './contract';
import { faultBody } from './errors';
import { mountEventRoutes } from './event-routes';
import { type ApiContext } from './http';
import { createCustomer, mountCustomerRoutes } from './customers';
import { mountCouponRoutes } from './coupons';
import { createPaymentIntent, mountPaymentRoutes } from './payment-routes';
import { mountPayoutRoutes } from './payouts';
import { TokenBucket, type RateLimits } from './rate-limit';
import { mountRefundDisputeRoutes } from './refunds-disputes';
import { applySeed, type SeedOptions } from './seed';
import { StripeState } from './state';
import { STRIPE_DELIVERY_TIMEOUT_MS, STRIPE_LIVE_RETRY_SCHEDULE_SECONDS, STRIPE_TEST_RETRY_SCHEDULE_SECONDS } from './webhooks';

/**
 * A stateful stand-in for Stripe's v1 API (https://docs.stripe.com/api):
 * customers, payment intents, charges, refunds, disputes, coupons, promotion
 * codes, payouts, balance transactions, events and webhook endpoints, with
 * Stripe's auth, form encoding, pagination, errors, idempotency, rate limits
 * and signed, retried webhooks. See ./README.md for what is not modelled.
 */

/** The API version the sandbox reports when a request pins none (the stripe 23.1.0 SDK's pinned version). */
export const STRIPE_SANDBOX_API_VERSION = '2026-10-28.endive';

export interface StripeSandboxOptions {
  /** The account's secret key, sk_test_… (sk_live_… switches to live-mode limits and retry schedule). */
  apiKey: string;
  /** whsec_… given to every webhook endpoint created (lets a demo know it in advance); random per endpoint otherwise. */
  webhookSecret?: string;
  seed?: SeedOptions;
  limits?: RateLimits;
  /** Multiplies Stripe's webhook retry delays (e.g. 0.0001 in tests). */
  webhookTimeScale?: number;
  faults?: Faults;
  /** Account default API version. */
  apiVersion?: string;
}

export interface StripeSandbox {
  server: SandboxServer;
  state: StripeState;
  emitter: WebhookEmitter;
  /** Dashboard / network / bank side actions that emit the same events as API calls. */
  admin: StripeDashboard;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  setLimits(limits: RateLimits): void;
  /** Adds deterministic customers and succeeded payments. */
  seed(opts: SeedOptions): void;
}

export function createStripeSandbox(opts: StripeSandboxOptions): StripeSandbox {
  const live = opts.apiKey.startsWith('sk_live_') || opts.apiKey.startsWith('rk_live_');
  const version = opts.apiVersion ?? STRIPE_SANDBOX_API_VERSION;
  let limits: RateLimits = opts.limits ?? 'off';
  const bucket = new TokenBucket(limits, live);
  const emitter = new WebhookEmitter({
    retryScheduleSeconds: live ? STRIPE_LIVE_RETRY_SCHEDULE_SECONDS : STRIPE_TEST_RETRY_SCHEDULE_SECONDS,
    timeScale: opts.webhookTimeScale ?? 1,
    timeoutMs: STRIPE_DELIVERY_TIMEOUT_MS,
  });
  const state = new StripeState(emitter, version, opts.webhookSecret, live);
  const server = new SandboxServer({
    name: 'stripe',
    contract: stripeContractCheck(),
    faults: opts.faults,
    faultBody: (status) => {
      const res = faultBody(status);
      return { ...res, headers: { ...(res.headers ?? {}), 'request-id': state.ids.id('req'), 'stripe-version': version } };
    },
  });
  const ctx: ApiContext = { apiKey: opts.apiKey, bucket, state, defaultVersion: version, mounted: [] };
  const admin = new StripeDashboard(state);

  mountCustomerRoutes(server, ctx);
  mountPaymentRoutes(server, ctx, admin.opener);
  mountRefundDisputeRoutes(server, ctx);
  mountCouponRoutes(server, ctx);
  mountPayoutRoutes(server, ctx);
  mountEventRoutes(server, ctx);

  const seed = (s: SeedOptions): void =>
    applySeed(state, s, {
      createCustomer: (f) => createCustomer(state, f).id,
      createPaymentIntent: (f) => void createPaymentIntent(state, f, {}, admin.opener),
    });
  function setLimits(l: RateLimits): void {
    limits = l;
    bucket.configure(l);
  }
  mountAdminRoutes(server, { state, bucket, emitter, dashboard: admin, limits: () => limits, setLimits, seed });
  if (opts.seed) seed(opts.seed);

  return {
    server,
    state,
    emitter,
    admin,
    start: (port = 0) => server.listen(port),
    async stop() {
      emitter.stop();
      await server.close();
    },
    setLimits,
    seed,
  };
}

export { signStripePayload, STRIPE_LIVE_RETRY_SCHEDULE_SECONDS, STRIPE_TEST_RETRY_SCHEDULE_SECONDS, EVENT_RETENTION_SECONDS } from './webhooks';
export { IDEMPOTENCY_TTL_SECONDS } from './idempotency';
export type { RateLimits } from './rate-limit';
export type { StripeState } from './state';
export type { StripeDashboard } from './admin';
export type { StripeObject, Json, JsonObject, FormObject } from './types';
