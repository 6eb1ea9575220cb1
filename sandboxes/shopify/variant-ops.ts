import { gidNumber, type UserErrorData } from './ops-common';
import { commitUpdate } from './product-ops';
import { cloneProduct, hasOnlyDefaultVariant, type ProductRecord, type VariantRecord } from './records';
import type { ShopifyState } from './state';
import { applyVariantFields, duplicateOf, newVariant, pruneOptionValues, renumber, resolveOptionValues, sumQuantities, type VariantCodes, type VariantInput } from './variant-input';

/**
 * productVariantsBulkCreate / Update / Delete. All-or-nothing unless
 * allowPartialUpdates; each successful call is one products/update event.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productVariantsBulkCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productVariantsBulkUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productVariantsBulkDelete
 */

export interface VariantsResult {
  product: ProductRecord | null;
  variants: VariantRecord[] | null;
  errors: UserErrorData[];
}

const CREATE_CODES: VariantCodes = {
  unknownOption: 'OPTION_VALUES_FOR_NUMBER_OF_UNKNOWN_OPTIONS',
  unknownValue: 'INVALID_INPUT',
  missingValues: 'NEED_TO_ADD_OPTION_VALUES',
  invalid: 'INVALID_INPUT',
  negativePrice: 'NEGATIVE_PRICE_VALUE',
};

const UPDATE_CODES: VariantCodes = {
  unknownOption: 'OPTION_DOES_NOT_EXIST',
  unknownValue: 'OPTION_VALUE_DOES_NOT_EXIST',
  missingValues: 'NEED_TO_ADD_OPTION_VALUES',
  invalid: 'INVALID_INPUT',
  negativePrice: 'NEGATIVE_PRICE_VALUE',
};

function load(state: ShopifyState, productId: string): ProductRecord | undefined {
  const id = gidNumber(productId);
  return id === null ? undefined : state.products.get(id);
}

