import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxFetch, rewriteUrl } from '../../sandboxes/shopify/sdk-fetch';
import { ShopifyAdminError } from '../../sandboxes/shopify/index';
import { SHOP, startHarness, type Harness } from './shopify-harness';

describe('Shopify sandbox: /_sandbox control routes and merchant helpers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: { products: 12, seed: 4 } });
  });
  afterAll(async () => {
    await h.close();
  });

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${h.sandbox.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('given a running sandbox, when GET /_sandbox/state, then counts and limits are summarised', async () => {
    const { status, json } = await call('GET', '/_sandbox/state');
    expect(status).toBe(200);
    expect(json).toMatchObject({ shop: SHOP, products: 12, variants: h.sandbox.state.products.variantCount, webhookSubscriptions: [], limits: 'off' });
  });

  it('given the merchant routes, when a product is created, edited and deleted over HTTP, then the API sees each change', async () => {
    const created = await call('POST', '/_sandbox/products', { title: 'Basecamp Beanie', vendor: 'Wildfern', options: [{ name: 'Color', values: ['Olive', 'Rust'] }] });
    expect(created.status).toBe(201);
    const product = created.json.product as { id: number; admin_graphql_api_id: string; variants: { option1: string }[]; published_at: string | null };
    expect(product.variants.map((v) => v.option1)).toEqual(['Olive', 'Rust']);
    expect(product.published_at).not.toBeNull();

    const edited = await call('POST', `/_sandbox/products/${product.id}`, { title: 'Basecamp Rib Beanie' });
    expect((edited.json.product as { title: string }).title).toBe('Basecamp Rib Beanie');
    const read = await h.client.request<{ product: { title: string } }>(`query R($id: ID!) { product(id: $id) { title } }`, { variables: { id: product.admin_graphql_api_id } });
    expect(read.data!.product.title).toBe('Basecamp Rib Beanie');

    const invalid = await call('POST', `/_sandbox/products/${product.id}`, { title: '' });
    expect(invalid).toEqual({ status: 422, json: { errors: [{ field: ['title'], message: "Title can't be blank" }] } });
    expect(() => h.sandbox.admin.updateProduct(product.admin_graphql_api_id, { title: '' })).toThrow(ShopifyAdminError);

    expect((await call('DELETE', `/_sandbox/products/${product.id}`)).status).toBe(200);
    expect((await call('GET', `/_sandbox/products/${product.id}`)).status).toBe(404);
  });

  it('given a changed catalogue, when POST /_sandbox/reset, then the seeded catalogue (or a new size) comes back', async () => {
    h.sandbox.admin.deleteProduct('gid://shopify/Product/8000000000001');
    expect(h.sandbox.state.products.size).toBe(11);
    expect((await call('POST', '/_sandbox/reset', {})).json).toMatchObject({ products: 12 });
    expect(h.sandbox.admin.getProduct('gid://shopify/Product/8000000000001')?.title).toBeTruthy();
    expect((await call('POST', '/_sandbox/reset', { products: 40, seed: 4 })).json).toMatchObject({ products: 40 });
  });

  it('given the SDK fetch helper, when URLs are rewritten, then only routed shops move and method, headers and body survive', async () => {
    expect(rewriteUrl(`https://${SHOP}/admin/api/2025-01/graphql.json?x=1`, (host) => (host === SHOP ? 'http://127.0.0.1:9/' : undefined))).toBe('http://127.0.0.1:9/admin/api/2025-01/graphql.json?x=1');
    expect(rewriteUrl('https://other.myshopify.com/admin', () => undefined)).toBeNull();
    const seen: string[] = [];
    const inner = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
      const req = new Request(input, init);
      seen.push(`${req.method} ${req.url} ${req.headers.get('x-shopify-access-token')} ${await req.text()}`);
      return new Response('{}');
    };
    const f = createSandboxFetch((host) => (host === SHOP ? 'http://127.0.0.1:9' : undefined), inner);
    await f(new Request(`https://${SHOP}/admin/api/2025-01/graphql.json`, { method: 'POST', headers: { 'x-shopify-access-token': 't' }, body: '{"query":"{ shop { id } }"}' }));
    await f('https://example.com/elsewhere', { method: 'GET' });
    expect(seen).toEqual(['POST http://127.0.0.1:9/admin/api/2025-01/graphql.json t {"query":"{ shop { id } }"}', 'GET https://example.com/elsewhere null ']);
  });
});
