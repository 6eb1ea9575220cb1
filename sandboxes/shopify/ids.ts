import { GraphQLError } from 'graphql';

/**
 * Global ids. Shopify identifies every object as gid://shopify/<Type>/<number>
 * and exposes the number as legacyResourceId (and as `id` in REST payloads).
 * https://shopify.dev/docs/api/usage/gids
 */

export type GidType =
  | 'Product'
  | 'ProductVariant'
  | 'ProductOption'
  | 'ProductOptionValue'
  | 'InventoryItem'
  | 'MediaImage'
  | 'ProductImage'
  | 'Shop'
  | 'WebhookSubscription'
  | 'ProductSetOperation'
  | 'Location'
  | 'InventoryLevel'
  | 'InventoryQuantity'
  | 'InventoryAdjustmentGroup'
  | 'Customer'
  | 'MailingAddress'
  | 'Order'
  | 'LineItem'
  | 'Fulfillment'
  | 'FulfillmentLineItem'
  | 'FulfillmentOrder'
  | 'FulfillmentOrderLineItem'
  | 'FulfillmentHold'
  | 'Refund'
  | 'RefundLineItem'
  | 'OrderTransaction'
  | 'Return'
  | 'ReturnLineItem'
  | 'DiscountCodeNode'
  | 'DiscountAutomaticNode'
  | 'DiscountRedeemCode'
  | 'PriceList'
  | 'MarketCatalog'
  | 'Collection';

export function gid(type: GidType, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  id: number;
}

const GID = /^gid:\/\/shopify\/([A-Za-z0-9]+)\/(\d+)(?:\?.*)?$/;

export function parseGid(value: string): ParsedGid | null {
  const m = GID.exec(value);
  if (!m) return null;
  const id = Number(m[2]);
  return Number.isSafeInteger(id) ? { type: m[1]!, id } : null;
}

/**
 * Shopify rejects a malformed global id as an argument coercion error:
 * {"message":"Invalid global id 'abc'","extensions":{"code":"argumentLiteralsIncompatible","typeName":"CoercionError"}}
 */
export function invalidGid(value: string): GraphQLError {
  return new GraphQLError(`Invalid global id '${value}'`, {
    extensions: { code: 'argumentLiteralsIncompatible', typeName: 'CoercionError' },
  });
}

/** Numeric id of a gid of the expected type; null for a well-formed gid of another type; throws when malformed. */
export function expectGid(value: unknown, type: GidType): number | null {
  if (typeof value !== 'string') throw invalidGid(String(value));
  const parsed = parseGid(value);
  if (!parsed) throw invalidGid(value);
  return parsed.type === type ? parsed.id : null;
}

/**
 * Numeric id spaces. Seeded rows derive their ids from their index (so a
 * million products need no id tables); later rows count up from above the
 * seeded range. Magnitudes mimic real shops (13–14 digits) and stay far below
 * Number.MAX_SAFE_INTEGER.
 */
export const ID_BASE = {
  product: 8_000_000_000_000,
  option: 10_000_000_000_000,
  optionValue: 3_000_000_000_000,
  variant: 44_000_000_000_000,
  inventoryItem: 46_000_000_000_000,
  media: 30_000_000_000_000,
  webhook: 1_400_000_000_000,
  operation: 2_000_000_000,
  location: 70_000_000_000,
  adjustmentGroup: 80_000_000_000,
  customer: 7_000_000_000_000,
  address: 9_000_000_000_000,
  order: 5_000_000_000_000,
  lineItem: 14_000_000_000_000,
  fulfillment: 5_500_000_000_000,
  fulfillmentLine: 12_000_000_000_000,
  fulfillmentOrder: 6_000_000_000_000,
  foLine: 13_000_000_000_000,
  fulfillmentHold: 300_000_000_000,
  transaction: 6_500_000_000_000,
  refund: 900_000_000_000,
  refundLine: 500_000_000_000,
  returnRecord: 600_000_000_000,
  returnLine: 700_000_000_000,
  discount: 1_100_000_000_000,
  redeemCode: 1_200_000_000_000,
  priceList: 31_000_000_000,
  catalog: 32_000_000_000,
} as const;

/** Slots reserved per seeded product in each child id space. */
export const ID_STRIDE = { option: 4, optionValue: 16, variant: 8, inventoryItem: 8, media: 4, address: 2, lineItem: 4, transaction: 2 } as const;
