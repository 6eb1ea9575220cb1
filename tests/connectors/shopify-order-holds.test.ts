import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopifyConnectorConfig } from '../../config/schema';
import { createShopifyConnector, type ShopifyConnector } from '../../connectors/shopify';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';

/**
 * Holding the order that oversold, against the Shopify sandbox (2025-01
 * schema, cost): the newest open order for the variant at the location is
 * held, a repeat holds nothing more, and a release lifts exactly that hold.
 */
const SHOP = 'holds-test.myshopify.com';
const TOKEN = 'shpat_holds_test';
const MAIN = 'gid://shopify/Location/70000000001';

let sandbox: ShopifySandbox;
let shopify: ShopifyConnector;
let variants: { id: string; sku: string | null }[];

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await sandbox.graphql(query, variables);
  const body = res.body as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function checkout(variantId: string, quantity = 1, channel: 'online' | 'pos' = 'online'): string {
  const order = sandbox.admin.placeOrder({ lineItems: [{ variantId, quantity }], locationId: MAIN, channel }) as { admin_graphql_api_id: string };
  return order.admin_graphql_api_id;
}

interface FoView { id: string; status: string; fulfillmentHolds: { id: string; reason: string; handle: string | null }[] }

async function fulfillmentOrder(orderId: string): Promise<FoView> {
  const d = await gql<{ order: { fulfillmentOrders: { nodes: FoView[] } } }>(
    'query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id status fulfillmentHolds { id reason handle } } } } }',
    { id: orderId },
  );
  return d.order.fulfillmentOrders.nodes[0]!;
}

const hold = (variantExternalId: string, handle: string) => shopify.inventory.holdLatestOrder!({ variantExternalId, locationId: MAIN, handle, note: 'oversold' });

beforeAll(async () => {
  sandbox = createShopifySandbox({ shop: SHOP, accessToken: TOKEN, webhookSecret: 'holds-secret', seed: { products: 3, seed: 5 }, limits: 'realistic' });
  await sandbox.start();
  const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop: SHOP, accessToken: { env: 'T' }, webhookSecret: { env: 'S' }, apiVersion: '2025-01', baseUrl: sandbox.baseUrl };
  shopify = createShopifyConnector('shop', cfg, (ref) => (ref.env === 'T' ? TOKEN : 'holds-secret'));
  const d = await gql<{ products: { nodes: { variants: { nodes: { id: string; sku: string | null }[] } }[] } }>('{ products(first: 3) { nodes { variants(first: 10) { nodes { id sku } } } } }');
  variants = d.products.nodes.flatMap((p) => p.variants.nodes);
}, 30_000);
afterAll(async () => {
  await sandbox?.stop();
});

describe('Shopify order holds', () => {
  it('given two open orders for a variant, when the oversell hold is placed twice, then only the newer order is held, once, out of stock', async () => {
    const v = variants.find((x) => x.sku)!;
    const older = checkout(v.id);
    const newer = checkout(v.id);
    // Another variant's order placed after both: not the one that oversold.
    checkout(variants.find((x) => x.id !== v.id)!.id);

    const first = await hold(v.id, 'switchyard-oversell-1');
    expect(first).toMatchObject({ orderId: newer, alreadyHeld: false });
    const again = await hold(v.id, 'switchyard-oversell-1');
    expect(again).toEqual({ ...first, alreadyHeld: true });

    const fo = await fulfillmentOrder(newer);
    expect(fo.status).toBe('ON_HOLD');
    expect(fo.fulfillmentHolds).toEqual([{ id: first!.holdId, reason: 'INVENTORY_OUT_OF_STOCK', handle: 'switchyard-oversell-1' }]);
    expect((await fulfillmentOrder(older)).status).toBe('OPEN');
    expect(sandbox.server.violations).toEqual([]);
  });

  it('given a held order, when its hold is released, then it is open again; released twice, nothing fails', async () => {
    const v = variants.filter((x) => x.sku)[1]!;
    const orderId = checkout(v.id);
    const held = (await hold(v.id, 'switchyard-oversell-2'))!;
    await shopify.inventory.releaseHold!({ fulfillmentOrderId: held.fulfillmentOrderId, holdId: held.holdId });
    expect(await fulfillmentOrder(orderId)).toMatchObject({ status: 'OPEN', fulfillmentHolds: [] });
    await shopify.inventory.releaseHold!({ fulfillmentOrderId: held.fulfillmentOrderId, holdId: held.holdId });
    expect(sandbox.server.violations).toEqual([]);
  });

  it('given only a POS sale (fulfilled at the counter) for a variant, when a hold is asked, then there is nothing to hold', async () => {
    const v = variants.filter((x) => x.sku)[2]!;
    checkout(v.id, 1, 'pos');
    expect(await hold(v.id, 'switchyard-oversell-3')).toBeNull();
  });
});
