import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopifyAdminError } from '../../sandboxes/shopify/index';
import { startHarness, type Harness } from './shopify-harness';

/** Product-scoped code discounts and Markets price lists in the Shopify sandbox (Admin GraphQL 2025-01), through the official SDK. */

let h: Harness;
let products: { id: string; variants: { id: string; price: string }[] }[];

beforeAll(async () => {
  h = await startHarness();
  const res = await h.client.request<{ products: { nodes: { id: string; variants: { nodes: { id: string; price: string }[] } }[] } }>('{ products(first: 3) { nodes { id variants(first: 3) { nodes { id price } } } } }');
  products = res.data!.products.nodes.map((p) => ({ id: p.id, variants: p.variants.nodes }));
}, 30_000);
afterAll(async () => {
  await h.close();
});

describe('Shopify sandbox: product discounts', () => {
  let id = '';

  it('given a code on one product with a minimum subtotal, when read back, then customerGets.items lists the product and the minimum is reported', async () => {
    const res = await h.client.request<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: unknown[] } }>(
      'mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message code } } }',
      { variables: { d: { title: 'Mugs', code: 'MUGS10', startsAt: '2024-01-01T00:00:00Z', customerSelection: { all: true }, customerGets: { value: { percentage: 0.1 }, items: { products: { productsToAdd: [products[0]!.id] } } }, minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '1.00' } } } } },
    );
    expect(res.data!.discountCodeBasicCreate.userErrors).toEqual([]);
    id = res.data!.discountCodeBasicCreate.codeDiscountNode!.id;
    const read = await h.client.request<{ codeDiscountNode: { codeDiscount: Record<string, unknown> } }>(
      `query($id: ID!) { codeDiscountNode(id: $id) { codeDiscount { ... on DiscountCodeBasic { discountClass
        minimumRequirement { __typename ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } }
        customerGets { items { __typename ... on DiscountProducts { products(first: 5) { nodes { id } } productVariants(first: 5) { nodes { id } } } } } } } } }`,
      { variables: { id } },
    );
    expect(read.data!.codeDiscountNode.codeDiscount).toEqual({
      discountClass: 'PRODUCT',
      minimumRequirement: { __typename: 'DiscountMinimumSubtotal', greaterThanOrEqualToSubtotal: { amount: '1.0', currencyCode: 'USD' } },
      customerGets: { items: { __typename: 'DiscountProducts', products: { nodes: [{ id: products[0]!.id }] }, productVariants: { nodes: [] } } },
    });
  });

  it('given that code, when a cart holds the product and another, then only the product line is discounted; a cart without it is refused', () => {
    const [a, b] = [products[0]!.variants[0]!, products[1]!.variants[0]!];
    const order = h.sandbox.admin.placeOrder({ lineItems: [{ variantId: a.id, quantity: 1 }, { variantId: b.id, quantity: 1 }], discountCode: 'MUGS10' });
    const lines = order.line_items as { variant_id: number; total_discount: string }[];
    expect(lines.map((l) => l.total_discount)).toEqual([(Math.round(Number(a.price) * 100 * 0.1) / 100).toFixed(2), '0.00']);
    expect(() => h.sandbox.admin.placeOrder({ lineItems: [{ variantId: b.id, quantity: 1 }], discountCode: 'MUGS10' })).toThrow(ShopifyAdminError);
  });

  it('given an update removing the product and adding a variant, when read back, then the items follow', async () => {
    const v = products[1]!.variants[0]!.id;
    const res = await h.client.request<{ discountCodeBasicUpdate: { userErrors: unknown[] } }>(
      'mutation($id: ID!, $d: DiscountCodeBasicInput!) { discountCodeBasicUpdate(id: $id, basicCodeDiscount: $d) { userErrors { field message code } } }',
      { variables: { id, d: { customerGets: { items: { products: { productsToRemove: [products[0]!.id], productVariantsToAdd: [v] } } } } } },
    );
    expect(res.data!.discountCodeBasicUpdate.userErrors).toEqual([]);
    const read = await h.client.request<{ codeDiscountNode: { codeDiscount: { customerGets: { items: { products: { nodes: unknown[] }; productVariants: { nodes: { id: string }[] } } } } } }>(
      'query($id: ID!) { codeDiscountNode(id: $id) { codeDiscount { ... on DiscountCodeBasic { customerGets { items { ... on DiscountProducts { products(first: 5) { nodes { id } } productVariants(first: 5) { nodes { id } } } } } } } } }',
      { variables: { id } },
    );
    expect(read.data!.codeDiscountNode.codeDiscount.customerGets.items).toEqual({ products: { nodes: [] }, productVariants: { nodes: [{ id: v }] } });
  });
});

