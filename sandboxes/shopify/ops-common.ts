import type { ProductStore } from './product-store';
import { PRODUCT_STATUSES, normaliseTags, slugify, type OptionRecord, type ProductRecord, type ProductStatus } from './records';

/**
 * Shared pieces of the product write operations. Inputs mirror the 2025-01
 * input objects (ProductCreateInput, ProductUpdateInput, ProductSetInput,
 * OptionCreateInput/OptionSetInput): the GraphQL layer has already validated
 * their shape against the schema, and the admin helpers reuse them.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/input-objects/ProductCreateInput
 */

export interface UserErrorData {
  field: string[] | null;
  message: string;
  code?: string;
}

export interface OpResult {
  product: ProductRecord | null;
  errors: UserErrorData[];
}

export interface ProductFieldsInput {
  title?: string | null;
  handle?: string | null;
  descriptionHtml?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductStatus | null;
  tags?: string[] | null;
  seo?: { title?: string | null; description?: string | null } | null;
  templateSuffix?: string | null;
}

export interface OptionValueInput {
  id?: string | null;
  name?: string | null;
}

export interface OptionInput {
  id?: string | null;
  name?: string | null;
  position?: number | null;
  values?: OptionValueInput[] | null;
}

export interface MediaInput {
  originalSource: string;
  alt?: string | null;
  mediaContentType: string;
}

export const MAX_OPTIONS = 3;
export const MAX_TITLE = 255;

/** Copies the plain product fields in `input` onto `next`; pushes userErrors for invalid ones. */
export function applyProductFields(store: ProductStore, next: ProductRecord, input: ProductFieldsInput, errors: UserErrorData[], prefix: string[], handleCode?: string): void {
  if ('title' in input) {
    const title = (input.title ?? '').trim();
    if (!title) errors.push({ field: [...prefix, 'title'], message: "Title can't be blank" });
    else if (title.length > MAX_TITLE) errors.push({ field: [...prefix, 'title'], message: `Title is too long (maximum is ${MAX_TITLE} characters)` });
    else next.title = title;
  }
  if ('descriptionHtml' in input) next.descriptionHtml = input.descriptionHtml ?? '';
  if ('vendor' in input) next.vendor = (input.vendor ?? '').trim();
  if ('productType' in input) next.productType = (input.productType ?? '').trim();
  if ('templateSuffix' in input) next.templateSuffix = input.templateSuffix ?? null;
  if (input.status) {
    if (PRODUCT_STATUSES.includes(input.status)) next.status = input.status;
  }
  if ('tags' in input) next.tags = normaliseTags(input.tags ?? []);
  if (input.seo) {
    if ('title' in input.seo) next.seoTitle = input.seo.title ?? null;
    if ('description' in input.seo) next.seoDescription = input.seo.description ?? null;
  }
  if (typeof input.handle === 'string' && input.handle.trim() !== '') {
    const handle = slugify(input.handle);
    const owner = store.productOfHandle(handle);
    if (owner !== null && owner !== next.id) {
      errors.push({ field: [...prefix, 'handle'], message: `Handle '${handle}' already in use. Please provide a new handle.`, ...(handleCode ? { code: handleCode } : {}) });
    } else {
      next.handle = handle;
    }
  }
}

/** Shopify derives a handle from the title and appends -1, -2, … until it is free. */
export function uniqueHandle(store: ProductStore, title: string, selfId: number): string {
  const base = slugify(title) || 'product';
  let candidate = base;
  for (let n = 1; ; n++) {
    const owner = store.productOfHandle(candidate);
    if (owner === null || owner === selfId) return candidate;
    candidate = `${base}-${n}`;
  }
}

export interface OptionCodes {
  overLimit?: string;
  duplicateName?: string;
  duplicateValue?: string;
  valuesMissing?: string;
}

/**
 * Builds product options from OptionCreateInput/OptionSetInput. Ids of
 * `existing` options and values are kept when the input names them (by id or
 * by name), as productSet does.
 */
export function buildOptions(store: ProductStore, inputs: readonly OptionInput[], existing: readonly OptionRecord[], errors: UserErrorData[], prefix: string[], codes: OptionCodes = {}): OptionRecord[] {
  const at = (...p: (string | number)[]): string[] => [...prefix, ...p.map(String)];
  const withCode = (code: string | undefined): { code?: string } => (code ? { code } : {});
  if (inputs.length > MAX_OPTIONS) {
    errors.push({ field: at(), message: `Options over limit (maximum is ${MAX_OPTIONS})`, ...withCode(codes.overLimit) });
    return [];
  }
  const seen = new Set<string>();
  const built: OptionRecord[] = [];
  inputs.forEach((input, i) => {
    const name = (input.name ?? '').trim();
    const prior = existing.find((o) => (input.id && gidNumber(input.id) === o.id) || (name && o.name.toLowerCase() === name.toLowerCase()));
    const finalName = name || prior?.name || '';
    if (!finalName) {
      errors.push({ field: at(i, 'name'), message: "Name can't be blank", ...withCode(codes.valuesMissing) });
      return;
    }
    if (seen.has(finalName.toLowerCase())) {
      errors.push({ field: at(i, 'name'), message: `Duplicated option name '${finalName}'`, ...withCode(codes.duplicateName) });
      return;
    }
    seen.add(finalName.toLowerCase());
    const values = input.values ?? [];
    if (!values.length) {
      errors.push({ field: at(i, 'values'), message: 'Each option must have at least one option value specified.', ...withCode(codes.valuesMissing) });
      return;
    }
    const seenValues = new Set<string>();
    const option: OptionRecord = { id: prior?.id ?? store.nextId('option'), name: finalName, position: input.position ?? i + 1, values: [] };
    values.forEach((v, j) => {
      const priorValue = prior?.values.find((pv) => (v.id && gidNumber(v.id) === pv.id) || (v.name && pv.name === v.name.trim()));
      const valueName = (v.name ?? '').trim() || priorValue?.name || '';
      if (!valueName) {
        errors.push({ field: at(i, 'values', j, 'name'), message: "Name can't be blank", ...withCode(codes.valuesMissing) });
        return;
      }
      if (seenValues.has(valueName.toLowerCase())) {
        errors.push({ field: at(i, 'values', j, 'name'), message: `Duplicated option value '${valueName}'`, ...withCode(codes.duplicateValue) });
        return;
      }
      seenValues.add(valueName.toLowerCase());
      option.values.push({ id: priorValue?.id ?? store.nextId('optionValue'), name: valueName });
    });
    built.push(option);
  });
  built.sort((a, b) => a.position - b.position);
  built.forEach((o, i) => (o.position = i + 1));
  return built;
}

/** Numeric part of any Shopify gid, or null. */
export function gidNumber(value: string): number | null {
  const m = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)/.exec(value);
  return m ? Number(m[1]) : null;
}

/** The implicit option every product without options has. */
export function defaultOption(store: ProductStore): OptionRecord {
  return { id: store.nextId('option'), name: 'Title', position: 1, values: [{ id: store.nextId('optionValue'), name: 'Default Title' }] };
}
