import type { ImageFetcher } from './image-fetch';
import type { Discount } from '../canonical/discount';
import type { Product } from '../canonical/product';
import type { ProductField } from '../canonical/product-fields';
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
  entity: 'product' | 'inventory' | 'customer' | 'order' | 'discount' | 'other';
  action: 'upsert' | 'delete';
  /** Vendor id of the changed record, when the payload names one. */
  externalId: string | null;
  /** When the vendor says the change happened (for stale-event checks). */
  occurredAt: string | null;
  /**
   * Inventory events: every (vendor inventory item, vendor location) pair the
   * delivery says changed. A Square `inventory.count.updated` can name many.
   */
  inventory?: InventoryRef[];
}

/** A vendor's own ids for one stock level: its inventory item notion and its location. */
export interface InventoryRef {
  /** Shopify InventoryItem gid; Square ITEM_VARIATION id. */
  itemId: string;
  locationId: string;
  /**
   * Webhooks only: the `available` level the delivery reports. Never applied as
   * truth (the entity workflow re-reads); used to drop our own echoes early.
   */
  reported?: number;
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

/** A vendor record after mapping: either canonical (it passed the canonical schema), or refused with a reason. */
export type Mapped<T> =
  | { ok: true; externalId: string; record: T }
  | { ok: false; externalId: string; reason: string; raw: unknown };

/** Reads the catalog of a system that owns it. */
export interface CatalogSource {
  listProducts(opts: { cursor: string | null; pageSize: number }): Promise<Page<Mapped<Product>>>;
  /** Re-reads one product (webhooks are notifications, not truth). null when it no longer exists. */
  getProduct(externalId: string): Promise<Mapped<Product> | null>;
  countProducts(): Promise<number>;
  /** Canonical fields this system holds: it reports them back (getProduct) and can own them. */
  readonly storedFields: readonly ProductField[];
  /**
   * Writes `target`'s values of `fields` into the existing record — fields
   * another system owns. `current` is the record as this system holds it now
   * (from getProduct); only what differs is sent. A refusal is a VendorError
   * (4xx: the record is quarantined).
   */
  updateProductFields(target: Product, current: Product, fields: readonly ProductField[]): Promise<void>;
  /** Downloads an image its products name (its CDN), for sinks that take files, not URLs. */
  fetchImage: ImageFetcher;
}

/**
 * What a system holds now for one product, in canonical terms: for field
 * ownership (its owned fields flow from here), drift and echo detection.
 */
export interface CatalogObservation {
  canonicalId: string;
  /** The product's id in that system (Square ITEM id). */
  externalId: string;
  /** Hash of what Switchyard reads there, versions and timestamps left out: equal hash, nothing changed. */
  hash: string;
  /**
   * `base` with every field the system holds replaced by its value there (a
   * value it holds in a lossy form replaces base's only when they differ in
   * its terms). `issues` names fields whose value could not be taken.
   */
  overlay(base: Product): { product: Product; issues: Map<ProductField, string> };
  /**
   * Canonical ids of `base`'s parts the system does not hold: variants it
   * has no variant for, and parts linked of its own (Square: image files the
   * item no longer shows) — deleted there, or never written. Reconciliation
   * asks, since overlay keeps base's values for what the system lacks.
   * Optional: a system without it is not checked.
   */
  missingParts?(base: Product): string[];
}

/** Vendor objects a change feed already read, handed back to observe() to save a second read. */
export interface CatalogPrefetch {
  readonly vendor: string;
}

/** One page of a system's own catalog changes (made by anyone, Switchyard included). */
export interface CatalogChangePage {
  /** Vendor ids of the products (Square ITEMs) changed, each once. */
  externalIds: string[];
  /** Continue this read; null when it is complete. */
  page: string | null;
  /** Latest change time seen: the next read starts a little before it. */
  latest: string | null;
  prefetched: CatalogPrefetch;
}

/** What a sink returns per written product: the links to remember. */
export interface UpsertOutcome {
  canonicalId: string;
  ok: boolean;
  reason?: string;
  /** Every vendor object written for this product (item, variations, options...). */
  mappings: IdMapping[];
  /** What the system holds after the write, from its response (for echo detection). */
  observation?: CatalogObservation;
}

export interface UpsertOptions {
  /** Fields this system owns: their values stay as the system holds them, whatever the product says. */
  keep?: readonly ProductField[];
  /** Fresh observations of these products (from observe()), so keeping fields needs no second read. */
  current?: ReadonlyMap<string, CatalogObservation>;
  /**
   * Downloads the products' images (the flow source's fetchImage). A sink
   * that uploads image files (Square) leaves images as they are without it.
   */
  images?: ImageFetcher;
}

/** Writes the catalog into a system that receives it. */
export interface CatalogSink {
  /**
   * Every canonical id this sink stores links under for a product (product,
   * variants, and anything the vendor needs of its own, e.g. Square options),
   * so the caller can hand all known links to upsertProducts/deleteProducts.
   */
  linkedCanonicalIds(product: Product): string[];
  /** Canonical fields this system holds (a change to one of them is worth a write). */
  readonly storedFields: readonly ProductField[];
  /** Fields this system can own: it holds them and reports them back through observe(). */
  readonly ownableFields: readonly ProductField[];
  /**
   * What the system holds now for these products (those it has), by canonical
   * id. `prefetched` (from changes()) saves reading objects again.
   */
  observe(products: Product[], known: IdMapping[], prefetched?: CatalogPrefetch): Promise<Map<string, CatalogObservation>>;
  /** Changes made in this system after `since` (null: from the beginning), one page at a time. */
  changes(opts: { since: string | null; page: string | null }): Promise<CatalogChangePage>;
  /**
   * Creates or updates products. `known` holds the id-map links already
   * recorded for these products in this connector; `idempotencyKey` is
   * derived from canonical ids + content hashes so a retry replays, not repeats.
   */
  upsertProducts(products: Product[], known: IdMapping[], idempotencyKey: string, opts?: UpsertOptions): Promise<UpsertOutcome[]>;
  /** Deletes by the links recorded for these products; missing objects are fine. */
  deleteProducts(known: IdMapping[]): Promise<void>;
}

/**
 * Reads and writes the sellable (`available`) stock of a channel. The engine
 * never overwrites a level blindly: `write` carries the level we last saw, and
 * the channel either compares-and-sets on it (Shopify) or applies the
 * difference as a delta under an idempotency key (Square), so a sale the
 * channel took meanwhile is never erased.
 */
export interface InventoryChannel {
  /** Id-map externalType of the vendor's inventory item (the id its inventory webhooks name). */
  readonly itemType: string;
  /** Id-map externalType of the vendor's variant (the link the catalog sync records). */
  readonly variantType: string;
  /** The variant behind a vendor inventory item, asked of the vendor; null when it has none. */
  variantOfItem(itemId: string): Promise<string | null>;
  /**
   * The vendor inventory item of each variant, by the variant's id in this
   * connector (the id-map link the catalog sync recorded). Missing ones are absent.
   */
  inventoryItems(variantExternalIds: string[]): Promise<Map<string, string>>;
  /** `available` per `${itemId}|${locationId}`; a pair the vendor has no level for reads as 0. */
  readLevels(refs: InventoryRef[]): Promise<Map<string, number>>;
  /**
   * Moves one level from `expected` (our last sight of it) to `target`.
   * Returns `{ ok: true }` when applied, or `{ ok: false, actual }` when the
   * vendor refused because the level is no longer `expected` (compare-and-set
   * vendors only; delta vendors always apply). `occurredAt` (ISO, default
   * now) is when the change was decided: a delta vendor stores it with the
   * change, so the same write sent again with the same key and time is the
   * same request, replayed rather than refused as a reused key.
   */
  writeLevel(ref: InventoryRef, change: { expected: number; target: number; idempotencyKey: string; reason: string; occurredAt?: string }): Promise<{ ok: true } | { ok: false; actual: number }>;
  /**
   * The same for many levels in as few calls as the vendor allows (bulk
   * passes). Results in input order; `batchKey` derives per-call idempotency keys.
   */
  writeLevels(changes: { ref: InventoryRef; expected: number; target: number; occurredAt?: string }[], batchKey: string, reason: string): Promise<({ ok: true } | { ok: false; actual: number })[]>;
  /**
   * How a write sent again is made safe: `replay` — the vendor answers a
   * repeated request (same key, same body) without applying it again (delta
   * vendors: Square); `compare` — each write carries the level it expects,
   * so a repeat of one that landed is refused (Shopify's compareQuantity).
   */
  readonly repeatSafety: 'replay' | 'compare';
  /**
   * Puts the newest open order for a variant at a location on hold, so it is
   * not shipped (the `hold-later-order` oversell action). Idempotent by
   * `handle`: asked again, it reports the order it held before. Null when no
   * open order there holds the variant. Channels whose sales cannot be held
   * (a POS sale is complete at the till) leave it out.
   */
  holdLatestOrder?(req: OrderHoldRequest): Promise<HeldOrder | null>;
  /** Releases a hold `holdLatestOrder` placed; one released already (by the merchant) is left as it is. */
  releaseHold?(held: { fulfillmentOrderId: string; holdId: string }): Promise<void>;
}

export interface OrderHoldRequest {
  /** The variant's id in this connector (the catalog sync's id-map link). */
  variantExternalId: string;
  locationId: string;
  /** Stable per oversell: the same request twice holds one order once. */
  handle: string;
  /** Shown to the merchant with the hold. */
  note: string;
}

export interface HeldOrder {
  orderId: string;
  orderName: string;
  fulfillmentOrderId: string;
  holdId: string;
  /** The hold was already there (an earlier attempt placed it). */
  alreadyHeld: boolean;
}

export const levelKey = (r: InventoryRef): string => `${r.itemId}|${r.locationId}`;

/**
 * What a discount read needs from the store: canonical ids of this system's
 * products and variants as the catalog flow linked them (a discount owned
 * by a catalog destination names the destination's ids).
 */
export interface DiscountReadContext {
  /** externalId → canonical id of this connector's `externalType` objects the catalog has linked (absent: not linked). */
  canonicalIds(externalType: string, externalIds: readonly string[]): Promise<Map<string, string>>;
}

/** One page of a discount owner's own catalog changes, as the ids `getDiscount` takes. */
export interface DiscountChangePage {
  externalIds: string[];
  /** Continue this read; null at the end. */
  page: string | null;
  /** The latest change time seen: where the next read starts. */
  latest: string | null;
}

/**
 * Reads the discounts of a system that owns them (Shopify code discounts,
 * Square pricing rules).
 * @example const page = await source.listDiscounts({ cursor: null, pageSize: 10 }, ctx);
 */
export interface DiscountSource {
  /** The id-map type of this system's discount ids (what `Mapped.externalId` is). */
  readonly discountType: string;
  /**
   * Types under which a sink in this same system records the objects it
   * writes for another owner's discounts (Square DISCOUNT, PRICING_RULE):
   * a record read back under one of them is that write coming back.
   */
  readonly writtenTypes: readonly string[];
  listDiscounts(opts: { cursor: string | null; pageSize: number }, ctx: DiscountReadContext): Promise<Page<Mapped<Discount>>>;
  /** Re-reads one discount (webhooks are notifications, not truth). null when it no longer exists. */
  getDiscount(externalId: string, ctx: DiscountReadContext): Promise<Mapped<Discount> | null>;
  /** Systems whose notifications name no discount (Square catalog.version.updated): the discounts changed after `since`. */
  changes?(opts: { since: string | null; page: string | null }): Promise<DiscountChangePage>;
}

/** What a discount sink reports for one discount. */
export interface DiscountUpsertOutcome {
  ok: boolean;
  /** Why the sink refused it (the discount is quarantined with it). */
  reason?: string;
  /** Every vendor object written for it (Square DISCOUNT, PRICING_RULE, PRODUCT_SET). */
  mappings: IdMapping[];
  /** Parts of the discount the vendor cannot enforce (usage limits...): written anyway, reported, never silent. */
  notEnforced: string[];
  /**
   * Fingerprint of each object as written (by externalId; see
   * DiscountSink.observe): a reconciliation compares it with what the
   * destination holds later. Empty when refused.
   */
  observed?: ReadonlyMap<string, string>;
}

/**
 * Writes discounts into a system that receives them.
 * @example await sink.upsertDiscount(discount, { known, products }, key);
 */
export interface DiscountSink {
  /** The id-map types of the products and variants a discount names here (Square ITEM / ITEM_VARIATION, Shopify Product / ProductVariant). */
  readonly productTypes: { product: string; variant: string };
  /**
   * Creates or updates one discount. `known` holds its id-map links in this
   * connector; `products` the links of the products and variants it applies
   * to (of `productTypes`). `idempotencyKey` is derived from
   * the discount id + content, so a retry replays instead of repeating.
   */
  upsertDiscount(discount: Discount, links: { known: IdMapping[]; products: IdMapping[] }, idempotencyKey: string): Promise<DiscountUpsertOutcome>;
  /**
   * Objects here that already hold exactly this discount, as its links
   * (`products`: as for upsertDiscount). Only sinks whose vendor takes no
   * idempotency key on creates need it (Shopify's discount mutations): a
   * create whose answer was lost left one, and the caller adopts it — when
   * no other discount is linked to it — instead of creating a second copy.
   */
  findCopies?(discount: Discount, products: IdMapping[]): Promise<IdMapping[]>;
  /** Deletes every object recorded for a discount; missing ones are fine. */
  deleteDiscount(known: IdMapping[]): Promise<void>;
  /**
   * What these recorded objects hold here now: a fingerprint of the fields
   * this sink writes, by externalId; an object deleted here is absent. A
   * reconciliation compares it with the fingerprint of our last write and
   * rewrites what was deleted or edited by hand.
   */
  observe(known: IdMapping[]): Promise<Map<string, string>>;
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
