import { VendorError, levelKey, type InventoryChannel, type InventoryRef } from '../types';
import type { ShopifyGraphql } from './graphql-client';
import { holdLatestShopifyOrder, releaseShopifyHold } from './order-holds';

/**
 * Shopify stock, `available` per inventory item × location, through Admin
 * GraphQL 2025-01. Writes are compare-and-set: `inventorySetQuantities` with
 * `compareQuantity` = the level we last saw, so a sale Shopify took since is
 * refused as COMPARE_QUANTITY_STALE instead of being overwritten. (2025-01 has
 * no `@idempotent` directive; compare-and-set is what makes a retried write safe.)
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/inventorySetQuantities
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/InventoryLevel
 */

/** Aliased lookups per query: keeps one read well under the 1,000-point single-query limit. */
const READ_CHUNK = 50;
const VARIANT_CHUNK = 100;
/** Levels per inventorySetQuantities call. */
const WRITE_CHUNK = 100;

const VARIANT_ITEMS_QUERY = `query SwitchyardVariantInventoryItems($ids: [ID!]!) {
  nodes(ids: $ids) { ... on ProductVariant { id inventoryItem { id } } }
}`;

const ITEM_VARIANT_QUERY = `query SwitchyardInventoryItemVariant($id: ID!) { inventoryItem(id: $id) { variant { id } } }`;

const SET_QUANTITIES = `mutation SwitchyardInventorySet($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

interface QuantitiesNode { quantities: { name: string; quantity: number }[] }

export function createShopifyInventory(gql: ShopifyGraphql): InventoryChannel {
  async function readLevels(refs: InventoryRef[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < refs.length; i += READ_CHUNK) {
      const chunk = refs.slice(i, i + READ_CHUNK);
      const params: string[] = [];
      const fields: string[] = [];
      const vars: Record<string, string> = {};
      chunk.forEach((r, j) => {
        params.push(`$i${j}: ID!, $l${j}: ID!`);
        fields.push(`r${j}: inventoryItem(id: $i${j}) { inventoryLevel(locationId: $l${j}) { quantities(names: ["available"]) { name quantity } } }`);
        vars[`i${j}`] = r.itemId;
        vars[`l${j}`] = r.locationId;
      });
      const query = `query SwitchyardInventoryLevels(${params.join(', ')}) { ${fields.join(' ')} }`;
      // ~3 points per lookup (item, level, quantities): say so, so the budget waits instead of being THROTTLED.
      // Many levels at once is a reconciliation page (bulk); one is a stock sync a webhook asked for.
      const data = (await gql.request(query, vars, { cost: chunk.length * 3 + 1, lane: chunk.length > 1 ? 'bulk' : 'interactive' })) as Record<string, { inventoryLevel: QuantitiesNode | null } | null>;
      chunk.forEach((r, j) => {
        const level = data[`r${j}`]?.inventoryLevel;
        out.set(levelKey(r), level?.quantities.find((q) => q.name === 'available')?.quantity ?? 0);
      });
    }
    return out;
  }

  /**
   * One inventorySetQuantities for many levels. Shopify validates the whole
   * input first, so one stale level refuses them all: then each level is
   * retried alone and only the stale ones report their actual quantity.
   */
  async function setQuantities(changes: { ref: InventoryRef; expected: number; target: number }[], key: string, reason: string): Promise<({ ok: true } | { ok: false; actual: number })[]> {
    const data = (await gql.request(SET_QUANTITIES, {
      input: {
        name: 'available',
        reason,
        // Where the change came from, shown in Shopify's inventory history.
        referenceDocumentUri: `switchyard://inventory/${encodeURIComponent(key)}`,
        quantities: changes.map((c) => ({ inventoryItemId: c.ref.itemId, locationId: c.ref.locationId, quantity: c.target, compareQuantity: c.expected })),
      },
    }, { cost: 10 })) as { inventorySetQuantities: { userErrors: { field: string[] | null; message: string; code: string | null }[] } };
    const errors = data.inventorySetQuantities.userErrors;
    if (!errors.length) return changes.map(() => ({ ok: true }));
    const others = errors.filter((e) => e.code !== 'COMPARE_QUANTITY_STALE');
    if (others.length) throw new VendorError(`Shopify inventorySetQuantities: ${others[0]!.message}`, 'shopify', 422, null, others[0]!.code);
    if (changes.length > 1) {
      const out: ({ ok: true } | { ok: false; actual: number })[] = [];
      for (const [i, c] of changes.entries()) out.push(...(await setQuantities([c], `${key}:${i}`, reason)));
      return out;
    }
    const ref = changes[0]!.ref;
    return [{ ok: false, actual: (await readLevels([ref])).get(levelKey(ref)) ?? 0 }];
  }

  return {
    repeatSafety: 'compare',
    itemType: 'InventoryItem',
    variantType: 'ProductVariant',

    async variantOfItem(itemId) {
      const data = (await gql.request(ITEM_VARIANT_QUERY, { id: itemId })) as { inventoryItem: { variant: { id: string } | null } | null };
      return data.inventoryItem?.variant?.id ?? null;
    },

    async inventoryItems(variantIds) {
      const out = new Map<string, string>();
      for (let i = 0; i < variantIds.length; i += VARIANT_CHUNK) {
        const ids = variantIds.slice(i, i + VARIANT_CHUNK);
        const data = (await gql.request(VARIANT_ITEMS_QUERY, { ids }, { cost: ids.length * 2 + 1, lane: ids.length > 1 ? 'bulk' : 'interactive' })) as {
          nodes: ({ id?: string; inventoryItem?: { id: string } | null } | null)[];
        };
        for (const n of data.nodes) if (n?.id && n.inventoryItem?.id) out.set(n.id, n.inventoryItem.id);
      }
      return out;
    },

    readLevels,

    async writeLevel(ref, change) {
      const [res] = await setQuantities([{ ref, expected: change.expected, target: change.target }], change.idempotencyKey, change.reason);
      return res!;
    },

    holdLatestOrder: (req) => holdLatestShopifyOrder(gql, req),
    releaseHold: (held) => releaseShopifyHold(gql, held),

    async writeLevels(changes, batchKey, reason) {
      const out: ({ ok: true } | { ok: false; actual: number })[] = [];
      for (let i = 0; i < changes.length; i += WRITE_CHUNK) {
        out.push(...(await setQuantities(changes.slice(i, i + WRITE_CHUNK), `${batchKey}:${i / WRITE_CHUNK}`, reason)));
      }
      return out;
    },
  };
}
