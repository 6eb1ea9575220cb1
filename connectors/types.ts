import type { Product } from '../canonical/product';
import type { IdMapping } from '../store/types';

/**
 * The connector contract. One folder per connector under connectors/<kind>/;
 * each exports a factory returning the parts it supports. Activities are the
 * only callers; workflows never see a connector.
 */

/** Raw request as the ingress received it; the body is untouched bytes. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | undefined>>; // lower-cased names
  rawBody: Buffer;
  /** The full URL the vendor posted to, as the vendor saw it (Square signs it). */
  url: string;
}

/** A webhook reduced to what a workflow needs: ids, never payloads. */
export interface WebhookEvent {
  /** Vendor's event id (X-Shopify-Event-Id, Square event_id...) — dedupe key. */
  eventId: string;
  /** Vendor topic, e.g. `products/update`, `catalog.version.updated`. */
  topic: string;
  entity: 'product' | 'inventory' | 'customer' | 'order' | 'other';
  action: 'upsert' | 'delete';
  /** Vendor id of the changed record, when the payload names one. */
  externalId: string | null;
  /** When the vendor says the change happened (for stale-event checks). */
  occurredAt: string | null;
}

export type WebhookVerdict =
  | { ok: true; event: WebhookEvent }
  | { ok: false; status: 400 | 401; reason: string };

export interface WebhookVerifier {
  /** Verifies the vendor's signature over the raw body, then parses. Never throws. */
  verify(req: WebhookRequest): WebhookVerdict;
}

/** A page of a paged read. `nextCursor` null means the end. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A vendor record after mapping: either canonical, or refused with a reason. */
export type Mapped<T> =
  | { ok: true; externalId: string; record: T }
  | { ok: false; externalId: string; reason: string; raw: unknown };

/** Reads the catalog of a system that owns it. */
export interface CatalogSource {
  listProducts(opts: { cursor: string | null; pageSize: number }): Promise<Page<Mapped<Product>>>;
  /** Re-reads one product (webhooks are notifications, not truth). null when it no longer exists. */
  getProduct(externalId: string): Promise<Mapped<Product> | null>;
  countProducts(): Promise<number>;
}

/** What a sink returns per written product: the links to remember. */
export interface UpsertOutcome {
  canonicalId: string;
  ok: boolean;
  reason?: string;
  /** Every vendor object written for this product (item, variations, options...). */
  mappings: IdMapping[];
}

/** Writes the catalog into a system that receives it. */
export interface CatalogSink {
  /**
   * Every canonical id this sink stores links under for a product (product,
   * variants, and anything the vendor needs of its own, e.g. Square options),
   * so the caller can hand all known links to upsertProducts/deleteProducts.
   */
  linkedCanonicalIds(product: Product): string[];
  /**
   * Creates or updates products. `known` holds the id-map links already
   * recorded for these products in this connector; `idempotencyKey` is
   * derived from canonical ids + content hashes so a retry replays, not repeats.
   */
  upsertProducts(products: Product[], known: IdMapping[], idempotencyKey: string): Promise<UpsertOutcome[]>;
  /** Deletes by the links recorded for these products; missing objects are fine. */
  deleteProducts(known: IdMapping[]): Promise<void>;
}

/** Typed failures, so activities can tell retryable from not. */
export class VendorError extends Error {
  constructor(
    message: string,
    readonly vendor: string,
    readonly status: number,
    /** Seconds the vendor asked us to wait (Retry-After, throttle restore). */
    readonly retryAfterSeconds: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'VendorError';
  }
  /** 429, 5xx and network errors are worth retrying; 4xx are not. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500 || this.status === 0;
  }
}
