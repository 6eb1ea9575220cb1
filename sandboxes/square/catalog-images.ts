import { apiError, SquareApiError } from './errors';
import { newCatalogId } from './ids';
import { checkImageFile, type ImageFiles } from './image-files';
import { dataOf, type CatalogStore, type Stored } from './catalog-store';
import { DATA_FIELD, isRecord, type CatalogObject } from './types';
import { type UploadedFile } from './upload';

/**
 * CatalogImage objects (type IMAGE) and the objects that show them.
 * https://developer.squareup.com/docs/catalog-api/upload-and-attach-images
 * https://developer.squareup.com/docs/catalog-api/manage-images
 *
 * - An IMAGE is created only by CreateCatalogImage, with its file; Square
 *   generates the id, version, updated_at and `image_data.url`.
 * - `object_id` attaches it on creation: the id is appended to the object's
 *   `image_ids` (`is_primary: true` puts it first; the default is false from
 *   Square-Version 2021-12-15, true before). The object gets the new catalog
 *   version too.
 * - UpdateCatalogImage swaps the file (new URL, new version) and leaves the
 *   name, caption and attachments as they are.
 * - Upserts may change an existing IMAGE's name and caption (never its URL),
 *   and list images in `image_ids`; every id listed must be a live IMAGE.
 * - Deleting an IMAGE "detaches the image object from its attached object":
 *   its id leaves every `image_ids`.
 */

/** Types whose data lists images in `image_ids` (spec: CatalogImage, "can be associated with"). */
export const IMAGE_HOLDER_TYPES: readonly string[] = ['ITEM', 'ITEM_VARIATION', 'CATEGORY', 'MODIFIER_LIST'];

/** Before this Square-Version, `is_primary` defaults to true (CreateCatalogImageRequest.is_primary). */
const APPENDING_SINCE = '2021-12-15';

function imageIdsOf(obj: CatalogObject): string[] {
  const ids = dataOf(obj)?.image_ids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** A copy of `obj` listing `ids` (the field is left out when empty, as Square omits empty lists). */
function withImageIds(obj: CatalogObject, ids: readonly string[], version: number, updatedAt: string): CatalogObject {
  const key = DATA_FIELD[obj.type] ?? '';
  const { image_ids: _dropped, ...data } = dataOf(obj) ?? {};
  return { ...obj, [key]: ids.length ? { ...data, image_ids: [...ids] } : data, version, updated_at: updatedAt };
}

const notFound = (detail: string, field?: string): SquareApiError =>
  new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail, ...(field ? { field } : {}) }], 404);

export interface ImageWriteContext {
  store: CatalogStore;
  files: ImageFiles;
  /** Origin of the sandbox's CDN (image URLs point there). */
  origin: string;
}

/**
 * CreateCatalogImage (https://developer.squareup.com/reference/square/catalog-api/create-catalog-image):
 * `body` is the request JSON. Returns the new IMAGE as rendered. Throws SquareApiError, nothing written.
 */
export function createImage(ctx: ImageWriteContext, body: Record<string, unknown>, file: UploadedFile, squareVersion: string): CatalogObject {
  const format = checkImageFile(file);
  const image = body.image;
  if (!isRecord(image)) throw apiError('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `image` (a CatalogObject of type IMAGE).', 'image');
  if (image.type !== 'IMAGE') throw apiError('INVALID_VALUE', `\`image\` must be a CatalogObject of type IMAGE, not ${String(image.type)}.`, 'image.type');
  if (typeof image.id === 'string' && image.id && !image.id.startsWith('#')) {
    throw apiError('INVALID_VALUE', `A new image takes a temporary id starting with \`#\`; \`${image.id}\` is not one (UpdateCatalogImage replaces an existing image's file).`, 'image.id');
  }
  const objectId = typeof body.object_id === 'string' && body.object_id ? body.object_id : undefined;
  let target: Stored | undefined;
  if (objectId) {
    target = ctx.store.live(objectId);
    if (!target) throw notFound(`Object with ID \`${objectId}\` not found.`, 'object_id');
    if (!IMAGE_HOLDER_TYPES.includes(target.obj.type)) {
      throw apiError('INVALID_VALUE', `Object \`${objectId}\` is a ${target.obj.type}; images attach to ${IMAGE_HOLDER_TYPES.join(', ')} objects.`, 'object_id');
    }
  }
  const primary = typeof body.is_primary === 'boolean' ? body.is_primary : squareVersion < APPENDING_SINCE;

  const version = ctx.store.nextVersion();
  const updatedAt = new Date(version).toISOString();
  const id = newCatalogId();
  const url = ctx.files.put(id, file.data, format, ctx.origin);
  const { id: _temp, version: _v, updated_at: _u, is_deleted: _d, image_data: data, ...rest } = image;
  const obj: CatalogObject = {
    ...rest,
    type: 'IMAGE',
    id,
    version,
    updated_at: updatedAt,
    is_deleted: false,
    present_at_all_locations: typeof rest.present_at_all_locations === 'boolean' ? rest.present_at_all_locations : !rest.present_at_location_ids,
    image_data: { ...(isRecord(data) ? data : {}), url },
  };
  ctx.store.write(obj);
  if (target) {
    const others = imageIdsOf(target.obj);
    ctx.store.write(withImageIds(target.obj, primary ? [id, ...others] : [...others, id], version, updatedAt));
  }
  return ctx.store.render(ctx.store.get(id) as Stored);
}

