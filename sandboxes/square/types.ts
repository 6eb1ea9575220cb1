/**
 * The slice of Square's Connect v2 object model the sandbox reasons about.
 * Shapes follow the published spec (components.schemas.CatalogObject & co);
 * every object keeps unknown fields (`[key: string]: unknown`) because the
 * Catalog API stores and returns whatever valid fields a client sends.
 * https://developer.squareup.com/reference/square/objects/CatalogObject
 */

export interface Money {
  amount?: number | null;
  currency?: string | null;
}

export interface CatalogObject {
  type: string;
  id: string;
  updated_at?: string;
  version?: number;
  is_deleted?: boolean;
  present_at_all_locations?: boolean;
  present_at_location_ids?: string[];
  absent_at_location_ids?: string[];
  item_data?: ItemData;
  item_variation_data?: ItemVariationData;
  item_option_data?: ItemOptionData;
  item_option_value_data?: ItemOptionValueData;
  [key: string]: unknown;
}

export interface ItemData {
  name?: string | null;
  description?: string | null;
  description_html?: string | null;
  description_plaintext?: string;
  abbreviation?: string | null;
  product_type?: string | null;
  variations?: CatalogObject[] | null;
  item_options?: { item_option_id?: string | null }[] | null;
  image_ids?: string[] | null;
  category_id?: string | null;
  categories?: { id?: string; ordinal?: number | null }[] | null;
  reporting_category?: { id?: string } | null;
  tax_ids?: string[] | null;
  modifier_list_info?: { modifier_list_id?: string }[] | null;
  [key: string]: unknown;
}

export interface LocationOverride {
  location_id?: string | null;
  price_money?: Money | null;
  [key: string]: unknown;
}

export interface ItemVariationData {
  item_id?: string | null;
  name?: string | null;
  sku?: string | null;
  upc?: string | null;
  ordinal?: number;
  pricing_type?: string | null;
  price_money?: Money | null;
  location_overrides?: LocationOverride[] | null;
  item_option_values?: { item_option_id?: string | null; item_option_value_id?: string | null }[] | null;
  image_ids?: string[] | null;
  [key: string]: unknown;
}

export interface ItemOptionData {
  name?: string | null;
  display_name?: string | null;
  values?: CatalogObject[] | null;
  [key: string]: unknown;
}

export interface ItemOptionValueData {
  item_option_id?: string | null;
  name?: string | null;
  ordinal?: number | null;
  [key: string]: unknown;
}

export interface IdMapping {
  client_object_id: string;
  object_id: string;
}

/** https://developer.squareup.com/reference/square/objects/Error */
export interface SquareErrorBody {
  category: 'API_ERROR' | 'AUTHENTICATION_ERROR' | 'INVALID_REQUEST_ERROR' | 'RATE_LIMIT_ERROR' | 'PAYMENT_METHOD_ERROR' | 'REFUND_ERROR';
  code: string;
  detail?: string;
  field?: string;
}

/** https://developer.squareup.com/reference/square/objects/Location (fields the sandbox fills). */
export interface Location {
  id: string;
  name: string;
  address: { address_line_1: string; locality: string; country: string };
  timezone: string;
  capabilities: string[];
  status: 'ACTIVE' | 'INACTIVE';
  created_at: string;
  merchant_id: string;
  country: string;
  language_code: string;
  currency: string;
  business_name: string;
  type: 'PHYSICAL' | 'MOBILE';
  mcc: string;
}

/** https://developer.squareup.com/reference/square/objects/WebhookSubscription */
export interface WebhookSubscription {
  id: string;
  name?: string | null;
  enabled: boolean;
  event_types: string[];
  notification_url: string;
  api_version: string;
  signature_key: string;
  created_at: string;
  updated_at: string;
}

/** `<type>_data` field of each CatalogObjectType (spec: CatalogObject properties). */
export const DATA_FIELD: Readonly<Record<string, string>> = {
  ITEM: 'item_data',
  IMAGE: 'image_data',
  CATEGORY: 'category_data',
  ITEM_VARIATION: 'item_variation_data',
  TAX: 'tax_data',
  DISCOUNT: 'discount_data',
  MODIFIER_LIST: 'modifier_list_data',
  MODIFIER: 'modifier_data',
  PRICING_RULE: 'pricing_rule_data',
  PRODUCT_SET: 'product_set_data',
  TIME_PERIOD: 'time_period_data',
  MEASUREMENT_UNIT: 'measurement_unit_data',
  SUBSCRIPTION_PLAN_VARIATION: 'subscription_plan_variation_data',
  ITEM_OPTION: 'item_option_data',
  ITEM_OPTION_VAL: 'item_option_value_data',
  CUSTOM_ATTRIBUTE_DEFINITION: 'custom_attribute_definition_data',
  QUICK_AMOUNTS_SETTINGS: 'quick_amounts_settings_data',
  SUBSCRIPTION_PLAN: 'subscription_plan_data',
  AVAILABILITY_PERIOD: 'availability_period_data',
};

/**
 * Types ListCatalog / SearchCatalogObjects return when `types` / `object_types`
 * is omitted ("all the top level types"; nested ones such as ITEM_VARIATION,
 * ITEM_OPTION_VAL, IMAGE, MODIFIER must be asked for explicitly).
 * https://developer.squareup.com/reference/square/catalog-api/list-catalog
 */
export const DEFAULT_TOP_LEVEL_TYPES: readonly string[] = [
  'ITEM', 'CATEGORY', 'TAX', 'DISCOUNT', 'MODIFIER_LIST', 'PRICING_RULE', 'PRODUCT_SET', 'TIME_PERIOD',
  'MEASUREMENT_UNIT', 'SUBSCRIPTION_PLAN', 'ITEM_OPTION', 'CUSTOM_ATTRIBUTE_DEFINITION', 'QUICK_AMOUNTS_SETTINGS',
];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
