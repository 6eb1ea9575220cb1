import { z } from 'zod';
import { stableHash } from '../../canonical/hash';
import { toShopifyAutomaticDiscount, type AutomaticBasicInput } from '../../mappings/shopify/discount-write-v1';
import { ShopifyPageInfo } from '../../mappings/shopify/product-v1';
import type { IdMapping } from '../../store/types';
import type { DiscountSink, DiscountUpsertOutcome } from '../types';
import { assertNoUserErrors, describeUserErrors } from './errors';
import { parseData, type GraphqlVariables, type ShopifyGraphql } from './graphql-client';
import { searchQuoted } from './queries';

/**
 * Shopify as a receiver of discounts owned elsewhere (a POS's pricing
 * rules): each becomes one automatic basic discount, created, updated in
 * place (its product list changed by difference against what Shopify holds
 * now) or deleted. A discount deleted in the Shopify admin is created again
 * on the next write.
 *
 * `observe` fingerprints what each one holds (the fields written here), so a
 * reconciliation can tell an edit in the admin from our own last write.
 *
 * Shopify's discount mutations take no idempotency key (2025-01): a create
 * whose answer is lost left a discount we never linked, so `findCopies`
 * looks for one holding exactly this discount before a create, and the
 * caller adopts it instead of creating a second copy.
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
/**
 * One page of what an automatic discount holds: on the first page also the
 * fields this sink writes (for the fingerprint); the products / variants
 * lists still wanted (a list that ended is not asked again, nor its variable declared).
 */
const detailQuery = (fields: boolean, products: boolean, variants: boolean) => `query SwitchyardAutomaticItems($id: ID!${products ? ', $pAfter: String' : ''}${variants ? ', $vAfter: String' : ''}) {
  automaticDiscountNode(id: $id) { automaticDiscount { __typename ... on DiscountAutomaticBasic {
    ${fields ? FIELDS : ''}
    customerGets { ${fields ? VALUE : ''} items { __typename
    ... on DiscountProducts {
      ${products ? `products(first: ${ITEMS_FIRST}, after: $pAfter) { nodes { id } ${PAGE_INFO} }` : ''}
      ${variants ? `productVariants(first: ${ITEMS_FIRST}, after: $vAfter) { nodes { id } ${PAGE_INFO} }` : ''}
    } } } } } }
}`;
const FIELDS = `title startsAt endsAt
    minimumRequirement { __typename ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity } }`;
const VALUE = 'value { __typename ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem } }';

const SEARCH = `query SwitchyardAutomaticCopies($q: String!) {
  automaticDiscountNodes(first: 25, query: $q) { nodes { id automaticDiscount { __typename ... on DiscountAutomaticBasic { title } } } }
}`;
const SearchResponse = z.object({ automaticDiscountNodes: z.object({ nodes: z.array(z.object({ id: z.string(), automaticDiscount: z.object({ title: z.string().optional() }) })) }) });
const UserErrors = z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string(), code: z.string().nullable().optional() }));
const Upserted = z.object({ automaticDiscountNode: z.object({ id: z.string() }).nullable(), userErrors: UserErrors });
const CreateResponse = z.object({ discountAutomaticBasicCreate: Upserted });
const UpdateResponse = z.object({ discountAutomaticBasicUpdate: Upserted });
const DeleteResponse = z.object({ discountAutomaticDelete: z.object({ deletedAutomaticDiscountId: z.string().nullable(), userErrors: UserErrors }) });
const IdList = z.object({ nodes: z.array(z.object({ id: z.string() })), pageInfo: ShopifyPageInfo });
const Money = z.object({ amount: z.string(), currencyCode: z.string() });
const ItemsResponse = z.object({
  automaticDiscountNode: z
    .object({
      automaticDiscount: z.object({
        __typename: z.string(),
        title: z.string().optional(),
        startsAt: z.string().optional(),
        endsAt: z.string().nullable().optional(),
        minimumRequirement: z
          .object({ __typename: z.string(), greaterThanOrEqualToSubtotal: Money.optional(), greaterThanOrEqualToQuantity: z.string().optional() })
          .nullable()
          .optional(),
        customerGets: z
          .object({
            value: z.object({ __typename: z.string(), percentage: z.number().optional(), amount: Money.optional(), appliesOnEachItem: z.boolean().optional() }).optional(),
            items: z.object({ __typename: z.string(), products: IdList.optional(), productVariants: IdList.optional() }),
          })
          .optional(),
      }),
    })
    .nullable(),
});

/** What an automatic discount holds in Shopify: what it applies to, and a fingerprint of every field this sink writes. */
type Held = { productIds: string[]; variantIds: string[]; all: boolean; fields: HeldFields; fingerprint: string };
type HeldDiscount = z.infer<typeof ItemsResponse>['automaticDiscountNode'] & object;
type HeldFields = Pick<HeldDiscount['automaticDiscount'], '__typename' | 'title' | 'startsAt' | 'endsAt' | 'minimumRequirement'> & {
  value: NonNullable<HeldDiscount['automaticDiscount']['customerGets']>['value'] | null;
};

