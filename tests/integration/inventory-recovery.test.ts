import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { InventoryResult } from '../../activities/inventory';
import type { InventoryState } from '../../activities/inventory-state';
import { parseConfig } from '../../config/load';
import { createConnectors, inventoryChannelOf } from '../../connectors/registry';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { createStore } from '../../store';
import type { Store } from '../../store/types';

/**
 * A stock write the worker made and died before recording (SIGKILL between
 * the vendor's answer and the store), followed by a sale in that channel
 * before the retried activity looks: the retry must count the sale, not our
 * own write. Runs the real activities against the sandboxes over HTTP.
 */

const SHOP_LOCATION = 'gid://shopify/Location/70000000001';
const POS_LOCATION = 'LRECOVER01';
const SECRETS = { SHOPIFY_TOKEN: 'shpat_recover', SHOPIFY_WEBHOOK_SECRET: 'recover-secret', SQUARE_TOKEN: 'EAAA_recover', SQUARE_WEBHOOK_SIGNATURE_KEY: 'recover-key' };

let shopify: ShopifySandbox;
let square: SquareSandbox;
let squareUrl: string;
let store: Store;
let dir: string;
let activities: ReturnType<typeof createActivities>;
let connectors: Awaited<ReturnType<typeof createConnectors>>;
const env = new MockActivityEnvironment();

interface Key {
  variantId: string;
  shopVariant: string;
  inventoryItem: string;
  variation: string;
}
const keys: Key[] = [];

beforeAll(async () => {
  shopify = createShopifySandbox({ shop: 'recover.myshopify.com', accessToken: SECRETS.SHOPIFY_TOKEN, webhookSecret: SECRETS.SHOPIFY_WEBHOOK_SECRET, seed: { products: 3, seed: 7 }, limits: 'off' });
  square = createSquareSandbox({ accessToken: SECRETS.SQUARE_TOKEN, webhookSignatureKey: SECRETS.SQUARE_WEBHOOK_SIGNATURE_KEY, locations: [{ id: POS_LOCATION, name: 'Main', currency: 'USD' }], limits: 'off' });
  const shopifyUrl = await shopify.start(0);
  squareUrl = await square.start(0);
  dir = mkdtempSync(path.join(os.tmpdir(), 'sy-recover-'));
  const yaml = `store: { kind: sqlite, path: ${JSON.stringify(path.join(dir, 'switchyard.db'))} }
connectors:
  shop: { kind: shopify, shop: recover.myshopify.com, accessToken: { env: SHOPIFY_TOKEN }, webhookSecret: { env: SHOPIFY_WEBHOOK_SECRET }, baseUrl: ${shopifyUrl} }
  pos: { kind: square, accessToken: { env: SQUARE_TOKEN }, webhookSignatureKey: { env: SQUARE_WEBHOOK_SIGNATURE_KEY }, baseUrl: ${squareUrl}, locations: { main: ${POS_LOCATION} }, currency: USD }
flows:
  - { id: catalog, entity: product, from: shop, to: [pos] }
  - id: stock
    entity: inventory
    from: shop
    to: [pos]
    locations: { main: { shop: "${SHOP_LOCATION}", pos: ${POS_LOCATION} } }
`;
  const loaded = parseConfig(yaml, 'recover.yaml', SECRETS);
  store = await createStore({ kind: 'sqlite', path: path.join(dir, 'switchyard.db') });
  connectors = await createConnectors(loaded.config, loaded.secret);
  activities = createActivities({ flows: new Map(loaded.config.flows.map((f) => [f.id, f])), store, connectors });
  await env.run(activities.syncCatalogPage, { flowId: 'catalog', cursor: null });
  for (const product of await store.listRecordIds('product', { afterId: null, limit: 10 })) keys.push(...(await variantKeys(product)));
}, 60_000);

