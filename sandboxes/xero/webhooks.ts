import { createHmac } from 'node:crypto';
import { type WebhookEmitter } from '../framework/webhooks';
import { eventDate } from './dates';
import { type Prng } from './prng';
import { type EventCategory, type EventType } from './types';

/**
 * Xero webhooks (https://developer.xero.com/documentation/guides/webhooks/overview/,
 * …/configuring-your-server/): one app-level subscription (delivery URL + signing
 * key + categories). Payloads batch events:
 * `{"events":[{resourceUrl,resourceId,eventDateUtc,eventType,eventCategory,tenantId,tenantType}],
 *   "firstEventSequence","lastEventSequence","entropy"}`, signed in `x-xero-signature`
 * = base64(HMAC-SHA256(webhook key, raw body)).
 *
 * Intent to receive: before a new (or changed, or re-enabled) URL gets events,
 * Xero posts a series of empty payloads, some correctly and some incorrectly
 * signed; the endpoint must answer 200 to the former and 401 to the latter,
 * within 5 seconds. Only then is the subscription OK. Failed deliveries are
 * retried "with decreasing frequency for up to 24 hours"; our schedule below
 * spreads 9 retries over ~24 h (compress it with webhookTimeScale).
 */

export const XERO_RETRY_SCHEDULE_SECONDS = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 28800];
export const XERO_DELIVERY_TIMEOUT_MS = 5000;

export function signXeroWebhook(key: string, rawBody: string | Buffer): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}

export interface IntentAttempt {
  correctlySigned: boolean;
  expected: 200 | 401;
  status: number | null;
}

export interface XeroWebhookSubscription {
  url: string;
  categories: EventCategory[];
  status: 'PENDING' | 'OK' | 'FAILED';
  intentAttempts: IntentAttempt[];
}

interface QueuedEvent {
  category: EventCategory;
  payload: { [key: string]: unknown };
}

export interface XeroWebhooksDeps {
  emitter: WebhookEmitter;
  prng: () => Prng;
  key: () => string;
  tenantId: string;
  /** Base of resourceUrl (the sandbox's address once started, else https://api.xero.com). */
  resourceBase: () => string;
  /** Extra fields of CREDITNOTE events (`data: {Type, Status}`, as the spec requires). */
  creditNoteData: (id: string) => { Type: string; Status: string } | null;
  validate?: (category: EventCategory, body: unknown) => string[];
  onViolation?: (url: string, messages: string[]) => void;
}

export class XeroWebhooks {
  subscription: XeroWebhookSubscription | null = null;
  /** Every payload delivered or attempted (raw body as signed), newest last. */
  readonly sent: { category: EventCategory; body: string; signature: string }[] = [];
  private queue: QueuedEvent[] = [];
  private sequence = 0;
  private scheduled = false;

  constructor(private readonly deps: XeroWebhooksDeps) {}

  /** Configures the delivery URL and runs intent-to-receive; events flow only if it passes. */
  async subscribe(url: string, categories: EventCategory[] = ['CONTACT', 'INVOICE']): Promise<XeroWebhookSubscription> {
    const sub: XeroWebhookSubscription = { url, categories: [...categories], status: 'PENDING', intentAttempts: [] };
    this.subscription = sub;
    for (const correctlySigned of [true, false, true, false]) {
      const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: this.deps.prng().letters(20) });
      const key = correctlySigned ? this.deps.key() : `${this.deps.key()}-not-the-key-${this.deps.prng().letters(8)}`;
      let status: number | null = null;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'x-xero-signature': signXeroWebhook(key, body) }, body, signal: AbortSignal.timeout(XERO_DELIVERY_TIMEOUT_MS) });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch {
        status = null;
      }
      const expected = correctlySigned ? 200 : 401;
      sub.intentAttempts.push({ correctlySigned, expected, status });
      if (status !== expected) {
        sub.status = 'FAILED';
        return sub;
      }
    }
    sub.status = 'OK';
    return sub;
  }

  unsubscribe(): void {
    this.subscription = null;
    this.queue = [];
  }

  /** Queues one event; events of the same tick are delivered together. */
  enqueue(category: EventCategory, type: EventType, resourceId: string, atMs: number): void {
    const sub = this.subscription;
    if (!sub || sub.status !== 'OK' || !sub.categories.includes(category)) return;
    const path = category === 'CONTACT' ? 'Contacts' : category === 'INVOICE' ? 'Invoices' : 'CreditNotes';
    const data = category === 'CREDITNOTE' ? this.deps.creditNoteData(resourceId) : null;
    this.queue.push({
      category,
      payload: {
        resourceUrl: `${this.deps.resourceBase()}/api.xro/2.0/${path}/${resourceId}`,
        resourceId,
        tenantId: this.deps.tenantId,
        tenantType: 'ORGANISATION',
        eventCategory: category,
        eventType: type,
        eventDateUtc: eventDate(atMs),
        ...(data ? { data } : {}),
      },
    });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends what is queued now: one signed payload per category. */
  flush(): void {
    this.scheduled = false;
    const sub = this.subscription;
    const queued = this.queue;
    this.queue = [];
    if (!sub || sub.status !== 'OK' || !queued.length) return;
    const categories = [...new Set(queued.map((q) => q.category))];
    for (const category of categories) {
      const events = queued.filter((q) => q.category === category).map((q) => q.payload);
      const first = this.sequence + 1;
      this.sequence += events.length;
      const payload = { events, firstEventSequence: first, lastEventSequence: this.sequence, entropy: this.deps.prng().letters(20) };
      const body = JSON.stringify(payload);
      const violations = this.deps.validate?.(category, payload) ?? [];
      if (violations.length) this.deps.onViolation?.(sub.url, violations);
      const signature = signXeroWebhook(this.deps.key(), body);
      this.sent.push({ category, body, signature });
      this.deps.emitter.send({ url: sub.url, body, headers: { 'content-type': 'application/json; charset=utf-8', 'x-xero-signature': signature } });
    }
  }

  reset(): void {
    this.queue = [];
    this.sent.length = 0;
    this.sequence = 0;
  }
}
