import { SquareClient } from 'square';
import { readManifest, shopifyAdmin } from './sandbox-admin';

/**
 * The demo's "admin edits a product in Shopify" moment: a productUpdate sent
 * to the Shopify sandbox's Admin GraphQL endpoint exactly as the admin (or
 * curl) would send it, then polling Square's own API until the item shows the
 * change. Prints the end-to-end latency.
 */
export async function demoEdit(opts: { title: string; product?: string; manifest: string }): Promise<number> {
  const m = readManifest(opts.manifest);
  const gql = shopifyAdmin(m);
  type P = { id: string; title: string; variants: { nodes: { sku: string | null }[] } };
  const product = opts.product
    ? (await gql<{ product: P | null }>('query($id: ID!) { product(id: $id) { id title variants(first: 1) { nodes { sku } } } }', { id: opts.product })).product
    : (await gql<{ products: { nodes: P[] } }>('{ products(first: 1) { nodes { id title variants(first: 1) { nodes { sku } } } } }', {})).products.nodes[0];
  if (!product) throw new Error('no such product in the Shopify sandbox');
  const sku = product.variants.nodes[0]?.sku;
  if (!sku) throw new Error(`product ${product.id} has no SKU to find it by in Square`);

  const t0 = Date.now();
  await gql('mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { product { id title } userErrors { field message } } }', { p: { id: product.id, title: opts.title } });
  process.stdout.write(`Shopify: ${product.id} "${product.title}" → "${opts.title}"\n`);

  const square = new SquareClient({ token: m.square.accessToken, baseUrl: m.square.baseUrl });
  const deadline = t0 + 30_000;
  while (Date.now() < deadline) {
    const found = await square.catalog.search({ objectTypes: ['ITEM_VARIATION'], query: { exactQuery: { attributeName: 'sku', attributeValue: sku } } });
    const variation = found.objects?.[0];
    const itemId = variation?.type === 'ITEM_VARIATION' ? variation.itemVariationData?.itemId : undefined;
    if (itemId) {
      const item = await square.catalog.object.get({ objectId: itemId });
      const obj = item.object;
      if (obj?.type === 'ITEM' && obj.itemData?.name === opts.title) {
        process.stdout.write(`Square: item ${itemId} now "${opts.title}" — ${Date.now() - t0} ms after the edit\n`);
        return 0;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stderr.write('Square did not show the change within 30 s — is `npm start` running?\n');
  return 1;
}
