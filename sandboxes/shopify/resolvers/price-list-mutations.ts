import { addFixedPrices, createPriceList, deleteFixedPrices, type PriceListCreateInput, type PriceListPriceInputData } from '../price-list-ops';
import type { UserErrorData } from '../ops-common';
import { emptyConnection, money, type ExecContext } from './context';
import { priceListNode } from './price-list-node';
import { VariantNode } from './variant-node';

/**
 * Price list mutations (mixed into MutationRoot).
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/priceListCreate
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/priceListFixedPricesAdd
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/priceListFixedPricesDelete
 */

type Args = Record<string, unknown>;

export function priceListMutations(ctx: ExecContext): Record<string, (args: Args) => unknown> {
  const { state } = ctx;
  const userError = (e: UserErrorData) => ({ field: e.field, message: e.message, code: e.code ?? null });
  return {
    priceListCreate: (args) => {
      const r = createPriceList(state, args.input as PriceListCreateInput);
      return { priceList: r.priceList ? priceListNode(r.priceList, ctx) : null, userErrors: r.errors.map(userError) };
    },
    priceListFixedPricesAdd: (args) => {
      const r = addFixedPrices(state, String(args.priceListId), (args.prices ?? []) as PriceListPriceInputData[]);
      const list = r.list;
      const prices =
        r.added && list
          ? r.added.map((a) => {
              const product = state.products.get(state.products.productOfVariant(a.variantId)!)!;
              return {
                originType: 'FIXED',
                price: money(a.price.price, list.currency),
                compareAtPrice: a.price.compareAtPrice === null ? null : money(a.price.compareAtPrice, list.currency),
                variant: new VariantNode(product.variants.find((v) => v.id === a.variantId)!, product, ctx),
                quantityPriceBreaks: (qa: Args) => emptyConnection(qa),
              };
            })
          : null;
      return { prices, userErrors: r.errors.map(userError) };
    },
    priceListFixedPricesDelete: (args) => {
      const r = deleteFixedPrices(state, String(args.priceListId), (args.variantIds ?? []) as string[]);
      return { deletedFixedPriceVariantIds: r.deleted, userErrors: r.errors.map(userError) };
    },
  };
}