/** `shopCurrency`: the connector's one reader of shop.currencyCode (amounts are in it). */
export function createShopifyDiscountSink(connectorId: string, gql: ShopifyGraphql, shopCurrency: () => Promise<string>): DiscountSink {

  /** What the automatic discount holds in Shopify now; null when it no longer exists. */
  async function held(id: string): Promise<Held | null> {
    const out = { productIds: [] as string[], variantIds: [] as string[], all: false };
    let fields: HeldFields = { __typename: '', value: null };
    let pAfter: string | null = null;
    let vAfter: string | null = null;
    let wantP = true;
    let wantV = true;
    for (let first = true; first || wantP || wantV; first = false) {
      // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/automaticDiscountNode
      const data: z.infer<typeof ItemsResponse> = parseData(
        ItemsResponse,
        await gql.request(detailQuery(first, wantP, wantV), { id, ...(wantP ? { pAfter } : {}), ...(wantV ? { vAfter } : {}) }),
        'automaticDiscountNode',
      );
      const node = data.automaticDiscountNode;
      if (!node) return null;
      const d = node.automaticDiscount;
      const items = d.customerGets?.items;
      if (first) {
        // Not the status (it moves with the clock) nor timestamps: what a merchant can edit and we write.
        fields = { __typename: d.__typename, title: d.title, startsAt: d.startsAt, endsAt: d.endsAt ?? null, minimumRequirement: d.minimumRequirement ?? null, value: d.customerGets?.value ?? null };
      }
      if (!items || items.__typename !== 'DiscountProducts') {
        out.all = items?.__typename === 'AllDiscountItems';
        break;
      }
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
    const fingerprint = stableHash({ fields, all: out.all, productIds: [...out.productIds].sort(), variantIds: [...out.variantIds].sort() });
    return { ...out, fields, fingerprint };
  }

  /** This connector's automatic-discount links among `links`. */
  const mine = (links: readonly IdMapping[]) => links.filter((l) => l.connector === connectorId && l.externalType === AUTOMATIC_TYPE);
  const linkOf = (discountId: string, id: string): IdMapping => ({ entity: 'discount', canonicalId: discountId, connector: connectorId, externalType: AUTOMATIC_TYPE, externalId: id, externalVersion: null });

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
      const [existing] = mine(links.known);
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
      // The mutations answer with the id only: read it back for the fingerprint of our write.
      const written = await held(id);
      return { ok: true, mappings: [linkOf(discount.id, id)], notEnforced: plan.notEnforced, observed: new Map(written ? [[id, written.fingerprint]] : []) };
    },

    async findCopies(discount, links) {
      const plan = toShopifyAutomaticDiscount(discount, { currency: await shopCurrency(), products: links.filter((l) => l.connector === connectorId), current: null });
      if (!plan.ok) return [];
      // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/automaticDiscountNodes (the default field searches the title)
      const found = parseData(SearchResponse, await gql.request(SEARCH, { q: searchQuoted(plan.input.title) }), 'automaticDiscountNodes');
      const out: IdMapping[] = [];
      for (const n of found.automaticDiscountNodes.nodes) {
        if (n.automaticDiscount.title !== plan.input.title) continue;
        const now = await held(n.id);
        if (now && holdsExactly(now, plan.input)) out.push(linkOf(discount.id, n.id));
      }
      return out;
    },

    async observe(known) {
      const out = new Map<string, string>();
      // One read per discount: Shopify keeps at most 25 automatic discounts active.
      for (const link of mine(known)) {
        const now = await held(link.externalId);
        if (now) out.set(link.externalId, now.fingerprint);
      }
      return out;
    },

    async deleteDiscount(known) {
      for (const link of mine(known)) {
        const r = parseData(DeleteResponse, await gql.request(DELETE, { id: link.externalId }), 'discountAutomaticDelete').discountAutomaticDelete;
        // Already gone (deleted in the admin) is what we wanted.
        if (!r.userErrors.every((e) => /does not exist|not found/i.test(e.message))) assertNoUserErrors(r.userErrors, `discountAutomaticDelete of ${link.externalId}`);
      }
    },
  };
}

/** Whether Shopify holds exactly what `input` would create (dates as instants, amounts as numbers, item lists as sets). */
function holdsExactly(h: Held, input: AutomaticBasicInput): boolean {
  const f = h.fields;
  const instant = (v: string | null | undefined) => (v === null || v === undefined ? null : Date.parse(v));
  if (f.__typename !== 'DiscountAutomaticBasic' || f.title !== input.title) return false;
  if (instant(f.startsAt) !== instant(input.startsAt) || instant(f.endsAt) !== instant(input.endsAt)) return false;
  const minimum = f.minimumRequirement?.greaterThanOrEqualToSubtotal?.amount;
  const wantMinimum = input.minimumRequirement?.subtotal.greaterThanOrEqualToSubtotal;
  if ((minimum === undefined) !== (wantMinimum === undefined) || (minimum !== undefined && Number(minimum) !== Number(wantMinimum))) return false;
  if (f.minimumRequirement && f.minimumRequirement.__typename !== 'DiscountMinimumSubtotal') return false;
  const v = input.customerGets.value;
  if ('percentage' in v) {
    if (f.value?.__typename !== 'DiscountPercentage' || Math.abs((f.value.percentage ?? NaN) - v.percentage) > 1e-9) return false;
  } else if (f.value?.__typename !== 'DiscountAmount' || Number(f.value.amount?.amount) !== Number(v.discountAmount.amount) || f.value.appliesOnEachItem !== v.discountAmount.appliesOnEachItem) return false;
  const items = input.customerGets.items;
  if ('all' in items) return h.all;
  const same = (a: readonly string[], b: readonly string[]) => {
    const sortedB = [...b].sort();
    return a.length === b.length && [...a].sort().every((x, i) => x === sortedB[i]);
  };
  return !h.all && same(h.productIds, items.products.productsToAdd) && same(h.variantIds, items.products.productVariantsToAdd);
}

/** The input as a GraphQL variable value (plain JSON data by construction). */
function json(input: object): GraphqlVariables[string] {
  return input as GraphqlVariables[string];
}
