import { z } from 'zod';
import type { Product } from '../../canonical/product';
import type { ProductField } from '../../canonical/product-fields';
import { planShopifyUpdate, type ShopifyProductUpdateInput, type ShopifyVariantUpdateInput } from '../../mappings/shopify/product-update-v1';
import { VendorError } from '../types';
import { assertNoUserErrors } from './errors';
import { parseData, type GraphqlVariables, type JsonValue, type ShopifyGraphql } from './graphql-client';

/**
 * Writes fields another system owns into an existing Shopify product (a
 * price the POS owns, a title the PIM owns): productUpdate for the product's
 * own fields, productVariantsBulkUpdate for the variants', each only when
 * something differs. Both are plain "set" mutations, so a retried activity
 * writes the same values again: idempotent without a key.
 */

const PRODUCT_UPDATE = `mutation SwitchyardProductUpdate($product: ProductUpdateInput!) {
  productUpdate(product: $product) { product { id } userErrors { field message } }
}`;

const VARIANTS_UPDATE = `mutation SwitchyardVariantsUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id } userErrors { field message } }
}`;

const UserErrors = z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string() }));
const ProductUpdateResponse = z.object({ productUpdate: z.object({ userErrors: UserErrors }).nullable() });
const VariantsUpdateResponse = z.object({ productVariantsBulkUpdate: z.object({ userErrors: UserErrors }).nullable() });

export async function updateShopifyProductFields(gql: ShopifyGraphql, connectorId: string, target: Product, current: Product, fields: readonly ProductField[]): Promise<void> {
  const planned = planShopifyUpdate(target, current, fields, connectorId);
  if (!planned.ok) throw new VendorError(planned.reason, 'shopify', 422, null, 'UNWRITABLE');
  const { plan } = planned;
  if (plan.product) {
    // https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productUpdate
    const data = parseData(ProductUpdateResponse, await gql.request(PRODUCT_UPDATE, { product: toJson(plan.product) }), 'productUpdate');
    if (!data.productUpdate) throw new VendorError('productUpdate returned nothing', 'shopify', 502);
    assertNoUserErrors(data.productUpdate.userErrors, `productUpdate of ${plan.productId}`);
  }
  if (plan.variants.length) {
    // https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productVariantsBulkUpdate
    const vars: GraphqlVariables = { productId: plan.productId, variants: plan.variants.map(toJson) };
    const data = parseData(VariantsUpdateResponse, await gql.request(VARIANTS_UPDATE, vars), 'productVariantsBulkUpdate');
    if (!data.productVariantsBulkUpdate) throw new VendorError('productVariantsBulkUpdate returned nothing', 'shopify', 502);
    assertNoUserErrors(data.productVariantsBulkUpdate.userErrors, `productVariantsBulkUpdate of ${plan.productId}`);
  }
}

/** The inputs are plain JSON already; this only tells the compiler so. */
function toJson(input: ShopifyProductUpdateInput | ShopifyVariantUpdateInput): JsonValue {
  return JSON.parse(JSON.stringify(input)) as JsonValue;
}
