import { z } from 'zod';
import { toShopifyAutomaticDiscount } from '../../mappings/shopify/discount-write-v1';
import { ShopifyPageInfo } from '../../mappings/shopify/product-v1';
import type { IdMapping } from '../../store/types';
import type { DiscountSink, DiscountUpsertOutcome } from '../types';
import { assertNoUserErrors, describeUserErrors } from './errors';
import { parseData, type GraphqlVariables, type ShopifyGraphql } from './graphql-client';

/**
 * Shopify as a receiver of discounts owned elsewhere (a POS's pricing
 * rules): each becomes one automatic basic discount, created, updated in
 * place (its product list changed by difference against what Shopify holds
 * now) or deleted. A discount deleted in the Shopify admin is created again
 * on the next write.
 *
 * Shopify's discount mutations take no idempotency key (2025-01): a create
 * whose answer is lost and retried can leave a second copy; the id map keeps
 * the one it recorded.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountAutomaticBasicCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountAutomaticBasicUpdate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/discountAutomaticDelete
 */

export const AUTOMATIC_TYPE = 'DiscountAutomaticNode';
const ITEMS_FIRST = 100;
const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

const CREATE = `mutation SwitchyardAutomaticCreate($d: DiscountAutomaticBasicInput!) {
  discountAutomaticBasicCreate(automaticBasicDiscount: $d) { automaticDiscountNode { id } userErrors { field message code } }
}`;
const UPDATE = `mutation SwitchyardAutomaticUpdate($id: ID!, $d: DiscountAutomaticBasicInput!) {
  discountAutomaticBasicUpdate(id: $id, automaticBasicDiscount: $d) { automaticDiscountNode { id } userErrors { field message code } }
}`;
const DELETE = `mutation SwitchyardAutomaticDelete($id: ID!) {
  discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId userErrors { field message code } }
}`;
/** The products / variants lists still wanted (a list that ended is not asked again, nor its variable declared). */
const itemsQuery = (products: boolean, variants: boolean) => `query SwitchyardAutomaticItems($id: ID!${products ? ', $pAfter: String' : ''}${variants ? ', $vAfter: String' : ''}) {
  automaticDiscountNode(id: $id) { automaticDiscount { __typename ... on DiscountAutomaticBasic { customerGets { items { __typename
    ... on DiscountProducts {
      ${products ? `products(first: ${ITEMS_FIRST}, after: $pAfter) { nodes { id } ${PAGE_INFO} }` : ''}
      ${variants ? `productVariants(first: ${ITEMS_FIRST}, after: $vAfter) { nodes { id } ${PAGE_INFO} }` : ''}
    } } } } } }
}`;

/** `nodes(ids:)` takes at most 250 ids. */
const NODES_MAX = 250;
const NODES = 'query SwitchyardAutomaticPresent($ids: [ID!]!) { nodes(ids: $ids) { ... on DiscountAutomaticNode { id } } }';
const NodesResponse = z.object({ nodes: z.array(z.object({ id: z.string().optional() }).nullable()) });
const UserErrors = z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string(), code: z.string().nullable().optional() }));
const Upserted = z.object({ automaticDiscountNode: z.object({ id: z.string() }).nullable(), userErrors: UserErrors });
const CreateResponse = z.object({ discountAutomaticBasicCreate: Upserted });
const UpdateResponse = z.object({ discountAutomaticBasicUpdate: Upserted });
const DeleteResponse = z.object({ discountAutomaticDelete: z.object({ deletedAutomaticDiscountId: z.string().nullable(), userErrors: UserErrors }) });
const IdList = z.object({ nodes: z.array(z.object({ id: z.string() })), pageInfo: ShopifyPageInfo });
const ItemsResponse = z.object({
  automaticDiscountNode: z
    .object({
      automaticDiscount: z.object({
        __typename: z.string(),
        customerGets: z.object({ items: z.object({ __typename: z.string(), products: IdList.optional(), productVariants: IdList.optional() }) }).optional(),
      }),
    })
    .nullable(),
});

type Held = { productIds: string[]; variantIds: string[]; all: boolean };

