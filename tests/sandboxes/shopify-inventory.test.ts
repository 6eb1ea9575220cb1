import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signShopifyWebhook } from '../../sandboxes/shopify/index';
import { SECRET, startHarness, subscribe, WebhookReceiver, type Harness } from './shopify-harness';

/** Locations and inventory (Admin GraphQL 2025-01) through the official SDK client. */

let h: Harness;
const hook = new WebhookReceiver();

interface Level {
  location: { id: string };
  quantities: { name: string; quantity: number }[];
}
interface ItemData {
  productVariant: { id: string; inventoryQuantity: number; inventoryItem: { id: string; sku: string; tracked: boolean; inventoryLevels: { nodes: Level[] } } };
}

const ITEM_QUERY = `query Item($id: ID!) {
  productVariant(id: $id) {
    id inventoryQuantity
    inventoryItem { id sku tracked inventoryLevels(first: 10) { nodes { location { id } quantities(names: ["available","on_hand","committed","incoming","reserved"]) { name quantity } } } }
  }
}`;

async function firstVariant(): Promise<string> {
  const res = await h.client.request<{ products: { nodes: { variants: { nodes: { id: string; inventoryQuantity: number }[] } }[] } }>('{ products(first: 10) { nodes { variants(first: 5) { nodes { id inventoryQuantity } } } } }');
  const v = res.data!.products.nodes.flatMap((p) => p.variants.nodes).find((x) => x.inventoryQuantity > 6);
  if (!v) throw new Error('no stocked variant in the seed');
  return v.id;
}

async function item(variantId: string): Promise<ItemData['productVariant']> {
  return (await h.client.request<ItemData>(ITEM_QUERY, { variables: { id: variantId } })).data!.productVariant;
}

function qty(level: Level | undefined, name: string): number {
  return level?.quantities.find((q) => q.name === name)?.quantity ?? Number.NaN;
}

beforeAll(async () => {
  h = await startHarness();
  await hook.start();
  await subscribe(h.client, 'INVENTORY_LEVELS_UPDATE', hook.url);
});

afterAll(async () => {
  await hook.stop();
  await h.close();
});

