import { applyProductFields, buildOptions, defaultOption, gidNumber, uniqueHandle, type OpResult, type OptionInput, type ProductFieldsInput, type UserErrorData } from './ops-common';
import { commitUpdate, type WriteOptions } from './product-ops';
import { hostedImageUrl } from './cdn';
import { cloneProduct, variantTitle, type MediaRecord, type ProductRecord, type VariantRecord } from './records';
import type { ShopifyState } from './state';
import { applyVariantFields, duplicateOf, newVariant, renumber, resolveOptionValues, sumQuantities, type VariantCodes, type VariantInput } from './variant-input';

/**
 * productSet: create or fully replace a product in one call. List fields
 * (productOptions, variants, files) are declarative: entries not listed are
 * deleted. Options must be given together with variants and vice versa.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productSet
 */

export interface ProductSetFields extends ProductFieldsInput {
  id?: string | null;
  productOptions?: OptionInput[] | null;
  variants?: VariantInput[] | null;
  files?: { id?: string | null; originalSource?: string | null; alt?: string | null }[] | null;
}

const VARIANT_CODES: VariantCodes = {
  unknownOption: 'OPTION_DOES_NOT_EXIST',
  unknownValue: 'OPTION_VALUE_DOES_NOT_EXIST',
  missingValues: 'INVALID_VARIANT',
  invalid: 'INVALID_VARIANT',
  negativePrice: 'INVALID_VARIANT',
};

export function setProduct(state: ShopifyState, input: ProductSetFields, opts: WriteOptions = {}): OpResult {
  const store = state.products;
  const now = state.now();
  const errors: UserErrorData[] = [];
  let current: ProductRecord | undefined;
  if (input.id) {
    const id = gidNumber(input.id);
    current = id === null ? undefined : store.get(id);
    if (!current) return { product: null, errors: [{ field: ['input', 'id'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }] };
  }
  const hasOptions = Array.isArray(input.productOptions);
  const hasVariants = Array.isArray(input.variants);
  if (hasVariants && !hasOptions) errors.push({ field: ['input', 'productOptions'], message: 'Must specify product options when updating variants.', code: 'PRODUCT_OPTIONS_INPUT_MISSING' });
  if (hasOptions && !hasVariants) errors.push({ field: ['input', 'variants'], message: 'Must specify variants when updating options.', code: 'VARIANTS_INPUT_MISSING' });
  if (errors.length) return { product: null, errors };

  const next: ProductRecord = current
    ? cloneProduct(current)
    : { id: store.nextId('product'), title: '', handle: '', descriptionHtml: '', vendor: '', productType: '', status: 'ACTIVE', tags: [], createdAt: now, updatedAt: now, publishedAt: null, templateSuffix: null, seoTitle: null, seoDescription: null, options: [], variants: [], media: [] };
  if (!current && !('title' in input)) errors.push({ field: ['input', 'title'], message: "Title can't be blank" });
  applyProductFields(store, next, input, errors, ['input'], 'HANDLE_NOT_UNIQUE');

  if (hasOptions && hasVariants) {
    next.options = buildOptions(store, input.productOptions!, current?.options ?? [], errors, ['input', 'productOptions'], {
      overLimit: 'OPTIONS_OVER_LIMIT',
      duplicateName: 'DUPLICATED_OPTION_NAME',
      duplicateValue: 'DUPLICATED_OPTION_VALUE',
      valuesMissing: 'OPTION_VALUES_MISSING',
    });
    if (!errors.length) next.variants = buildVariants(state, next, current?.variants ?? [], input.variants!, errors, now);
  } else if (!current) {
    next.options = [defaultOption(store)];
    next.variants = [newVariant(store, now, ['Default Title'])];
    renumber(next.variants);
  }
  if (input.files) next.media = buildFiles(state, next.media, input.files, errors, now);

  if (errors.length) {
    return { product: null, errors: errors.map((e) => ({ ...e, code: e.code ?? 'INVALID_PRODUCT' })) };
  }
  if (!next.handle) next.handle = uniqueHandle(store, next.title, next.id);
  if (opts.publish && next.status === 'ACTIVE' && next.publishedAt === null) next.publishedAt = now;
  if (current) return commitUpdate(state, next, now);
  store.put(next);
  state.emit({ topic: 'products/create', product: next, at: now });
  return { product: next, errors: [] };
}

function buildVariants(state: ShopifyState, product: ProductRecord, existing: readonly VariantRecord[], inputs: readonly VariantInput[], errors: UserErrorData[], now: number): VariantRecord[] {
  const out: VariantRecord[] = [];
  inputs.forEach((input, i) => {
    const prefix = ['input', 'variants', String(i)];
    let variant: VariantRecord;
    if (input.id) {
      const id = gidNumber(input.id);
      const prior = existing.find((v) => v.id === id);
      if (!prior) {
        errors.push({ field: [...prefix, 'id'], message: 'Product variant does not exist', code: 'PRODUCT_VARIANT_DOES_NOT_EXIST' });
        return;
      }
      variant = { ...prior, optionValues: [...prior.optionValues], updatedAt: now };
    } else {
      variant = newVariant(state.products, now, []);
      variant.inventoryQuantity = sumQuantities(input);
    }
    const values = resolveOptionValues(state.products, product.options, input.optionValues ?? [], errors, prefix, VARIANT_CODES, false);
    if (!values) return;
    variant.optionValues = values;
    if (!applyVariantFields(variant, input, errors, prefix, VARIANT_CODES)) return;
    const dup = duplicateOf(out, values, variant.id);
    if (dup !== null) {
      errors.push({ field: [...prefix, 'optionValues'], message: `The variant '${dup}' already exists.`, code: 'INVALID_VARIANT' });
      return;
    }
    variant.position = input.position ?? i + 1;
    out.push(variant);
  });
  out.sort((a, b) => a.position - b.position);
  renumber(out);
  if (!out.length && !errors.length) errors.push({ field: ['input', 'variants'], message: 'Product must have at least one variant', code: 'INVALID_VARIANT' });
  for (const v of out) if (!v.optionValues.length) errors.push({ field: ['input', 'variants'], message: `Variant ${variantTitle(v)} has no option values`, code: 'INVALID_VARIANT' });
  return out;
}

function buildFiles(state: ShopifyState, existing: readonly MediaRecord[], files: NonNullable<ProductSetFields['files']>, errors: UserErrorData[], now: number): MediaRecord[] {
  const out: MediaRecord[] = [];
  files.forEach((f, i) => {
    const id = f.id ? gidNumber(f.id) : null;
    const prior = existing.find((m) => m.id === id);
    if (prior) {
      out.push({ ...prior, alt: 'alt' in f ? (f.alt ?? null) : prior.alt });
    } else if (f.originalSource && /^https?:\/\//.test(f.originalSource)) {
      out.push({ id: state.products.nextId('media'), alt: f.alt ?? null, url: hostedImageUrl(f.originalSource, now), width: 2048, height: 2048, createdAt: now });
    } else {
      errors.push({ field: ['input', 'files', String(i)], message: 'File does not exist or has no valid originalSource', code: 'INVALID_INPUT' });
    }
  });
  return out;
}
