import { createHmac } from 'node:crypto';
import { type AttemptOutcome, type WebhookEmitter } from '../framework/webhooks';
import { apiError } from './errors';
import { newEventId, newSignatureKey, newSubscriptionId } from './ids';
import { type WebhookSubscription } from './types';

/**
 * Webhook subscriptions and event notifications.
 * https://developer.squareup.com/docs/webhooks/overview
 * https://developer.squareup.com/docs/webhooks/step3validate
 *
 * Retry schedule, from the "time since last attempt" column of Square's
 * webhooks overview: 1, 2, 4, 8, 16, 32, 60 minutes, then 2, 4, 8 and 8 hours:
 * eleven retries with exponential backoff, discarded after ~24 hours
 * ("Unsuccessful deliveries are retried for up to 24 hours", Troubleshoot
 * Webhooks). The older Delivery SLA page described 72 hours with hourly
 * retries after the first hour; the current docs say 24 h. Compress it with
 * `webhookTimeScale` in tests.
 */
export const SQUARE_RETRY_SCHEDULE_SECONDS = [60, 120, 240, 480, 960, 1920, 3600, 7200, 14400, 28800, 28800];

/** "Applications must acknowledge the notification by responding within 10 seconds." */
export const SQUARE_DELIVERY_TIMEOUT_MS = 10_000;

/**
 * x-square-hmacsha256-signature: base64(HMAC-SHA256(key = subscription
 * signature key, message = notification URL + raw body)).
 */
export function signSquareWebhook(signatureKey: string, notificationUrl: string, rawBody: string): string {
  return createHmac('sha256', signatureKey).update(notificationUrl + rawBody).digest('base64');
}

/** Square's `square-retry-reason` values for the previous failure. */
function retryReason(prev: AttemptOutcome | null): string {
  if (!prev) return 'other_error';
  return prev.failure === 'http' ? 'http_error' : prev.failure === 'timeout' ? 'http_timeout' : 'other_error';
}

/** WebhookSubscription timestamps come back Go-style: "2022-01-10 23:29:48 +0000 UTC" (spec example). */
function subscriptionTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

export interface SquareWebhooksDeps {
  emitter: WebhookEmitter;
  merchantId: string;
  apiVersion: string;
  /** Fixed signature key for every subscription (demo), else a random key each. */
  signatureKey?: string;
  /** square-environment header: Production or Sandbox. */
  environment: 'Production' | 'Sandbox';
  /** Known event types with the API version that introduced them. */
  eventTypes: () => { event_type: string; api_version_introduced: string }[];
  /** Validates an outgoing event body against its *Event schema; returns violations. */
  validateEvent?: (eventType: string, body: unknown) => string[];
  onViolation?: (url: string, messages: string[]) => void;
  /** Square requires HTTPS notification URLs; plain http is accepted for loopback hosts (and all hosts if set). */
  allowHttp?: boolean;
}

export interface SubscriptionInput {
  name?: string | null;
  enabled?: boolean | null;
  event_types?: string[] | null;
  notification_url?: string | null;
  api_version?: string | null;
}

export class SquareWebhooks {
  readonly subscriptions = new Map<string, WebhookSubscription>();
  /** Every event emitted (all subscriptions), newest last: handy for tests. */
  readonly events: { type: string; eventId: string; body: string }[] = [];

  constructor(private readonly deps: SquareWebhooksDeps) {}

  create(input: SubscriptionInput): WebhookSubscription {
    const now = subscriptionTime(new Date());
    const sub: WebhookSubscription = {
      id: newSubscriptionId(),
      name: input.name ?? null,
      enabled: input.enabled ?? true,
      event_types: [],
      notification_url: '',
      api_version: input.api_version ?? this.deps.apiVersion,
      signature_key: this.deps.signatureKey ?? newSignatureKey(),
      created_at: now,
      updated_at: now,
    };
    this.apply(sub, input, 'subscription');
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  update(id: string, input: SubscriptionInput): WebhookSubscription | undefined {
    const sub = this.subscriptions.get(id);
    if (!sub) return undefined;
    const next = { ...sub };
    if (input.name !== undefined) next.name = input.name;
    if (typeof input.enabled === 'boolean') next.enabled = input.enabled;
    this.apply(next, { ...input, event_types: input.event_types ?? sub.event_types, notification_url: input.notification_url ?? sub.notification_url, api_version: input.api_version ?? sub.api_version }, 'subscription');
    next.updated_at = subscriptionTime(new Date());
    this.subscriptions.set(id, next);
    return next;
  }

  private apply(sub: WebhookSubscription, input: SubscriptionInput, field: string): void {
    const url = input.notification_url ?? '';
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    const loopback = parsed !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
    if (!parsed || !(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && (loopback || this.deps.allowHttp)))) {
      throw apiError('INVALID_VALUE', 'notification_url must be a valid HTTPS URL.', `${field}.notification_url`);
    }
    const types = input.event_types ?? [];
    if (!types.length) throw apiError('MISSING_REQUIRED_PARAMETER', 'At least one event type is required.', `${field}.event_types`);
    const version = input.api_version ?? this.deps.apiVersion;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) throw apiError('INVALID_VALUE', `api_version \`${version}\` is not a Square version.`, `${field}.api_version`);
    const known = new Map(this.deps.eventTypes().map((e) => [e.event_type, e.api_version_introduced]));
    types.forEach((t, i) => {
      const since = known.get(t);
      if (!since) throw apiError('INVALID_VALUE', `Unknown event type \`${t}\`.`, `${field}.event_types[${i}]`);
      if (since > version) throw apiError('INVALID_VALUE', `Event type \`${t}\` is not available at API version ${version}.`, `${field}.event_types[${i}]`);
    });
    sub.notification_url = url;
    sub.event_types = [...types];
    sub.api_version = version;
  }

  /**
   * Sends one event to every enabled subscription listening for it. One
   * event_id per event (the receiver's dedupe key); each subscription gets the
   * body signed with its own key over its own URL.
   */
  emit(eventType: string, data: Record<string, unknown>): number {
    const targets = [...this.subscriptions.values()].filter((s) => s.enabled && s.event_types.includes(eventType));
    const eventId = newEventId();
    const payload = { merchant_id: this.deps.merchantId, type: eventType, event_id: eventId, created_at: new Date().toISOString(), data };
    const body = JSON.stringify(payload);
    this.events.push({ type: eventType, eventId, body });
    if (!targets.length) return 0;
    const violations = this.deps.validateEvent?.(eventType, payload) ?? [];
    for (const sub of targets) {
      let initial: string | null = null;
      if (violations.length) this.deps.onViolation?.(sub.notification_url, violations);
      this.deps.emitter.send({
        url: sub.notification_url,
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Square Connect v2',
          'x-square-hmacsha256-signature': signSquareWebhook(sub.signature_key, sub.notification_url, body),
          'square-environment': this.deps.environment,
        },
        attemptHeaders: (attempt, previous): Record<string, string> => {
          initial ??= new Date().toISOString();
          // Retries carry the retry count (this attempt included) and why the last one failed.
          const retry: Record<string, string> = attempt > 0 ? { 'square-retry-number': String(attempt), 'square-retry-reason': retryReason(previous) } : {};
          return { 'square-initial-delivery-timestamp': initial, ...retry };
        },
      });
    }
    return targets.length;
  }

  clear(): void {
    this.subscriptions.clear();
    this.events.length = 0;
  }
}
