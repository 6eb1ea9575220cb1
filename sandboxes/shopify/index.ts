import { SandboxServer, type Faults, type SandboxResponse } from '../framework/server';
import type { WebhookEmitter } from '../framework/webhooks';
import { ShopifyAdmin } from './admin';
import { registerAdminRoutes } from './admin-routes';
import { registerCdnRoutes } from './cdn';
import { ShopifyExecutor, type GraphQLRequestBody } from './executor';
import { GRAPHQL_PATH, graphqlHandler, type ProblemLog } from './graphql-handler';
import { loadShopifySchema } from './schema';
import type { SeedOptions } from './seed';
import { ShopifyState } from './state';
import { CostBucket, type ShopifyLimits, type ThrottleStatus } from './throttle';
import { ShopifyWebhookDispatcher, createShopifyEmitter } from './webhooks';

/**
 * A stateful stand-in for one Shopify shop's Admin GraphQL API 2025-01:
 * same endpoint, auth, schema (the published introspection), cost and
 * throttling, userErrors and signed products/* webhooks.
 * https://shopify.dev/docs/api/admin-graphql/2025-01
 */

export interface ShopifySandboxOptions {
  /** e.g. demo-outfitters.myshopify.com */
  shop: string;
  /** Expected X-Shopify-Access-Token. */
  accessToken: string;
  /** The app's client secret: signs X-Shopify-Hmac-Sha256. */
  webhookSecret: string;
  seed?: SeedOptions;
  /** 'realistic' (default) = Standard plan bucket; 'off' = never throttle (cost still reported). */
  limits?: ShopifyLimits;
  /** Multiplies webhook retry delays (e.g. 0.001 in tests). */
  webhookTimeScale?: number;
  faults?: Faults;
  /** Clock (epoch ms) for timestamps and the leaky bucket's refill, default Date.now. */
  clock?: () => number;
  /** Shop time zone, default America/New_York. */
  ianaTimezone?: string;
  /** The app's privacy-compliance webhook URL (customers/data_request, customers/redact, shop/redact). */
  complianceWebhookUrl?: string;
}

export interface ShopifySandbox {
  server: SandboxServer;
  state: ShopifyState;
  emitter: WebhookEmitter;
  /** The merchant in the Shopify admin; edits fire webhooks like API writes. */
  admin: ShopifyAdmin;
  webhooks: ShopifyWebhookDispatcher;
  /** http://127.0.0.1:<port> once started. */
  readonly baseUrl: string;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  setLimits(limits: ShopifyLimits): void;
  throttleStatus(): ThrottleStatus;
  /** One GraphQL request in-process (no HTTP), authenticated as the app. */
  graphql(query: string, variables?: Record<string, unknown>): Promise<SandboxResponse>;
}

export function createShopifySandbox(opts: ShopifySandboxOptions): ShopifySandbox {
  const schema = loadShopifySchema();
  const state = new ShopifyState({ shop: opts.shop, seed: opts.seed, clock: opts.clock, ianaTimezone: opts.ianaTimezone });
  const bucket = new CostBucket(opts.limits ?? 'realistic', opts.clock);
  const executor = new ShopifyExecutor(schema, state, bucket);
  const emitter = createShopifyEmitter(opts.webhookTimeScale ?? 1);
  const webhooks = new ShopifyWebhookDispatcher(state, emitter, opts.webhookSecret);
  webhooks.complianceUrl = opts.complianceWebhookUrl ?? null;
  const admin = new ShopifyAdmin(state);
  const problems: ProblemLog = new WeakMap();

  const server = new SandboxServer({
    name: 'shopify',
    faults: opts.faults,
    contract: { check: (_route, req) => problems.get(req) ?? [] },
    faultBody: shopifyFaultBody,
  });
  server.route('POST', GRAPHQL_PATH, graphqlHandler({ accessToken: () => opts.accessToken, executor, problems, recordOperation: (op) => server.recordOperation(op) }));
  registerAdminRoutes(server, { state, admin, emitter, bucket, defaultSeed: opts.seed });
  registerCdnRoutes(server);

  return {
    server,
    state,
    emitter,
    admin,
    webhooks,
    get baseUrl() {
      return server.baseUrl;
    },
    start: (port = 0) => server.listen(port),
    stop: async () => {
      emitter.stop();
      await server.close();
    },
    setLimits: (limits) => bucket.setLimits(limits),
    throttleStatus: () => bucket.status(),
    graphql: (query, variables) => {
      const body: GraphQLRequestBody = { query, variables: variables ?? null };
      return server.dispatch({
        method: 'POST',
        path: GRAPHQL_PATH,
        query: new URLSearchParams(),
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': opts.accessToken },
        rawBody: Buffer.from(JSON.stringify(body)),
        json: body,
      });
    },
  };
}

/** Shopify's bodies for injected faults and unknown paths (other API versions included). */
function shopifyFaultBody(status: number): SandboxResponse {
  switch (status) {
    case 404:
      return { status, body: { errors: 'Not Found' } };
    case 429:
      return { status, headers: { 'retry-after': '2.0' }, body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } };
    case 503:
      return { status, body: { errors: 'Unavailable Shop' } };
    default:
      return { status, body: { errors: 'Internal Server Error' } };
  }
}

export type { ShopifyLimits, ThrottleStatus } from './throttle';
export type { SeedOptions } from './seed';
export type { AdminProductInput, AdminProductPatch, AdminVariantPatch } from './admin';
export { ShopifyAdmin, ShopifyAdminError } from './admin';
export type { RestProduct, RestVariant } from './rest-payload';
export { ShopifyState } from './state';
export { signShopifyWebhook, SHOPIFY_RETRY_SCHEDULE_SECONDS, COMPLIANCE_TOPICS } from './webhooks';
export type { PlaceOrderInput } from './admin-commerce';
export type { AutomaticDiscountSnapshot } from './discount-ops';
export { SeededCatalog } from './seed';
export { GRAPHQL_PATH, INVALID_TOKEN_BODY } from './graphql-handler';
export { routeShopToSandbox, createSandboxFetch, installShopifySdkFetch } from './sdk-fetch';
