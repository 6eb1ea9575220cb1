import { decimalToCents, type DiscountRecord } from './commerce-records';
import { gid, parseGid } from './ids';
import type { UserErrorData } from './ops-common';
import { formatInZone } from './shop-time';
import type { ShopifyState } from './state';

/**
 * Basic (amount-off) code discounts: create, update, delete, and their
 * discounts/* webhooks. Percentages are fractions (0.1 = 10 %), as in the API.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountCodeBasicCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountCodeBasicUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountCodeDelete
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

const F = ['basicCodeDiscount'];

export function discountStatus(d: DiscountRecord, now: number): 'ACTIVE' | 'EXPIRED' | 'SCHEDULED' {
  if (d.startsAt > now) return 'SCHEDULED';
  if (d.endsAt !== null && d.endsAt <= now) return 'EXPIRED';
  return 'ACTIVE';
}

function time(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000) * 1000;
}

function apply(state: ShopifyState, d: DiscountRecord, input: BasicCodeInput, errors: UserErrorData[], creating: boolean): void {
  if ('title' in input || creating) {
    const title = (input.title ?? '').trim();
    if (!title) errors.push({ field: [...F, 'title'], message: "Title can't be blank", code: 'BLANK' });
    else d.title = title;
  }
  if ('code' in input || creating) {
    const code = (input.code ?? '').trim();
    const other = code ? state.commerce.discountByCode(code) : undefined;
    if (!code) errors.push({ field: [...F, 'code'], message: "Code can't be blank", code: 'BLANK' });
    else if (other && other.id !== d.id) errors.push({ field: [...F, 'code'], message: 'Code must be unique. Please try a different code.', code: 'TAKEN' });
    else d.code = code;
  }
  if (input.startsAt) d.startsAt = time(input.startsAt) ?? d.startsAt;
  if ('endsAt' in input) d.endsAt = time(input.endsAt);
  if (d.endsAt !== null && d.endsAt <= d.startsAt) errors.push({ field: [...F, 'endsAt'], message: 'Ends at needs to be after starts_at', code: 'INVALID' });
  if ('usageLimit' in input) {
    if (typeof input.usageLimit === 'number' && input.usageLimit < 1) errors.push({ field: [...F, 'usageLimit'], message: 'Usage limit must be greater than 0', code: 'GREATER_THAN' });
    else d.usageLimit = input.usageLimit ?? null;
  }
  if (typeof input.appliesOncePerCustomer === 'boolean') d.appliesOncePerCustomer = input.appliesOncePerCustomer;
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
  if (items) applyItems(state, d, items, errors);
  if (input.minimumRequirement !== undefined) applyMinimum(d, input.minimumRequirement, errors);
}

const ITEMS = [...F, 'customerGets', 'items'];

function applyItems(state: ShopifyState, d: DiscountRecord, items: DiscountItemsInput, errors: UserErrorData[]): void {
  if (items.collections) {
    errors.push({ field: [...ITEMS, 'collections'], message: 'Collections are not modelled by the sandbox', code: 'INVALID' });
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
      if (!live) errors.push({ field: [...ITEMS, 'products', key, String(i)], message: `${type === 'Product' ? 'Product' : 'Product variant'} does not exist`, code: 'INVALID' });
      return live ? [parsed.id] : [];
    });
  for (const id of ids(p.productsToAdd, 'Product', 'productsToAdd')) products.add(id);
  for (const id of ids(p.productsToRemove, 'Product', 'productsToRemove')) products.delete(id);
  for (const id of ids(p.productVariantsToAdd, 'ProductVariant', 'productVariantsToAdd')) variants.add(id);
  for (const id of ids(p.productVariantsToRemove, 'ProductVariant', 'productVariantsToRemove')) variants.delete(id);
  if (!products.size && !variants.size) errors.push({ field: [...ITEMS, 'products'], message: 'Items must include at least one product or variant', code: 'BLANK' });
  d.items = { kind: 'products', productIds: [...products], variantIds: [...variants] };
}

function applyMinimum(d: DiscountRecord, input: BasicCodeInput['minimumRequirement'], errors: UserErrorData[]): void {
  const subtotal = input?.subtotal?.greaterThanOrEqualToSubtotal;
  const quantity = input?.quantity?.greaterThanOrEqualToQuantity;
  const field = [...F, 'minimumRequirement'];
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
  apply(state, d, input, errors, true);
  if (errors.length) return { discount: null, errors };
  state.commerce.discounts.set(d.id, d);
  state.emitTopic('discounts/create', discountPayload(state, d));
  return { discount: d, errors: [] };
}

export function updateBasicDiscount(state: ShopifyState, id: number | null, input: BasicCodeInput): DiscountResult {
  const current = id === null ? undefined : state.commerce.discounts.get(id);
  if (!current) return { discount: null, errors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID' }] };
  const next: DiscountRecord = structuredClone(current);
  const errors: UserErrorData[] = [];
  apply(state, next, input, errors, false);
  if (errors.length) return { discount: null, errors };
  next.updatedAt = state.now();
  state.commerce.discounts.set(next.id, next);
  state.emitTopic('discounts/update', discountPayload(state, next));
  return { discount: next, errors: [] };
}

export function deleteDiscount(state: ShopifyState, id: number | null): { deletedId: number | null; errors: UserErrorData[] } {
  const current = id === null ? undefined : state.commerce.discounts.get(id);
  if (!current) return { deletedId: null, errors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID' }] };
  state.commerce.discounts.delete(current.id);
  state.emitTopic('discounts/delete', { admin_graphql_api_id: gid('DiscountCodeNode', current.id), deleted_at: formatInZone(state.now(), state.shop.ianaTimezone) });
  return { deletedId: current.id, errors: [] };
}

/** discounts/create|update payload (webhooks reference, 2025-01). */
function discountPayload(state: ShopifyState, d: DiscountRecord): Record<string, unknown> {
  const tz = state.shop.ianaTimezone;
  return { admin_graphql_api_id: gid('DiscountCodeNode', d.id), title: d.title, status: discountStatus(d, state.now()), created_at: formatInZone(d.createdAt, tz), updated_at: formatInZone(d.updatedAt, tz) };
}
