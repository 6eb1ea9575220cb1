import { type SandboxServer } from '../framework/server';
import { apiError, notFound } from './errors';
import { compact, mountApi, type ApiContext } from './http';
import { type SquareState } from './state';
import { isRecord, type WebhookSubscription } from './types';
import { type SubscriptionInput } from './webhooks';

/**
 * Webhook Subscriptions API. https://developer.squareup.com/reference/square/webhook-subscriptions-api
 * (Square requires the application's personal access token here; the sandbox
 * has one token, so it is that one.)
 */

/** ListWebhookSubscriptions: "The default value of 100 is also the maximum allowed value." */
const LIST_MAX = 100;

function input(body: Record<string, unknown>): SubscriptionInput {
  const s = isRecord(body.subscription) ? body.subscription : null;
  if (!s) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `subscription`.', 'subscription');
  return {
    name: typeof s.name === 'string' ? s.name : undefined,
    enabled: typeof s.enabled === 'boolean' ? s.enabled : undefined,
    event_types: Array.isArray(s.event_types) ? s.event_types.filter((t): t is string => typeof t === 'string') : undefined,
    notification_url: typeof s.notification_url === 'string' ? s.notification_url : undefined,
    api_version: typeof s.api_version === 'string' ? s.api_version : undefined,
  };
}

export function mountWebhookRoutes(server: SandboxServer, ctx: ApiContext, state: SquareState, eventTypes: () => { event_type: string; api_version_introduced: string; release_status: string }[]): void {
  const hooks = state.webhooks;

  // https://developer.squareup.com/reference/square/webhook-subscriptions-api/list-webhook-event-types
  mountApi(server, ctx, 'GET', '/v2/webhooks/event-types', (req) => {
    const version = req.query.get('api_version');
    const meta = eventTypes().filter((e) => !version || e.api_version_introduced <= version);
    return { status: 200, body: { event_types: meta.map((e) => e.event_type), metadata: meta } };
  });

  // https://developer.squareup.com/reference/square/webhook-subscriptions-api/create-webhook-subscription
  mountApi(server, ctx, 'POST', '/v2/webhooks/subscriptions', (_req, body) => ({ status: 200, body: { subscription: hooks.create(input(body)) } }), { idempotent: true });

  // https://developer.squareup.com/reference/square/webhook-subscriptions-api/list-webhook-subscriptions
  mountApi(server, ctx, 'GET', '/v2/webhooks/subscriptions', (req) => {
    const includeDisabled = req.query.get('include_disabled') === 'true';
    const desc = req.query.get('sort_order') === 'DESC';
    const limit = Math.min(Number(req.query.get('limit') ?? LIST_MAX) || LIST_MAX, LIST_MAX);
    const offset = Number(Buffer.from(req.query.get('cursor') ?? '', 'base64url').toString('utf8') || '0');
    if (!Number.isInteger(offset) || offset < 0) throw apiError('INVALID_CURSOR', 'The pagination cursor is invalid.', 'cursor');
    // Subscriptions are few; an offset cursor is enough here (ids sort by creation time).
    const all: WebhookSubscription[] = [...hooks.subscriptions.values()].filter((s) => includeDisabled || s.enabled);
    if (desc) all.reverse();
    // Listed subscriptions carry no signature_key (spec example); Retrieve and Create do.
    const page = all.slice(offset, offset + limit).map(({ signature_key: _key, ...rest }) => rest);
    const cursor = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
    return { status: 200, body: compact({ subscriptions: page, cursor }) };
  });

  // https://developer.squareup.com/reference/square/webhook-subscriptions-api/retrieve-webhook-subscription
  mountApi(server, ctx, 'GET', '/v2/webhooks/subscriptions/{subscription_id}', (req) => {
    const sub = hooks.subscriptions.get(req.params.subscription_id ?? '');
    return sub ? { status: 200, body: { subscription: sub } } : notFound(`Webhook subscription \`${req.params.subscription_id ?? ''}\` not found.`);
  });

  // https://developer.squareup.com/reference/square/webhook-subscriptions-api/update-webhook-subscription
  mountApi(server, ctx, 'PUT', '/v2/webhooks/subscriptions/{subscription_id}', (req, body) => {
    const sub = hooks.update(req.params.subscription_id ?? '', input(body));
    return sub ? { status: 200, body: { subscription: sub } } : notFound(`Webhook subscription \`${req.params.subscription_id ?? ''}\` not found.`);
  });

  // https://developer.squareup.com/reference/square/webhook-subscriptions-api/delete-webhook-subscription
  mountApi(server, ctx, 'DELETE', '/v2/webhooks/subscriptions/{subscription_id}', (req) => {
    const id = req.params.subscription_id ?? '';
    return hooks.subscriptions.delete(id) ? { status: 200, body: {} } : notFound(`Webhook subscription \`${id}\` not found.`);
  });
}
