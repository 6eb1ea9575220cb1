import { SquareError, type Square } from 'square';
import type { Image } from '../../canonical/image';
import type { Product } from '../../canonical/product';
import { imageCanonicalId, indexKnown, linkKey } from '../../mappings/square/catalog-item-v1';
import type { IdMapping } from '../../store/types';
import { ImageUnavailable, type ImageFetcher, type ImageFile } from '../image-fetch';
import type { Semaphore } from '../semaphore';
import { toSquareVendorError, type SquareApi } from './client';

/**
 * Product images into Square. Square keeps image files itself: each one is
 * uploaded with CreateCatalogImage (multipart: the request JSON and the
 * file), which answers with an IMAGE object; the item then lists the IMAGE
 * ids in `image_ids`. Files are uploaded unattached, before the item upsert,
 * so the upsert alone decides which images the item shows and in what order.
 *
 * One upload per file not linked yet, a few at a time (UPLOADS_IN_FLIGHT per
 * connector, across concurrent writes). The idempotency key
 * derives from the caller's key and the image's identity: a retried
 * activity replays Square's answer instead of uploading the file twice.
 *
 * Square takes JPEG, PJPEG, PNG and GIF files up to 15 MB. A file that is
 * missing at its source, of another format or too large refuses its product
 * with the reason (quarantine); outages at either end are thrown (retried).
 *
 * https://developer.squareup.com/reference/square/catalog-api/create-catalog-image
 */

/** Square's upload limit. */
export const SQUARE_MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/**
 * Uploads in flight at once per connector, whatever number of pages are being
 * written: each holds its file in memory (up to 15 MB, and a copy in the
 * multipart body), so this bounds the worker's memory, not only Square's load:
 * 4 caps it at ~120 MB for the largest files Square takes. On the 1,000,000-
 * variant bench (small files) 4 and 8 peak alike (402 and 409 MB).
 */
export const UPLOADS_IN_FLIGHT = 4;
const SQUARE_FORMATS = new Set(['jpeg', 'png', 'gif']);
const KEY_PREFIX_CHARS = 80;

export interface ImageUploads {
  /** Links of the IMAGE objects created (or replayed) for these products. */
  links: IdMapping[];
  /** Products refused because of an image, with the reason. */
  refused: Map<string, string>;
}

/** The images of `products` that have no IMAGE link yet, in product and position order. */
function missingImages(products: readonly Product[], links: readonly IdMapping[]): { product: Product; image: Image; canonicalId: string }[] {
  const known = indexKnown(links);
  const out: { product: Product; image: Image; canonicalId: string }[] = [];
  for (const product of products) {
    const seen = new Set<string>();
    for (const image of [...product.images].sort((a, b) => a.position - b.position)) {
      const canonicalId = imageCanonicalId(image);
      if (seen.has(canonicalId) || known.has(linkKey('IMAGE', canonicalId))) continue;
      seen.add(canonicalId);
      out.push({ product, image, canonicalId });
    }
  }
  return out;
}

export async function uploadMissingImages(
  api: SquareApi,
  connectorId: string,
  products: readonly Product[],
  links: readonly IdMapping[],
  fetchImage: ImageFetcher,
  keyBase: string,
  /** The connector's upload slots (UPLOADS_IN_FLIGHT), shared by every call. */
  slots: Semaphore,
): Promise<ImageUploads> {
  const todo = missingImages(products, links);
  const result: ImageUploads = { links: [], refused: new Map() };
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < todo.length) {
      const task = todo[next++]!;
      if (result.refused.has(task.product.id)) continue;
      const outcome = await slots.run(() => uploadOne(api, task.product, task.image, fetchImage, `${keyBase.slice(0, KEY_PREFIX_CHARS)}:${task.canonicalId}`));
      if (typeof outcome === 'string') {
        result.refused.set(task.product.id, outcome);
      } else {
        result.links.push({ entity: 'image', canonicalId: task.canonicalId, connector: connectorId, externalType: 'IMAGE', externalId: outcome.id, externalVersion: outcome.version });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOADS_IN_FLIGHT, todo.length) }, work));
  return result;
}

/** The new IMAGE, or the reason the product can't have it. */
async function uploadOne(api: SquareApi, product: Product, image: Image, fetchImage: ImageFetcher, idempotencyKey: string): Promise<{ id: string; version: string | null } | string> {
  let file: ImageFile;
  try {
    file = await fetchImage(image.url);
  } catch (err) {
    if (err instanceof ImageUnavailable) return `images[${image.position - 1}]: ${err.message}`;
    throw err;
  }
  if (!SQUARE_FORMATS.has(file.format)) return `images[${image.position - 1}]: Square takes JPEG, PNG or GIF files; ${image.url} is ${file.format.toUpperCase()}`;
  if (file.bytes.length > SQUARE_MAX_IMAGE_BYTES) return `images[${image.position - 1}]: ${file.bytes.length} bytes; Square takes at most ${SQUARE_MAX_IMAGE_BYTES}`;
  const name = image.altText ?? product.title;
  const request: Square.CreateCatalogImageRequest = {
    idempotencyKey,
    image: { type: 'IMAGE', id: `#${imageCanonicalId(image)}`, imageData: { name, ...(image.altText ? { caption: image.altText } : {}) } },
  };
  const imageFile = new File([file.bytes], uploadName(file), { type: file.contentType });
  try {
    // https://developer.squareup.com/reference/square/catalog-api/create-catalog-image
    const res = await api.client.catalog.images.create({ request, imageFile }, api.requestOptions);
    const created = res.image;
    if (!created?.id) return `images[${image.position - 1}]: Square returned no IMAGE for ${image.url}`;
    return { id: created.id, version: created.version === undefined ? null : created.version.toString() };
  } catch (err) {
    const vendor = toSquareVendorError(err);
    // Square refusing this file (4xx other than auth and throttling) is about the record; anything else is retried.
    if (err instanceof SquareError && err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 && ![401, 403, 429].includes(err.statusCode)) {
      return `images[${image.position - 1}]: Square refused ${image.url}: ${(vendor as Error).message}`;
    }
    throw vendor;
  }
}

/** The file name Square stores: the source's name with the extension of what the bytes are. */
function uploadName(file: ImageFile): string {
  const stem = file.fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'image';
  const ext = file.format === 'jpeg' ? 'jpg' : file.format;
  return `${stem.slice(0, 100)}.${ext}`;
}

/** IMAGE ids an item shows that `keep` doesn't list: to delete once the item no longer names them. */
export function retiredImageIds(current: Square.CatalogObject | undefined, keep: readonly string[]): string[] {
  if (current?.type !== 'ITEM') return [];
  const kept = new Set(keep);
  return (current.itemData?.imageIds ?? []).filter((id) => !kept.has(id));
}