/**
 * UpdateCatalogImage (https://developer.squareup.com/reference/square/catalog-api/update-catalog-image):
 * a new file for an existing IMAGE; its attachments stay. Throws SquareApiError (404 for an unknown image).
 */
export function replaceImageFile(ctx: ImageWriteContext, imageId: string, file: UploadedFile): CatalogObject {
  const format = checkImageFile(file);
  const s = ctx.store.live(imageId);
  if (!s || s.obj.type !== 'IMAGE') throw notFound(`Image with ID \`${imageId}\` not found.`);
  const version = ctx.store.nextVersion();
  const url = ctx.files.put(imageId, file.data, format, ctx.origin);
  const data = isRecord(s.obj.image_data) ? s.obj.image_data : {};
  ctx.store.write({ ...s.obj, image_data: { ...data, url }, version, updated_at: new Date(version).toISOString() });
  return ctx.store.render(s);
}

/** Upsert check: every `image_ids` entry of an image-holding object names a live IMAGE. */
export function checkImageRefs(store: CatalogStore, obj: CatalogObject, field: string): void {
  if (!IMAGE_HOLDER_TYPES.includes(obj.type)) return;
  const key = DATA_FIELD[obj.type] ?? '';
  const ids = dataOf(obj)?.image_ids;
  if (!Array.isArray(ids)) return;
  ids.forEach((id: unknown, i) => {
    if (typeof id === 'string' && store.live(id)?.obj.type === 'IMAGE') return;
    throw apiError('INVALID_VALUE', `Object \`${String(id)}\` is not an IMAGE in this catalog (images are created with CreateCatalogImage).`, `${field}.${key}.image_ids[${i}]`);
  });
}

/** Upsert check: an IMAGE can be updated (name, caption) but not created there. */
export function refuseNewImage(obj: CatalogObject, field: string): void {
  if (obj.type === 'IMAGE' && obj.id.startsWith('#')) {
    throw apiError('INVALID_VALUE', 'IMAGE objects are created with their file by CreateCatalogImage (POST /v2/catalog/images), not by upsert; upsert can change an existing image\'s name and caption.', `${field}.type`);
  }
}

/** An upserted IMAGE keeps the URL Square generated for its file ("Do not change the URL field"). */
export function keepImageUrl(obj: CatalogObject, prev: CatalogObject | undefined): void {
  if (obj.type !== 'IMAGE') return;
  const url = isRecord(prev?.image_data) ? prev.image_data.url : undefined;
  obj.image_data = { ...(isRecord(obj.image_data) ? obj.image_data : {}), ...(url !== undefined ? { url } : {}) };
}

/**
 * Removes deleted images from every live object that lists them, stamping
 * those objects with the delete's version. `skip`: objects deleted by the same request.
 */
export function detachImages(store: CatalogStore, imageIds: ReadonlySet<string>, skip: ReadonlySet<string>, version: number, updatedAt: string): void {
  if (!imageIds.size) return;
  for (const type of IMAGE_HOLDER_TYPES) {
    for (const s of store.typeList(type)) {
      if (s.obj.is_deleted || skip.has(s.obj.id)) continue;
      const ids = imageIdsOf(s.obj);
      if (!ids.some((id) => imageIds.has(id))) continue;
      store.write(withImageIds(s.obj, ids.filter((id) => !imageIds.has(id)), version, updatedAt));
    }
  }
}