describe('Shopify sandbox: locations and inventory', () => {
  it('given the seeded shop, when locations are listed, then two active locations page in order and the inactive one appears only with includeInactive', async () => {
    const q = `query L($after: String, $inactive: Boolean) { locations(first: 1, after: $after, includeInactive: $inactive) { nodes { id name isActive fulfillsOnlineOrders address { city countryCode } } pageInfo { hasNextPage endCursor } } }`;
    type Page = { locations: { nodes: { id: string; name: string; isActive: boolean; fulfillsOnlineOrders: boolean; address: { city: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = (await h.client.request<Page>(q, { variables: { after } })).data!;
      names.push(...page.locations.nodes.map((n) => n.name));
      if (!page.locations.pageInfo.hasNextPage) break;
      after = page.locations.pageInfo.endCursor;
    }
    expect(names).toEqual(['Main Warehouse', 'SoHo Store']);
    const all = (await h.client.request<Page>('{ locations(first: 10, includeInactive: true) { nodes { id name isActive fulfillsOnlineOrders address { city countryCode } } pageInfo { hasNextPage endCursor } } }')).data!;
    // sortKey defaults to NAME in the 2025-01 schema.
    expect(all.locations.nodes.map((n) => [n.name, n.isActive, n.fulfillsOnlineOrders])).toEqual([
      ['Brooklyn Pop-up', false, false],
      ['Main Warehouse', true, true],
      ['SoHo Store', true, false],
    ]);
    const one = await h.client.request<{ location: { name: string; address: { city: string } } }>('query($id: ID!) { location(id: $id) { name address { city } } }', { variables: { id: all.locations.nodes[2]!.id } });
    expect(one.data!.location).toEqual({ name: 'SoHo Store', address: { city: 'New York' } });
  });

  it('given a seeded variant, when its inventory item is read, then levels per location add up to the variant inventoryQuantity and on_hand = available + committed', async () => {
    const v = await item(await firstVariant());
    expect(v.inventoryItem.tracked).toBe(true);
    expect(v.inventoryItem.inventoryLevels.nodes).toHaveLength(2);
    const sum = v.inventoryItem.inventoryLevels.nodes.reduce((n, l) => n + qty(l, 'available'), 0);
    expect(sum).toBe(v.inventoryQuantity);
    for (const l of v.inventoryItem.inventoryLevels.nodes) expect(qty(l, 'on_hand')).toBe(qty(l, 'available') + qty(l, 'committed') + qty(l, 'reserved'));
    const byId = await h.client.request<{ inventoryItem: { id: string; variant: { id: string } } }>('query($id: ID!) { inventoryItem(id: $id) { id variant { id } } }', { variables: { id: v.inventoryItem.id } });
    expect(byId.data!.inventoryItem.variant.id).toBe(v.id);
  });

  it('given an INVENTORY_LEVELS_UPDATE subscription, when inventoryAdjustQuantities runs, then available, on_hand and the variant total move and a signed REST inventory_level webhook arrives', async () => {
    const v = await item(await firstVariant());
    const level = v.inventoryItem.inventoryLevels.nodes[0]!;
    const before = qty(level, 'available');
    const before2 = hook.received.length;
    const res = await h.client.request<{ inventoryAdjustQuantities: { inventoryAdjustmentGroup: { reason: string; changes: { name: string; delta: number; quantityAfterChange: number }[] } | null; userErrors: unknown[] } }>(
      `mutation Adjust($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { inventoryAdjustmentGroup { reason referenceDocumentUri changes { name delta quantityAfterChange item { id } location { id } } } userErrors { field message code } } }`,
      { variables: { input: { reason: 'correction', name: 'available', referenceDocumentUri: 'logistics://cycle/1', changes: [{ delta: -3, inventoryItemId: v.inventoryItem.id, locationId: level.location.id }] } } },
    );
    expect(res.data!.inventoryAdjustQuantities.userErrors).toEqual([]);
    expect(res.data!.inventoryAdjustQuantities.inventoryAdjustmentGroup!.changes.map((c) => [c.name, c.delta, c.quantityAfterChange])).toEqual([
      ['available', -3, before - 3],
      ['on_hand', -3, qty(level, 'on_hand') - 3],
    ]);
    const after = await item(v.id);
    expect(after.inventoryQuantity).toBe(v.inventoryQuantity - 3);
    await hook.waitFor(before2 + 1);
    const delivery = hook.received[before2]!;
    expect(delivery.headers['x-shopify-topic']).toBe('inventory_levels/update');
    expect(delivery.headers['x-shopify-hmac-sha256']).toBe(signShopifyWebhook(delivery.rawBody, SECRET));
    const payload = JSON.parse(delivery.rawBody) as Record<string, unknown>;
    expect(payload).toMatchObject({ inventory_item_id: Number(v.inventoryItem.id.split('/').pop()), location_id: Number(level.location.id.split('/').pop()), available: before - 3 });
    expect(String(payload.admin_graphql_api_id)).toMatch(/^gid:\/\/shopify\/InventoryLevel\/\d+\?inventory_item_id=\d+$/);
    expect(typeof payload.updated_at).toBe('string');
  });

  it('given a stale compareQuantity, when inventorySetQuantities runs, then COMPARE_QUANTITY_STALE is returned and nothing changes; with the current value the quantity is set', async () => {
    const v = await item(await firstVariant());
    const level = v.inventoryItem.inventoryLevels.nodes[0]!;
    const current = qty(level, 'available');
    const m = `mutation Set($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { field message code } } }`;
    type R = { inventorySetQuantities: { inventoryAdjustmentGroup: { changes: { name: string; delta: number; quantityAfterChange: number }[] } | null; userErrors: { field: string[]; code: string }[] } };
    const stale = await h.client.request<R>(m, { variables: { input: { reason: 'correction', name: 'available', quantities: [{ inventoryItemId: v.inventoryItem.id, locationId: level.location.id, quantity: 50, compareQuantity: current + 1 }] } } });
    expect(stale.data!.inventorySetQuantities.inventoryAdjustmentGroup).toBeNull();
    expect(stale.data!.inventorySetQuantities.userErrors).toEqual([{ field: ['input', 'quantities', '0', 'compareQuantity'], message: expect.any(String), code: 'COMPARE_QUANTITY_STALE' }]);
    expect(qty((await item(v.id)).inventoryItem.inventoryLevels.nodes[0], 'available')).toBe(current);

    const missing = await h.client.request<R>(m, { variables: { input: { reason: 'correction', name: 'available', quantities: [{ inventoryItemId: v.inventoryItem.id, locationId: level.location.id, quantity: 50 }] } } });
    expect(missing.data!.inventorySetQuantities.userErrors.map((e) => e.code)).toEqual(['COMPARE_QUANTITY_REQUIRED']);

    const ok = await h.client.request<R>(m, { variables: { input: { reason: 'correction', name: 'available', quantities: [{ inventoryItemId: v.inventoryItem.id, locationId: level.location.id, quantity: 50, compareQuantity: current }] } } });
    expect(ok.data!.inventorySetQuantities.userErrors).toEqual([]);
    expect(ok.data!.inventorySetQuantities.inventoryAdjustmentGroup!.changes[0]).toEqual({ name: 'available', delta: 50 - current, quantityAfterChange: 50 });
    expect(qty((await item(v.id)).inventoryItem.inventoryLevels.nodes[0], 'available')).toBe(50);
  });

  it('given the 2025-01 schema, when inventoryAdjustQuantities carries @idempotent, then the document is rejected as an unknown directive and no stock moves', async () => {
    const v = await item(await firstVariant());
    const level = v.inventoryItem.inventoryLevels.nodes[0]!;
    const res = await h.sandbox.graphql(
      `mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) @idempotent(key: "k-1") { userErrors { message } } }`,
      { input: { reason: 'correction', name: 'available', changes: [{ delta: 5, inventoryItemId: v.inventoryItem.id, locationId: level.location.id }] } },
    );
    const body = res.body as { errors?: { message: string }[]; data?: unknown };
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/idempotent/);
    expect(qty((await item(v.id)).inventoryItem.inventoryLevels.nodes[0], 'available')).toBe(qty(level, 'available'));
    // The invalid document is a client contract problem, recorded as such.
    expect(h.sandbox.server.violations.splice(0).every((x) => /idempotent/.test(JSON.stringify(x)))).toBe(true);
  });

  it('given ledger rules, when a non-available name is adjusted without a ledger document or available with one, then the documented codes come back', async () => {
    const v = await item(await firstVariant());
    const level = v.inventoryItem.inventoryLevels.nodes[0]!;
    const m = `mutation A($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { code } } }`;
    const change = { delta: 1, inventoryItemId: v.inventoryItem.id, locationId: level.location.id };
    const a = await h.client.request<{ inventoryAdjustQuantities: { userErrors: { code: string }[] } }>(m, { variables: { input: { reason: 'received', name: 'incoming', changes: [change] } } });
    expect(a.data!.inventoryAdjustQuantities.userErrors.map((e) => e.code)).toEqual(['INVALID_QUANTITY_DOCUMENT']);
    const b = await h.client.request<{ inventoryAdjustQuantities: { userErrors: { code: string }[] } }>(m, { variables: { input: { reason: 'received', name: 'available', changes: [{ ...change, ledgerDocumentUri: 'po://1' }] } } });
    expect(b.data!.inventoryAdjustQuantities.userErrors.map((e) => e.code)).toEqual(['INVALID_AVAILABLE_DOCUMENT']);
    const c = await h.client.request<{ inventoryAdjustQuantities: { userErrors: { code: string }[] } }>(m, { variables: { input: { reason: 'not-a-reason', name: 'available', changes: [change] } } });
    expect(c.data!.inventoryAdjustQuantities.userErrors.map((e) => e.code)).toEqual(['INVALID_REASON']);
  });

  it('given a product created through the API (stocked at the primary location only), when inventoryActivate stocks it at the store, then a second level exists with the given quantity', async () => {
    const created = await h.client.request<{ productCreate: { product: { variants: { nodes: { id: string; inventoryItem: { id: string } }[] } } } }>(
      'mutation { productCreate(product: { title: "Activation Test Tee" }) { product { variants(first: 1) { nodes { id inventoryItem { id } } } } } }',
    );
    const variant = created.data!.productCreate.product.variants.nodes[0]!;
    expect((await item(variant.id)).inventoryItem.inventoryLevels.nodes).toHaveLength(1);
    const locs = await h.client.request<{ locations: { nodes: { id: string; name: string }[] } }>('{ locations(first: 5, includeInactive: true) { nodes { id name } } }');
    const store = locs.data!.locations.nodes.find((l) => l.name === 'SoHo Store')!;
    const popup = locs.data!.locations.nodes.find((l) => l.name === 'Brooklyn Pop-up')!;
    const m = 'mutation($i: ID!, $l: ID!, $a: Int) { inventoryActivate(inventoryItemId: $i, locationId: $l, available: $a) { inventoryLevel { location { id } quantities(names: ["available"]) { quantity } } userErrors { field message } } }';
    type R = { inventoryActivate: { inventoryLevel: { quantities: { quantity: number }[] } | null; userErrors: { message: string }[] } };
    const ok = await h.client.request<R>(m, { variables: { i: variant.inventoryItem.id, l: store.id, a: 7 } });
    expect(ok.data!.inventoryActivate.userErrors).toEqual([]);
    expect(ok.data!.inventoryActivate.inventoryLevel!.quantities[0]!.quantity).toBe(7);
    const after = await item(variant.id);
    expect(after.inventoryItem.inventoryLevels.nodes).toHaveLength(2);
    expect(after.inventoryQuantity).toBe(7);
    const inactive = await h.client.request<R>(m, { variables: { i: variant.inventoryItem.id, l: popup.id, a: 1 } });
    expect(inactive.data!.inventoryActivate.inventoryLevel).toBeNull();
    expect(inactive.data!.inventoryActivate.userErrors).toHaveLength(1);
    expect(h.sandbox.server.violations).toEqual([]);
  });
});
