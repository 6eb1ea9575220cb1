import { expectGid, gid } from '../ids';
import type { MediaInput, UserErrorData } from '../ops-common';
import { createProduct, deleteProduct, updateProduct, type ProductCreateFields, type ProductUpdateFields } from '../product-ops';
import { setProduct, type ProductSetFields } from '../product-set-ops';
import type { ProductRecord, VariantRecord } from '../records';
import type { VariantInput } from '../variant-input';
import { bulkCreateVariants, bulkDeleteVariants, bulkUpdateVariants, type VariantsResult } from '../variant-ops';
import { commerceMutations } from './commerce-mutations';
import type { ExecContext } from './context';
import { priceListMutations } from './price-list-mutations';
import { ProductNode } from './product-node';
import { ShopNode } from './shop-node';
import { VariantNode } from './variant-node';
import { webhookSubscriptionCreate, webhookSubscriptionDelete, webhookSubscriptionUpdate } from './webhook-mutations';

/**
 * Mutation entry points. Arguments arrive already validated and coerced
 * against the 2025-01 input types, so the casts below only name their shape.
 * Payload objects carry every field of their payload type.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productCreate (and siblings)
 */

type Args = Record<string, unknown>;

export class MutationRoot {
  readonly #ctx: ExecContext;

  constructor(ctx: ExecContext) {
    this.#ctx = ctx;
    // Inventory, customer, order, fulfillment, refund, return and discount mutations.
    Object.assign(this, commerceMutations(ctx));
    Object.assign(this, priceListMutations(ctx));
  }

  productCreate(args: Args): { product: ProductNode | null; shop: ShopNode; userErrors: UserErrorData[] } {
    const r = createProduct(this.#ctx.state, (args.product ?? {}) as ProductCreateFields, (args.media ?? []) as MediaInput[]);
    return { product: this.node(r.product), shop: new ShopNode(this.#ctx.state.shop), userErrors: r.errors };
  }

  productUpdate(args: Args): { product: ProductNode | null; userErrors: UserErrorData[] } {
    const input = (args.product ?? {}) as ProductUpdateFields;
    const id = input.id ? expectGid(input.id, 'Product') : null;
    const r = updateProduct(this.#ctx.state, id, input, (args.media ?? []) as MediaInput[]);
    return { product: r.errors.length ? null : this.node(r.product), userErrors: r.errors };
  }

  productDelete(args: Args): { deletedProductId: string | null; productDeleteOperation: null; shop: ShopNode; userErrors: UserErrorData[] } {
    const input = (args.input ?? {}) as { id?: string };
    const r = deleteProduct(this.#ctx.state, expectGid(input.id, 'Product'));
    return { deletedProductId: r.deletedId === null ? null : gid('Product', r.deletedId), productDeleteOperation: null, shop: new ShopNode(this.#ctx.state.shop), userErrors: r.errors };
  }

  productSet(args: Args): { product: ProductNode | null; productSetOperation: unknown; userErrors: UserErrorData[] } {
    const r = setProduct(this.#ctx.state, (args.input ?? {}) as ProductSetFields);
    if (args.synchronous === false && !r.errors.length) {
      // Asynchronous mode hands back an operation instead of the product; the work is already done.
      const operation = { __typename: 'ProductSetOperation', id: gid('ProductSetOperation', this.#ctx.state.allocateOperationId()), status: 'CREATED', product: null, userErrors: [] };
      return { product: null, productSetOperation: operation, userErrors: [] };
    }
    return { product: this.node(r.product), productSetOperation: null, userErrors: r.errors };
  }

  productVariantsBulkCreate(args: Args): ReturnType<MutationRoot['variantsPayload']> {
    const strategy = args.strategy === 'REMOVE_STANDALONE_VARIANT' ? 'REMOVE_STANDALONE_VARIANT' : 'DEFAULT';
    return this.variantsPayload(bulkCreateVariants(this.#ctx.state, String(args.productId), (args.variants ?? []) as VariantInput[], strategy));
  }

  productVariantsBulkUpdate(args: Args): ReturnType<MutationRoot['variantsPayload']> {
    return this.variantsPayload(bulkUpdateVariants(this.#ctx.state, String(args.productId), (args.variants ?? []) as VariantInput[], args.allowPartialUpdates === true));
  }

  productVariantsBulkDelete(args: Args): { product: ProductNode | null; userErrors: UserErrorData[] } {
    const r = bulkDeleteVariants(this.#ctx.state, String(args.productId), (args.variantsIds ?? []) as string[]);
    return { product: this.node(r.product), userErrors: r.errors };
  }

  webhookSubscriptionCreate(args: Args): ReturnType<typeof webhookSubscriptionCreate> {
    return webhookSubscriptionCreate(this.#ctx, args);
  }

  webhookSubscriptionUpdate(args: Args): ReturnType<typeof webhookSubscriptionUpdate> {
    return webhookSubscriptionUpdate(this.#ctx, args);
  }

  webhookSubscriptionDelete(args: Args): ReturnType<typeof webhookSubscriptionDelete> {
    return webhookSubscriptionDelete(this.#ctx, args);
  }

  private node(p: ProductRecord | null): ProductNode | null {
    return p ? new ProductNode(p, this.#ctx) : null;
  }

  private variantsPayload(r: VariantsResult): { product: ProductNode | null; productVariants: VariantNode[] | null; userErrors: UserErrorData[] } {
    const p = r.product;
    const variants: VariantRecord[] | null = r.variants;
    return { product: this.node(p), productVariants: p && variants ? variants.map((v) => new VariantNode(v, p, this.#ctx)) : null, userErrors: r.errors };
  }
}
