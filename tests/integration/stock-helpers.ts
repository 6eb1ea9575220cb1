import { expect } from 'vitest';
import type { InventorySyncStatus } from '../../workflows';
import { startSlice, type Slice } from './slice-harness';

/**
 * Stock as each vendor shows it, and sales made the way a shop makes them
 * (a Shopify checkout, a sale rung up at the Square counter), for the
 * inventory tests on a slice.
 */

export const MAIN_SHOPIFY = 'gid://shopify/Location/70000000001';
export const MAIN_SQUARE = 'LSLICE0001';

/**
 * A slice with an inventory flow `stock` between Shopify and Square at one
 * location (`main`), its catalog already backfilled. `flowLines`: more YAML
 * keys of the flow, e.g. `oversell: { action: hold-later-order }`.
 */
export async function startStockSlice(opts: { products: number; taskQueue: string; flowLines: string[] }): Promise<Slice> {
  const slice = await startSlice({
    products: opts.products,
    pageSize: 10,
    taskQueue: opts.taskQueue,
    extraFlows: `  - id: stock
    entity: inventory
    from: shop
    to: [pos]
    locations:
      main: { shop: "${MAIN_SHOPIFY}", pos: ${MAIN_SQUARE} }
${opts.flowLines.map((l) => `    ${l}\n`).join('')}`,
  });
  await slice.env.client.workflow.execute('catalogBackfill', { taskQueue: opts.taskQueue, workflowId: 'backfill:catalog', args: [{ flowId: 'catalog' }] });
  return slice;
}

export interface Pair {
  canonical: string;
  shopifyVariant: string;
  inventoryItem: string;
  squareVariation: string;
}

export function stockHelpers(slice: () => Slice, where: { shopifyLocation: string; squareLocation: string; flowId: string }) {
  async function shopifyAvailable(variantGid: string): Promise<number> {
    const data = await slice().adminGraphql<{ productVariant: { inventoryItem: { inventoryLevel: { quantities: { name: string; quantity: number }[] } | null } } }>(
      `query($id: ID!, $loc: ID!) { productVariant(id: $id) { inventoryItem { inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { name quantity } } } } }`,
      { id: variantGid, loc: where.shopifyLocation },
    );
    return data.productVariant.inventoryItem.inventoryLevel?.quantities[0]?.quantity ?? 0;
  }

  async function squareInStock(variationId: string): Promise<number> {
    const page = await slice().squareSdk.inventory.batchGetCounts({ catalogObjectIds: [variationId], locationIds: [where.squareLocation], states: ['IN_STOCK'] });
    const count = page.response.counts?.[0];
    return count ? Number(count.quantity) : 0;
  }

  /** The merchant sets Shopify's available level in the admin. */
  async function setShopify(p: Pair, quantity: number): Promise<void> {
    const compare = await shopifyAvailable(p.shopifyVariant);
    const data = await slice().adminGraphql<{ inventorySetQuantities: { userErrors: unknown[] } }>(
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { field message code } } }`,
      { input: { name: 'available', reason: 'correction', quantities: [{ inventoryItemId: p.inventoryItem, locationId: where.shopifyLocation, quantity, compareQuantity: compare }] } },
    );
    expect(data.inventorySetQuantities.userErrors).toEqual([]);
  }

  /** A buyer checks out in the online store; returns the order's Admin GraphQL id. */
  async function shopifyCheckout(p: Pair, quantity: number): Promise<string> {
    const res = await fetch(`${slice().shopifyUrl}/_sandbox/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lineItems: [{ variantId: p.shopifyVariant, quantity }], locationId: where.shopifyLocation }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(201);
    return (JSON.parse(text) as { order: { admin_graphql_api_id: string } }).order.admin_graphql_api_id;
  }

  async function squareCounterSale(p: Pair, quantity: number): Promise<void> {
    const res = await fetch(`${slice().squareUrl}/_sandbox/dashboard/sales`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locationId: where.squareLocation, lines: [{ variationId: p.squareVariation, quantity }], tender: 'CASH' }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  async function levels(p: Pair): Promise<{ shopify: number; square: number }> {
    return { shopify: await shopifyAvailable(p.shopifyVariant), square: await squareInStock(p.squareVariation) };
  }

  async function entityStatus(p: Pair): Promise<InventorySyncStatus> {
    return slice().env.client.workflow.getHandle(`inventory:${where.flowId}:${p.canonical}:main`).query<InventorySyncStatus>('inventoryStatus');
  }

  /** Every Shopify variant of the synced catalog with its Square variation. */
  async function pairs(): Promise<Pair[]> {
    const data = await slice().adminGraphql<{ products: { nodes: { variants: { nodes: { id: string; inventoryItem: { id: string } }[] } }[] } }>(
      `{ products(first: 10) { nodes { variants(first: 20) { nodes { id inventoryItem { id } } } } } }`,
    );
    const out: Pair[] = [];
    for (const v of data.products.nodes.flatMap((n) => n.variants.nodes)) {
      const canonical = (await slice().store.findByExternal('shop', 'ProductVariant', [v.id])).get(v.id)!.canonicalId;
      const variation = (await slice().store.findByCanonical('pos', [canonical])).find((l) => l.externalType === 'ITEM_VARIATION')!;
      out.push({ canonical, shopifyVariant: v.id, inventoryItem: v.inventoryItem.id, squareVariation: variation.externalId });
    }
    return out;
  }

  return { shopifyAvailable, squareInStock, setShopify, shopifyCheckout, squareCounterSale, levels, entityStatus, pairs };
}

/** Reads until `ok` holds or the time is up; returns the last reading either way (the caller asserts on it). */
export async function readUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}