const noProduct = (): VariantsResult => ({ product: null, variants: null, errors: [{ field: ['productId'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }] });

export function bulkCreateVariants(state: ShopifyState, productId: string, inputs: readonly VariantInput[], strategy: 'DEFAULT' | 'REMOVE_STANDALONE_VARIANT' = 'DEFAULT'): VariantsResult {
  const current = load(state, productId);
  if (!current) return noProduct();
  const next = cloneProduct(current);
  const now = state.now();
  const errors: UserErrorData[] = [];
  // A product with only Shopify's implicit "Title" option takes its options from the new variants.
  if (hasOnlyDefaultVariant(next)) {
    const names = [...new Set(inputs.flatMap((v) => (v.optionValues ?? []).map((o) => o.optionName?.trim() ?? '').filter(Boolean)))];
    if (names.length && !names.some((n) => n.toLowerCase() === 'title')) {
      next.options = names.map((name, i) => ({ id: state.products.nextId('option'), name, position: i + 1, values: [] }));
      const firstValues = next.options.map((o) => {
        const firstRef = inputs.flatMap((v) => v.optionValues ?? []).find((r) => r.optionName?.trim().toLowerCase() === o.name.toLowerCase());
        return firstRef?.name?.trim() ?? '';
      });
      next.options.forEach((o, i) => o.values.push({ id: state.products.nextId('optionValue'), name: firstValues[i]! }));
      next.variants[0]!.optionValues = firstValues;
    }
  }
  const standalone = next.variants.length === 1 ? next.variants[0]! : null;
  if (strategy === 'REMOVE_STANDALONE_VARIANT' && standalone) next.variants = [];
  const created: VariantRecord[] = [];
  inputs.forEach((input, i) => {
    const prefix = ['variants', String(i)];
    if (input.id) {
      errors.push({ field: [...prefix, 'id'], message: 'On create, this key cannot be used.', code: 'NO_KEY_ON_CREATE' });
      return;
    }
    const values = resolveOptionValues(state.products, next.options, input.optionValues ?? [], errors, prefix, CREATE_CODES, true);
    if (!values) return;
    const variant = newVariant(state.products, now, values);
    variant.inventoryQuantity = sumQuantities(input);
    if (!applyVariantFields(variant, input, errors, prefix, CREATE_CODES)) return;
    const dup = duplicateOf([...next.variants, ...created], values, variant.id);
    if (dup !== null) {
      errors.push({ field: prefix, message: `The variant '${dup}' already exists.`, code: 'VARIANT_ALREADY_EXISTS' });
      return;
    }
    created.push(variant);
  });
  if (errors.length) return { product: current, variants: null, errors };
  next.variants.push(...created);
  renumber(next.variants);
  next.options = pruneOptionValues(next.options, next.variants);
  commitUpdate(state, next, now);
  return { product: next, variants: created, errors: [] };
}

export function bulkUpdateVariants(state: ShopifyState, productId: string, inputs: readonly VariantInput[], allowPartialUpdates = false): VariantsResult {
  const current = load(state, productId);
  if (!current) return noProduct();
  const next = cloneProduct(current);
  const now = state.now();
  const errors: UserErrorData[] = [];
  const updated: VariantRecord[] = [];
  inputs.forEach((input, i) => {
    const prefix = ['variants', String(i)];
    const before = errors.length;
    if (!input.id) {
      errors.push({ field: [...prefix, 'id'], message: 'Product variant is missing ID attribute', code: 'PRODUCT_VARIANT_ID_MISSING' });
      return;
    }
    const id = gidNumber(input.id);
    const at = next.variants.findIndex((v) => v.id === id);
    if (at < 0) {
      errors.push({ field: [...prefix, 'id'], message: 'Product variant does not exist', code: 'PRODUCT_VARIANT_DOES_NOT_EXIST' });
      return;
    }
    if (input.inventoryQuantities?.length) {
      errors.push({ field: [...prefix, 'inventoryQuantities'], message: 'Inventory quantities can only be provided during create. To update inventory for existing variants, use inventoryAdjustQuantities.', code: 'NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE' });
      return;
    }
    const variant = { ...next.variants[at]!, optionValues: [...next.variants[at]!.optionValues] };
    if (input.optionValues?.length) {
      // Options the input does not mention keep the variant's current value.
      const listed = input.optionValues;
      const mentioned = (name: string, id: number): boolean =>
        listed.some((r) => r.optionName?.trim().toLowerCase() === name.toLowerCase() || (r.optionId ? gidNumber(r.optionId) === id : false));
      const refs = [...listed, ...next.options.flatMap((o, k) => (mentioned(o.name, o.id) ? [] : [{ optionName: o.name, name: variant.optionValues[k] ?? null }]))];
      const values = resolveOptionValues(state.products, next.options, refs, errors, prefix, UPDATE_CODES, true);
      if (values) {
        const dup = duplicateOf(next.variants, values, variant.id);
        if (dup !== null) errors.push({ field: [...prefix, 'optionValues'], message: `The variant '${dup}' already exists.`, code: 'VARIANT_ALREADY_EXISTS' });
        else variant.optionValues = values;
      }
    }
    applyVariantFields(variant, input, errors, prefix, UPDATE_CODES);
    if (errors.length > before) return;
    variant.updatedAt = now;
    next.variants[at] = variant;
    updated.push(variant);
  });
  if (errors.length && (!allowPartialUpdates || !updated.length)) return { product: current, variants: null, errors };
  next.options = pruneOptionValues(next.options, next.variants);
  commitUpdate(state, next, now);
  return { product: next, variants: updated, errors };
}

export function bulkDeleteVariants(state: ShopifyState, productId: string, variantIds: readonly string[]): VariantsResult {
  const current = load(state, productId);
  if (!current) return noProduct();
  const ids = variantIds.map(gidNumber);
  if (ids.some((id) => id === null || !current.variants.some((v) => v.id === id))) {
    return { product: current, variants: null, errors: [{ field: ['variantsIds'], message: 'At least one variant does not belong to the product', code: 'AT_LEAST_ONE_VARIANT_DOES_NOT_BELONG_TO_THE_PRODUCT' }] };
  }
  const next = cloneProduct(current);
  next.variants = next.variants.filter((v) => !ids.includes(v.id));
  if (!next.variants.length) {
    return { product: current, variants: null, errors: [{ field: ['variantsIds'], message: 'Cannot delete default variant', code: 'CANNOT_DELETE_LAST_VARIANT' }] };
  }
  renumber(next.variants);
  next.options = pruneOptionValues(next.options, next.variants);
  commitUpdate(state, next);
  return { product: next, variants: null, errors: [] };
}
