import { CommerceState } from './commerce-state';
import { ID_BASE } from './ids';
import { ProductStore } from './product-store';
import type { ProductRecord } from './records';
import { SeededCatalog, type SeedOptions } from './seed';

/**
 * Everything the sandbox knows about one shop: its settings, its catalogue,
 * its webhook subscriptions, and a stream of product change events that the
 * webhook dispatcher turns into deliveries.
 */

export interface ShopInfo {
  id: number;
  name: string;
  email: string;
  currencyCode: string;
  /** demo-outfitters.myshopify.com */
  myshopifyDomain: string;
  ianaTimezone: string;
  createdAt: number;
}

export interface WebhookSubscriptionRecord {
  id: number;
  /** Enum value of WebhookSubscriptionTopic, e.g. PRODUCTS_UPDATE. */
  topic: string;
  callbackUrl: string;
  format: 'JSON' | 'XML';
  includeFields: string[];
  filter: string | null;
  apiVersion: string;
  createdAt: number;
  updatedAt: number;
}

export type ProductEvent =
  | { topic: 'products/create' | 'products/update'; product: ProductRecord; at: number }
  | { topic: 'products/delete'; productId: number; at: number };

/** A non-product webhook event: REST topic (orders/create) and its REST payload. */
export interface TopicEvent {
  topic: string;
  payload: Record<string, unknown>;
  at: number;
  /** Privacy topics go to the app's compliance URL, not to subscriptions. */
  compliance?: boolean;
}

export interface ShopifyStateOptions {
  shop: string;
  seed?: SeedOptions;
  /** Clock (epoch ms); tests may pin it. */
  clock?: () => number;
  ianaTimezone?: string;
}

export class ShopifyState {
  readonly shop: ShopInfo;
  products: ProductStore;
  commerce: CommerceState;
  readonly webhookSubscriptions = new Map<number, WebhookSubscriptionRecord>();
  private nextWebhookId: number = ID_BASE.webhook + 1;
  private nextOperationId: number = ID_BASE.operation + 1;
  private readonly listeners = new Set<(e: ProductEvent) => void>();
  private readonly topicListeners = new Set<(e: TopicEvent) => void>();
  private readonly clock: () => number;

  constructor(private readonly opts: ShopifyStateOptions) {
    this.clock = opts.clock ?? Date.now;
    const sub = opts.shop.replace(/\.myshopify\.com$/, '');
    this.shop = {
      id: 60_000_000_000 + (hashString(opts.shop) % 9_000_000_000),
      name: sub.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '),
      email: `owner@${sub}.example.com`,
      currencyCode: 'USD',
      myshopifyDomain: opts.shop,
      ianaTimezone: opts.ianaTimezone ?? 'America/New_York',
      createdAt: Date.UTC(2022, 5, 1, 14),
    };
    this.products = new ProductStore(opts.seed ? new SeededCatalog(opts.seed) : null);
    this.commerce = this.newCommerce(opts.seed);
  }

  private newCommerce(seed: SeedOptions | undefined): CommerceState {
    return new CommerceState(() => this.products, this.products.seeded, {
      customers: seed?.customers ?? (seed ? DEFAULT_SEED_CUSTOMERS : 0),
      orders: seed?.orders ?? (seed ? DEFAULT_SEED_ORDERS : 0),
      seed: seed?.seed ?? 1,
    });
  }

  /** Current time at second precision: Shopify timestamps carry whole seconds. */
  now(): number {
    return Math.floor(this.clock() / 1000) * 1000;
  }

  /** Back to the seeded catalogue (same seed unless given); subscriptions are kept unless asked. */
  reset(seed?: SeedOptions, clearWebhooks = false): void {
    const s = seed ?? this.opts.seed;
    this.products = new ProductStore(s ? new SeededCatalog(s) : null);
    this.commerce = this.newCommerce(s);
    if (seed) this.opts.seed = seed;
    if (clearWebhooks) this.webhookSubscriptions.clear();
  }

  onProductEvent(listener: (e: ProductEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ProductEvent): void {
    for (const l of this.listeners) l(event);
  }

  onTopicEvent(listener: (e: TopicEvent) => void): () => void {
    this.topicListeners.add(listener);
    return () => this.topicListeners.delete(listener);
  }

  /** Fires a non-product webhook topic (orders/create, inventory_levels/update, customers/redact…). */
  emitTopic(topic: string, payload: Record<string, unknown>, opts: { compliance?: boolean } = {}): void {
    const event: TopicEvent = { topic, payload, at: this.now(), ...(opts.compliance ? { compliance: true } : {}) };
    for (const l of this.topicListeners) l(event);
  }

  allocateWebhookId(): number {
    return this.nextWebhookId++;
  }

  allocateOperationId(): number {
    return this.nextOperationId++;
  }
}

/** Seeded customers / orders when the seed names products but not these. */
export const DEFAULT_SEED_CUSTOMERS = 25;
export const DEFAULT_SEED_ORDERS = 50;

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
