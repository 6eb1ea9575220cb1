import { z } from 'zod';
import type { Discount } from '../../canonical/discount';
import { mapShopifyDiscount } from '../../mappings/shopify/discount-v1';
import { ShopifyPageInfo } from '../../mappings/shopify/product-v1';
import { VendorError, type DiscountSource, type Mapped, type Page } from '../types';
import { parseData, type ShopifyGraphql } from './graphql-client';

/**
 * Shopify as the owner of code discounts: pages of `codeDiscountNodes`, one
 * node by id, every product/variant list drained to its end (a discount on
 * 600 products arrives whole), each discount mapped on its own so one bad
 * record can't sink its page.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/codeDiscountNodes
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/codeDiscountNode
 */

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
/** First page of a discount's products / variants; the rest is drained by id. */
const NESTED_FIRST = 25;
const DRAIN_FIRST = 250;
/** Discounts per page: keeps the requested cost (≈ 65 per discount) under Shopify's 1,000-point cap. */
const MAX_PAGE = 10;
/**
 * Requested cost of one discount in DISCOUNT_FIELDS as Shopify computes it
 * (each connection 2 + its `first`, each object 1; measured: 2 + 65 × first for
 * a page). Handed to the rate budget so the first page waits for the bucket
 * instead of being THROTTLED on a guess.
 */
const DISCOUNT_NODE_COST = 65;
/** Requested cost of a DISCOUNTS_QUERY page of `first` discounts. */
export const discountsPageCost = (first: number): number => 2 + first * DISCOUNT_NODE_COST;
/** Requested cost of DISCOUNT_QUERY (one discount by id). */
export const DISCOUNT_QUERY_COST = DISCOUNT_NODE_COST;

const COMMON = `title startsAt endsAt updatedAt usageLimit appliesOncePerCustomer asyncUsageCount
  codes(first: 1) { nodes { code } }
  minimumRequirement { __typename
    ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } }
    ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity } }`;

/** Must match `ShopifyDiscountCodeNode` in mappings/shopify/discount-v1.ts. */
const DISCOUNT_FIELDS = `id
  codeDiscount { __typename
    ... on DiscountCodeBasic { ${COMMON}
      customerGets {
        value { __typename
          ... on DiscountPercentage { percentage }
          ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem } }
        items { __typename
          ... on DiscountProducts {
            products(first: ${NESTED_FIRST}) { nodes { id } ${PAGE_INFO} }
            productVariants(first: ${NESTED_FIRST}) { nodes { id } ${PAGE_INFO} } } } } }
    ... on DiscountCodeFreeShipping { ${COMMON} } }`;

export const DISCOUNTS_QUERY = `query SwitchyardDiscounts($first: Int!, $after: String) {
  codeDiscountNodes(first: $first, after: $after, sortKey: ID) { nodes { ${DISCOUNT_FIELDS} } ${PAGE_INFO} }
}`;

export const DISCOUNT_QUERY = `query SwitchyardDiscount($id: ID!) { codeDiscountNode(id: $id) { ${DISCOUNT_FIELDS} } }`;

const itemsQuery = (key: 'products' | 'productVariants') => `query SwitchyardDiscount_${key}($id: ID!, $after: String) {
  codeDiscountNode(id: $id) { codeDiscount { ... on DiscountCodeBasic { customerGets { items {
    ... on DiscountProducts { ${key}(first: ${DRAIN_FIRST}, after: $after) { nodes { id } ${PAGE_INFO} } } } } } } }
}`;
const ITEMS_QUERIES = { products: itemsQuery('products'), productVariants: itemsQuery('productVariants') } as const;

