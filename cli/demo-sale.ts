import { SquareClient } from 'square';
import { loadConfig } from '../config/load';
import type { Store } from '../store/types';
import { demoEnvDefaults } from '../sandboxes/demo';
import { readManifest, shopifyAdmin } from './sandbox-admin';

/**
 * The demo's "stock moves both ways" moment: a sale made the way the shop
 * makes it — rung up at the Square counter, or a Shopify checkout — then
 * polling the OTHER channel's own API until its stock shows the sale. Prints
 * both levels before and after and the end-to-end latency. `both`: the last
 * unit sold in both channels at once, then where stock and the Shopify order
 * ended under the flow's oversell policy.
 */
export async function demoSale(opts: { channel: 'pos' | 'shop' | 'both'; quantity: number; variant?: string; manifest: string; config: string }, store?: Store): Promise<number> {
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

  type V = { id: string; sku: string | null; inventoryItem: { id: string; inventoryLevel: { quantities: { quantity: number }[] } | null } };
  const variantQuery = `query($id: ID!, $loc: ID!) { productVariant(id: $id) { id sku inventoryItem { id inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } } } }`;
  const variant = async (id: string): Promise<V | null> => (await gql<{ productVariant: V | null }>(variantQuery, { id, loc: shopLocation })).productVariant;
  let variantId = opts.variant;
  if (!variantId) {
    type Listed = { id: string; inventoryItem: { inventoryLevel: { quantities: { quantity: number }[] } | null } };
    const first = await gql<{ products: { nodes: { variants: { nodes: Listed[] } }[] } }>(
      `query($loc: ID!) { products(first: 5) { nodes { variants(first: 5) { nodes { id inventoryItem { inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } } } } } } }`,
      { loc: shopLocation },
    );
    const listed = first.products.nodes.flatMap((p) => p.variants.nodes);
    // A sale needs stock, and the last-unit sale stock that owes nothing: a variant left at 0 by an earlier oversell may be in debt.
    const inStock = listed.find((v) => (v.inventoryItem.inventoryLevel?.quantities[0]?.quantity ?? 0) > 0);
    variantId = inStock?.id;
  }
  const picked = variantId ? await variant(variantId) : null;
  const sku = picked?.sku;
  if (!picked || !sku) throw new Error('no variant in stock with a SKU in the Shopify sandbox (or pass --variant)');
  const found = await square.catalog.search({ objectTypes: ['ITEM_VARIATION'], query: { exactQuery: { attributeName: 'sku', attributeValue: sku } } });
  const variationId = found.objects?.[0]?.id;
  if (!variationId) throw new Error(`SKU ${sku} is not in Square yet: run the catalog backfill first`);

  const shopifyLevel = async (): Promise<number> => (await variant(picked.id))?.inventoryItem.inventoryLevel?.quantities[0]?.quantity ?? 0;
  const squareLevel = async (): Promise<number> => {
    const page = await square.inventory.batchGetCounts({ catalogObjectIds: [variationId], locationIds: [posLocation], states: ['IN_STOCK'] });
    return Number(page.response.counts?.[0]?.quantity ?? 0);
  };
  const counterSale = async (quantity: number): Promise<void> => {
    const res = await fetch(`${m.square.baseUrl}/_sandbox/dashboard/sales`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locationId: posLocation, lines: [{ variationId, quantity }], tender: 'CASH' }) });
    if (!res.ok) throw new Error(`Square sandbox refused the sale: ${await res.text()}`);
    process.stdout.write(`Square counter: sold ${quantity} × ${sku}\n`);
  };
  const checkout = async (quantity: number): Promise<string> => {
    const res = await fetch(`${m.shopify.baseUrl}/_sandbox/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lineItems: [{ variantId: picked.id, quantity }], locationId: shopLocation }) });
    if (!res.ok) throw new Error(`Shopify sandbox refused the checkout: ${await res.text()}`);
    const order = ((await res.json()) as { order: { admin_graphql_api_id: string; name: string } }).order;
    process.stdout.write(`Shopify checkout: sold ${quantity} × ${sku} (order ${order.name})\n`);
    return order.admin_graphql_api_id;
  };
  let before = { shopify: await shopifyLevel(), square: await squareLevel() };
  process.stdout.write(`${sku} at ${locationName}: Shopify ${before.shopify}, Square ${before.square}\n`);

  if (opts.channel === 'both') {
    // The last unit: the merchant sets Shopify to 1 and waits for Square to show it, then both channels sell it at once.
    const set = await gql<{ inventorySetQuantities: { userErrors: { message: string }[] } }>(
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message } } }`,
      { input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: picked.inventoryItem.id, locationId: shopLocation, quantity: 1, compareQuantity: before.shopify }] } },
    );
    if (set.inventorySetQuantities.userErrors.length) throw new Error(`Shopify refused the stock count: ${set.inventorySetQuantities.userErrors[0]!.message}`);
    if (!(await until(async () => (await squareLevel()) === 1, 30_000))) return fail('Square never showed the count of 1 — is `npm start` running?');
    before = { shopify: await shopifyLevel(), square: await squareLevel() };
    process.stdout.write(`last unit: Shopify ${before.shopify}, Square ${before.square}; both channels sell it at once\n`);
    if (!store) throw new Error('the last-unit demo reads the event stream: a store is needed');
    const canonicalId = (await store.findByExternal(shopConnector, 'ProductVariant', [picked.id])).get(picked.id)?.canonicalId;
    if (!canonicalId) throw new Error(`${picked.id} is not linked yet: run the catalog backfill first`);
    const oversells = async () => (await store.listEvents({ type: 'oversell', newestFirst: true, limit: 50 })).filter((e) => e.canonicalId === canonicalId);
    const known = new Set((await oversells()).map((e) => e.id));
    const t0 = Date.now();
    const [orderId] = await Promise.all([checkout(1), counterSale(1)]);
    let event: { data: string } | undefined;
    if (!(await until(async () => (event = (await oversells()).find((e) => !known.has(e.id))) !== undefined, 30_000))) {
      return fail('no oversell was recorded within 30 s — is `npm start` running?');
    }
    const d = JSON.parse(event!.data) as { before: number; after: number; laterSeller: string };
    process.stdout.write(`oversell recorded ${Date.now() - t0} ms later: shared stock ${d.before} → ${d.after}, the later sale in ${d.laterSeller}\n`);
    const policy = flow.oversell?.action ?? 'zero-channels';
    const settled = async (): Promise<boolean> => {
      const [a, b] = [await shopifyLevel(), await squareLevel()];
      return a === b && a === (policy === 'mirror' ? d.after : 0);
    };
    await until(settled, 10_000);
    process.stdout.write(`now Shopify ${await shopifyLevel()}, Square ${await squareLevel()} (oversell policy: ${policy})\n`);
    type Fo = { status: string; fulfillmentHolds: { displayReason: string }[] };
    const orderView = async (): Promise<{ name: string; fulfillmentOrders: { nodes: Fo[] } }> =>
      (await gql<{ order: { name: string; fulfillmentOrders: { nodes: Fo[] } } }>(`query($id: ID!) { order(id: $id) { name fulfillmentOrders(first: 1) { nodes { status fulfillmentHolds { displayReason } } } } }`, { id: orderId })).order;
    if (flow.oversell?.action === 'hold-later-order') await until(async () => (await orderView()).fulfillmentOrders.nodes[0]?.status === 'ON_HOLD', 10_000, 500);
    const o = await orderView();
    const fo = o.fulfillmentOrders.nodes[0];
    process.stdout.write(`Shopify order ${o.name}: ${fo?.status ?? 'no fulfillment order'}${fo?.fulfillmentHolds.length ? ` (${fo.fulfillmentHolds.map((h) => h.displayReason).join(', ')})` : ''}\n`);
    return 0;
  }

  const t0 = Date.now();
  if (opts.channel === 'pos') await counterSale(opts.quantity);
  else await checkout(opts.quantity);
  const other = opts.channel === 'pos' ? shopifyLevel : squareLevel;
  const expected = (opts.channel === 'pos' ? before.shopify : before.square) - opts.quantity;
  if (await until(async () => (await other()) <= expected, 30_000)) {
    const after = { shopify: await shopifyLevel(), square: await squareLevel() };
    process.stdout.write(`${opts.channel === 'pos' ? 'Shopify' : 'Square'} shows the sale ${Date.now() - t0} ms later — now Shopify ${after.shopify}, Square ${after.square}\n`);
    return 0;
  }
  return fail(`the sale did not reach ${opts.channel === 'pos' ? 'Shopify' : 'Square'} within 30 s — is \`npm start\` running?`);
}

/** Polls (Shopify reads spend the shop's query budget, which the running sync shares: not too often). */
async function until(ok: () => Promise<boolean>, ms: number, every = 100): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return true;
    await new Promise((r) => setTimeout(r, every));
  }
  return false;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}
