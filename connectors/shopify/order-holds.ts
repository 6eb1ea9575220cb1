import { VendorError, type HeldOrder, type OrderHoldRequest } from '../types';
import type { ShopifyGraphql } from './graphql-client';
import { searchQuoted } from './queries';

/**
 * Putting the newest open order for one variant at one location on hold
 * (the `hold-later-order` oversell action): the order's fulfillment order at
 * that location gets a fulfillment hold, reason INVENTORY_OUT_OF_STOCK, so
 * nobody ships a unit the business no longer has, and the merchant sees why.
 *
 * The hold carries a `handle` derived from the oversell: Shopify refuses a
 * second hold with the same handle on a fulfillment order
 * (DUPLICATE_FULFILLMENT_HOLD_HANDLE), and the lookup first looks for an
 * order already holding that handle, so a retried hold finds the order it
 * held before instead of holding a newer one as well. When the stock is back,
 * the hold is released (fulfillmentOrderReleaseHold).
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/fulfillmentOrderHold
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/fulfillmentOrderReleaseHold
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/orders
 */

/**
 * Newest open orders looked at: the order that oversold is among the last few
 * placed. Page sizes keep the query's requested cost at ~280 points (Shopify
 * refuses a query whose requested cost is more than the bucket holds).
 */
const ORDERS = 5;
const QUERY_COST = 280;
const ORDERS_QUERY = `query SwitchyardOrdersToHold($query: String!) {
  orders(first: ${ORDERS}, sortKey: CREATED_AT, reverse: true, query: $query) {
    nodes {
      id
      name
      fulfillmentOrders(first: 2) {
        nodes {
          id
          status
          assignedLocation { location { id } }
          fulfillmentHolds { id handle }
          lineItems(first: 10) { nodes { remainingQuantity variant { id } } pageInfo { hasNextPage } }
        }
      }
    }
  }
}`;

const VARIANT_SKU = `query SwitchyardVariantSku($id: ID!) { productVariant(id: $id) { sku } }`;

const HOLD = `mutation SwitchyardHoldFulfillmentOrder($id: ID!, $hold: FulfillmentOrderHoldInput!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
    fulfillmentHold { id handle }
    fulfillmentOrder { id status }
    userErrors { field message code }
  }
}`;

interface OrdersData {
  orders: {
    nodes: {
      id: string;
      name: string;
      fulfillmentOrders: {
        nodes: {
          id: string;
          status: string;
          assignedLocation: { location: { id: string } | null } | null;
          fulfillmentHolds: { id: string; handle: string | null }[];
          lineItems: { nodes: { remainingQuantity: number; variant: { id: string } | null }[]; pageInfo: { hasNextPage: boolean } };
        }[];
      };
    }[];
  };
}

export async function holdLatestShopifyOrder(gql: ShopifyGraphql, req: OrderHoldRequest): Promise<HeldOrder | null> {
  // Orders are searched by SKU (Shopify's order search has no variant filter); a variant without one
  // falls back to the newest open orders.
  const variant = (await gql.request(VARIANT_SKU, { id: req.variantExternalId })) as { productVariant: { sku: string | null } | null };
  const sku = variant.productVariant?.sku?.trim();
  const query = ['status:open', ...(sku ? [`sku:${searchQuoted(sku)}`] : [])].join(' ');
  const data = (await gql.request(ORDERS_QUERY, { query }, { cost: QUERY_COST })) as OrdersData;
  // Found by SKU, an order holds the variant even when it is beyond the first lines shown.
  const holdsVariant = (fo: OrdersData['orders']['nodes'][number]['fulfillmentOrders']['nodes'][number]): boolean =>
    fo.lineItems.nodes.some((l) => l.variant?.id === req.variantExternalId && l.remainingQuantity > 0) || (!!sku && fo.lineItems.pageInfo.hasNextPage);
  const candidates = data.orders.nodes.flatMap((o) =>
    o.fulfillmentOrders.nodes.filter((fo) => fo.assignedLocation?.location?.id === req.locationId && holdsVariant(fo)).map((fo) => ({ order: o, fo })),
  );
  for (const c of candidates) {
    const mine = c.fo.fulfillmentHolds.find((h) => h.handle === req.handle);
    if (mine) return { orderId: c.order.id, orderName: c.order.name, fulfillmentOrderId: c.fo.id, holdId: mine.id, alreadyHeld: true };
  }
  const next = candidates.find((c) => c.fo.status === 'OPEN' || c.fo.status === 'IN_PROGRESS' || c.fo.status === 'ON_HOLD');
  if (!next) return null;
  const res = (await gql.request(
    HOLD,
    { id: next.fo.id, hold: { reason: 'INVENTORY_OUT_OF_STOCK', reasonNotes: req.note, notifyMerchant: true, handle: req.handle } },
    { cost: 10 },
  )) as { fulfillmentOrderHold: { fulfillmentHold: { id: string } | null; userErrors: { message: string; code: string | null }[] } };
  const { fulfillmentHold, userErrors: errors } = res.fulfillmentOrderHold;
  if (errors.length || !fulfillmentHold) {
    throw new VendorError(`Shopify fulfillmentOrderHold: ${errors[0]?.message ?? 'no hold returned'}`, 'shopify', 422, null, errors[0]?.code ?? null);
  }
  return { orderId: next.order.id, orderName: next.order.name, fulfillmentOrderId: next.fo.id, holdId: fulfillmentHold.id, alreadyHeld: false };
}

const RELEASE = `mutation SwitchyardReleaseHold($id: ID!, $holdIds: [ID!]) {
  fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
    fulfillmentOrder { id status }
    userErrors { field message code }
  }
}`;

const FO_HOLDS = `query SwitchyardFulfillmentOrderHolds($id: ID!) { fulfillmentOrder(id: $id) { id fulfillmentHolds { id } } }`;

/** Releases one hold we placed. A hold no longer there (the merchant released it, the order was cancelled) is done. */
export async function releaseShopifyHold(gql: ShopifyGraphql, held: { fulfillmentOrderId: string; holdId: string }): Promise<void> {
  const current = (await gql.request(FO_HOLDS, { id: held.fulfillmentOrderId })) as { fulfillmentOrder: { fulfillmentHolds: { id: string }[] } | null };
  if (!current.fulfillmentOrder?.fulfillmentHolds.some((h) => h.id === held.holdId)) return;
  const res = (await gql.request(RELEASE, { id: held.fulfillmentOrderId, holdIds: [held.holdId] }, { cost: 10 })) as {
    fulfillmentOrderReleaseHold: { userErrors: { message: string; code: string | null }[] };
  };
  const errors = res.fulfillmentOrderReleaseHold.userErrors;
  if (errors.length) throw new VendorError(`Shopify fulfillmentOrderReleaseHold: ${errors[0]!.message}`, 'shopify', 422, null, errors[0]!.code);
}
