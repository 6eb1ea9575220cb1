import { formatIssue, type OpenApiContract } from '../framework/openapi-contract';
import { SandboxServer, type Faults } from '../framework/server';
import { WebhookEmitter } from '../framework/webhooks';
import { mountAdminRoutes, SquareDashboard } from './admin';
import { mountCatalogRoutes } from './catalog-routes';
import { mountImageFileRoutes } from './image-files';
import { squareSpec, SQUARE_SPEC_VERSION } from './contract';
import { faultBody } from './errors';
import { squareContractCheck, type ApiContext } from './http';
import { mountLocationRoutes } from './locations';
import { mountCustomerRoutes } from './customer-routes';
import { mountGiftCardRoutes } from './gift-card-routes';
import { mountInventoryRoutes } from './inventory-routes';
import { mountOrderRoutes } from './order-routes';
import { mountPaymentRoutes } from './payment-routes';
import { seedPos, type PosSeed } from './pos-seed';
import { TokenBucket, type RateLimits } from './rate-limit';
import { defaultLocations, demoCatalog } from './seed';
import { SquareState } from './state';
import { type CatalogObject } from './types';
import { mountWebhookRoutes } from './webhook-routes';
import { SQUARE_DELIVERY_TIMEOUT_MS, SQUARE_RETRY_SCHEDULE_SECONDS } from './webhooks';

/**
 * A stateful stand-in for Square's Connect v2 API (Locations, Catalog with
 * image uploads and their CDN, Webhook Subscriptions, Inventory, Customers,
 * Orders, Payments, Refunds, Gift Cards), faithful to https://developer.squareup.com/reference/square
 * and to the published OpenAPI spec, which checks every exchange by default.
 */

export interface SquareSandboxOptions {
  accessToken: string;
  /** Signature key given to every webhook subscription created (lets a demo know it in advance). */
  webhookSignatureKey?: string;
  locations?: { id: string; name: string; currency: string }[];
  limits?: RateLimits;
  /** Multiplies Square's webhook retry delays (e.g. 0.0001 in tests). */
  webhookTimeScale?: number;
  faults?: Faults;
  /** Validate every request/response (and emitted webhook) against the spec. Default true. */
  validateContract?: boolean;
  /** Square-Version echoed when a request sends none. Default 2025-10-16 (the spec's). */
  squareVersion?: string;
  /** square-environment header of webhook notifications. Default Production. */
  environment?: 'Production' | 'Sandbox';
  /** Accept http:// notification URLs on non-loopback hosts (Square requires HTTPS). Default false. */
  allowHttpNotificationUrls?: boolean;
  /** Delay before PENDING card refunds settle to COMPLETED (refund.updated). Default 0 (next tick). */
  refundSettleMs?: number;
}

export interface SquareSandbox {
  server: SandboxServer;
  state: SquareState;
  emitter: WebhookEmitter;
  /** Seller-side edits (Square Dashboard): they bump the catalog version and fire webhooks. */
  dashboard: SquareDashboard;
  /** The spec contract (null when validateContract is false). */
  contract: OpenApiContract | null;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  setLimits(limits: RateLimits): void;
  /** Live ITEM objects, variations nested, as the API renders them. */
  items(): CatalogObject[];
  /** Objects of one type (live only unless includeDeleted), as rendered by the API. */
  objects(type?: string, opts?: { includeDeleted?: boolean }): CatalogObject[];
  object(id: string): CatalogObject | undefined;
  /** Live object counts by type. */
  counts(): Record<string, number>;
  /** Adds `count` deterministic demo items (with variations) and returns them. */
  seed(count: number): CatalogObject[];
  /** Checks a webhook body against the spec's *Event schema for its type. */
  validateEvent(eventType: string, body: unknown): string[];
  /** Deterministic POS data: customers, IN_STOCK counts for every variation × location, paid sales. */
  seedPos(opts: PosSeed): { customers: string[]; orders: string[]; payments: string[] };
}

