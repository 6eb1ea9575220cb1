import { SquareClient } from 'square';
import type { InventoryState } from '../../activities/inventory-state';
import type { Store } from '../../store/types';
import { MAIN_SHOPIFY, MAIN_SQUARE, SECRETS } from './crash-rig';

/**
 * What each system shows, read the way an outsider reads it: Shopify through
 * its Admin GraphQL API, Square through its official SDK, the canonical stock
 * from the store's inventory state records.
 */

export interface ShopifyVariantView {
  variant: string;
  inventoryItem: string;
  product: string;
  title: string;
  /** `available` at the main location. */
  available: number;
}

/** Shopify caps one query at 1,000 cost points: 22 products with up to 10 variants each, their items and levels, cost 948. */
const PRODUCTS_PER_QUERY = 22;
const VARIANTS_PER_PRODUCT = 10;

export async function adminGraphql<T>(shopifyUrl: string, query: string, variables: object = {}): Promise<T> {
  const res = await fetch(`${shopifyUrl}/admin/api/2025-01/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': SECRETS.SHOPIFY_TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`Shopify sandbox: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Every variant of the shop with its product, inventory item and `available` at the main location. */
export async function shopifyVariants(shopifyUrl: string): Promise<Map<string, ShopifyVariantView>> {
  type Page = {
    products: {
      nodes: {
        id: string;
        title: string;
        variants: { nodes: { id: string; inventoryItem: { id: string; inventoryLevel: { quantities: { quantity: number }[] } | null } }[]; pageInfo: { hasNextPage: boolean } };
      }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const out = new Map<string, ShopifyVariantView>();
  let after: string | null = null;
  for (;;) {
    const page: Page = await adminGraphql<Page>(
      shopifyUrl,
      `query($after: String, $loc: ID!) { products(first: ${PRODUCTS_PER_QUERY}, after: $after) { nodes { id title variants(first: ${VARIANTS_PER_PRODUCT}) { nodes { id inventoryItem { id inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } } } pageInfo { hasNextPage } } } pageInfo { hasNextPage endCursor } } }`,
      { after, loc: MAIN_SHOPIFY },
    );
    for (const p of page.products.nodes) {
      if (p.variants.pageInfo.hasNextPage) throw new Error(`${p.id} has more than ${VARIANTS_PER_PRODUCT} variants: read them in pages`);
      for (const v of p.variants.nodes) {
        out.set(v.id, { variant: v.id, inventoryItem: v.inventoryItem.id, product: p.id, title: p.title, available: v.inventoryItem.inventoryLevel?.quantities[0]?.quantity ?? 0 });
      }
    }
    if (!page.products.pageInfo.hasNextPage) return out;
    after = page.products.pageInfo.endCursor;
  }
}

export interface SquareItemView {
  id: string;
  name: string;
  variations: string[];
  /** IMAGE ids the item shows. */
  images: string[];
  updatedAt: string;
}

export function squareSdk(squareUrl: string): SquareClient {
  return new SquareClient({ token: SECRETS.SQUARE_TOKEN, baseUrl: squareUrl });
}

/** Every ITEM in the Square catalog with its variation ids. */
export async function squareItems(sdk: SquareClient): Promise<SquareItemView[]> {
  const out: SquareItemView[] = [];
  const pager = await sdk.catalog.list({ types: 'ITEM' });
  for await (const o of pager) {
    if (o.type !== 'ITEM') continue;
    out.push({ id: o.id, name: o.itemData?.name ?? '', variations: (o.itemData?.variations ?? []).flatMap((v) => (v.id ? [v.id] : [])), images: o.itemData?.imageIds ?? [], updatedAt: o.updatedAt ?? '' });
  }
  return out;
}

/** IN_STOCK per variation at the main location (a variation with no count reads as 0). */
export async function squareInStock(sdk: SquareClient): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const pager = await sdk.inventory.batchGetCounts({ locationIds: [MAIN_SQUARE], states: ['IN_STOCK'] });
  for await (const c of pager) if (c.catalogObjectId) out.set(c.catalogObjectId, Number(c.quantity ?? '0'));
  return out;
}

/** Every inventory state record of a flow, by canonical variant id. */
export async function canonicalStates(store: Store, flowId: string, location: string): Promise<Map<string, InventoryState>> {
  const out = new Map<string, InventoryState>();
  let after: string | null = null;
  for (;;) {
    const ids = await store.listRecordIds('inventory_state', { afterId: after, limit: 1000 });
    if (!ids.length) return out;
    for (const rec of (await store.getRecords('inventory_state', ids)).values()) {
      const s = JSON.parse(rec.data) as InventoryState;
      if (s.flowId === flowId && s.location === location) out.set(s.variantId, s);
    }
    after = ids[ids.length - 1]!;
  }
}
