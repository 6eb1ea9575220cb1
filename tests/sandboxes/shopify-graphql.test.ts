import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeViolations } from '../../sandboxes/framework/server';
import { GraphqlQueryError, HttpResponseError } from '@shopify/shopify-api';
import { SHOP, TOKEN, sdkFor, startHarness, type Harness } from './shopify-harness';

interface PageData {
  products: {
    edges: { cursor: string; node: { id: string; legacyResourceId: string; updatedAt: string; status: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

const PAGE = `query Page($first: Int, $last: Int, $after: String, $before: String, $query: String) {
  products(first: $first, last: $last, after: $after, before: $before, query: $query) {
    edges { cursor node { id legacyResourceId updatedAt status } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('Shopify sandbox: Admin GraphQL queries through the official SDK', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: { products: 30, seed: 11 } });
  });
  afterAll(async () => {
    await h.close();
  });

  async function allPages(pageSize: number, query?: string): Promise<{ ids: string[]; pages: PageData['products'][] }> {
    const ids: string[] = [];
    const pages: PageData['products'][] = [];
    let after: string | null = null;
    do {
      const page: PageData['products'] = (await h.client.request<PageData>(PAGE, { variables: { first: pageSize, after, query } })).data!.products;
      pages.push(page);
      ids.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { ids, pages };
  }

  it('given a seeded shop, when the SDK reads shop and a product, then the data comes back shaped by the 2025-01 schema', async () => {
    const res = await h.client.request<{ shop: Record<string, string>; products: { nodes: { id: string; variants: { nodes: { id: string; price: string; inventoryItem: { id: string } }[] } }[] } }>(
      `{ shop { id name email currencyCode myshopifyDomain ianaTimezone }
         products(first: 1) { nodes { id variants(first: 10) { nodes { id price inventoryItem { id } } } } } }`,
    );
    expect(res.data!.shop).toMatchObject({ name: 'Demo Outfitters', currencyCode: 'USD', myshopifyDomain: SHOP, ianaTimezone: 'America/New_York' });
    expect(res.data!.shop.id).toMatch(/^gid:\/\/shopify\/Shop\/\d+$/);
    const product = res.data!.products.nodes[0]!;
    expect(product.id).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
    for (const v of product.variants.nodes) {
      expect(v.id).toMatch(/^gid:\/\/shopify\/ProductVariant\/\d+$/);
      expect(v.price).toMatch(/^\d+\.\d{2}$/);
      expect(v.inventoryItem.id).toMatch(/^gid:\/\/shopify\/InventoryItem\/\d+$/);
    }
    expect(res.extensions).toMatchObject({ cost: { requestedQueryCost: expect.any(Number), throttleStatus: expect.any(Object) } });
  });

  it('given 30 products, when paging forward 7 at a time, then every product is seen exactly once in id order', async () => {
    const { ids, pages } = await allPages(7);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const numeric = ids.map((id) => Number(id.split('/').pop()));
    expect([...numeric].sort((a, b) => a - b)).toEqual(numeric);
    expect(pages).toHaveLength(5);
    expect(pages[0]!.pageInfo.hasPreviousPage).toBe(false);
    expect(pages[1]!.pageInfo.hasPreviousPage).toBe(true);
    expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
    expect(pages.at(-1)!.edges).toHaveLength(2);
    for (const p of pages) {
      expect(p.pageInfo.startCursor).toBe(p.edges[0]!.cursor);
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)!.cursor);
    }
  });

  it('given the last cursor, when paging backward with last/before, then the same products come back in the same order', async () => {
    const forward = (await allPages(30)).ids;
    const backward: string[] = [];
    let before: string | null = null;
    let hasPrevious = true;
    while (hasPrevious) {
      const page: PageData['products'] = (await h.client.request<PageData>(PAGE, { variables: { last: 8, before } })).data!.products;
      backward.unshift(...page.edges.map((e) => e.node.id));
      hasPrevious = page.pageInfo.hasPreviousPage;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it('given a cursor whose product is then deleted, when the next page is requested, then paging continues without gaps or duplicates', async () => {
    const first = await h.client.request<PageData>(PAGE, { variables: { first: 5 } });
    const page = first.data!.products;
    h.sandbox.admin.deleteProduct(page.edges.at(-1)!.node.id);
    const next = await h.client.request<PageData>(PAGE, { variables: { first: 5, after: page.pageInfo.endCursor } });
    const all = (await allPages(50)).ids;
    const expected = all.slice(4, 9);
    expect(next.data!.products.edges.map((e) => e.node.id)).toEqual(expected);
  });

  it("given the search syntax, when filtering by updated_at:>'…' and status:active, then exactly the matching products are returned", async () => {
    const everything = await h.client.request<PageData>(PAGE, { variables: { first: 250 } });
    const nodes = everything.data!.products.edges.map((e) => e.node);
    const cutoff = '2024-06-01T00:00:00Z';
    const expected = nodes.filter((n) => n.updatedAt > cutoff && n.status === 'ACTIVE').map((n) => n.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(nodes.length);
    const { ids } = await allPages(4, `updated_at:>'${cutoff}' status:active`);
    expect(ids).toEqual(expected);
    const count = await h.client.request<{ productsCount: { count: number; precision: string } }>(`query C($q: String) { productsCount(query: $q) { count precision } }`, {
      variables: { q: `updated_at:>'${cutoff}' AND status:ACTIVE` },
    });
    expect(count.data!.productsCount).toEqual({ count: expected.length, precision: 'EXACT' });
  });

  it('given product and variant gids, when nodes(ids:) is asked, then each resolves to its type and unknown ids to null', async () => {
    const first = await h.client.request<{ products: { nodes: { id: string; variants: { nodes: { id: string }[] } }[] } }>(`{ products(first: 1) { nodes { id variants(first: 1) { nodes { id } } } } }`);
    const p = first.data!.products.nodes[0]!;
    const res = await h.client.request<{ nodes: ({ __typename: string; id: string; title?: string } | null)[] }>(
      `query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Product { title } ... on ProductVariant { title } } }`,
      { variables: { ids: [p.id, p.variants.nodes[0]!.id, 'gid://shopify/Product/1'] } },
    );
    expect(res.data!.nodes.map((n) => n?.__typename ?? null)).toEqual(['Product', 'ProductVariant', null]);
  });

  it('given a wrong access token, when calling the API, then HTTP 401 with Shopify’s body comes back (raw and through the SDK)', async () => {
    const raw = await fetch(`${h.sandbox.baseUrl}/admin/api/2025-01/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': 'shpat_wrong' },
      body: JSON.stringify({ query: '{ shop { id } }' }),
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    const missing = await fetch(`${h.sandbox.baseUrl}/admin/api/2025-01/graphql.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ shop { id } }"}' });
    expect(missing.status).toBe(401);

    const wrong = sdkFor('shpat_wrong');
    const client = new wrong.clients.Graphql({ session: wrong.session.customAppSession(SHOP) });
    const err = await client.request('{ shop { id } }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpResponseError);
    expect((err as HttpResponseError).response.code).toBe(401);
  });

  it('given another API version in the path, when calling it, then 404 like Shopify', async () => {
    const res = await fetch(`${h.sandbox.baseUrl}/admin/api/2024-01/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': TOKEN },
      body: JSON.stringify({ query: '{ shop { id } }' }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: 'Not Found' });
  });

  it('given an invalid document, when sent, then Shopify’s error shape comes back and a contract violation is recorded', async () => {
    const before = h.sandbox.server.violations.length;
    const err = await h.client.request('{ products(first: 2) { nodes { id colour } } }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphqlQueryError);
    const body = (err as GraphqlQueryError).body as { errors: { graphQLErrors: unknown[] } };
    expect(body.errors.graphQLErrors).toEqual([
      {
        message: "Field 'colour' doesn't exist on type 'Product'",
        locations: [{ line: 1, column: 35 }],
        path: ['query', 'products', 'nodes', 'colour'],
        extensions: { code: 'undefinedField', typeName: 'Product', fieldName: 'colour' },
      },
    ]);
    const added = takeViolations(h.sandbox.server).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]!.messages[0]).toContain("Field 'colour' doesn't exist on type 'Product'");
  });

  it('given a connection without first or last, when queried, then Shopify’s pagination error is returned', async () => {
    const err = await h.client.request('{ products { nodes { id } } }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphqlQueryError);
    expect((err as GraphqlQueryError).message).toBe('you must provide one of first or last');
  });

  it('given a field the sandbox does not model, when queried, then the gap is reported as a violation instead of silently returning null', async () => {
    const before = h.sandbox.server.violations.length;
    await h.client.request('{ products(first: 1) { nodes { id resourcePublicationsCount { count } } } }').catch(() => undefined);
    expect(takeViolations(h.sandbox.server).slice(before).flatMap((v) => v.messages)).toEqual([expect.stringContaining('Product.resourcePublicationsCount is not implemented')]);
  });
});
