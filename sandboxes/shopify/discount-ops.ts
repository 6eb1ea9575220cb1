import { centsToDecimal, decimalToCents, type AutomaticDiscountRecord, type BasicDiscountFields, type DiscountRecord } from './commerce-records';
import { gid, parseGid, type GidType } from './ids';
import type { UserErrorData } from './ops-common';
import { isoSeconds } from './records';
import { formatInZone } from './shop-time';
import type { ShopifyState } from './state';

/**
 * Basic (amount-off) discounts, by code or automatic: create, update, delete,
 * and their discounts/* webhooks. Percentages are fractions (0.1 = 10 %), as
 * in the API. Both kinds take ids from one sequence, so a DiscountCodeNode and
 * a DiscountAutomaticNode never share a number.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountCodeBasicCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountCodeBasicUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountCodeDelete
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountAutomaticBasicCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountAutomaticBasicUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountAutomaticDelete
 */

export interface BasicCodeInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  combinesWith?: { orderDiscounts?: boolean | null; productDiscounts?: boolean | null; shippingDiscounts?: boolean | null } | null;
  customerGets?: { value?: { percentage?: number | null; discountAmount?: { amount?: string | null; appliesOnEachItem?: boolean | null } | null; discountOnQuantity?: unknown } | null; items?: DiscountItemsInput | null } | null;
  customerSelection?: { all?: boolean | null } | null;
  minimumRequirement?: { subtotal?: { greaterThanOrEqualToSubtotal?: string | null } | null; quantity?: { greaterThanOrEqualToQuantity?: string | null } | null } | null;
}

/** DiscountAutomaticBasicInput: the code input without code, usage limits or customer selection. */
export type BasicAutomaticInput = Omit<BasicCodeInput, 'code' | 'usageLimit' | 'appliesOncePerCustomer' | 'customerSelection'> & { recurringCycleLimit?: number | null };

/** DiscountItemsInput: `all`, or products/variants to add and remove (collections are not modelled). */
export interface DiscountItemsInput {
  all?: boolean | null;
  products?: { productsToAdd?: string[] | null; productsToRemove?: string[] | null; productVariantsToAdd?: string[] | null; productVariantsToRemove?: string[] | null } | null;
  collections?: { add?: string[] | null; remove?: string[] | null } | null;
}

export interface DiscountResult {
  discount: DiscountRecord | null;
  errors: UserErrorData[];
}

export interface AutomaticDiscountResult {
  discount: AutomaticDiscountRecord | null;
  errors: UserErrorData[];
}

/** userErrors field roots: the mutation argument holding the input. */
const CODE_ROOT = 'basicCodeDiscount';
const AUTOMATIC_ROOT = 'automaticBasicDiscount';

/** "At any given time, only 25 automatic discounts can be active" (DiscountErrorCode.ACTIVE_PERIOD_OVERLAP). */
export const MAX_ACTIVE_AUTOMATIC_DISCOUNTS = 25;

export function discountStatus(d: BasicDiscountFields, now: number): 'ACTIVE' | 'EXPIRED' | 'SCHEDULED' {
  if (d.startsAt > now) return 'SCHEDULED';
  if (d.endsAt !== null && d.endsAt <= now) return 'EXPIRED';
  return 'ACTIVE';
}

function time(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000) * 1000;
}

/**
 * Applies a DiscountCodeBasicInput or DiscountAutomaticBasicInput to a new
 * record or a copy of the stored one, collecting userErrors under `root` (the
 * mutation's argument name).
 * The code-only fields are read for code discounts alone (the schema keeps them
 * out of the automatic input).
 */
