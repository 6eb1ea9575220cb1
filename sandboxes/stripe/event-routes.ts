import { type SandboxServer } from '../framework/server';
import { invalidRequest, resourceMissing } from './errors';
import { allowOnly, bool, mergeMetadata, missingParam, nullableStr, str, strList } from './form';
import { mountApi, type ApiContext } from './http';
import { createdFilter, listParams, paginate } from './list';
import { type StripeState } from './state';
import { type FormObject, type JsonObject, type StripeObject } from './types';
import { EVENT_RETENTION_SECONDS, type WebhookEndpoint } from './webhooks';

/**
 * Events (https://docs.stripe.com/api/events) and webhook endpoints
 * (https://docs.stripe.com/api/webhook_endpoints).
 *
 * Events are listed "going back up to 30 days" and retrieved "if it was
 * created in the last 30 days": older events are invisible. Filters: `type`
 * (a `*` wildcard matches a segment prefix, e.g. `customer.*`), `types[]`
 * (up to 20, not with `type`), `created`, `delivery_success`.
 */

const MAX_ENDPOINTS = 16;

function retained(state: StripeState, e: StripeObject): boolean {
  return Number(e.created) > state.clock.now() - EVENT_RETENTION_SECONDS;
}

function typeMatcher(pattern: string): (t: string) => boolean {
  if (!pattern.includes('*')) return (t) => t === pattern;
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return (t) => re.test(t);
}

function endpointInput(form: FormObject, creating: boolean): { url?: string; events?: string[] } {
  const url = str(form, 'url');
  if (creating && !url) throw missingParam('url');
  if (url !== undefined) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw invalidRequest('Invalid URL: URL must be publicly accessible.', 'url', 'url_invalid');
  }
  const events = strList(form, 'enabled_events');
  if (creating && !events?.length) throw missingParam('enabled_events');
  for (const e of events ?? []) {
    if (e !== '*' && !/^[a-z_]+(\.[a-z_]+)+$/.test(e)) throw invalidRequest(`Invalid event type: ${e}`, 'enabled_events', 'parameter_invalid_string');
  }
  return { url, events };
}

export function mountEventRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  // https://docs.stripe.com/api/events/list
  mountApi(server, ctx, 'GET', '/v1/events', (r) => {
    listParams(r.form, ['type', 'types', 'delivery_success']);
    const type = str(r.form, 'type');
    const types = strList(r.form, 'types');
    if (type !== undefined && types !== undefined) throw invalidRequest('You may only specify one of these parameters: type, types.', 'types');
    if (types && types.length > 20) throw invalidRequest('You may pass at most 20 types.', 'types');
    const delivered = bool(r.form, 'delivery_success');
    const matchers = (type !== undefined ? [type] : (types ?? [])).map(typeMatcher);
    const inRange = createdFilter(r.form);
    const all = state.events
      .newestFirst()
      .filter((e) => retained(state, e) && inRange(e) && (!matchers.length || matchers.some((m) => m(String(e.type)))))
      .map((e) => state.bus.render(e))
      .filter((e) => delivered === undefined || (Number(e.pending_webhooks) === 0) === delivered);
    return paginate(r.form, all, '/v1/events', 'event', (id) => state.events.has(id));
  });
  // https://docs.stripe.com/api/events/retrieve
  mountApi(server, ctx, 'GET', '/v1/events/{id}', (r) => {
    allowOnly(r.form, []);
    const e = state.events.get(r.params.id ?? '');
    if (!e || !retained(state, e)) throw resourceMissing('event', r.params.id ?? '', 'id');
    return state.bus.render(e);
  });

  const endpoint = (id: string): WebhookEndpoint => {
    const e = state.webhookEndpoints.get(id);
    if (!e) throw resourceMissing('webhook endpoint', id, 'webhook_endpoint');
    return e;
  };
  // https://docs.stripe.com/api/webhook_endpoints/create — the only response that carries `secret`.
  mountApi(server, ctx, 'POST', '/v1/webhook_endpoints', (r) => {
    allowOnly(r.form, ['url', 'enabled_events', 'description', 'metadata', 'api_version', 'connect']);
    const { url, events } = endpointInput(r.form, true);
    // "You can configure up to 16 webhook endpoints" per account and mode (https://docs.stripe.com/webhooks).
    if (state.webhookEndpoints.size >= MAX_ENDPOINTS) throw invalidRequest(`You have reached the maximum of ${MAX_ENDPOINTS} ${state.livemode ? 'live' : 'test'} webhook endpoints.`, 'url');
    const id = state.ids.id('we');
    const secret = state.fixedWebhookSecret ?? state.ids.webhookSecret();
    const we: WebhookEndpoint = {
      id,
      object: 'webhook_endpoint',
      api_version: str(r.form, 'api_version') ?? null,
      application: null,
      created: state.clock.now(),
      description: nullableStr(r.form, 'description') ?? null,
      enabled_events: events ?? [],
      livemode: state.livemode,
      metadata: mergeMetadata({}, r.form),
      status: 'enabled',
      url: url ?? '',
    };
    state.webhookEndpoints.insert(we);
    state.bus.secrets.set(id, secret);
    return { ...we, secret };
  });
  // https://docs.stripe.com/api/webhook_endpoints/list
  mountApi(server, ctx, 'GET', '/v1/webhook_endpoints', (r) => {
    listParams(r.form, []);
    return paginate(r.form, state.webhookEndpoints.newestFirst(), '/v1/webhook_endpoints', 'webhook endpoint', (id) => state.webhookEndpoints.has(id));
  });
  // https://docs.stripe.com/api/webhook_endpoints/retrieve
  mountApi(server, ctx, 'GET', '/v1/webhook_endpoints/{webhook_endpoint}', (r) => (allowOnly(r.form, []), endpoint(r.params.webhook_endpoint ?? '')));
  // https://docs.stripe.com/api/webhook_endpoints/update — `disabled` toggles status.
  mountApi(server, ctx, 'POST', '/v1/webhook_endpoints/{webhook_endpoint}', (r) => {
    allowOnly(r.form, ['url', 'enabled_events', 'description', 'metadata', 'disabled']);
    const before = endpoint(r.params.webhook_endpoint ?? '');
    const { url, events } = endpointInput(r.form, false);
    const next: WebhookEndpoint = { ...before, metadata: mergeMetadata((before.metadata as JsonObject) ?? {}, r.form) };
    if (url !== undefined) next.url = url;
    if (events !== undefined) next.enabled_events = events;
    const description = nullableStr(r.form, 'description');
    if (description !== undefined) next.description = description;
    const disabled = bool(r.form, 'disabled');
    if (disabled !== undefined) next.status = disabled ? 'disabled' : 'enabled';
    state.webhookEndpoints.replace(next);
    return next;
  });
  // https://docs.stripe.com/api/webhook_endpoints/delete
  mountApi(server, ctx, 'DELETE', '/v1/webhook_endpoints/{webhook_endpoint}', (r) => {
    const we = endpoint(r.params.webhook_endpoint ?? '');
    state.webhookEndpoints.remove(we.id);
    state.bus.secrets.delete(we.id);
    return { id: we.id, object: 'webhook_endpoint', deleted: true };
  });
}
