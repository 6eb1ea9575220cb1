import { createHmac } from 'node:crypto';
import { type DeliveryRecord, type WebhookEmitter } from '../framework/webhooks';
import { type Collection, type SandboxClock } from './store';
import { type IdGenerator } from './ids';
import { type JsonObject, type StripeObject } from './types';

/**
 * Events and webhook delivery (https://docs.stripe.com/webhooks).
 *
 * Every state change records an Event (https://docs.stripe.com/api/events)
 * and sends it to each enabled endpoint whose `enabled_events` names its type
 * or '*'. Each attempt is signed anew:
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`
 * (https://docs.stripe.com/webhooks#verify-manually).
 *
 * Retries (https://docs.stripe.com/webhooks#retries): "In live mode, Stripe
 * attempts to deliver a given event to your webhook endpoint for up to 3 days
 * with an exponential back off. In sandboxes, Stripe retries three times over
 * a few hours." Stripe publishes no exact delays; the schedules below are our
 * model of those sentences. `webhookTimeScale` compresses them.
 */
export const STRIPE_LIVE_RETRY_SCHEDULE_SECONDS = [300, 1800, 3600, 7200, 14400, 28800, 57600, 57600, 86400]; // ≈ 3 days in all
export const STRIPE_TEST_RETRY_SCHEDULE_SECONDS = [3600, 7200, 10800]; // three retries over ~6 hours
/** Stripe does not document its delivery timeout; we give receivers 20 s. */
export const STRIPE_DELIVERY_TIMEOUT_MS = 20_000;

/** Events older than this are not returned (https://docs.stripe.com/api/events/list: "going back up to 30 days"). */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

export function signStripePayload(secret: string, payload: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export interface WebhookEndpoint extends StripeObject {
  object: 'webhook_endpoint';
  url: string;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  api_version: string | null;
}

interface Tracked {
  targets: number;
  deliveries: { endpoint: string; records: DeliveryRecord[] }[];
}

export interface EmitOptions {
  previous?: JsonObject;
  requestId?: string | null;
  idempotencyKey?: string | null;
}

export class EventBus {
  /** Endpoint secrets, never rendered after creation. */
  readonly secrets = new Map<string, string>();
  private readonly tracking = new Map<string, Tracked>();

  constructor(
    private readonly deps: {
      events: Collection<StripeObject>;
      endpoints: Collection<WebhookEndpoint>;
      clock: SandboxClock;
      ids: IdGenerator;
      emitter: WebhookEmitter;
      apiVersion: () => string;
      livemode: boolean;
    },
  ) {}

  emit(type: string, object: StripeObject, opts: EmitOptions = {}): StripeObject {
    const { clock, ids, emitter, endpoints } = this.deps;
    const targets = endpoints.newestFirst().filter((e) => e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(type)));
    const data: JsonObject = { object: structuredClone(object) };
    if (opts.previous && Object.keys(opts.previous).length) data.previous_attributes = opts.previous;
    const event: StripeObject = {
      id: ids.id('evt'),
      object: 'event',
      api_version: this.deps.apiVersion(),
      created: clock.now(),
      data,
      livemode: this.deps.livemode,
      pending_webhooks: targets.length,
      request: { id: opts.requestId ?? null, idempotency_key: opts.idempotencyKey ?? null },
      type,
    };
    this.deps.events.insert(event);
    const tracked: Tracked = { targets: targets.length, deliveries: [] };
    this.tracking.set(event.id, tracked);
    for (const endpoint of targets) {
      const secret = this.secrets.get(endpoint.id) ?? '';
      // Stripe renders the payload with the endpoint's pinned version, else the account's.
      const body = JSON.stringify({ ...event, api_version: endpoint.api_version ?? event.api_version }, null, 2);
      const before = emitter.log.length;
      emitter.send({
        url: endpoint.url,
        body,
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', 'cache-control': 'no-cache', accept: '*/*; q=0.5, application/xml' },
        // A fresh timestamp and signature on every attempt, so retries pass the 5-minute tolerance.
        attemptHeaders: () => ({ 'stripe-signature': signStripePayload(secret, body, Math.floor(Date.now() / 1000)) }),
      });
      tracked.deliveries.push({ endpoint: endpoint.id, records: emitter.log.slice(before) });
    }
    return this.render(event);
  }

  /**
   * pending_webhooks: "Number of webhooks that haven't been successfully
   * delivered" — endpoints with no successful attempt yet (including those
   * that exhausted their retries).
   */
  pending(eventId: string): number {
    const t = this.tracking.get(eventId);
    if (!t) return 0;
    const delivered = t.deliveries.filter((d) => d.records.some((r) => r.delivered)).length;
    return t.targets - delivered;
  }

  render(event: StripeObject): StripeObject {
    return { ...event, pending_webhooks: this.pending(event.id) };
  }

  clear(): void {
    this.tracking.clear();
    this.secrets.clear();
  }
}