const IdConnection = z.object({ nodes: z.array(z.object({ id: z.string() })), pageInfo: ShopifyPageInfo });
type IdConnection = z.infer<typeof IdConnection>;
const PageResponse = z.object({ codeDiscountNodes: z.object({ nodes: z.array(z.unknown()), pageInfo: ShopifyPageInfo }) });
const NodeResponse = z.object({ codeDiscountNode: z.unknown().nullable() });
/** Just enough to find a product list that needs draining; the mapping validates the rest. */
const ProductsHead = z.object({
  id: z.string(),
  codeDiscount: z.object({ customerGets: z.object({ items: z.object({ products: IdConnection, productVariants: IdConnection }).loose() }).loose() }).loose(),
}).loose();
const DrainResponse = z.object({
  codeDiscountNode: z.object({ codeDiscount: z.object({ customerGets: z.object({ items: z.record(z.string(), IdConnection) }).optional() }) }).nullable(),
});

export function createShopifyDiscounts(connectorId: string, gql: ShopifyGraphql): DiscountSource {
  /** Completes the product / variant lists the page cut short. null: the discount vanished meanwhile. */
  async function complete(node: unknown): Promise<unknown> {
    const head = ProductsHead.safeParse(node);
    if (!head.success) return node;
    const items = { ...head.data.codeDiscount.customerGets.items };
    for (const key of ['products', 'productVariants'] as const) {
      let list = items[key];
      while (list.pageInfo.hasNextPage) {
        if (!list.pageInfo.endCursor) throw new VendorError('Shopify said hasNextPage without an endCursor', 'shopify', 502);
        // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/codeDiscountNode
        const page = parseData(DrainResponse, await gql.request(ITEMS_QUERIES[key], { id: head.data.id, after: list.pageInfo.endCursor }), `codeDiscountNode.${key}`);
        if (!page.codeDiscountNode) return null;
        const next = page.codeDiscountNode.codeDiscount.customerGets?.items[key];
        // Its scope changed between the two reads: read it again from the start (a retry), never half of each.
        if (!next) throw new VendorError(`discount ${head.data.id} changed while it was being read`, 'shopify', 503);
        list = { nodes: [...list.nodes, ...next.nodes], pageInfo: next.pageInfo };
      }
      items[key] = list;
    }
    const d = head.data.codeDiscount;
    return { ...head.data, codeDiscount: { ...d, customerGets: { ...d.customerGets, items } } };
  }

  async function mapOne(node: unknown): Promise<Mapped<Discount> | null> {
    const whole = await complete(node);
    return whole === null ? null : mapShopifyDiscount(whole, { connector: connectorId });
  }

  return {
    discountType: 'DiscountCodeNode',
    // Automatic discounts (what the Shopify discount sink writes) are never read as code discounts.
    writtenTypes: [],

    async listDiscounts({ cursor, pageSize }): Promise<Page<Mapped<Discount>>> {
      const first = Math.max(1, Math.min(MAX_PAGE, pageSize));
      const data = parseData(PageResponse, await gql.request(DISCOUNTS_QUERY, { first, after: cursor }, { cost: discountsPageCost(first), lane: 'bulk' }), 'codeDiscountNodes');
      const items: Mapped<Discount>[] = [];
      for (const node of data.codeDiscountNodes.nodes) {
        const mapped = await mapOne(node);
        if (mapped) items.push(mapped); // deleted mid-read: its delete webhook handles it
      }
      const { hasNextPage, endCursor } = data.codeDiscountNodes.pageInfo;
      if (hasNextPage && !endCursor) throw new VendorError('Shopify said hasNextPage without an endCursor', 'shopify', 502);
      return { items, nextCursor: hasNextPage ? endCursor : null };
    },

    async getDiscount(externalId) {
      // discounts/* webhooks also name automatic discounts (ours among them): not a code discount, nothing to read.
      if (!externalId.startsWith('gid://shopify/DiscountCodeNode/')) return null;
      const data = parseData(NodeResponse, await gql.request(DISCOUNT_QUERY, { id: externalId }, { cost: DISCOUNT_QUERY_COST }), 'codeDiscountNode');
      return data.codeDiscountNode === null ? null : mapOne(data.codeDiscountNode);
    },
  };
}
