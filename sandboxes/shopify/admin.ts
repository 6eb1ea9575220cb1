import { getCustomer, getOrder, placeOrder, privacy, type PlaceOrderInput } from './admin-commerce';
import { automaticDiscountSnapshot, type AutomaticDiscountSnapshot } from './discount-ops';
import { gid, parseGid } from './ids';
import type { OpResult, ProductFieldsInput, UserErrorData } from './ops-common';
import { commitUpdate, createProduct, deleteProduct, updateProduct } from './product-ops';
import { createMarketCatalog } from './price-list-ops';
import { setProduct } from './product-set-ops';
import { cloneProduct } from './records';
import { toRestProduct, type RestProduct } from './rest-payload';
import type { ShopifyState } from './state';
import { applyVariantFields, type VariantCodes, type VariantInput } from './variant-input';

/**
 * The merchant in the Shopify admin: edits that do not come from our app but
 * still change the shop and fire the same products/* webhooks the API would.
 * Products are returned in the REST resource shape (what webhooks carry).
 */

export interface AdminProductInput extends ProductFieldsInput {
  title: string;
  /** e.g. [{ name: 'Size', values: ['S', 'M'] }]; omitted = the single default variant. */
  options?: { name: string; values: string[] }[];
  /** One per option combination to sell; `options` are the values in option order. */
  variants?: { options: string[]; price?: string; compareAtPrice?: string | null; sku?: string | null; barcode?: string | null; inventoryQuantity?: number }[];
}

export type AdminProductPatch = ProductFieldsInput;

export interface AdminVariantPatch {
  price?: string;
  compareAtPrice?: string | null;
  sku?: string | null;
  barcode?: string | null;
  inventoryQuantity?: number;
}

export class ShopifyAdminError extends Error {
  constructor(readonly userErrors: UserErrorData[]) {
    super(userErrors.map((e) => `${e.field?.join('.') ?? ''}: ${e.message}`).join('; '));
  }
}

const ADMIN_CODES: VariantCodes = { unknownOption: 'INVALID', unknownValue: 'INVALID', missingValues: 'INVALID', invalid: 'INVALID', negativePrice: 'INVALID' };

export class ShopifyAdmin {
  constructor(private readonly state: ShopifyState) {}

  getProduct(productGid: string): RestProduct | null {
    const p = this.state.products.get(idOf(productGid, 'Product'));
    return p ? toRestProduct(p, this.state.shop.ianaTimezone) : null;
  }

  /** Adds a product as the merchant would (published to the Online Store when ACTIVE); fires products/create. */
  createProduct(input: AdminProductInput): RestProduct {
    const { options, variants, ...fields } = input;
    const result = options?.length
      ? setProduct(
          this.state,
          {
            ...fields,
            productOptions: options.map((o) => ({ name: o.name, values: o.values.map((name) => ({ name })) })),
            variants: (variants ?? defaultCombos(options)).map((v): VariantInput => ({
              optionValues: v.options.map((name, i) => ({ optionName: options[i]?.name ?? '', name })),
              price: v.price ?? '0.00',
              ...('compareAtPrice' in v ? { compareAtPrice: v.compareAtPrice } : {}),
              ...('sku' in v ? { sku: v.sku } : {}),
              ...('barcode' in v ? { barcode: v.barcode } : {}),
              inventoryQuantities: v.inventoryQuantity ? [{ quantity: v.inventoryQuantity }] : [],
            })),
          },
          { publish: true },
        )
      : createProduct(this.state, fields, [], { publish: true });
    return this.rest(result);
  }

  /** Edits product fields; fires products/update. */
  updateProduct(productGid: string, patch: AdminProductPatch): RestProduct {
    return this.rest(updateProduct(this.state, idOf(productGid, 'Product'), patch, [], { publish: true }));
  }

