import { applyProductFields, buildOptions, defaultOption, uniqueHandle, type MediaInput, type OpResult, type OptionInput, type ProductFieldsInput, type UserErrorData } from './ops-common';
import { hostedImageUrl } from './cdn';
import { cloneProduct, type MediaRecord, type ProductRecord } from './records';
import type { ShopifyState } from './state';
import { newVariant, renumber } from './variant-input';

/**
 * productCreate / productUpdate / productDelete semantics, shared by the
 * GraphQL mutations and the merchant-side admin helpers. Every successful
 * write stores a fresh record (copy-on-write) and emits the product event the
 * webhook dispatcher delivers.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productDelete
 */

export interface ProductCreateFields extends ProductFieldsInput {
  productOptions?: OptionInput[] | null;
}

export interface ProductUpdateFields extends ProductFieldsInput {
  id?: string | null;
}

export interface WriteOptions {
  /** Merchant edits in the admin publish ACTIVE products to the Online Store; API creates do not. */
  publish?: boolean;
}

export function createProduct(state: ShopifyState, input: ProductCreateFields, media: readonly MediaInput[] = [], opts: WriteOptions = {}): OpResult {
  const store = state.products;
  const now = state.now();
  const errors: UserErrorData[] = [];
  const draft: ProductRecord = {
    id: store.nextId('product'),
    title: '',
    handle: '',
    descriptionHtml: '',
    vendor: '',
    productType: '',
    status: 'ACTIVE',
    tags: [],
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
    templateSuffix: null,
    seoTitle: null,
    seoDescription: null,
    options: [],
    variants: [],
    media: [],
  };
  if (!('title' in input)) errors.push({ field: ['title'], message: "Title can't be blank" });
  applyProductFields(store, draft, input, errors, []);
  const options = input.productOptions?.length ? buildOptions(store, input.productOptions, [], errors, ['productOptions']) : [defaultOption(store)];
  const images = buildMedia(state, media, errors);
  if (errors.length) return { product: null, errors };
  if (!draft.handle) draft.handle = uniqueHandle(store, draft.title, draft.id);
  draft.options = options;
  // The product starts with one variant carrying the first value of every option.
  draft.variants = [newVariant(store, now, options.map((o) => o.values[0]!.name))];
  renumber(draft.variants);
  draft.media = images;
  if (opts.publish && draft.status === 'ACTIVE') draft.publishedAt = now;
  store.put(draft);
  state.emit({ topic: 'products/create', product: draft, at: now });
  return { product: draft, errors: [] };
}

export function updateProduct(state: ShopifyState, productId: number | null, input: ProductFieldsInput, media: readonly MediaInput[] = [], opts: WriteOptions = {}): OpResult {
  const store = state.products;
  const current = productId === null ? undefined : store.get(productId);
  if (!current) return { product: null, errors: [{ field: ['id'], message: 'Product does not exist' }] };
  const errors: UserErrorData[] = [];
  const next = cloneProduct(current);
  applyProductFields(store, next, input, errors, []);
  const images = buildMedia(state, media, errors);
  if (errors.length) return { product: current, errors };
  const now = state.now();
  next.media.push(...images);
  if (opts.publish && next.status === 'ACTIVE' && next.publishedAt === null) next.publishedAt = now;
  return commitUpdate(state, next, now);
}

/** Stores an already-modified copy, stamps updatedAt and emits products/update. */
export function commitUpdate(state: ShopifyState, next: ProductRecord, now = state.now()): OpResult {
  next.updatedAt = now;
  state.products.put(next);
  state.emit({ topic: 'products/update', product: next, at: now });
  return { product: next, errors: [] };
}

export function deleteProduct(state: ShopifyState, productId: number | null): { deletedId: number | null; errors: UserErrorData[] } {
  const removed = productId === null ? undefined : state.products.remove(productId);
  if (!removed) return { deletedId: null, errors: [{ field: ['id'], message: 'Product does not exist' }] };
  state.emit({ topic: 'products/delete', productId: removed.id, at: state.now() });
  return { deletedId: removed.id, errors: [] };
}

/**
 * CreateMediaInput → MediaImage. Only images are modelled; Shopify processes
 * media asynchronously (UPLOADED → PROCESSING → READY), the sandbox marks them
 * READY at once, hosting the file on its CDN (./cdn).
 */
export function buildMedia(state: ShopifyState, media: readonly MediaInput[], errors: UserErrorData[]): MediaRecord[] {
  const out: MediaRecord[] = [];
  media.forEach((m, i) => {
    if (m.mediaContentType !== 'IMAGE') {
      errors.push({ field: ['media', String(i), 'mediaContentType'], message: `Media type ${m.mediaContentType} is not supported by the sandbox (only IMAGE)` });
      return;
    }
    if (!/^https?:\/\//.test(m.originalSource)) {
      errors.push({ field: ['media', String(i), 'originalSource'], message: 'Image URL is invalid' });
      return;
    }
    // Shopify re-hosts the file on its CDN; the media names the copy (see ./cdn).
    out.push({ id: state.products.nextId('media'), alt: m.alt ?? null, url: hostedImageUrl(m.originalSource, state.now()), width: 2048, height: 2048, createdAt: state.now() });
  });
  return out;
}
