import type { MailchimpConnectorConfig, SecretRef } from '../../config/schema';
import type { WebhookVerifier } from '../types';
import { runBatch, type BatchOperationInput, type BatchOperationResult } from './batch';
import { toVendorError } from './errors';
import { createMembers, type MailchimpMembers } from './members';
import { createSdk, type MailchimpSdk } from './sdk';
import { Semaphore, sleep } from './util';
import { createMailchimpWebhookVerifier } from './webhooks';

/**
 * The Mailchimp connector: one audience (cfg.listId), through the official SDK
 * with an isolated client per connector. Calls are capped at 10 in flight
 * (Mailchimp's simultaneous-connection limit) and retried with exponential
 * backoff on 429, 5xx and network errors; other failures surface as VendorError.
 */

export interface MailchimpConnectorOptions {
  /** In-flight cap (default 10, Mailchimp's limit per API key). */
  maxConcurrent?: number;
  /** Retries of a retryable failure (default 4). */
  retries?: number;
  /** First backoff, ms (default 500; doubled each retry, with jitter). */
  retryBaseMs?: number;
  batchPollMs?: number;
  batchTimeoutMs?: number;
}

export interface MailchimpConnector {
  kind: 'mailchimp';
  id: string;
  listId: string;
  webhooks: WebhookVerifier;
  members: MailchimpMembers;
  /** Runs operations as one batch, waits for it, returns results in input order. */
  batch(operations: BatchOperationInput[]): Promise<BatchOperationResult[]>;
  ping(): Promise<string>;
}

export function createMailchimpConnector(id: string, cfg: MailchimpConnectorConfig, secret: (ref: SecretRef) => string, opts: MailchimpConnectorOptions = {}): MailchimpConnector {
  const sdk = createSdk(secret(cfg.apiKey), cfg.server, cfg.baseUrl);
  const gate = new Semaphore(opts.maxConcurrent ?? 10);
  const retries = opts.retries ?? 4;
  const base = opts.retryBaseMs ?? 500;

  async function call<T>(fn: (s: MailchimpSdk) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await gate.run(() => fn(sdk));
      } catch (err) {
        const ve = toVendorError(err);
        if (!ve.retryable || attempt >= retries) throw ve;
        const backoff = ve.retryAfterSeconds !== null ? ve.retryAfterSeconds * 1000 : base * 2 ** attempt * (0.5 + Math.random() / 2);
        await sleep(backoff);
      }
    }
  }

  return {
    kind: 'mailchimp',
    id,
    listId: cfg.listId,
    webhooks: createMailchimpWebhookVerifier(() => secret(cfg.webhookSecret)),
    members: createMembers(call, cfg.listId),
    batch: (operations) => runBatch(call, operations, { pollMs: opts.batchPollMs ?? 2000, timeoutMs: opts.batchTimeoutMs ?? 15 * 60_000 }),
    ping: async () => (await call((s) => s.ping.get())).health_status,
  };
}

export type { MailchimpMember, MemberInput, MailchimpMembers, SincePage, MemberStatus } from './members';
export type { BatchOperationInput, BatchOperationResult } from './batch';
export { subscriberHash } from './members';
export { SECRET_PARAM } from './webhooks';