describe('Shopify sandbox: Markets price lists', () => {
  it('given a market price list with fixed prices, when its prices are read filtered by product, then only that product’s fixed prices come back; relative prices are a declared gap', async () => {
    const catalogId = h.sandbox.admin.createMarketCatalog('Europe');
    const created = await h.client.request<{ priceListCreate: { priceList: { id: string; currency: string; catalog: { __typename: string; title: string } | null } | null; userErrors: unknown[] } }>(
      'mutation($i: PriceListCreateInput!) { priceListCreate(input: $i) { priceList { id currency catalog { __typename title } } userErrors { field message code } } }',
      { variables: { i: { name: 'Europe', currency: 'EUR', parent: { adjustment: { type: 'PERCENTAGE_DECREASE', value: 0 } }, catalogId } } },
    );
    expect(created.data!.priceListCreate.userErrors).toEqual([]);
    const list = created.data!.priceListCreate.priceList!;
    expect(list).toMatchObject({ currency: 'EUR', catalog: { __typename: 'MarketCatalog', title: 'Europe' } });
    const taken = await h.client.request<{ priceListCreate: { userErrors: { code: string }[] } }>(
      'mutation($i: PriceListCreateInput!) { priceListCreate(input: $i) { userErrors { code } } }',
      { variables: { i: { name: 'Europe 2', currency: 'EUR', parent: { adjustment: { type: 'PERCENTAGE_DECREASE', value: 0 } }, catalogId } } },
    );
    expect(taken.data!.priceListCreate.userErrors.map((e) => e.code)).toEqual(['CATALOG_TAKEN']);

    const all = products.flatMap((p) => p.variants.map((v) => ({ variantId: v.id, price: { amount: '9.90', currencyCode: 'EUR' } })));
    await h.client.request('mutation($id: ID!, $p: [PriceListPriceInput!]!) { priceListFixedPricesAdd(priceListId: $id, prices: $p) { userErrors { code } } }', { variables: { id: list.id, p: all } });
    const legacy = products[1]!.id.split('/').pop();
    const read = await h.client.request<{ priceList: { fixedPricesCount: number; prices: { nodes: { variant: { id: string }; price: { amount: string; currencyCode: string } }[] } } }>(
      'query($id: ID!, $q: String!) { priceList(id: $id) { fixedPricesCount prices(first: 50, originType: FIXED, query: $q) { nodes { variant { id } price { amount currencyCode } } } } }',
      { variables: { id: list.id, q: `product_id:${legacy}` } },
    );
    expect(read.data!.priceList.fixedPricesCount).toBe(all.length);
    expect(read.data!.priceList.prices.nodes).toEqual(products[1]!.variants.map((v) => ({ variant: { id: v.id }, price: { amount: '9.9', currencyCode: 'EUR' } })));

    const deleted = await h.client.request<{ priceListFixedPricesDelete: { deletedFixedPriceVariantIds: string[] } }>(
      'mutation($id: ID!, $v: [ID!]!) { priceListFixedPricesDelete(priceListId: $id, variantIds: $v) { deletedFixedPriceVariantIds userErrors { code } } }',
      { variables: { id: list.id, v: [products[1]!.variants[0]!.id] } },
    );
    expect(deleted.data!.priceListFixedPricesDelete.deletedFixedPriceVariantIds).toEqual([products[1]!.variants[0]!.id]);
    const gap = await h.sandbox.graphql('query($id: ID!) { priceList(id: $id) { prices(first: 5) { nodes { price { amount } } } } }', { id: list.id });
    expect(JSON.stringify(gap.body)).toContain('SANDBOX_NOT_IMPLEMENTED');
    // A gap is recorded as a violation on purpose here; take it so the run stays clean.
    expect(h.sandbox.server.violations.splice(0).every((v) => v.messages.some((m) => m.includes('sandbox gap')))).toBe(true);
  });
});
