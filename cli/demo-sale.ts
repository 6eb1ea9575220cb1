import { SquareClient } from 'square';
import { loadConfig } from '../config/load';
import { demoEnvDefaults } from '../sandboxes/demo';
import { readManifest, shopifyAdmin } from './sandbox-admin';

/**
 * The demo's "stock moves both ways" moment: a sale made the way the shop
 * makes it — rung up at the Square counter, or a Shopify checkout — then
 * polling the OTHER channel's own API until its stock shows the sale. Prints
 * both levels before and after and the end-to-end latency.
 */
export async function demoSale(opts: { channel: 'pos' | 'shop'; quantity: number; variant?: string; manifest: string; config: string }): Promise<number> {
  const m = readManifest(opts.manifest);
  for (const [k, v] of Object.entries(demoEnvDefaults())) process.env[k] ??= v;
  process.env.SWITCHYARD_PAYLOAD_KEY ??= Buffer.alloc(32).toString('base64');
  const { config } = loadConfig(opts.config);
  const flow = config.flows.find((f) => f.entity === 'inventory');
  const [locationName, ids] = Object.entries(flow?.locations ?? {})[0] ?? [];
  if (!flow || !ids) throw new Error(`no inventory flow with locations in ${opts.config}`);
  const shopConnector = [flow.from, ...flow.to].find((c) => config.connectors[c]?.kind === 'shopify');
  const posConnector = [flow.from, ...flow.to].find((c) => config.connectors[c]?.kind === 'square');
  if (!shopConnector || !posConnector) throw new Error('the inventory flow must link a Shopify and a Square connector');
  const shopLocation = ids[shopConnector]!;
  const posLocation = ids[posConnector]!;

  const gql = shopifyAdmin(m);
  const square = new SquareClient({ token: m.square.accessToken, baseUrl: m.square.baseUrl });

  type V = { id: string; sku: string | null; inventoryItem: { inventoryLevel: { quantities: { quantity: number }[] } | null } };
  const variantQuery = `query($id: ID!, $loc: ID!) { productVariant(id: $id) { id sku inventoryItem { inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } } } }`;
  const variant = async (id: string): Promise<V | null> => (await gql<{ productVariant: V | null }>(variantQuery, { id, loc: shopLocation })).productVariant;
  let variantId = opts.variant;
  if (!variantId) {
    const first = await gql<{ products: { nodes: { variants: { nodes: { id: string }[] } }[] } }>('{ products(first: 1) { nodes { variants(first: 1) { nodes { id } } } } }');
    variantId = first.products.nodes[0]?.variants.nodes[0]?.id;
  }
  const picked = variantId ? await variant(variantId) : null;
  const sku = picked?.sku;
  if (!picked || !sku) throw new Error('no variant with a SKU in the Shopify sandbox');
  const found = await square.catalog.search({ objectTypes: ['ITEM_VARIATION'], query: { exactQuery: { attributeName: 'sku', attributeValue: sku } } });
  const variationId = found.objects?.[0]?.id;
  if (!variationId) throw new Error(`SKU ${sku} is not in Square yet: run the catalog backfill first`);

  const shopifyLevel = async (): Promise<number> => (await variant(picked.id))?.inventoryItem.inventoryLevel?.quantities[0]?.quantity ?? 0;
  const squareLevel = async (): Promise<number> => {
    const page = await square.inventory.batchGetCounts({ catalogObjectIds: [variationId], locationIds: [posLocation], states: ['IN_STOCK'] });
    return Number(page.response.counts?.[0]?.quantity ?? 0);
  };
  const before = { shopify: await shopifyLevel(), square: await squareLevel() };
  process.stdout.write(`${sku} at ${locationName}: Shopify ${before.shopify}, Square ${before.square}\n`);

  const t0 = Date.now();
  if (opts.channel === 'pos') {
    const res = await fetch(`${m.square.baseUrl}/_sandbox/dashboard/sales`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locationId: posLocation, lines: [{ variationId, quantity: opts.quantity }], tender: 'CASH' }) });
    if (!res.ok) throw new Error(`Square sandbox refused the sale: ${await res.text()}`);
    process.stdout.write(`Square counter: sold ${opts.quantity} × ${sku}\n`);
  } else {
    const res = await fetch(`${m.shopify.baseUrl}/_sandbox/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lineItems: [{ variantId: picked.id, quantity: opts.quantity }], locationId: shopLocation }) });
    if (!res.ok) throw new Error(`Shopify sandbox refused the checkout: ${await res.text()}`);
    process.stdout.write(`Shopify checkout: sold ${opts.quantity} × ${sku}\n`);
  }
  const other = opts.channel === 'pos' ? shopifyLevel : squareLevel;
  const expected = (opts.channel === 'pos' ? before.shopify : before.square) - opts.quantity;
  while (Date.now() < t0 + 30_000) {
    if ((await other()) <= expected) {
      const after = { shopify: await shopifyLevel(), square: await squareLevel() };
      process.stdout.write(`${opts.channel === 'pos' ? 'Shopify' : 'Square'} shows the sale ${Date.now() - t0} ms later — now Shopify ${after.shopify}, Square ${after.square}\n`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stderr.write(`the sale did not reach ${opts.channel === 'pos' ? 'Shopify' : 'Square'} within 30 s — is \`npm start\` running?\n`);
  return 1;
}
