import type { ProductStore } from './product-store';
import { formatMoney, variantTitle, type OptionRecord, type VariantRecord } from './records';
import { gidNumber, type UserErrorData } from './ops-common';

/**
 * Variant inputs shared by productVariantsBulkCreate/Update
 * (ProductVariantsBulkInput) and productSet (ProductVariantSetInput).
 * https://shopify.dev/docs/api/admin-graphql/2025-01/input-objects/ProductVariantsBulkInput
 */

export interface VariantOptionValueInput {
  id?: string | null;
  name?: string | null;
  optionId?: string | null;
  optionName?: string | null;
}

export interface VariantInput {
  id?: string | null;
  price?: string | number | null;
  compareAtPrice?: string | number | null;
  barcode?: string | null;
  /** ProductVariantSetInput.sku; bulk inputs carry it in inventoryItem.sku. */
  sku?: string | null;
  inventoryItem?: { sku?: string | null } | null;
  optionValues?: VariantOptionValueInput[] | null;
  inventoryPolicy?: 'DENY' | 'CONTINUE' | null;
  taxable?: boolean | null;
  position?: number | null;
  /** InventoryLevelInput (bulk) or ProductSetInventoryInput (productSet). */
  inventoryQuantities?: { availableQuantity?: number; quantity?: number }[] | null;
}

/** userError codes differ per mutation; each caller passes its enum values. */
export interface VariantCodes {
  unknownOption: string;
  unknownValue: string;
  missingValues: string;
  invalid: string;
  negativePrice: string;
}

/**
 * Maps a variant's optionValues onto the product's options and returns one
 * value name per option (option order). Values named but not yet defined are
 * added to their option when `allowNewValues` (the bulk mutations do this).
 */
export function resolveOptionValues(store: ProductStore, options: OptionRecord[], refs: readonly VariantOptionValueInput[], errors: UserErrorData[], prefix: string[], codes: VariantCodes, allowNewValues: boolean): string[] | null {
  const chosen = new Array<string | undefined>(options.length);
  let ok = true;
  refs.forEach((ref, i) => {
    const optionIdNum = ref.optionId ? gidNumber(ref.optionId) : null;
    const optionIndex = options.findIndex((o) => (optionIdNum !== null && o.id === optionIdNum) || (ref.optionName && o.name.toLowerCase() === ref.optionName.trim().toLowerCase()));
    if (optionIndex < 0) {
      errors.push({ field: [...prefix, 'optionValues', String(i)], message: `Option '${ref.optionName ?? ref.optionId ?? ''}' does not exist`, code: codes.unknownOption });
      ok = false;
      return;
    }
    const option = options[optionIndex]!;
    const valueIdNum = ref.id ? gidNumber(ref.id) : null;
    let value = option.values.find((v) => (valueIdNum !== null && v.id === valueIdNum) || (ref.name && v.name === ref.name.trim()));
    if (!value && ref.name && ref.name.trim() && valueIdNum === null && allowNewValues) {
      value = { id: store.nextId('optionValue'), name: ref.name.trim() };
      option.values.push(value);
    }
    if (!value) {
      errors.push({ field: [...prefix, 'optionValues', String(i)], message: `Option value '${ref.name ?? ref.id ?? ''}' does not exist`, code: codes.unknownValue });
      ok = false;
      return;
    }
    chosen[optionIndex] = value.name;
  });
  if (!ok) return null;
  if (chosen.some((v) => v === undefined)) {
    errors.push({ field: [...prefix, 'optionValues'], message: 'You need to add option values for ' + options.filter((_, i) => chosen[i] === undefined).map((o) => o.name).join(', '), code: codes.missingValues });
    return null;
  }
  return chosen as string[];
}

/** Applies price, SKU, barcode, policy, … from `input`; returns false when a value was rejected. */
export function applyVariantFields(v: VariantRecord, input: VariantInput, errors: UserErrorData[], prefix: string[], codes: VariantCodes): boolean {
  let ok = true;
  const money = (key: 'price' | 'compareAtPrice'): void => {
    if (!(key in input)) return;
    const raw = input[key];
    if (raw === null || raw === undefined || raw === '') {
      if (key === 'compareAtPrice') v.compareAtPrice = null;
      else v.price = '0.00';
      return;
    }
    const m = formatMoney(raw);
    if (m === null) {
      errors.push({ field: [...prefix, key], message: `${key === 'price' ? 'Price' : 'Compare at price'} is invalid`, code: codes.invalid });
      ok = false;
    } else if (Number(m) < 0) {
      errors.push({ field: [...prefix, key], message: 'Price cannot take a negative value.', code: codes.negativePrice });
      ok = false;
    } else if (key === 'price') v.price = m;
    else v.compareAtPrice = m;
  };
  money('price');
  money('compareAtPrice');
  if ('barcode' in input) v.barcode = input.barcode ?? null;
  if ('sku' in input) v.sku = input.sku ?? null;
  if (input.inventoryItem && 'sku' in input.inventoryItem) v.sku = input.inventoryItem.sku ?? null;
  if (input.inventoryPolicy) v.inventoryPolicy = input.inventoryPolicy;
  if (typeof input.taxable === 'boolean') v.taxable = input.taxable;
  return ok;
}

export function newVariant(store: ProductStore, now: number, optionValues: string[]): VariantRecord {
  return {
    id: store.nextId('variant'),
    inventoryItemId: store.nextId('inventoryItem'),
    sku: null,
    barcode: null,
    price: '0.00',
    compareAtPrice: null,
    position: 0,
    optionValues,
    inventoryQuantity: 0,
    inventoryPolicy: 'DENY',
    taxable: true,
    createdAt: now,
    updatedAt: now,
  };
}

export function sumQuantities(input: VariantInput): number {
  return (input.inventoryQuantities ?? []).reduce((n, q) => n + (q.availableQuantity ?? q.quantity ?? 0), 0);
}

/** Title of a variant that already exists with the same option values, or null. */
export function duplicateOf(variants: readonly VariantRecord[], values: readonly string[], selfId: number): string | null {
  const key = values.join('\u0000');
  const dup = variants.find((x) => x.id !== selfId && x.optionValues.join('\u0000') === key);
  return dup ? variantTitle(dup) : null;
}

/** Renumbers positions 1..n in array order. */
export function renumber(variants: VariantRecord[]): void {
  variants.forEach((v, i) => (v.position = i + 1));
}

/** Drops option values no variant uses (and options left empty), as Shopify does after variant deletes. */
export function pruneOptionValues(options: OptionRecord[], variants: readonly VariantRecord[]): OptionRecord[] {
  const kept = options
    .map((o, i) => ({ ...o, values: o.values.filter((val) => variants.some((v) => v.optionValues[i] === val.name)) }))
    .filter((o) => o.values.length > 0);
  kept.forEach((o, i) => (o.position = i + 1));
  return kept;
}
