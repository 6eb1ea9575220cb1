import { formatIssue, type OpenApiContract } from '../framework/openapi-contract';
import { SandboxServer, type Faults } from '../framework/server';
import { WebhookEmitter } from '../framework/webhooks';
import { mountAdminRoutes, XeroWebApp } from './admin';
import { mountContactRoutes } from './contacts';
import { mountCreditNoteRoutes } from './credit-notes';
import { faultBody } from './errors';
import { xeroContractCheck, type XeroApiContext } from './http';
import { mountInvoiceRoutes } from './invoices';
import { mountItemRoutes } from './items';
import { mountPaymentRoutes } from './payments';
import { Prng } from './prng';
import { XeroRateLimiter, type XeroLimits } from './rate-limit';
import { seedOrganisation, type SeedCounts } from './seed';
import { mountSettingsRoutes } from './settings';
import { xeroSpecs } from './spec';
import { XeroState } from './state';
import { type EventCategory } from './types';
import { XERO_DELIVERY_TIMEOUT_MS, XERO_RETRY_SCHEDULE_SECONDS, XeroWebhooks, type XeroWebhookSubscription } from './webhooks';

/**
 * A stateful stand-in for one Xero organisation behind the Accounting API
 * (https://developer.xero.com/documentation/api/accounting/overview) at
 * `/api.xro/2.0/…`, the identity API's GET /connections, and Xero webhooks.
 * Every exchange is checked against Xero's published OpenAPI spec by default.
 */

export interface XeroSandboxOptions {
  accessToken: string;
  tenantId: string;
  tenantName?: string;
  /** Webhook signing key (the developer portal shows one per app); default: derived from the seed. */
  webhookKey?: string;
  /** Default NZD (an NZ-style GST organisation). */
  baseCurrency?: string;
  seed?: SeedCounts;
  limits?: XeroLimits;
  /** Multiplies Xero's webhook retry delays (e.g. 0.0001 in tests). */
  webhookTimeScale?: number;
  faults?: Faults;
  /** Validate every request/response and emitted webhook against the specs. Default true. */
  validateContract?: boolean;
  /** Epoch-ms clock for timestamps and rate-limit windows (tests pin or advance it). Default Date.now. */
  clock?: () => number;
  /** Simulated processing time per API call, ms, during which the call counts as in flight. Default 0. */
  processingMs?: number;
  /** `ProviderName` of response envelopes (the app's name at Xero). */
  providerName?: string;
}

export interface XeroSandbox {
  server: SandboxServer;
  state: XeroState;
  emitter: WebhookEmitter;
  /** Edits as a user makes them in the Xero web app (same webhooks as API writes). */
  admin: XeroWebApp;
  webhooks: XeroWebhooks;
  /** The key that signs x-xero-signature. */
  webhookKey: string;
  /** The Accounting spec contract (null when validateContract is false). */
  contract: OpenApiContract | null;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  setLimits(limits: XeroLimits): void;
  /** Sets the webhook delivery URL and runs intent-to-receive (events flow once it is OK). */
  subscribeWebhooks(url: string, categories?: EventCategory[]): Promise<XeroWebhookSubscription>;
}

export function createXeroSandbox(opts: XeroSandboxOptions): XeroSandbox {
  const validate = opts.validateContract ?? true;
  const specs = validate ? xeroSpecs() : null;
  const clock = opts.clock ?? Date.now;
  const seed = opts.seed?.seed ?? 1;
  const state = new XeroState({ tenantId: opts.tenantId, tenantName: opts.tenantName ?? 'Switchyard Demo Company', baseCurrency: opts.baseCurrency ?? 'NZD', seed, clock });
  const webhookKey = opts.webhookKey ?? Buffer.from(new Prng(seed ^ 0x5eed).letters(48)).toString('base64');
  let limits: XeroLimits = opts.limits ?? 'off';
  const limiter = new XeroRateLimiter(limits, clock);
  const emitter = new WebhookEmitter({ retryScheduleSeconds: XERO_RETRY_SCHEDULE_SECONDS, timeScale: opts.webhookTimeScale ?? 1, timeoutMs: XERO_DELIVERY_TIMEOUT_MS });
  const server = new SandboxServer({ name: 'xero', ...(specs ? { contract: xeroContractCheck(specs.accounting) } : {}), faults: opts.faults, faultBody });
  const webhooks = new XeroWebhooks({
    emitter,
    prng: () => state.prng,
    key: () => webhookKey,
    tenantId: opts.tenantId,
    resourceBase: () => server.baseUrl || 'https://api.xero.com',
    creditNoteData: (id) => {
      const cn = state.creditNotes.get(id)?.rec;
      return cn ? { Type: cn.Type, Status: cn.Status } : null;
    },
    ...(specs ? { validate: (category: EventCategory, body: unknown) => specs.webhooks.validateSchema(category === 'CREDITNOTE' ? 'CreditNoteWebhookEvent' : 'WebhookEvent', body).map(formatIssue) } : {}),
    onViolation: (url, messages) => server.violations.push({ sandbox: 'xero', method: 'WEBHOOK', path: url, messages }),
  });
  state.listeners.push((category, type, id, at) => webhooks.enqueue(category, type, id, at));

  const ctx: XeroApiContext = { state, accessToken: () => opts.accessToken, limiter, providerName: opts.providerName ?? 'Switchyard', processingMs: () => opts.processingMs ?? 0, mounted: [] };
  const connection = { id: state.prng.uuid(), authEventId: state.prng.uuid(), createdMs: clock() };
  mountSettingsRoutes(server, ctx, connection);
  mountContactRoutes(server, ctx);
  mountItemRoutes(server, ctx);
  mountInvoiceRoutes(server, ctx);
  mountCreditNoteRoutes(server, ctx);
  mountPaymentRoutes(server, ctx);
  const setLimits = (l: XeroLimits): void => {
    limits = l;
    limiter.configure(l);
  };
  const seedCounts = opts.seed ?? {};
  seedOrganisation(state, seedCounts);
  mountAdminRoutes(server, {
    state,
    webhooks,
    limits: () => limits,
    setLimits,
    reset: () => {
      state.reset();
      webhooks.reset();
      limiter.configure(limits);
      seedOrganisation(state, seedCounts);
    },
    deliveries: () => ({ total: emitter.log.length, delivered: emitter.log.filter((d) => d.delivered).length }),
  });
  if (specs) {
    // Compile the validators up front: the first compilation of the Invoice graph takes a moment.
    for (const [method, path] of ctx.mounted) specs.accounting.warm(method, path.replace(/\{[^}]+\}/g, 'x'), method === 'GET' ? [200] : [200, 400]);
  }

  return {
    server,
    state,
    emitter,
    admin: new XeroWebApp(state),
    webhooks,
    webhookKey,
    contract: specs?.accounting ?? null,
    start: (port = 0) => server.listen(port),
    async stop() {
      emitter.stop();
      await server.close();
    },
    setLimits,
    subscribeWebhooks: (url, categories) => webhooks.subscribe(url, categories),
  };
}

export { signXeroWebhook, XERO_RETRY_SCHEDULE_SECONDS } from './webhooks';
export { ACCOUNTING_BASE } from './spec';
export type { XeroLimits } from './rate-limit';
export type { XeroState } from './state';
export type { XeroWebhookSubscription, IntentAttempt } from './webhooks';
export type { ContactEdit, InvoiceDraft } from './admin';