export function createSquareSandbox(opts: SquareSandboxOptions): SquareSandbox {
  const validate = opts.validateContract ?? true;
  const version = opts.squareVersion ?? SQUARE_SPEC_VERSION;
  const spec = squareSpec(); // event types come from the spec even without validation
  const contract = validate ? spec.contract : null;
  let limits: RateLimits = opts.limits ?? 'off';
  const bucket = new TokenBucket(limits);
  const emitter = new WebhookEmitter({ retryScheduleSeconds: SQUARE_RETRY_SCHEDULE_SECONDS, timeScale: opts.webhookTimeScale ?? 1, timeoutMs: SQUARE_DELIVERY_TIMEOUT_MS });
  const server = new SandboxServer({
    name: 'square',
    ...(contract ? { contract: squareContractCheck(contract) } : {}),
    faults: opts.faults,
    faultBody: (status) => {
      const res = faultBody(status);
      return { ...res, headers: { ...(res.headers ?? {}), 'square-version': version } };
    },
  });

  const validateEvent = (eventType: string, body: unknown): string[] => {
    const schema = spec.eventSchemas.get(eventType);
    return schema ? spec.contract.validateSchema(schema, body).map(formatIssue) : [`no event schema for ${eventType} in the spec`];
  };
  const state = new SquareState(opts.locations?.length ? opts.locations : defaultLocations(), {
    emitter,
    apiVersion: version,
    signatureKey: opts.webhookSignatureKey,
    environment: opts.environment ?? 'Production',
    allowHttp: opts.allowHttpNotificationUrls ?? false,
    eventTypes: () => spec.eventTypes,
    ...(validate ? { validateEvent } : {}),
    onViolation: (url, messages) => server.violations.push({ sandbox: 'square', method: 'WEBHOOK', path: url, messages }),
    refundSettleMs: opts.refundSettleMs,
  });
  const ctx: ApiContext = { accessToken: opts.accessToken, defaultVersion: version, bucket, idempotency: state.idempotency, contract, mounted: [] };
  const dashboard = new SquareDashboard(state);

  mountLocationRoutes(server, ctx, state);
  mountCatalogRoutes(server, ctx, state);
  mountImageFileRoutes(server, state.imageFiles);
  mountWebhookRoutes(server, ctx, state, () => spec.eventTypes);
  mountInventoryRoutes(server, ctx, state.pos);
  mountCustomerRoutes(server, ctx, state.pos);
  mountOrderRoutes(server, ctx, state.pos);
  mountPaymentRoutes(server, ctx, state.pos);
  mountGiftCardRoutes(server, ctx, state.pos);
  mountAdminRoutes(server, {
    state,
    bucket,
    emitter,
    dashboard,
    limits: () => limits,
    setLimits: (l) => setLimits(l),
  });
  if (contract) {
    // Compile the validators now: the first compilation of the catalog schemas takes a few hundred ms.
    for (const [method, pattern] of ctx.mounted) contract.warm(method, pattern.replace(/\{[^}]+\}/g, 'x'));
  }

  function setLimits(l: RateLimits): void {
    limits = l;
    bucket.configure(l);
  }

  const render = (type: string | undefined, includeDeleted: boolean): CatalogObject[] => {
    const types = type ? [type] : Object.keys(state.catalog.counts().byType);
    return types.flatMap((t) => state.catalog.typeList(t).filter((s) => includeDeleted || !s.obj.is_deleted).map((s) => structuredClone(state.catalog.render(s))));
  };

  return {
    server,
    state,
    emitter,
    dashboard,
    contract,
    start: (port = 0) => server.listen(port),
    async stop() {
      emitter.stop();
      await server.close();
    },
    setLimits,
    items: () => render('ITEM', false),
    objects: (type, o) => render(type, o?.includeDeleted ?? false),
    object: (id) => {
      const s = state.catalog.get(id);
      return s ? structuredClone(state.catalog.render(s)) : undefined;
    },
    counts: () => state.catalog.counts().byType,
    seed: (count) => {
      const out: CatalogObject[] = [];
      for (let i = 0; i < count; i += 1000) out.push(...state.writeCatalog(demoCatalog(Math.min(1000, count - i), state.currency, 2, state.catalog.typeList('ITEM').length), 'objects').objects);
      return out;
    },
    validateEvent,
    seedPos: (o) => seedPos(state, o),
  };
}

export { SQUARE_SPEC_VERSION } from './contract';
export { signSquareWebhook, SQUARE_RETRY_SCHEDULE_SECONDS } from './webhooks';
export type { SquareState } from './state';
export type { CatalogObject, WebhookSubscription, Location } from './types';
export type { RateLimits } from './rate-limit';
export type { SaleInput, StockInput, RefundInput } from './pos-dashboard';
export type { PosSeed } from './pos-seed';
