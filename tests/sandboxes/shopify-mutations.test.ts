import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './shopify-harness';

/** Clock the tests can move: every change must bump updatedAt. */
let now = Date.UTC(2025, 2, 1, 12, 0, 0);
const tick = (seconds = 60): void => {
  now += seconds * 1000;
};

interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

const PRODUCT_FIELDS = `id title handle status vendor tags updatedAt descriptionHtml
  options { name position values optionValues { name hasVariants } }
  variants(first: 50) { nodes { id title sku price compareAtPrice barcode position selectedOptions { name value } } }`;

interface ProductShape {
  id: string;
  title: string;
  handle: string;
  status: string;
  vendor: string;
  tags: string[];
  updatedAt: string;
  options: { name: string; position: number; values: string[] }[];
  variants: { nodes: { id: string; title: string; sku: string | null; price: string; compareAtPrice: string | null; position: number; selectedOptions: { name: string; value: string }[] }[] };
}

describe('Shopify sandbox: product mutations and userErrors', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: { products: 5, seed: 3 }, clock: () => now });
  });
  afterAll(async () => {
    await h.close();
  });

  async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await h.client.request<T>(query, { variables });
    return res.data!;
  }

  async function create(product: Record<string, unknown>): Promise<{ product: ProductShape | null; userErrors: UserError[] }> {
    const data = await gql<{ productCreate: { product: ProductShape | null; userErrors: UserError[] } }>(
      `mutation C($product: ProductCreateInput!) { productCreate(product: $product) { product { ${PRODUCT_FIELDS} } userErrors { field message } } }`,
      { product },
    );
    return data.productCreate;
  }

  it('given productOptions, when productCreate runs, then the product has those options and one variant with the first values', async () => {
    const r = await create({ title: 'Ridge Runner Tee', vendor: 'Wildfern', tags: ['summer', 'tees', 'summer'], productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }] }, { name: 'Color', values: [{ name: 'Blue' }] }] });
    expect(r.userErrors).toEqual([]);
    const p = r.product!;
    expect(p).toMatchObject({ title: 'Ridge Runner Tee', handle: 'ridge-runner-tee', status: 'ACTIVE', vendor: 'Wildfern', tags: ['summer', 'tees'] });
    expect(p.options.map((o) => o.name)).toEqual(['Size', 'Color']);
    expect(p.variants.nodes).toHaveLength(1);
    expect(p.variants.nodes[0]).toMatchObject({ title: 'S / Blue', price: '0.00', position: 1, selectedOptions: [{ name: 'Size', value: 'S' }, { name: 'Color', value: 'Blue' }] });
    expect(p.updatedAt).toBe(new Date(now).toISOString().replace('.000', ''));

    const again = await create({ title: 'Ridge Runner Tee' });
    expect(again.product!.handle).toBe('ridge-runner-tee-1');
  });

  it('given bad input, when productCreate runs, then userErrors explain it and nothing is created', async () => {
    const before = h.sandbox.state.products.size;
    expect((await create({ title: '   ' })).userErrors).toEqual([{ field: ['title'], message: "Title can't be blank" }]);
    expect((await create({ title: 'Dup', handle: 'ridge-runner-tee' })).userErrors).toEqual([{ field: ['handle'], message: "Handle 'ridge-runner-tee' already in use. Please provide a new handle." }]);
    expect(h.sandbox.state.products.size).toBe(before);
  });

  it('given an existing product, when productUpdate changes fields, then the data changes and updatedAt moves forward', async () => {
    const p = (await create({ title: 'Cedar Flannel' })).product!;
    tick(120);
    const data = await gql<{ productUpdate: { product: ProductShape; userErrors: UserError[] } }>(
      `mutation U($product: ProductUpdateInput!) { productUpdate(product: $product) { product { ${PRODUCT_FIELDS} } userErrors { field message } } }`,
      { product: { id: p.id, title: 'Cedar Flannel Shirt', status: 'DRAFT', tags: ['flannel'], descriptionHtml: '<p>Warm.</p>' } },
    );
    expect(data.productUpdate.userErrors).toEqual([]);
    expect(data.productUpdate.product).toMatchObject({ id: p.id, title: 'Cedar Flannel Shirt', status: 'DRAFT', tags: ['flannel'], handle: 'cedar-flannel' });
    expect(Date.parse(data.productUpdate.product.updatedAt) - Date.parse(p.updatedAt)).toBe(120_000);
    const read = await gql<{ product: { title: string } }>(`query R($id: ID!) { product(id: $id) { title } }`, { id: p.id });
    expect(read.product.title).toBe('Cedar Flannel Shirt');
  });

  it('given an unknown or blank-titled update, when productUpdate runs, then userErrors come back', async () => {
    const m = `mutation U($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id } userErrors { field message } } }`;
    const unknown = await gql<{ productUpdate: { product: null; userErrors: UserError[] } }>(m, { product: { id: 'gid://shopify/Product/42', title: 'x' } });
    expect(unknown.productUpdate).toEqual({ product: null, userErrors: [{ field: ['id'], message: 'Product does not exist' }] });
    const p = (await create({ title: 'Blank Me' })).product!;
    const blank = await gql<{ productUpdate: { product: null; userErrors: UserError[] } }>(m, { product: { id: p.id, title: '' } });
    expect(blank.productUpdate.userErrors).toEqual([{ field: ['title'], message: "Title can't be blank" }]);
  });

  it('given a product, when productDelete runs, then it is gone and a second delete reports it does not exist', async () => {
    const p = (await create({ title: 'Short Lived' })).product!;
    const m = `mutation D($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { field message } } }`;
    expect((await gql<{ productDelete: unknown }>(m, { id: p.id })).productDelete).toEqual({ deletedProductId: p.id, userErrors: [] });
    expect((await gql<{ product: unknown }>(`query R($id: ID!) { product(id: $id) { id } }`, { id: p.id })).product).toBeNull();
    expect((await gql<{ productDelete: unknown }>(m, { id: p.id })).productDelete).toEqual({ deletedProductId: null, userErrors: [{ field: ['id'], message: 'Product does not exist' }] });
  });

  it('given productSet with options and variants, when run twice, then the second call replaces the variant list', async () => {
    const m = `mutation S($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { ${PRODUCT_FIELDS} } userErrors { field message code } } }`;
    const created = await gql<{ productSet: { product: ProductShape; userErrors: UserError[] } }>(m, {
      input: {
        title: 'Glacier Parka',
        productOptions: [{ name: 'Size', position: 1, values: [{ name: 'M' }, { name: 'L' }] }],
        variants: [
          { optionValues: [{ optionName: 'Size', name: 'M' }], price: '249.00', sku: 'GP-M', compareAtPrice: '299.00' },
          { optionValues: [{ optionName: 'Size', name: 'L' }], price: 249, sku: 'GP-L' },
        ],
      },
    });
    expect(created.productSet.userErrors).toEqual([]);
    const p = created.productSet.product;
    expect(p.variants.nodes.map((v) => [v.title, v.sku, v.price, v.compareAtPrice])).toEqual([
      ['M', 'GP-M', '249.00', '299.00'],
      ['L', 'GP-L', '249.00', null],
    ]);
    const keep = p.variants.nodes[1]!;
    const updated = await gql<{ productSet: { product: ProductShape; userErrors: UserError[] } }>(m, {
      input: {
        id: p.id,
        productOptions: [{ name: 'Size', values: [{ name: 'L' }, { name: 'XL' }] }],
        variants: [
          { id: keep.id, optionValues: [{ optionName: 'Size', name: 'L' }], price: '259.00' },
          { optionValues: [{ optionName: 'Size', name: 'XL' }], price: '269.00', sku: 'GP-XL' },
        ],
      },
    });
    expect(updated.productSet.userErrors).toEqual([]);
    expect(updated.productSet.product.variants.nodes.map((v) => [v.id === keep.id, v.title, v.price])).toEqual([
      [true, 'L', '259.00'],
      [false, 'XL', '269.00'],
    ]);
    expect(updated.productSet.product.title).toBe('Glacier Parka');
  });

  it('given productSet input that breaks its rules, when run, then typed userErrors come back', async () => {
    const m = `mutation S($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { field message code } } }`;
    const noOptions = await gql<{ productSet: { userErrors: UserError[] } }>(m, { input: { title: 'X', variants: [{ optionValues: [{ optionName: 'Size', name: 'S' }] }] } });
    expect(noOptions.productSet.userErrors).toEqual([{ field: ['input', 'productOptions'], message: 'Must specify product options when updating variants.', code: 'PRODUCT_OPTIONS_INPUT_MISSING' }]);
    const missing = await gql<{ productSet: { userErrors: UserError[] } }>(m, { input: { id: 'gid://shopify/Product/1', title: 'X' } });
    expect(missing.productSet.userErrors[0]).toMatchObject({ code: 'PRODUCT_DOES_NOT_EXIST', message: 'Product does not exist' });
    const unknownValue = await gql<{ productSet: { userErrors: UserError[] } }>(m, {
      input: { title: 'X', productOptions: [{ name: 'Size', values: [{ name: 'S' }] }], variants: [{ optionValues: [{ optionName: 'Size', name: 'M' }] }] },
    });
    expect(unknownValue.productSet.userErrors[0]).toMatchObject({ code: 'OPTION_VALUE_DOES_NOT_EXIST', field: ['input', 'variants', '0', 'optionValues', '0'] });
  });

  it('given a product, when variants are bulk created, updated and deleted, then each step applies and bad steps return typed userErrors', async () => {
    const p = (await create({ title: 'Switchback Shorts', productOptions: [{ name: 'Size', values: [{ name: 'S' }] }] })).product!;
    const bulkCreate = `mutation BC($id: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkCreate(productId: $id, variants: $variants) { productVariants { id title price } product { variantsCount { count } } userErrors { field message code } } }`;
    const created = await gql<{ productVariantsBulkCreate: { productVariants: { id: string; title: string; price: string }[]; product: { variantsCount: { count: number } }; userErrors: UserError[] } }>(bulkCreate, {
      id: p.id,
      variants: [
        { optionValues: [{ optionName: 'Size', name: 'M' }], price: '45.00', inventoryItem: { sku: 'SS-M' } },
        { optionValues: [{ optionName: 'Size', name: 'L' }], price: '45.00' },
      ],
    });
    expect(created.productVariantsBulkCreate.userErrors).toEqual([]);
    expect(created.productVariantsBulkCreate.productVariants.map((v) => v.title)).toEqual(['M', 'L']);
    expect(created.productVariantsBulkCreate.product.variantsCount.count).toBe(3);

    const dup = await gql<{ productVariantsBulkCreate: { userErrors: UserError[] } }>(bulkCreate, { id: p.id, variants: [{ optionValues: [{ optionName: 'Size', name: 'M' }] }] });
    expect(dup.productVariantsBulkCreate.userErrors[0]).toMatchObject({ code: 'VARIANT_ALREADY_EXISTS' });

    const bulkUpdate = `mutation BU($id: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $id, variants: $variants) { productVariants { id price compareAtPrice barcode sku } userErrors { field message code } } }`;
    const m = created.productVariantsBulkCreate.productVariants[0]!;
    const updated = await gql<{ productVariantsBulkUpdate: { productVariants: { price: string; compareAtPrice: string; barcode: string; sku: string }[]; userErrors: UserError[] } }>(bulkUpdate, {
      id: p.id,
      variants: [{ id: m.id, price: '39.5', compareAtPrice: '45.00', barcode: '0123456789012' }],
    });
    expect(updated.productVariantsBulkUpdate.userErrors).toEqual([]);
    expect(updated.productVariantsBulkUpdate.productVariants[0]).toMatchObject({ price: '39.50', compareAtPrice: '45.00', barcode: '0123456789012', sku: 'SS-M' });

    const unknown = await gql<{ productVariantsBulkUpdate: { productVariants: null; userErrors: UserError[] } }>(bulkUpdate, { id: p.id, variants: [{ id: 'gid://shopify/ProductVariant/1', price: '1.00' }] });
    expect(unknown.productVariantsBulkUpdate).toEqual({ productVariants: null, userErrors: [{ field: ['variants', '0', 'id'], message: 'Product variant does not exist', code: 'PRODUCT_VARIANT_DOES_NOT_EXIST' }] });
    const negative = await gql<{ productVariantsBulkUpdate: { userErrors: UserError[] } }>(bulkUpdate, { id: p.id, variants: [{ id: m.id, price: '-1.00' }] });
    expect(negative.productVariantsBulkUpdate.userErrors[0]).toMatchObject({ code: 'NEGATIVE_PRICE_VALUE', field: ['variants', '0', 'price'] });

    const bulkDelete = `mutation BD($id: ID!, $ids: [ID!]!) { productVariantsBulkDelete(productId: $id, variantsIds: $ids) { product { variants(first: 10) { nodes { id title } } options { values } } userErrors { field message code } } }`;
    const deleted = await gql<{ productVariantsBulkDelete: { product: { variants: { nodes: { title: string }[] }; options: { values: string[] }[] }; userErrors: UserError[] } }>(bulkDelete, { id: p.id, ids: [m.id] });
    expect(deleted.productVariantsBulkDelete.userErrors).toEqual([]);
    expect(deleted.productVariantsBulkDelete.product.variants.nodes.map((v) => v.title)).toEqual(['S', 'L']);
    expect(deleted.productVariantsBulkDelete.product.options[0]!.values).toEqual(['S', 'L']);

    const all = (await gql<{ product: { variants: { nodes: { id: string }[] } } }>(`query R($id: ID!) { product(id: $id) { variants(first: 10) { nodes { id } } } }`, { id: p.id })).product.variants.nodes.map((v) => v.id);
    const last = await gql<{ productVariantsBulkDelete: { userErrors: UserError[] } }>(bulkDelete, { id: p.id, ids: all });
    expect(last.productVariantsBulkDelete.userErrors[0]).toMatchObject({ code: 'CANNOT_DELETE_LAST_VARIANT' });
    const missing = await gql<{ productVariantsBulkDelete: { userErrors: UserError[] } }>(bulkDelete, { id: 'gid://shopify/Product/9', ids: all });
    expect(missing.productVariantsBulkDelete.userErrors[0]).toMatchObject({ code: 'PRODUCT_DOES_NOT_EXIST', field: ['productId'] });
  });

  it('given a product with only the default variant, when variants are bulk created with REMOVE_STANDALONE_VARIANT, then they replace it', async () => {
    const p = (await create({ title: 'Summit Daypack' })).product!;
    expect(p.variants.nodes.map((v) => v.title)).toEqual(['Default Title']);
    const data = await gql<{ productVariantsBulkCreate: { product: ProductShape; userErrors: UserError[] } }>(
      `mutation BC($id: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkCreate(productId: $id, variants: $variants, strategy: REMOVE_STANDALONE_VARIANT) { product { ${PRODUCT_FIELDS} } userErrors { field message code } } }`,
      { id: p.id, variants: ['Olive', 'Slate'].map((c) => ({ optionValues: [{ optionName: 'Color', name: c }], price: '79.00', inventoryItem: { sku: `SD-${c.toUpperCase()}` } })) },
    );
    expect(data.productVariantsBulkCreate.userErrors).toEqual([]);
    const product = data.productVariantsBulkCreate.product;
    expect(product.options.map((o) => [o.name, o.values])).toEqual([['Color', ['Olive', 'Slate']]]);
    expect(product.variants.nodes.map((v) => [v.title, v.sku, v.price, v.position])).toEqual([
      ['Olive', 'SD-OLIVE', '79.00', 1],
      ['Slate', 'SD-SLATE', '79.00', 2],
    ]);
  });

  it('given webhook subscriptions, when listed and deleted, then the API reflects it and bad addresses are refused', async () => {
    const create = `mutation W($topic: WebhookSubscriptionTopic!, $url: URL!) { webhookSubscriptionCreate(topic: $topic, webhookSubscription: { callbackUrl: $url, format: JSON }) { webhookSubscription { id topic format } userErrors { field message } } }`;
    const ok = await gql<{ webhookSubscriptionCreate: { webhookSubscription: { id: string; topic: string; format: string }; userErrors: UserError[] } }>(create, { topic: 'PRODUCTS_UPDATE', url: 'https://hooks.example.com/shopify' });
    expect(ok.webhookSubscriptionCreate.webhookSubscription).toMatchObject({ topic: 'PRODUCTS_UPDATE', format: 'JSON' });
    const taken = await gql<{ webhookSubscriptionCreate: { userErrors: UserError[] } }>(create, { topic: 'PRODUCTS_UPDATE', url: 'https://hooks.example.com/shopify' });
    expect(taken.webhookSubscriptionCreate.userErrors).toEqual([{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address for this topic has already been taken' }]);
    const plain = await gql<{ webhookSubscriptionCreate: { userErrors: UserError[] } }>(create, { topic: 'PRODUCTS_CREATE', url: 'http://hooks.example.com/shopify' });
    expect(plain.webhookSubscriptionCreate.userErrors[0]!.message).toBe('Address protocol http:// is not supported');

    const list = await gql<{ webhookSubscriptions: { nodes: { id: string; topic: string; endpoint: { callbackUrl: string } }[] } }>(`{ webhookSubscriptions(first: 10, topics: [PRODUCTS_UPDATE]) { nodes { id topic endpoint { ... on WebhookHttpEndpoint { callbackUrl } } } } }`);
    expect(list.webhookSubscriptions.nodes).toEqual([{ id: ok.webhookSubscriptionCreate.webhookSubscription.id, topic: 'PRODUCTS_UPDATE', endpoint: { callbackUrl: 'https://hooks.example.com/shopify' } }]);
    const del = await gql<{ webhookSubscriptionDelete: { deletedWebhookSubscriptionId: string; userErrors: UserError[] } }>(`mutation D($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }`, { id: ok.webhookSubscriptionCreate.webhookSubscription.id });
    expect(del.webhookSubscriptionDelete).toEqual({ deletedWebhookSubscriptionId: ok.webhookSubscriptionCreate.webhookSubscription.id, userErrors: [] });
    expect(h.sandbox.state.webhookSubscriptions.size).toBe(0);
  });

  it('given all those mutations, then none of them broke the contract', () => {
    expect(h.sandbox.server.violations).toEqual([]);
  });
});
