import { FIRST_PRICE_LISTS_FIELD } from './price-lists';

/**
 * The Admin GraphQL 2025-01 documents the Shopify connector sends, and the
 * arithmetic that keeps them under Shopify's cost limits. The product
 * selection must match `ShopifyProductNode` in mappings/shopify/product-v1.ts.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/products
 */

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
const VARIANT_FIELDS = 'id title sku barcode price compareAtPrice position selectedOptions { name value }';
const MEDIA_FIELDS = '... on MediaImage { id alt image { url altText } }';

/** Product fields; nested connection sizes come from $variantsFirst / $mediaFirst. */
const PRODUCT_FIELDS = `
  id title handle descriptionHtml vendor productType status tags updatedAt
  options { name position optionValues { name } }
  variants(first: $variantsFirst) { nodes { ${VARIANT_FIELDS} } ${PAGE_INFO} }
  media(first: $mediaFirst) { nodes { ${MEDIA_FIELDS} } ${PAGE_INFO} }
  seo { title description }`;

export const PRODUCTS_QUERY = `query SwitchyardProducts($first: Int!, $after: String, $variantsFirst: Int!, $mediaFirst: Int!) {
  products(first: $first, after: $after, sortKey: ID) { nodes { ${PRODUCT_FIELDS} } ${PAGE_INFO} }
}`;

export const PRODUCT_QUERY = `query SwitchyardProduct($id: ID!, $variantsFirst: Int!, $mediaFirst: Int!) {
  product(id: $id) { ${PRODUCT_FIELDS} }
}`;

/** PRODUCT_QUERY plus the first page of the shop's price lists: re-reading a product is one request. */
export const PRODUCT_AND_PRICE_LISTS_QUERY = `query SwitchyardProductAndPriceLists($id: ID!, $variantsFirst: Int!, $mediaFirst: Int!) {
  product(id: $id) { ${PRODUCT_FIELDS} }
  ${FIRST_PRICE_LISTS_FIELD}
}`;

/** The rest of a product's variants, when the first page said hasNextPage. */
export const PRODUCT_VARIANTS_QUERY = `query SwitchyardProductVariants($id: ID!, $after: String) {
  product(id: $id) { variants(first: 100, after: $after) { nodes { ${VARIANT_FIELDS} } ${PAGE_INFO} } }
}`;

/** The rest of a product's media. */
export const PRODUCT_MEDIA_QUERY = `query SwitchyardProductMedia($id: ID!, $after: String) {
  product(id: $id) { media(first: 50, after: $after) { nodes { ${MEDIA_FIELDS} } ${PAGE_INFO} } }
}`;

export const SHOP_CURRENCY_QUERY = 'query SwitchyardShopCurrency { shop { currencyCode } }';

/** `limit: null` asks for the exact count (the default stops counting at 10,000). */
export const PRODUCTS_COUNT_QUERY = 'query SwitchyardProductsCount { productsCount(limit: null) { count } }';

export const WEBHOOK_SUBSCRIPTIONS_QUERY = `query SwitchyardWebhookSubscriptions($after: String) {
  webhookSubscriptions(first: 100, after: $after) {
    nodes { id topic endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } }
    ${PAGE_INFO}
  }
}`;

export const WEBHOOK_SUBSCRIPTION_CREATE = `mutation SwitchyardWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic }
    userErrors { field message }
  }
}`;

/** A value in Shopify's search syntax (`query:` arguments): in double quotes, its quotes and backslashes escaped. */
export function searchQuoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Nested page sizes used when re-reading one product (getProduct). */
export const SINGLE_PRODUCT_SIZES = { variantsFirst: 100, mediaFirst: 10 } as const;

export interface ProductPagePlan {
  first: number;
  variantsFirst: number;
  mediaFirst: number;
}

const MEDIA_FIRST = 10;
const MIN_VARIANTS_FIRST = 10;
const MAX_VARIANTS_FIRST = 100;

/**
 * Requested cost of PRODUCTS_QUERY by Shopify's rules (objects 1, scalars 0,
 * connections 2 + first × node cost): per product 4 objects (product, seo,
 * options, optionValues) + variants (2 + 2 per variant: the variant and its
 * selectedOptions) + media (2 + 2 per image: MediaImage and its image).
 *
 * https://shopify.dev/docs/api/usage/rate-limits#cost-calculation
 */
export function productsQueryCost(plan: ProductPagePlan): number {
  return 2 + plan.first * perProductCost(plan.variantsFirst, plan.mediaFirst);
}