function apply(state: ShopifyState, d: DiscountRecord | AutomaticDiscountRecord, input: BasicCodeInput, errors: UserErrorData[], creating: boolean, root: string): void {
  const F = [root];
  if ('title' in input || creating) {
    const title = (input.title ?? '').trim();
    if (!title) errors.push({ field: [...F, 'title'], message: "Title can't be blank", code: 'BLANK' });
    else d.title = title;
  }
  if ('code' in d && ('code' in input || creating)) {
    const code = (input.code ?? '').trim();
    const other = code ? state.commerce.discountByCode(code) : undefined;
    if (!code) errors.push({ field: [...F, 'code'], message: "Code can't be blank", code: 'BLANK' });
    else if (other && other.id !== d.id) errors.push({ field: [...F, 'code'], message: 'Code must be unique. Please try a different code.', code: 'TAKEN' });
    else d.code = code;
  }
  if (input.startsAt) d.startsAt = time(input.startsAt) ?? d.startsAt;
  if ('endsAt' in input) d.endsAt = time(input.endsAt);
  if (d.endsAt !== null && d.endsAt <= d.startsAt) errors.push({ field: [...F, 'endsAt'], message: 'Ends at needs to be after starts_at', code: 'INVALID' });
  if ('code' in d) {
    if ('usageLimit' in input) {
      if (typeof input.usageLimit === 'number' && input.usageLimit < 1) errors.push({ field: [...F, 'usageLimit'], message: 'Usage limit must be greater than 0', code: 'GREATER_THAN' });
      else d.usageLimit = input.usageLimit ?? null;
    }
    if (typeof input.appliesOncePerCustomer === 'boolean') d.appliesOncePerCustomer = input.appliesOncePerCustomer;
  }
  if (input.combinesWith) {
    for (const k of ['orderDiscounts', 'productDiscounts', 'shippingDiscounts'] as const) if (typeof input.combinesWith[k] === 'boolean') d.combinesWith[k] = input.combinesWith[k];
  }
  const value = input.customerGets?.value;
  if (value) {
    if (typeof value.percentage === 'number') {
      if (value.percentage <= 0 || value.percentage > 1) errors.push({ field: [...F, 'customerGets', 'value', 'percentage'], message: 'Value must be between 0.0 and 1.0', code: 'VALUE_OUTSIDE_RANGE' });
      else d.value = { kind: 'percentage', percentage: value.percentage };
    } else if (value.discountAmount) {
      const cents = decimalToCents(value.discountAmount.amount);
      if (cents === null || cents <= 0) errors.push({ field: [...F, 'customerGets', 'value', 'discountAmount', 'amount'], message: 'Value must be greater than 0', code: 'GREATER_THAN' });
      else d.value = { kind: 'amount', cents, appliesOnEachItem: value.discountAmount.appliesOnEachItem ?? false };
    } else {
      errors.push({ field: [...F, 'customerGets', 'value'], message: 'Only percentage and discountAmount values are modelled by the sandbox', code: 'INVALID' });
    }
  } else if (creating) {
    errors.push({ field: [...F, 'customerGets'], message: "Customer gets can't be blank", code: 'BLANK' });
  }
  const items = input.customerGets?.items;
  if (items) applyItems(state, d, items, errors, [...F, 'customerGets', 'items']);
  if (input.minimumRequirement !== undefined) applyMinimum(d, input.minimumRequirement, errors, [...F, 'minimumRequirement']);
}