afterAll(async () => {
  await store?.close();
  await shopify?.stop();
  await square?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function variantKeys(productId: string): Promise<Key[]> {
  const rec = (await store.getRecords('product', [productId])).get(productId)!;
  const p = JSON.parse(rec.data) as { variants: { id: string; externalRefs: { connector: string; type: string; id: string }[] }[] };
  const links = await store.findByCanonical('pos', p.variants.map((v) => v.id));
  const items = await inventoryChannelOf(connectors.get('shop')!).inventoryItems(p.variants.map((v) => v.externalRefs.find((r) => r.connector === 'shop')!.id));
  return p.variants.map((v) => {
    const shopVariant = v.externalRefs.find((r) => r.connector === 'shop' && r.type === 'ProductVariant')!.id;
    return { variantId: v.id, shopVariant, inventoryItem: items.get(shopVariant)!, variation: links.find((l) => l.canonicalId === v.id && l.externalType === 'ITEM_VARIATION')!.externalId };
  });
}

async function levels(k: Key): Promise<{ shop: number; pos: number }> {
  const shop = inventoryChannelOf(connectors.get('shop')!);
  const pos = inventoryChannelOf(connectors.get('pos')!);
  const s = await shop.readLevels([{ itemId: k.inventoryItem, locationId: SHOP_LOCATION }]);
  const q = await pos.readLevels([{ itemId: k.variation, locationId: POS_LOCATION }]);
  return { shop: [...s.values()][0]!, pos: [...q.values()][0]! };
}

async function state(k: Key): Promise<{ state: InventoryState; hash: string }> {
  const id = `inv:stock:${k.variantId}:main`;
  const rec = (await store.getRecords('inventory_state', [id])).get(id)!;
  return { state: JSON.parse(rec.data) as InventoryState, hash: rec.hash };
}

/** A merchant's stock correction in the Shopify admin. */
async function setShopify(k: Key, quantity: number): Promise<void> {
  const compareQuantity = (await levels(k)).shop;
  const res = await fetch(`${shopify.baseUrl}/admin/api/2025-01/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': SECRETS.SHOPIFY_TOKEN },
    body: JSON.stringify({ query: 'mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }', variables: { input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: k.inventoryItem, locationId: SHOP_LOCATION, quantity, compareQuantity }] } } }),
  });
  expect(await res.text()).toContain('"userErrors":[]');
}

async function squareSale(k: Key, quantity: number): Promise<void> {
  const res = await fetch(`${squareUrl}/_sandbox/dashboard/sales`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locationId: POS_LOCATION, lines: [{ variationId: k.variation, quantity }], tender: 'CASH' }),
  });
  expect(res.status, await res.text()).toBe(200);
}

/**
 * What an entity pass leaves behind when it dies right after the Square call:
 * shared stock already moved to `to` (a Shopify sale), the Square write to
 * `to` recorded as pending and — if `landed` — taken by Square.
 */
async function crashedPass(k: Key, to: number, landed: boolean): Promise<void> {
  const { state: s, hash } = await state(k);
  const from = s.systems.pos!;
  s.canonical = to;
  s.systems.shop = to;
  s.seq += 1;
  s.pending.pos = { from, to, key: `inv:stock:${k.variantId}:main:${s.seq}:pos`, at: new Date().toISOString() };
  expect(await store.putRecordIf({ entity: 'inventory_state', canonicalId: `inv:stock:${k.variantId}:main`, hash: `${s.seq}`, data: JSON.stringify(s), updatedAt: new Date().toISOString(), deleted: false }, hash)).toBe(true);
  await setShopify(k, to);
  if (landed) {
    const p = s.pending.pos;
    await inventoryChannelOf(connectors.get('pos')!).writeLevel({ itemId: k.variation, locationId: POS_LOCATION }, { expected: p.from, target: p.to, idempotencyKey: p.key, reason: 'correction', occurredAt: p.at });
  }
}

describe('a stock write the worker never confirmed', () => {
  it('given 10 in stock in Shopify, when each key is first seen, then Square holds 10 too and no back-in-stock is recorded (nothing came back)', async () => {
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const k of keys.slice(0, 2)) {
      await setShopify(k, 10);
      const r: InventoryResult = await env.run(activities.applyInventory, { flowId: 'stock', variantId: k.variantId, location: 'main', connectors: ['shop'] });
      expect(r.events).toEqual([]);
      expect(await levels(k)).toEqual({ shop: 10, pos: 10 });
      expect((await state(k)).state.canonical).toBe(10);
    }
    expect(await store.listEvents({ type: 'back_in_stock' })).toEqual([]);
  }, 30_000);

  it('given Square took our write and the worker died before recording it, when the POS sells 1 before the retry, then the retry counts the sale and not our write', async () => {
    const k = keys[0]!;
    const start = (await levels(k)).shop;
    await crashedPass(k, start - 2, true);
    await squareSale(k, 1);
    const r: InventoryResult = await env.run(activities.applyInventory, { flowId: 'stock', variantId: k.variantId, location: 'main', connectors: ['pos'] });
    expect(r.canonical).toBe(start - 3);
    expect(await levels(k)).toEqual({ shop: start - 3, pos: start - 3 });
    expect((await state(k)).state.pending).toEqual({});
  }, 30_000);

  it('given the worker died before sending the write, when the POS sells 1 before the retry, then the write goes out once and the sale counts', async () => {
    const k = keys[1]!;
    const start = (await levels(k)).shop;
    await crashedPass(k, start - 2, false);
    await squareSale(k, 1);
    const r: InventoryResult = await env.run(activities.applyInventory, { flowId: 'stock', variantId: k.variantId, location: 'main', connectors: ['pos'] });
    expect(r.canonical).toBe(start - 3);
    expect(await levels(k)).toEqual({ shop: start - 3, pos: start - 3 });
  }, 30_000);
});
