import { randomBytes } from 'node:crypto';
import { type OpenApiContract } from '../framework/openapi-contract';
import { SandboxServer, type Faults } from '../framework/server';
import { WebhookEmitter } from '../framework/webhooks';
import { MailchimpAdmin, mountAdminRoutes } from './admin';
import { mountBatchRoutes, type BatchRecord } from './batches';
import { mountEcommerceRoutes } from './ecommerce-routes';
import { faultBody } from './errors';
import { mailchimpContractCheck, type ApiContext, type RouteDeps } from './http';
import { mountListRoutes } from './list-routes';
import { mountMemberRoutes } from './member-routes';
import { ConcurrencyLimiter, type MailchimpLimits } from './rate-limit';
import { seed } from './seed';
import { mountSegmentRoutes } from './segment-routes';
import { mailchimpSpec } from './spec';
import { MailchimpState } from './state';
import { type ListRecord } from './types';
import { deliver, MAILCHIMP_DELIVERY_TIMEOUT_MS, MAILCHIMP_RETRY_SCHEDULE_SECONDS, mountWebhookRoutes } from './webhooks';

/**
 * A stateful stand-in for the Mailchimp Marketing API 3.0
 * (https://mailchimp.com/developer/marketing/api/), under /3.0 like
 * https://{dc}.api.mailchimp.com/3.0: audiences, members, merge fields, tags and
 * segments, e-commerce, batch operations and audience webhooks. Every exchange is
 * checked against the published (3.0.55) spec unless validateContract is false.
 */

export interface MailchimpSandboxOptions {
  /** e.g. 0123456789abcdef0123456789abcdef-us21; the suffix is the data centre. */
  apiKey: string;
  /** OAuth access tokens also accepted (Authorization: Bearer). */
  accessTokens?: string[];
  seed?: { lists?: number; members?: number; seed?: number };
  limits?: MailchimpLimits;
  /** Multiplies the webhook retry delays (e.g. 0.0001 in tests). */
  webhookTimeScale?: number;
  faults?: Faults;
  validateContract?: boolean;
  /** Delay before a submitted batch starts running, ms (default 0). */
  batchStartDelayMs?: number;
}

export interface MailchimpSandbox {
  server: SandboxServer;
  state: MailchimpState;
  emitter: WebhookEmitter;
  /** In-app actions (hosted forms, the account owner): they fire webhooks. */
  admin: MailchimpAdmin;
  contract: OpenApiContract | null;
  /** Audiences created by the seed, in order. */
  lists(): ListRecord[];
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  setLimits(limits: MailchimpLimits): void;
}

export function createMailchimpSandbox(opts: MailchimpSandboxOptions): MailchimpSandbox {
  const dc = /-([a-z]+\d+)$/.exec(opts.apiKey)?.[1] ?? 'us1';
  const contract = (opts.validateContract ?? true) ? mailchimpSpec().contract : null;
  let limits: MailchimpLimits = opts.limits ?? 'off';
  const limiter = new ConcurrencyLimiter(limits);
  const emitter = new WebhookEmitter({ retryScheduleSeconds: MAILCHIMP_RETRY_SCHEDULE_SECONDS, timeScale: opts.webhookTimeScale ?? 1, timeoutMs: MAILCHIMP_DELIVERY_TIMEOUT_MS });
  const server = new SandboxServer({ name: 'mailchimp', ...(contract ? { contract: mailchimpContractCheck(contract) } : {}), faults: opts.faults, faultBody });
  const state = new MailchimpState(opts.seed?.seed ?? 1);
  const ctx: ApiContext = { apiKey: opts.apiKey, accessTokens: opts.accessTokens ?? [], dc, limiter, contract, internalToken: randomBytes(16).toString('hex'), mounted: [] };
  const deps: RouteDeps = { server, ctx, state, links: { apiBase: `https://${dc}.api.mailchimp.com/3.0` } };
  const batches = new Map<string, BatchRecord>();
  const admin = new MailchimpAdmin(state);

  state.onEvent((e) => {
    const list = state.lists.get(e.listId);
    if (list) deliver(emitter, list, e, state.now());
  });

  mountListRoutes(deps);
  mountMemberRoutes(deps);
  mountSegmentRoutes(deps);
  mountWebhookRoutes(deps);
  mountEcommerceRoutes(deps);
  mountBatchRoutes(deps, batches, { startDelayMs: opts.batchStartDelayMs ?? 0 });

  let seeded: ListRecord[] = [];
  const doSeed = (): void => {
    seeded = seed(state, { lists: opts.seed?.lists ?? 1, members: opts.seed?.members ?? 0 });
  };
  doSeed();

  function setLimits(l: MailchimpLimits): void {
    limits = l;
    limiter.configure(l);
  }

  mountAdminRoutes(server, {
    state,
    admin,
    limiter,
    emitter,
    limits: () => limits,
    setLimits,
    reset: () => {
      state.reset();
      batches.clear();
      doSeed();
    },
  });

  return {
    server,
    state,
    emitter,
    admin,
    contract,
    lists: () => seeded,
    start: (port = 0) => server.listen(port),
    async stop() {
      emitter.stop();
      await server.close();
    },
    setLimits,
  };
}

export { subscriberHash } from './state';
export { MAILCHIMP_SPEC_VERSION } from './spec';
export { MAILCHIMP_RETRY_SCHEDULE_SECONDS, webhookForm } from './webhooks';
export type { MailchimpLimits } from './rate-limit';
export type { MailchimpState, AudienceEvent } from './state';
export type { MailchimpAdmin } from './admin';
