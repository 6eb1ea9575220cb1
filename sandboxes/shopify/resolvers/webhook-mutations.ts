import { expectGid, gid } from '../ids';
import { SHOPIFY_API_VERSION } from '../schema';
import type { UserErrorData } from '../ops-common';
import type { ExecContext } from './context';
import { WebhookSubscriptionNode } from './shop-node';

/**
 * webhookSubscriptionCreate / Update / Delete.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/webhookSubscriptionCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/webhookSubscriptionDelete
 */

interface SubscriptionInput {
  callbackUrl?: string | null;
  format?: 'JSON' | 'XML' | null;
  includeFields?: string[] | null;
  filter?: string | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Shopify only delivers to https:// addresses. The sandbox also accepts
 * http:// on loopback hosts, because test receivers listen on 127.0.0.1.
 */
function checkAddress(url: string | null | undefined, field: string[]): UserErrorData | null {
  if (!url) return { field, message: "Address can't be blank" };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { field, message: 'Address is invalid' };
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)) return null;
  return { field, message: `Address protocol ${parsed.protocol}// is not supported` };
}

export function webhookSubscriptionCreate(ctx: ExecContext, args: Record<string, unknown>): { webhookSubscription: WebhookSubscriptionNode | null; userErrors: UserErrorData[] } {
  const topic = String(args.topic);
  const input = (args.webhookSubscription ?? {}) as SubscriptionInput;
  const problem = checkAddress(input.callbackUrl, ['webhookSubscription', 'callbackUrl']);
  if (problem) return { webhookSubscription: null, userErrors: [problem] };
  const { state } = ctx;
  const taken = [...state.webhookSubscriptions.values()].some((s) => s.topic === topic && s.callbackUrl === input.callbackUrl);
  if (taken) return { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address for this topic has already been taken' }] };
  const now = state.now();
  const record = {
    id: state.allocateWebhookId(),
    topic,
    callbackUrl: input.callbackUrl!,
    format: input.format ?? 'JSON',
    includeFields: input.includeFields ?? [],
    filter: input.filter ?? null,
    apiVersion: SHOPIFY_API_VERSION,
    createdAt: now,
    updatedAt: now,
  };
  state.webhookSubscriptions.set(record.id, record);
  return { webhookSubscription: new WebhookSubscriptionNode(record), userErrors: [] };
}

export function webhookSubscriptionUpdate(ctx: ExecContext, args: Record<string, unknown>): { webhookSubscription: WebhookSubscriptionNode | null; userErrors: UserErrorData[] } {
  const id = expectGid(args.id, 'WebhookSubscription');
  const current = id === null ? undefined : ctx.state.webhookSubscriptions.get(id);
  if (!current) return { webhookSubscription: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] };
  const input = (args.webhookSubscription ?? {}) as SubscriptionInput;
  if ('callbackUrl' in input) {
    const problem = checkAddress(input.callbackUrl, ['webhookSubscription', 'callbackUrl']);
    if (problem) return { webhookSubscription: null, userErrors: [problem] };
  }
  const next = {
    ...current,
    callbackUrl: input.callbackUrl ?? current.callbackUrl,
    format: input.format ?? current.format,
    includeFields: input.includeFields ?? current.includeFields,
    filter: 'filter' in input ? (input.filter ?? null) : current.filter,
    updatedAt: ctx.state.now(),
  };
  ctx.state.webhookSubscriptions.set(next.id, next);
  return { webhookSubscription: new WebhookSubscriptionNode(next), userErrors: [] };
}

export function webhookSubscriptionDelete(ctx: ExecContext, args: Record<string, unknown>): { deletedWebhookSubscriptionId: string | null; userErrors: UserErrorData[] } {
  const id = expectGid(args.id, 'WebhookSubscription');
  if (id === null || !ctx.state.webhookSubscriptions.delete(id)) {
    return { deletedWebhookSubscriptionId: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] };
  }
  return { deletedWebhookSubscriptionId: gid('WebhookSubscription', id), userErrors: [] };
}