/** `shopCurrency`: the connector's one reader of shop.currencyCode (amounts are in it). */
export function createShopifyDiscountSink(connectorId: string, gql: ShopifyGraphql, shopCurrency: () => Promise<string>): DiscountSink {

  /** What the automatic discount applies to in Shopify now; null when it no longer exists. */
  async function held(id: string): Promise<Held | null> {
    const out: Held = { productIds: [], variantIds: [], all: false };
    let pAfter: string | null = null;
    let vAfter: string | null = null;
    let wantP = true;
    let wantV = true;
    while (wantP || wantV) {
      // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/automaticDiscountNode
      const data: z.infer<typeof ItemsResponse> = parseData(ItemsResponse, await gql.request(itemsQuery(wantP, wantV), { id, ...(wantP ? { pAfter } : {}), ...(wantV ? { vAfter } : {}) }), 'automaticDiscountNode');
      const node = data.automaticDiscountNode;
      if (!node) return null;
      const items = node.automaticDiscount.customerGets?.items;
      if (!items || items.__typename !== 'DiscountProducts') return { ...out, all: items?.__typename === 'AllDiscountItems' };
      if (wantP && items.products) {
        out.productIds.push(...items.products.nodes.map((n) => n.id));
        wantP = items.products.pageInfo.hasNextPage;
        pAfter = items.products.pageInfo.endCursor ?? null;
      } else wantP = false;
      if (wantV && items.productVariants) {
        out.variantIds.push(...items.productVariants.nodes.map((n) => n.id));
        wantV = items.productVariants.pageInfo.hasNextPage;
        vAfter = items.productVariants.pageInfo.endCursor ?? null;
      } else wantV = false;
    }
    return out;
  }

  const refused = (what: string, errors: z.infer<typeof UserErrors>): DiscountUpsertOutcome => ({
    ok: false,
    reason: `${what} refused: ${describeUserErrors(errors)}`,
    mappings: [],
    notEnforced: [],
  });

  return {
    productTypes: { product: 'Product', variant: 'ProductVariant' },

    async upsertDiscount(discount, links) {
      const currency = await shopCurrency();
      const products = links.products.filter((l) => l.connector === connectorId);
      const existing = links.known.find((l) => l.connector === connectorId && l.externalType === AUTOMATIC_TYPE);
      const current = existing ? await held(existing.externalId) : null;
      const plan = toShopifyAutomaticDiscount(discount, { currency, products, current });
      if (!plan.ok) return { ok: false, reason: plan.reason, mappings: [], notEnforced: [] };
      let id: string;
      if (existing && current) {
        const r = parseData(UpdateResponse, await gql.request(UPDATE, { id: existing.externalId, d: json(plan.input) }), 'discountAutomaticBasicUpdate').discountAutomaticBasicUpdate;
        if (r.userErrors.length || !r.automaticDiscountNode) return refused('discountAutomaticBasicUpdate', r.userErrors);
        id = r.automaticDiscountNode.id;
      } else {
        // New, or deleted in the Shopify admin since: (re)created.
        const r = parseData(CreateResponse, await gql.request(CREATE, { d: json(plan.input) }), 'discountAutomaticBasicCreate').discountAutomaticBasicCreate;
        if (r.userErrors.length || !r.automaticDiscountNode) return refused('discountAutomaticBasicCreate', r.userErrors);
        id = r.automaticDiscountNode.id;
      }
      const mapping: IdMapping = { entity: 'discount', canonicalId: discount.id, connector: connectorId, externalType: AUTOMATIC_TYPE, externalId: id, externalVersion: null };
      return { ok: true, mappings: [mapping], notEnforced: plan.notEnforced };
    },

    async present(known) {
      const ids = known.filter((l) => l.connector === connectorId && l.externalType === AUTOMATIC_TYPE).map((l) => l.externalId);
      const out = new Set<string>();
      for (let i = 0; i < ids.length; i += NODES_MAX) {
        // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/nodes
        const data = parseData(NodesResponse, await gql.request(NODES, { ids: ids.slice(i, i + NODES_MAX) }), 'nodes');
        for (const n of data.nodes) if (n?.id) out.add(n.id);
      }
      return out;
    },

    async deleteDiscount(known) {
      for (const link of known.filter((l) => l.connector === connectorId && l.externalType === AUTOMATIC_TYPE)) {
        const r = parseData(DeleteResponse, await gql.request(DELETE, { id: link.externalId }), 'discountAutomaticDelete').discountAutomaticDelete;
        // Already gone (deleted in the admin) is what we wanted.
        if (!r.userErrors.every((e) => /does not exist|not found/i.test(e.message))) assertNoUserErrors(r.userErrors, `discountAutomaticDelete of ${link.externalId}`);
      }
    },
  };
}

/** The input as a GraphQL variable value (plain JSON data by construction). */
function json(input: object): GraphqlVariables[string] {
  return input as GraphqlVariables[string];
}
