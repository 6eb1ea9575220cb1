import { createHmac, randomUUID } from 'node:crypto';
import { type WebhookEmitter } from '../framework/webhooks';
import { iso } from './render';
import { type ZendeskDomainEvent, type ZendeskEventSink, type ZendeskState } from './state';
import { type JsonObject, type WebhookRecord } from './types';
import { EventPayload, issues, TicketEventDetail, UserEventDetail } from './webhook-schemas';

/**
 * Delivery of event-subscription webhooks
 * (https://developer.zendesk.com/documentation/webhooks/creating-and-monitoring-webhooks/):
 * a POST of the JSON event envelope to every active webhook subscribed to the
 * event type, signed as https://developer.zendesk.com/documentation/webhooks/verifying/
 * describes: X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(signing secret,
 * timestamp + body)), with X-Zendesk-Webhook-Signature-Timestamp, plus
 * X-Zendesk-Webhook-Id and X-Zendesk-Webhook-Invocation-Id.
 */

/** Retries of a failed invocation (3, as in "Webhook retries"); delays are our model, compressible by timeScale. */
export const ZENDESK_RETRY_SCHEDULE_SECONDS = [10, 30, 60];
/** Zendesk gives an endpoint 12 seconds to answer. */
export const ZENDESK_DELIVERY_TIMEOUT_MS = 12_000;
export const ZENDESK_EVENT_VERSION = '2022-11-06';

export function signZendeskWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(timestamp + body).digest('base64');
}

export interface SentEvent {
  webhookId: string;
  invocationId: string;
  type: string;
  payload: JsonObject;
}

export class ZendeskWebhookDispatcher implements ZendeskEventSink {
  readonly sent: SentEvent[] = [];
  private invocations = 0;

  constructor(
    private readonly state: ZendeskState,
    private readonly emitter: WebhookEmitter,
    private readonly onViolation: ((url: string, messages: string[]) => void) | null,
  ) {}

  publish(e: ZendeskDomainEvent): void {
    const targets = [...this.state.webhooks.values()].filter((w) => w.status === 'active' && w.subscriptions.includes(e.type));
    if (!targets.length) return;
    const payload: JsonObject = {
      account_id: this.state.accountId,
      detail: e.detail,
      event: e.event,
      id: randomUUID(),
      subject: e.subject,
      time: iso(this.state.now()),
      type: e.type,
      zendesk_event_version: ZENDESK_EVENT_VERSION,
    };
    this.check(e, payload);
    for (const w of targets) this.deliver(w, e.type, payload);
  }

  private check(e: ZendeskDomainEvent, payload: JsonObject): void {
    if (!this.onViolation) return;
    const detail = e.subject.startsWith('zen:ticket:') ? TicketEventDetail : e.subject.startsWith('zen:user:') ? UserEventDetail : null;
    const messages = [...issues(EventPayload.safeParse(payload)), ...(detail ? issues(detail.safeParse(payload.detail)) : [])];
    if (messages.length) this.onViolation(`event ${e.type}`, messages);
  }

  private deliver(w: WebhookRecord, type: string, payload: JsonObject): void {
    const body = JSON.stringify(payload);
    const timestamp = iso(this.state.now());
    const invocationId = String(8_000_000_000 + ++this.invocations);
    this.sent.push({ webhookId: w.id, invocationId, type, payload });
    this.emitter.send({
      url: w.endpoint,
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zendesk Webhook',
        'x-zendesk-account-id': String(this.state.accountId),
        'x-zendesk-webhook-id': w.id,
        'x-zendesk-webhook-invocation-id': invocationId,
        'x-zendesk-webhook-signature-timestamp': timestamp,
        'x-zendesk-webhook-signature': signZendeskWebhook(w.secret, timestamp, body),
        ...w.custom_headers,
      },
    });
  }
}