function perProductCost(variantsFirst: number, mediaFirst: number): number {
  return 4 + (2 + 2 * variantsFirst) + (2 + 2 * mediaFirst);
}

/** The largest nested lists among recently read products (see NestedShape). */
export interface ObservedShape {
  variants: number;
  media: number;
}

/**
 * Sizes a products page so its requested cost stays under `maxCost` (a single
 * query may never request more than 1,000 points). Nested variant pages shrink
 * first (the rest of a long variant list is fetched separately, never
 * dropped); then, if still too costly, fewer products per page.
 *
 * With `shape` (what this shop's products actually hold), the nested lists are
 * sized to it rather than to fixed minimums: Shopify prices a connection by
 * what it *may* return, so asking for 10 variants of products that have 3
 * spends the query's 1,000 points on nothing and leaves room for fewer
 * products per page.
 */
export function planProductPage(pageSize: number, maxCost: number, shape?: ObservedShape | null): ProductPagePlan {
  const wanted = Math.max(1, Math.floor(pageSize));
  const mediaFirst = shape ? clamp(shape.media, 1, MEDIA_FIRST) : MEDIA_FIRST;
  const minVariants = shape ? clamp(shape.variants, 1, MAX_VARIANTS_FIRST) : MIN_VARIANTS_FIRST;
  const perProductBudget = (maxCost - 2) / wanted;
  const fitted = Math.floor((perProductBudget - 8 - 2 * mediaFirst) / 2);
  const variantsFirst = Math.min(MAX_VARIANTS_FIRST, Math.max(minVariants, fitted));
  const fits = Math.floor((maxCost - 2) / perProductCost(variantsFirst, mediaFirst));
  return { first: Math.max(1, Math.min(wanted, fits)), variantsFirst, mediaFirst };
}

/**
 * The cursor handed to callers carries the plan of the page it starts:
 * `{Shopify endCursor};plan={first}.{variantsFirst}.{mediaFirst}`. A page is
 * then a function of its cursor alone, not of what the reading process
 * happened to see before (NestedShape), so an activity retried after a crash
 * — on a fresh worker, or resuming from its last heartbeat — reads exactly the
 * pages the crashed attempt read, and the Square write of each page (keyed by
 * its products) replays instead of creating them again.
 */
const PLAN_MARK = ';plan=';

export function pageCursor(endCursor: string, next: ProductPagePlan): string {
  return `${endCursor}${PLAN_MARK}${next.first}.${next.variantsFirst}.${next.mediaFirst}`;
}

/** Shopify's cursor and the carried plan (null for a cursor from before plans were carried). */
export function readPageCursor(cursor: string | null): { after: string | null; plan: ProductPagePlan | null } {
  const at = cursor?.lastIndexOf(PLAN_MARK) ?? -1;
  if (cursor === null || at < 0) return { after: cursor, plan: null };
  const [first, variantsFirst, mediaFirst] = cursor.slice(at + PLAN_MARK.length).split('.').map(Number);
  const plan = { first: first ?? NaN, variantsFirst: variantsFirst ?? NaN, mediaFirst: mediaFirst ?? NaN };
  const valid = Object.values(plan).every((n) => Number.isInteger(n) && n > 0);
  return { after: cursor.slice(0, at), plan: valid ? plan : null };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.ceil(n)));
}

/**
 * The largest variant and media counts among the last `window` products read
 * (whole lists, after any follow-up pages). A product bigger than the current
 * size still arrives whole and raises the size for the pages after it; one
 * that was an outlier stops counting once it leaves the window.
 */
export class NestedShape {
  private readonly variants: Uint16Array;
  private readonly media: Uint16Array;
  private seen = 0;

  constructor(private readonly window = 500) {
    this.variants = new Uint16Array(window);
    this.media = new Uint16Array(window);
  }

  observe(variants: number, media: number): void {
    const i = this.seen++ % this.window;
    this.variants[i] = Math.min(65_535, variants);
    this.media[i] = Math.min(65_535, media);
  }

  /** null until a product has been seen. */
  current(): ObservedShape | null {
    if (!this.seen) return null;
    const n = Math.min(this.seen, this.window);
    let variants = 0;
    let media = 0;
    for (let i = 0; i < n; i++) {
      variants = Math.max(variants, this.variants[i]!);
      media = Math.max(media, this.media[i]!);
    }
    return { variants, media };
  }
}
