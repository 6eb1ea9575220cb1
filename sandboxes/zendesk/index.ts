import { type OpenApiContract } from '../framework/openapi-contract';
import { SandboxServer, type Faults } from '../framework/server';
import { WebhookEmitter } from '../framework/webhooks';
import { mountAdminRoutes, ZendeskAdmin } from './admin';
import { zendeskContract, zendeskContractCheck } from './contract';
import { faultBody } from './errors';
import { ZENDESK_DELIVERY_TIMEOUT_MS, ZENDESK_RETRY_SCHEDULE_SECONDS, ZendeskWebhookDispatcher } from './events';
import { mountFieldRoutes } from './fields';
import { type ApiContext } from './http';
import { mountIncrementalRoutes } from './incremental';
import { mountOrganizationRoutes } from './organizations';
import { RateLimiter, type ZendeskLimits, type ZendeskPlan } from './rate-limit';
import { bootstrapAccount, seedAccount, type SeedOptions } from './seed';
import { ZendeskState } from './state';
import { mountTicketRoutes } from './tickets';
import { mountUserRoutes } from './users';
import { mountWebhookRoutes } from './webhook-routes';

/**
 * A stateful stand-in for the Zendesk Support API v2 (users, user fields,
 * organizations, tickets, comments, ticket fields, job statuses, incremental
 * exports) and the Webhooks API, faithful to https://developer.zendesk.com/api-reference/
 * and to the published OpenAPI spec, which checks every exchange by default.
 */

export interface ZendeskSandboxOptions {
  subdomain: string;
  /** Agent email of the API token ({email}/token:{apiToken}). */
  email: string;
  apiToken: string;
  seed?: SeedOptions;
  limits?: ZendeskLimits;
  /** Plan whose per-minute limit 'realistic' applies. Default 'team' (200/min). */
  plan?: ZendeskPlan;
  /** Multiplies webhook retry delays (e.g. 0.001 in tests). */
  webhookTimeScale?: number;
  faults?: Faults;
  /** Validate every exchange against oas.yaml (webhooks against zod). Default true. */
  validateContract?: boolean;
  /** OAuth access tokens accepted as Bearer. */
  oauthTokens?: string[];
  accountId?: number;
}

export interface ZendeskSandbox {
  server: SandboxServer;
  state: ZendeskState;
  emitter: WebhookEmitter;
  admin: ZendeskAdmin;
  contract: OpenApiContract | null;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  setLimits(limits: ZendeskLimits, plan?: ZendeskPlan): void;
}

export function createZendeskSandbox(opts: ZendeskSandboxOptions): ZendeskSandbox {
  const contract = opts.validateContract === false ? null : zendeskContract();
  const state = new ZendeskState(opts.subdomain, opts.accountId ?? 10_000_001);
  const limiter = new RateLimiter(opts.limits ?? 'off', opts.plan ?? 'team', () => state.now());
  const emitter = new WebhookEmitter({ retryScheduleSeconds: ZENDESK_RETRY_SCHEDULE_SECONDS, timeScale: opts.webhookTimeScale ?? 1, timeoutMs: ZENDESK_DELIVERY_TIMEOUT_MS });
  const server = new SandboxServer({ name: 'zendesk', ...(contract ? { contract: zendeskContractCheck(contract) } : {}), faults: opts.faults, faultBody });
  const violation = (method: string, path: string, messages: string[]): void => {
    if (contract) server.violations.push({ sandbox: 'zendesk', method, path, messages });
  };
  const dispatcher = new ZendeskWebhookDispatcher(state, emitter, contract ? (url, messages) => violation('WEBHOOK', url, messages) : null);
  state.sink = dispatcher;
  const init = (): void => {
    state.clear();
    for (const t of opts.oauthTokens ?? []) state.oauthTokens.add(t);
    bootstrapAccount(state, opts.email);
    if (opts.seed) seedAccount(state, opts.seed);
  };
  init();

  const ctx: ApiContext = { state, email: opts.email, apiToken: opts.apiToken, limiter, defaultBase: `https://${opts.subdomain}.zendesk.com` };
  // Literal paths before parameterised ones: /users/search must not be taken for /users/{user_id}.
  mountUserRoutes(server, ctx);
  mountOrganizationRoutes(server, ctx);
  mountTicketRoutes(server, ctx);
  mountFieldRoutes(server, ctx);
  mountIncrementalRoutes(server, ctx);
  mountWebhookRoutes(server, ctx, violation);
  const setLimits = (limits: ZendeskLimits, plan?: ZendeskPlan): void => limiter.configure(limits, plan);
  mountAdminRoutes(server, { state, limiter, emitter, reset: init, setLimits });

  return {
    server,
    state,
    emitter,
    admin: new ZendeskAdmin(state, dispatcher),
    contract,
    start: (port = 0) => server.listen(port),
    async stop() {
      emitter.stop();
      await server.close();
    },
    setLimits,
  };
}

export { signZendeskWebhook, ZENDESK_RETRY_SCHEDULE_SECONDS } from './events';
export { PLAN_LIMITS, type ZendeskLimits, type ZendeskPlan } from './rate-limit';
export type { ZendeskState } from './state';
