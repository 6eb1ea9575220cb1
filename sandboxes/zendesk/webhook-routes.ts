import { createHash } from 'node:crypto';
import { type SandboxResponse, type SandboxServer } from '../framework/server';
import { ZendeskError } from './errors';
import { mountApi, type ApiContext, type Call } from './http';
import { paginate } from './pagination';
import { iso } from './render';
import { type JsonObject, type WebhookRecord } from './types';
import { issues, SigningSecretResponse, WebhookErrors, WebhookPatchRequest, WebhookRequest, WebhookResponse, WebhooksResponse, type WebhookInput } from './webhook-schemas';

/**
 * Webhooks API, https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/.
 * Not in oas.yaml: requests and responses are checked against webhook-schemas.ts
 * and mismatches land in server.violations like spec violations do.
 * Errors use this API's `{errors: [{code, title, detail}]}` format.
 */

type Violation = (method: string, path: string, messages: string[]) => void;

function invalid(detail: string): ZendeskError {
  return new ZendeskError(400, { errors: [{ code: 'InvalidValue', title: 'Invalid value', detail }] });
}

export function renderWebhook(w: WebhookRecord): JsonObject {
  return {
    id: w.id, name: w.name, status: w.status, subscriptions: [...w.subscriptions], endpoint: w.endpoint, http_method: w.http_method,
    request_format: w.request_format, description: w.description, custom_headers: { ...w.custom_headers },
    created_at: iso(w.created_at), created_by: String(w.created_by), updated_at: iso(w.updated_at), updated_by: String(w.updated_by),
  };
}

/** An event-subscribed webhook must be POST + json (documented restriction). */
function checkSubscriptions(input: Partial<WebhookInput>, w: WebhookRecord): void {
  const events = w.subscriptions.filter((s) => s.startsWith('zen:event-type:'));
  if (events.length && (w.http_method !== 'POST' || w.request_format !== 'json')) throw invalid('Webhooks subscribed to Zendesk events must use POST and json');
  if (events.length && w.subscriptions.includes('conditional_ticket_events')) throw invalid('A webhook cannot both subscribe to events and connect to triggers');
  void input;
}

export function mountWebhookRoutes(server: SandboxServer, ctx: ApiContext, onViolation: Violation): void {
  const { state } = ctx;
  let secrets = 0;
  const newSecret = (id: string): string => createHash('sha256').update(`${state.accountId}:${id}:${++secrets}`).digest('base64url');
  const checked = (call: Call, res: SandboxResponse, schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } } | null): SandboxResponse => {
    const s = res.status >= 400 ? WebhookErrors : schema;
    const messages = s ? issues(s.safeParse(res.body)) : [];
    if (messages.length) onViolation(call.req.method, call.req.path, messages.map((m) => `response ${res.status}: ${m}`));
    return res;
  };
  const mount = (method: string, pattern: string, handler: (call: Call) => SandboxResponse, schema: Parameters<typeof checked>[2]): void =>
    mountApi(server, ctx, method, pattern, (call) => {
      try {
        return checked(call, handler(call), schema);
      } catch (err) {
        if (err instanceof ZendeskError) checked(call, err.toResponse(), null);
        throw err;
      }
    });
  const find = (id: string | undefined): WebhookRecord => {
    const w = state.webhooks.get(id ?? '');
    if (!w) throw new ZendeskError(404, { errors: [{ code: 'WebhookNotFound', title: 'Webhook not found', detail: `Webhook ${id ?? ''} not found` }] });
    return w;
  };

  // https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#list-webhooks (cursor pagination)
  mount('GET', '/api/v2/webhooks', (call) => {
    const hooks = [...state.webhooks.values()].map((w, i) => ({ id: i + 1, w }));
    const body = paginate(call, hooks, 'webhooks', (h) => renderWebhook(h.w));
    if (!('meta' in body)) return { status: 200, body: { webhooks: body.webhooks ?? [], meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { next: null, prev: null } } };
    return { status: 200, body };
  }, WebhooksResponse);
  // https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#create-or-clone-webhook
  mount('POST', '/api/v2/webhooks', (call) => {
    const parsed = WebhookRequest.safeParse(call.body);
    if (!parsed.success) throw invalid(issues(parsed).join('; '));
    const input = parsed.data.webhook;
    const now = state.now();
    const id = state.nextWebhookId();
    const w: WebhookRecord = {
      id, name: input.name, description: input.description ?? '', endpoint: input.endpoint, http_method: input.http_method, request_format: input.request_format,
      status: input.status, subscriptions: input.subscriptions ?? [], secret: input.signing_secret?.secret ?? newSecret(id), custom_headers: input.custom_headers ?? {},
      created_at: now, updated_at: now, created_by: call.actor.id, updated_by: call.actor.id,
    };
    checkSubscriptions(input, w);
    state.webhooks.set(id, w);
    return { status: 201, body: { webhook: renderWebhook(w) } };
  }, WebhookResponse);
  // https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#show-webhook
  mount('GET', '/api/v2/webhooks/{webhook_id}', (call) => ({ status: 200, body: { webhook: renderWebhook(find(call.req.params.webhook_id)) } }), WebhookResponse);
  // Update Webhook (PUT, full) and Patch Webhook (PATCH, JSON merge patch): both answer 204.
  for (const method of ['PUT', 'PATCH'] as const) {
    mount(method, '/api/v2/webhooks/{webhook_id}', (call) => {
      const current = find(call.req.params.webhook_id);
      const parsed = (method === 'PUT' ? WebhookRequest : WebhookPatchRequest).safeParse(call.body);
      if (!parsed.success) throw invalid(issues(parsed).join('; '));
      const input: Partial<WebhookInput> = parsed.data.webhook;
      const next: WebhookRecord = {
        ...current,
        ...(input.name !== undefined ? { name: input.name } : {}), ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.endpoint !== undefined ? { endpoint: input.endpoint } : {}), ...(input.http_method !== undefined ? { http_method: input.http_method } : {}),
        ...(input.request_format !== undefined ? { request_format: input.request_format } : {}), ...(input.subscriptions !== undefined ? { subscriptions: input.subscriptions } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}), ...(input.custom_headers !== undefined ? { custom_headers: input.custom_headers } : {}),
        updated_at: state.now(), updated_by: call.actor.id,
      };
      checkSubscriptions(input, next);
      state.webhooks.set(next.id, next);
      return { status: 204 };
    }, null);
  }
  // https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#delete-webhook
  mount('DELETE', '/api/v2/webhooks/{webhook_id}', (call) => {
    state.webhooks.delete(find(call.req.params.webhook_id).id);
    return { status: 204 };
  }, null);
  // https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#show-webhook-signing-secret
  mount('GET', '/api/v2/webhooks/{webhook_id}/signing_secret', (call) => ({ status: 200, body: { signing_secret: { algorithm: 'SHA256', secret: find(call.req.params.webhook_id).secret } } }), SigningSecretResponse);
  // https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#reset-webhook-signing-secret
  mount('POST', '/api/v2/webhooks/{webhook_id}/signing_secret', (call) => {
    const w = find(call.req.params.webhook_id);
    const next = { ...w, secret: newSecret(w.id), updated_at: state.now() };
    state.webhooks.set(w.id, next);
    return { status: 201, body: { signing_secret: { algorithm: 'SHA256', secret: next.secret } } };
  }, SigningSecretResponse);
}
