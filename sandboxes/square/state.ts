import { type WebhookEmitter } from '../framework/webhooks';
import { createImage, replaceImageFile } from './catalog-images';
import { CatalogStore } from './catalog-store';
import { upsertObjects, deleteObjects, type WriteContext, type WriteResult } from './catalog-write';
import { IdempotencyStore } from './idempotency';
import { newEventId, newMerchantId } from './ids';
import { ImageFiles } from './image-files';
import { PosState } from './pos-state';
import { buildLocation, type LocationInput } from './seed';
import { type CatalogObject, type Location } from './types';
import { type UploadedFile } from './upload';
import { SquareWebhooks, type SquareWebhooksDeps } from './webhooks';

/**
 * Everything one Square seller account holds in the sandbox: its locations,
 * catalog (with its image files), webhook subscriptions and remembered
 * idempotency keys. Writes go through `writeCatalog` / `deleteCatalog` /
 * `createImage` / `replaceImageFile`, which also announce the new catalog
 * version to webhook subscribers (catalog.version.updated).
 */
export class SquareState {
  readonly merchantId = newMerchantId();
  readonly catalog = new CatalogStore();
  readonly idempotency = new IdempotencyStore();
  /** Files of the catalog's IMAGE objects, served at their `image_data.url`. */
  readonly imageFiles = new ImageFiles();
  readonly webhooks: SquareWebhooks;
  locations: Location[] = [];
  /** Inventory, customers, orders, payments, refunds, gift cards. */
  readonly pos: PosState;
  private readonly createdAt = new Date().toISOString();

  constructor(
    private readonly locationInputs: LocationInput[],
    webhookDeps: Omit<SquareWebhooksDeps, 'merchantId' | 'emitter'> & { emitter: WebhookEmitter; refundSettleMs?: number },
  ) {
    if (!locationInputs.length) throw new Error('a Square seller needs at least one location');
    this.webhooks = new SquareWebhooks({ ...webhookDeps, merchantId: this.merchantId });
    this.locations = locationInputs.map((l) => buildLocation(l, this.merchantId, this.createdAt));
    this.pos = new PosState({
      catalog: this.catalog,
      locations: () => this.locations,
      currency: () => this.currency,
      emit: (type, data) => void this.webhooks.emit(type, data),
      refundSettleMs: webhookDeps.refundSettleMs,
    });
  }

  /** The seller's currency: a Square account has one country, so its main location's currency. */
  get currency(): string {
    return this.locations[0]?.currency ?? 'USD';
  }

  writeContext(): WriteContext {
    return { store: this.catalog, merchantCurrency: this.currency, locationCurrency: new Map(this.locations.map((l) => [l.id, l.currency])) };
  }

  /** Upserts one all-or-nothing batch (throws SquareApiError) and emits catalog.version.updated. */
  writeCatalog(objects: Parameters<typeof upsertObjects>[1], field: string, single = false, notify = true): WriteResult {
    const result = upsertObjects(this.writeContext(), objects, field, single);
    if (notify) this.announce();
    return result;
  }

  deleteCatalog(ids: readonly string[]): { deleted: string[]; deletedAt: string | null } {
    const result = deleteObjects(this.catalog, ids);
    // A deleted image's file is no longer served.
    for (const id of result.deleted) if (this.catalog.get(id)?.obj.type === 'IMAGE') this.imageFiles.drop(id);
    if (result.deleted.length) this.announce();
    return result;
  }

  /**
   * CreateCatalogImage: hosts the file (URL under `origin`), creates the IMAGE,
   * attaches it when `object_id` says so; throws SquareApiError (nothing written).
   */
  createImage(body: Record<string, unknown>, file: UploadedFile, squareVersion: string, origin: string): CatalogObject {
    const image = createImage({ store: this.catalog, files: this.imageFiles, origin }, body, file, squareVersion);
    this.announce();
    return image;
  }

  /** UpdateCatalogImage: a new file (and URL) for an existing IMAGE. */
  replaceImageFile(imageId: string, file: UploadedFile, origin: string): CatalogObject {
    const image = replaceImageFile({ store: this.catalog, files: this.imageFiles, origin }, imageId, file);
    this.announce();
    return image;
  }

  /**
   * catalog.version.updated carries only the new version's timestamp: receivers
   * must re-read (SearchCatalogObjects with begin_time) to learn what changed.
   * https://developer.squareup.com/docs/catalog-api/webhooks
   */
  announce(): void {
    const updatedAt = this.catalog.updatedAt;
    if (!updatedAt) return;
    this.webhooks.emit('catalog.version.updated', { type: 'catalog_version', id: newEventId(), object: { catalog_version: { updated_at: updatedAt } } });
  }

  /** Back to the starting state; `keepWebhooks` leaves subscriptions in place (a running demo's ingress). */
  reset(opts: { keepWebhooks?: boolean } = {}): void {
    this.catalog.clear();
    this.imageFiles.clear();
    this.pos.clear();
    this.idempotency.clear();
    if (!opts.keepWebhooks) this.webhooks.clear();
    this.locations = this.locationInputs.map((l) => buildLocation(l, this.merchantId, this.createdAt));
  }

  summary(): Record<string, unknown> {
    const { byType, deleted } = this.catalog.counts();
    return {
      merchant_id: this.merchantId,
      catalog_version: this.catalog.version,
      catalog_updated_at: this.catalog.updatedAt,
      counts: byType,
      deleted_objects: deleted,
      image_files: this.imageFiles.size,
      locations: this.locations.length,
      webhook_subscriptions: this.webhooks.subscriptions.size,
      events_emitted: this.webhooks.events.length,
      idempotency_keys: this.idempotency.size,
      pos: this.pos.counts(),
    };
  }
}