function applyItems(state: ShopifyState, d: BasicDiscountFields, items: DiscountItemsInput, errors: UserErrorData[], itemsField: string[]): void {
  if (items.collections) {
    errors.push({ field: [...itemsField, 'collections'], message: 'Collections are not modelled by the sandbox', code: 'INVALID' });
    return;
  }
  if (items.all) {
    d.items = { kind: 'all' };
    return;
  }
  if (!items.products) return;
  const p = items.products;
  const products = new Set(d.items.kind === 'products' ? d.items.productIds : []);
  const variants = new Set(d.items.kind === 'products' ? d.items.variantIds : []);
  const ids = (list: string[] | null | undefined, type: 'Product' | 'ProductVariant', key: string): number[] =>
    (list ?? []).flatMap((raw, i) => {
      const parsed = parseGid(raw);
      const live = parsed?.type === type && (type === 'Product' ? state.products.get(parsed.id) !== undefined : state.products.productOfVariant(parsed.id) !== null);
      if (!live) errors.push({ field: [...itemsField, 'products', key, String(i)], message: `${type === 'Product' ? 'Product' : 'Product variant'} does not exist`, code: 'INVALID' });
      return live ? [parsed.id] : [];
    });
  for (const id of ids(p.productsToAdd, 'Product', 'productsToAdd')) products.add(id);
  for (const id of ids(p.productsToRemove, 'Product', 'productsToRemove')) products.delete(id);
  for (const id of ids(p.productVariantsToAdd, 'ProductVariant', 'productVariantsToAdd')) variants.add(id);
  for (const id of ids(p.productVariantsToRemove, 'ProductVariant', 'productVariantsToRemove')) variants.delete(id);
  if (!products.size && !variants.size) errors.push({ field: [...itemsField, 'products'], message: 'Items must include at least one product or variant', code: 'BLANK' });
  d.items = { kind: 'products', productIds: [...products], variantIds: [...variants] };
}

function applyMinimum(d: BasicDiscountFields, input: BasicCodeInput['minimumRequirement'], errors: UserErrorData[], field: string[]): void {
  const subtotal = input?.subtotal?.greaterThanOrEqualToSubtotal;
  const quantity = input?.quantity?.greaterThanOrEqualToQuantity;
  if (subtotal !== null && subtotal !== undefined && quantity !== null && quantity !== undefined) {
    errors.push({ field, message: 'Only one of subtotal or quantity can be set', code: 'CONFLICT' });
  } else if (subtotal !== null && subtotal !== undefined) {
    const cents = decimalToCents(subtotal);
    if (cents === null || cents <= 0) errors.push({ field: [...field, 'subtotal', 'greaterThanOrEqualToSubtotal'], message: 'Minimum subtotal must be greater than 0', code: 'GREATER_THAN' });
    else d.minimum = { kind: 'subtotal', cents };
  } else if (quantity !== null && quantity !== undefined) {
    const n = Number(quantity);
    if (!Number.isSafeInteger(n) || n <= 0) errors.push({ field: [...field, 'quantity', 'greaterThanOrEqualToQuantity'], message: 'Minimum quantity must be greater than 0', code: 'GREATER_THAN' });
    else d.minimum = { kind: 'quantity', quantity: n };
  } else {
    d.minimum = null;
  }
}

export function createBasicDiscount(state: ShopifyState, input: BasicCodeInput): DiscountResult {
  const now = state.now();
  const d: DiscountRecord = {
    id: state.commerce.nextId('discount'),
    redeemCodeId: state.commerce.nextId('redeemCode'),
    title: '',
    code: '',
    startsAt: now,
    endsAt: null,
    usageLimit: null,
    appliesOncePerCustomer: false,
    value: { kind: 'percentage', percentage: 0 },
    items: { kind: 'all' },
    minimum: null,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    usageCount: 0,
    usedBy: [],
    createdAt: now,
    updatedAt: now,
  };
  const errors: UserErrorData[] = [];
  apply(state, d, input, errors, true, CODE_ROOT);
  if (errors.length) return { discount: null, errors };
  state.commerce.discounts.set(d.id, d);
  state.emitTopic('discounts/create', discountPayload(state, 'DiscountCodeNode', d));
  return { discount: d, errors: [] };
}

export function updateBasicDiscount(state: ShopifyState, id: number | null, input: BasicCodeInput): DiscountResult {
  return updateIn(state, state.commerce.discounts, 'DiscountCodeNode', id, (next, errors) => apply(state, next, input, errors, false, CODE_ROOT));
}

export function deleteDiscount(state: ShopifyState, id: number | null): { deletedId: number | null; errors: UserErrorData[] } {
  return deleteIn(state, state.commerce.discounts, 'DiscountCodeNode', id);
}

