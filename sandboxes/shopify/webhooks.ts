import crypto from 'node:crypto';
import { WebhookEmitter } from '../framework/webhooks';
import { toRestProduct } from './rest-payload';
import { SHOPIFY_API_VERSION } from './schema';
import type { ProductEvent, ShopifyState, TopicEvent, WebhookSubscriptionRecord } from './state';

/**
 * Turns product events into signed HTTPS-style deliveries, one per matching
 * subscription, with Shopify's headers and retry behaviour.
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https (delivery, headers, HMAC)
 * https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates (X-Shopify-Event-Id)
 */

/**
 * Shopify retries a failed delivery 8 times over the following 4 hours with
 * exponential backoff (changelog 2024-09-10, "Updates to webhook retry
 * mechanism"). The exact intervals are not published; these add up to ~3.9 h:
 * 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, 2 h. A delivery must answer
 * 2xx within 5 s (the emitter's timeout).
 */
export const SHOPIFY_RETRY_SCHEDULE_SECONDS = [10, 30, 60, 300, 900, 1800, 3600, 7200];

const TOPIC_ENUM: Record<ProductEvent['topic'], string> = {
  'products/create': 'PRODUCTS_CREATE',
  'products/update': 'PRODUCTS_UPDATE',
  'products/delete': 'PRODUCTS_DELETE',
};

/** Base64 HMAC-SHA256 of the exact raw body, keyed with the app's client secret (X-Shopify-Hmac-Sha256). */
export function signShopifyWebhook(rawBody: string | Buffer, secret: string): string {
  return crypto.createHmac('sha256', secret).update(rawBody).digest('base64');
}

export interface SentWebhook {
  topic: string;
  eventId: string;
  webhookId: string;
  subscriptionId: number;
  url: string;
  body: string;
}

/** The mandatory privacy (compliance) topics, configured in the app, not through webhookSubscriptionCreate. */
export const COMPLIANCE_TOPICS = ['customers/data_request', 'customers/redact', 'shop/redact'] as const;

export class ShopifyWebhookDispatcher {
  /** Every delivery handed to the emitter (first attempts; retries reuse them). */
  readonly sent: SentWebhook[] = [];
  /**
   * Where the app receives compliance webhooks (shopify.app.toml
   * [webhooks.privacy_compliance] / Partner Dashboard), or null.
   * https://shopify.dev/docs/apps/build/privacy-law-compliance
   */
  complianceUrl: string | null = null;

  constructor(
    private readonly state: ShopifyState,
    readonly emitter: WebhookEmitter,
    private readonly secret: string,
  ) {
    state.onProductEvent((e) => this.dispatch(e));
    state.onTopicEvent((e) => this.dispatchTopic(e));
  }

  private dispatchTopic(event: TopicEvent): void {
    const eventId = crypto.randomUUID();
    const triggeredAt = new Date(event.at).toISOString();
    if (event.compliance) {
      if (!this.complianceUrl) return;
      const sub: WebhookSubscriptionRecord = { id: 0, topic: event.topic, callbackUrl: this.complianceUrl, format: 'JSON', includeFields: [], filter: null, apiVersion: SHOPIFY_API_VERSION, createdAt: event.at, updatedAt: event.at };
      this.deliver(sub, event.topic, event.payload, eventId, triggeredAt);
      return;
    }
    const topicEnum = event.topic.replace(/\//g, '_').toUpperCase();
    for (const sub of this.state.webhookSubscriptions.values()) if (sub.topic === topicEnum) this.deliver(sub, event.topic, event.payload, eventId, triggeredAt);
  }

  private dispatch(event: ProductEvent): void {
    const topicEnum = TOPIC_ENUM[event.topic];
    const subs = [...this.state.webhookSubscriptions.values()].filter((s) => s.topic === topicEnum);
    if (!subs.length) return;
    // Retries deliver the payload as it was when the event fired (changelog 2024-09-10).
    const payload: Record<string, unknown> = event.topic === 'products/delete' ? { id: event.productId } : { ...toRestProduct(event.product, this.state.shop.ianaTimezone) };
    // One event id per event, shared by every subscription and every retry of it.
    const eventId = crypto.randomUUID();
    const triggeredAt = new Date(event.at).toISOString();
    for (const sub of subs) this.deliver(sub, event.topic, payload, eventId, triggeredAt);
  }

  private deliver(sub: WebhookSubscriptionRecord, topic: string, payload: Record<string, unknown>, eventId: string, triggeredAt: string): void {
    const body = JSON.stringify(sub.includeFields.length ? pick(payload, sub.includeFields) : payload);
    // The webhook id identifies this delivery to this subscription; retries keep it.
    const webhookId = crypto.randomUUID();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Shopify-Captain-Hook',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': signShopifyWebhook(body, this.secret),
      'x-shopify-shop-domain': this.state.shop.myshopifyDomain,
      'x-shopify-api-version': sub.apiVersion || SHOPIFY_API_VERSION,
      'x-shopify-webhook-id': webhookId,
      'x-shopify-event-id': eventId,
      'x-shopify-triggered-at': triggeredAt,
    };
    this.sent.push({ topic, eventId, webhookId, subscriptionId: sub.id, url: sub.callbackUrl, body });
    this.emitter.send({ url: sub.callbackUrl, headers, body });
  }
}

/** includeFields trims the payload to the listed top-level fields. */
function pick(payload: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in payload) out[f] = payload[f];
  return out;
}

export function createShopifyEmitter(timeScale = 1): WebhookEmitter {
  return new WebhookEmitter({ retryScheduleSeconds: SHOPIFY_RETRY_SCHEDULE_SECONDS, timeScale });
}