  /** Edits one variant (inventory included, as the admin allows); fires products/update. */
  updateVariant(variantGid: string, patch: AdminVariantPatch): RestProduct {
    const variantId = idOf(variantGid, 'ProductVariant');
    const productId = this.state.products.productOfVariant(variantId);
    const current = productId === null ? undefined : this.state.products.get(productId);
    if (!current) throw new ShopifyAdminError([{ field: ['id'], message: 'Product variant does not exist' }]);
    const next = cloneProduct(current);
    const variant = next.variants.find((v) => v.id === variantId)!;
    const errors: UserErrorData[] = [];
    applyVariantFields(variant, patch, errors, [], ADMIN_CODES);
    if (errors.length) throw new ShopifyAdminError(errors);
    const now = this.state.now();
    if (typeof patch.inventoryQuantity === 'number') {
      variant.inventoryQuantity = patch.inventoryQuantity;
      this.state.commerce.inventory.absorbVariantTotal(variant.inventoryItemId, patch.inventoryQuantity, now);
    }
    variant.updatedAt = now;
    return this.rest(commitUpdate(this.state, next, now));
  }

  /** Deletes a product; fires products/delete. */
  deleteProduct(productGid: string): void {
    const r = deleteProduct(this.state, idOf(productGid, 'Product'));
    if (r.errors.length) throw new ShopifyAdminError(r.errors);
  }

  /**
   * A buyer checks out (online) or a clerk rings up a sale (POS, at a store
   * location): claims stock, takes payment, fires orders/create + orders/paid
   * (+ fulfillments/create for POS). Returns the REST order.
   */
  placeOrder(input: PlaceOrderInput): Record<string, unknown> {
    const r = placeOrder(this.state, input);
    if (!r.order) throw new ShopifyAdminError(r.errors);
    return r.order;
  }

  getOrder(orderGid: string): Record<string, unknown> | null {
    return getOrder(this.state, orderGid);
  }

  getCustomer(customerGid: string): Record<string, unknown> | null {
    return getCustomer(this.state, customerGid);
  }

  /** One automatic discount as the shop holds it (by gid://shopify/DiscountAutomaticNode/N or N); null when absent. */
  getAutomaticDiscount(discountGid: string): AutomaticDiscountSnapshot | null {
    const parsed = parseGid(discountGid);
    const id = /^\d+$/.test(discountGid) ? Number(discountGid) : parsed?.type === 'DiscountAutomaticNode' ? parsed.id : null;
    const d = id === null ? undefined : this.state.commerce.automaticDiscounts.get(id);
    return d ? automaticDiscountSnapshot(this.state, d) : null;
  }

  /** Every automatic discount, in id order (Discounts page, automatic ones only). */
  listAutomaticDiscounts(): AutomaticDiscountSnapshot[] {
    return [...this.state.commerce.automaticDiscounts.values()].sort((a, b) => a.id - b.id).map((d) => automaticDiscountSnapshot(this.state, d));
  }

  /**
   * Sets up a market (Settings → Markets) and returns its catalog's gid
   * (gid://shopify/MarketCatalog/…), to pass as `catalogId` to priceListCreate.
   */
  createMarketCatalog(title: string): string {
    return gid('MarketCatalog', createMarketCatalog(this.state, title).id);
  }

  /** Sends customers/data_request to the app's compliance URL; returns the payload. */
  requestCustomerData(customerGid: string): Record<string, unknown> {
    return privacy.dataRequest(this.state, customerGid);
  }

  /** Sends customers/redact to the app's compliance URL; returns the payload. */
  redactCustomer(customerGid: string): Record<string, unknown> {
    return privacy.redactCustomer(this.state, customerGid);
  }

  /** Sends shop/redact to the app's compliance URL; returns the payload. */
  redactShop(): Record<string, unknown> {
    return privacy.redactShop(this.state);
  }

  private rest(result: OpResult): RestProduct {
    if (result.errors.length || !result.product) throw new ShopifyAdminError(result.errors);
    return toRestProduct(result.product, this.state.shop.ianaTimezone);
  }
}

/** Accepts a gid or the bare numeric id (REST style). */
export function idOf(value: string | number, type: 'Product' | 'ProductVariant'): number {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = parseGid(value);
  if (!parsed || parsed.type !== type) throw new ShopifyAdminError([{ field: ['id'], message: `Expected a ${type} id (gid://shopify/${type}/123 or 123), got '${value}'` }]);
  return parsed.id;
}

function defaultCombos(options: { name: string; values: string[] }[]): NonNullable<AdminProductInput['variants']> {
  return options.reduce<string[][]>((acc, o) => acc.flatMap((prefix) => o.values.map((v) => [...prefix, v])), [[]]).map((combo) => ({ options: combo }));
}