/** Applies an update to a copy, stores it and fires discounts/update; nothing changes when the input is refused. */
function updateIn<R extends DiscountRecord | AutomaticDiscountRecord>(
  state: ShopifyState,
  records: Map<number, R>,
  type: 'DiscountCodeNode' | 'DiscountAutomaticNode',
  id: number | null,
  applyTo: (next: R, errors: UserErrorData[]) => void,
): { discount: R | null; errors: UserErrorData[] } {
  const current = id === null ? undefined : records.get(id);
  if (!current) return { discount: null, errors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID' }] };
  const next = structuredClone(current);
  const errors: UserErrorData[] = [];
  applyTo(next, errors);
  if (errors.length) return { discount: null, errors };
  next.updatedAt = state.now();
  records.set(next.id, next);
  state.emitTopic('discounts/update', discountPayload(state, type, next));
  return { discount: next, errors: [] };
}

/** Deletes one discount of its kind and fires discounts/delete. */
function deleteIn(state: ShopifyState, records: Map<number, { id: number }>, type: 'DiscountCodeNode' | 'DiscountAutomaticNode', id: number | null): { deletedId: number | null; errors: UserErrorData[] } {
  const current = id === null ? undefined : records.get(id);
  if (!current) return { deletedId: null, errors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID' }] };
  records.delete(current.id);
  state.emitTopic('discounts/delete', deletePayload(state, type, current.id));
  return { deletedId: current.id, errors: [] };
}

/** Creates a basic automatic discount (discountAutomaticBasicCreate); fires discounts/create. */
export function createAutomaticBasicDiscount(state: ShopifyState, input: BasicAutomaticInput): AutomaticDiscountResult {
  const now = state.now();
  const errors: UserErrorData[] = [];
  const d: AutomaticDiscountRecord = {
    id: 0,
    title: '',
    startsAt: now,
    endsAt: null,
    value: { kind: 'percentage', percentage: 0 },
    items: { kind: 'all' },
    minimum: null,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    recurringCycleLimit: 0,
    usageCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  applyAutomatic(state, d, input, errors, true);
  if (errors.length) return { discount: null, errors };
  // Shares the code discounts' sequence, taken only once the input is accepted.
  d.id = state.commerce.nextId('discount');
  state.commerce.automaticDiscounts.set(d.id, d);
  state.emitTopic('discounts/create', discountPayload(state, 'DiscountAutomaticNode', d));
  return { discount: d, errors: [] };
}

/** Updates a basic automatic discount (discountAutomaticBasicUpdate); fires discounts/update. */
export function updateAutomaticBasicDiscount(state: ShopifyState, id: number | null, input: BasicAutomaticInput): AutomaticDiscountResult {
  return updateIn(state, state.commerce.automaticDiscounts, 'DiscountAutomaticNode', id, (next, errors) => applyAutomatic(state, next, input, errors, false));
}

/** Deletes an automatic discount (discountAutomaticDelete); fires discounts/delete. */
export function deleteAutomaticDiscount(state: ShopifyState, id: number | null): { deletedId: number | null; errors: UserErrorData[] } {
  return deleteIn(state, state.commerce.automaticDiscounts, 'DiscountAutomaticNode', id);
}

function applyAutomatic(state: ShopifyState, d: AutomaticDiscountRecord, input: BasicAutomaticInput, errors: UserErrorData[], creating: boolean): void {
  apply(state, d, input, errors, creating, AUTOMATIC_ROOT);
  if (typeof input.recurringCycleLimit === 'number') {
    if (input.recurringCycleLimit < 0) errors.push({ field: [AUTOMATIC_ROOT, 'recurringCycleLimit'], message: 'Recurring cycle limit must be greater than or equal to 0', code: 'GREATER_THAN_OR_EQUAL_TO' });
    else d.recurringCycleLimit = input.recurringCycleLimit;
  }
  if (!errors.length && overlappingAutomatic(state, d) >= MAX_ACTIVE_AUTOMATIC_DISCOUNTS) {
    errors.push({ field: null, message: `Only ${MAX_ACTIVE_AUTOMATIC_DISCOUNTS} automatic discounts can be active at the same time`, code: 'ACTIVE_PERIOD_OVERLAP' });
  }
}

/** The most other automatic discounts active at one instant of d's active period. */
function overlappingAutomatic(state: ShopifyState, d: AutomaticDiscountRecord): number {
  const others = [...state.commerce.automaticDiscounts.values()].filter((o) => o.id !== d.id);
  const within = (t: number): boolean => t >= d.startsAt && (d.endsAt === null || t < d.endsAt);
  const activeAt = (t: number): number => others.filter((o) => o.startsAt <= t && (o.endsAt === null || o.endsAt > t)).length;
  // Concurrency only rises where a period starts: d's own start or another's start inside d's period.
  const instants = [d.startsAt, ...others.map((o) => o.startsAt).filter(within)];
  return Math.max(0, ...instants.map(activeAt));
}

/** discounts/create|update payload (webhooks reference, 2025-01): the same shape for code and automatic discounts. */
function discountPayload(state: ShopifyState, type: GidType, d: BasicDiscountFields): Record<string, unknown> {
  const tz = state.shop.ianaTimezone;
  return { admin_graphql_api_id: gid(type, d.id), title: d.title, status: discountStatus(d, state.now()), created_at: formatInZone(d.createdAt, tz), updated_at: formatInZone(d.updatedAt, tz) };
}

/** discounts/delete payload. */
function deletePayload(state: ShopifyState, type: GidType, id: number): Record<string, unknown> {
  return { admin_graphql_api_id: gid(type, id), deleted_at: formatInZone(state.now(), state.shop.ianaTimezone) };
}

/** A plain, read-only view of an automatic discount for in-process callers (tests, demo tooling). */
export interface AutomaticDiscountSnapshot {
  /** gid://shopify/DiscountAutomaticNode/N */
  id: string;
  title: string;
  status: 'ACTIVE' | 'EXPIRED' | 'SCHEDULED';
  /** ISO 8601, whole seconds (as the API reports them). */
  startsAt: string;
  endsAt: string | null;
  /** Percentage as a fraction (0.1 = 10 %); amounts as shop-currency decimals. */
  value: { percentage: number } | { amount: string; appliesOnEachItem: boolean };
  /** 'all', or the product / variant gids as stored (deleted ones included). */
  items: 'all' | { productIds: string[]; variantIds: string[] };
  minimumRequirement: { subtotal: string } | { quantity: number } | null;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  discountClass: 'ORDER' | 'PRODUCT';
  createdAt: string;
  updatedAt: string;
}

export function automaticDiscountSnapshot(state: ShopifyState, d: AutomaticDiscountRecord): AutomaticDiscountSnapshot {
  return {
    id: gid('DiscountAutomaticNode', d.id),
    title: d.title,
    status: discountStatus(d, state.now()),
    startsAt: isoSeconds(d.startsAt),
    endsAt: d.endsAt === null ? null : isoSeconds(d.endsAt),
    value: d.value.kind === 'percentage' ? { percentage: d.value.percentage } : { amount: centsToDecimal(d.value.cents), appliesOnEachItem: d.value.appliesOnEachItem },
    items: d.items.kind === 'all' ? 'all' : { productIds: d.items.productIds.map((id) => gid('Product', id)), variantIds: d.items.variantIds.map((id) => gid('ProductVariant', id)) },
    minimumRequirement: d.minimum === null ? null : d.minimum.kind === 'subtotal' ? { subtotal: centsToDecimal(d.minimum.cents) } : { quantity: d.minimum.quantity },
    combinesWith: { ...d.combinesWith },
    discountClass: d.items.kind === 'all' ? 'ORDER' : 'PRODUCT',
    createdAt: isoSeconds(d.createdAt),
    updatedAt: isoSeconds(d.updatedAt),
  };
}
