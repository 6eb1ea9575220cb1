import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { arraySequence, paginate, type CursorKey } from '../../framework/graphql-connection';
import { compileAutomaticDiscountSearch, compileCustomerSearch } from '../commerce-search';
import type { AutomaticDiscountRecord, DiscountRecord, LocationRecord } from '../commerce-records';
import { orderOfFulfillmentOrder } from '../fulfillment-hold-ops';
import { expectGid, parseGid } from '../ids';
import { textEq } from '../search-query';
import { count, shopifyConnectionArgs, toConnection, type ConnectionResult, type ExecContext } from './context';
import { CustomerNode } from './customer-node';
import { discountAutomaticNode, discountCodeNode } from './discount-node';
import { type InventoryItemNode, InventoryLevelNode, LocationNode, inventoryItemNode } from './inventory-nodes';
import { OrderNode, ordersConnection, standaloneFulfillmentOrder } from './order-node';

/**
 * QueryRoot entry points for locations, inventory, customers, orders and
 * basic code / automatic discounts (mixed into QueryRoot).
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/locations
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/inventoryItems
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/customers
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/orders
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/codeDiscountNodes
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/automaticDiscountNodes
 */

type Args = Record<string, unknown>;
const DEFAULT_COUNT_LIMIT = 10_000;

export function locations(ctx: ExecContext, args: Args): ConnectionResult<LocationNode> {
  const a = shopifyConnectionArgs(args);
  const byName = args.sortKey === 'NAME';
  const list = ctx.state.commerce.inventory.locations.filter((l) => args.includeInactive === true || l.isActive);
  const keyOf = (l: LocationRecord): CursorKey => ({ id: l.id, value: byName ? l.name.toLowerCase() : l.id });
  const sorted = [...list].sort((x, y) => (byName ? x.name.localeCompare(y.name) : x.id - y.id));
  return toConnection(paginate(arraySequence(sorted, keyOf, a.reverse), a, null), (l) => new LocationNode(l, ctx), keyOf);
}

export function location(ctx: ExecContext, args: Args): LocationNode | null {
  if (args.id === undefined || args.id === null) return new LocationNode(ctx.state.commerce.inventory.primaryLocation(), ctx);
  const id = expectGid(args.id, 'Location');
  const l = id === null ? undefined : ctx.state.commerce.inventory.location(id);
  return l ? new LocationNode(l, ctx) : null;
}

export function inventoryItem(ctx: ExecContext, args: Args): InventoryItemNode | null {
  const id = expectGid(args.id, 'InventoryItem');
  return id === null ? null : inventoryItemNode(ctx, id);
}

export function inventoryLevel(ctx: ExecContext, raw: unknown): InventoryLevelNode | null {
  const value = String(raw);
  const parsed = parseGid(value);
  const item = /[?&]inventory_item_id=(\d+)/.exec(value);
  if (!parsed || parsed.type !== 'InventoryLevel' || !item) return null;
  const level = ctx.state.commerce.inventory.level(Number(item[1]), parsed.id);
  return level ? new InventoryLevelNode(level, ctx) : null;
}

/** Every live variant's inventory item, in product then variant order; `query` supports sku and id. */
export function inventoryItems(ctx: ExecContext, args: Args): ConnectionResult<InventoryItemNode> {
  const a = shopifyConnectionArgs(args);
  const store = ctx.state.products;
  const q = typeof args.query === 'string' ? args.query.trim() : '';
  const sku = /^sku:(\S+)$/.exec(q)?.[1]?.replace(/^["']|["']$/g, '');
  const idq = /^id:(\d+)$/.exec(q)?.[1];
  const items: { id: number; productId: number; variantId: number }[] = [];
  for (const pid of store.liveIds()) {
    const p = store.get(pid)!;
    for (const v of p.variants) {
      if (sku !== undefined && (v.sku === null || !textEq(v.sku, sku))) continue;
      if (idq !== undefined && v.inventoryItemId !== Number(idq)) continue;
      items.push({ id: v.inventoryItemId, productId: p.id, variantId: v.id });
    }
    if (!sku && !idq && !a.last && !a.after && items.length > (a.first ?? 0)) break;
  }
  items.sort((x, y) => x.id - y.id);
  const keyOf = (x: { id: number }): CursorKey => ({ id: x.id, value: x.id });
  return toConnection(paginate(arraySequence(items, keyOf, a.reverse), a, null), (x) => inventoryItemNode(ctx, x.id)!, keyOf);
}

export function customers(ctx: ExecContext, args: Args, info: GraphQLResolveInfo): ConnectionResult<CustomerNode> {
  const a = shopifyConnectionArgs(args);
  const store = ctx.state.commerce.customers;
  const key = typeof args.sortKey === 'string' ? args.sortKey : 'ID';
  const value = key === 'UPDATED_AT' ? (id: number) => store.stamps(id)?.updatedAt ?? 0 : key === 'NAME' ? (id: number) => customerName(ctx, id) : null;
  const match = customerFilter(ctx, args.query, info);
  const page = paginate(store.sequence(key, value, a.reverse), a, match);
  return toConnection(page, (id) => new CustomerNode(store.get(id)!, ctx), (id) => ({ id, value: value ? value(id) : id }));
}

function customerName(ctx: ExecContext, id: number): string {
  const c = ctx.state.commerce.customers.get(id);
  return [c?.firstName, c?.lastName].filter(Boolean).join(' ').toLowerCase();
}

function customerFilter(ctx: ExecContext, query: unknown, info: GraphQLResolveInfo): ((id: number) => boolean) | null {
  if (typeof query !== 'string' || !query.trim()) return null;
  const f = compileCustomerSearch(query, ctx.state.shop.ianaTimezone, ctx.state.now());
  if (f.warnings.length) ctx.searchWarnings.push({ path: responsePathAsArray(info.path), query, warnings: f.warnings });
  return (id) => f.match(ctx.state.commerce.customers.get(id)!);
}

export function customersCount(ctx: ExecContext, args: Args, info: GraphQLResolveInfo): ReturnType<typeof count> {
  const store = ctx.state.commerce.customers;
  const match = customerFilter(ctx, args.query, info);
  if (!match) return count(store.size, DEFAULT_COUNT_LIMIT);
  let n = 0;
  for (const id of store.liveIds()) if (match(id) && ++n > DEFAULT_COUNT_LIMIT) break;
  return count(n, DEFAULT_COUNT_LIMIT);
}

export function customer(ctx: ExecContext, args: Args): CustomerNode | null {
  const id = expectGid(args.id, 'Customer');
  const c = id === null ? undefined : ctx.state.commerce.customers.get(id);
  return c ? new CustomerNode(c, ctx) : null;
}

export function order(ctx: ExecContext, args: Args): OrderNode | null {
  const id = expectGid(args.id, 'Order');
  const o = id === null ? undefined : ctx.state.commerce.orders.get(id);
  return o ? new OrderNode(o, ctx) : null;
}

/** https://shopify.dev/docs/api/admin-graphql/2025-01/queries/fulfillmentOrder */
export function fulfillmentOrder(ctx: ExecContext, args: Args): Record<string, unknown> | null {
  const o = orderOfFulfillmentOrder(ctx.state, expectGid(args.id, 'FulfillmentOrder'));
  return o ? standaloneFulfillmentOrder(o, ctx) : null;
}

export function orders(ctx: ExecContext, args: Args, info: GraphQLResolveInfo): ConnectionResult<OrderNode> {
  return ordersConnection.list(args, ctx, info);
}

export function ordersCount(ctx: ExecContext, args: Args, info: GraphQLResolveInfo): ReturnType<typeof count> {
  const limit = 'limit' in args ? (typeof args.limit === 'number' ? args.limit : null) : DEFAULT_COUNT_LIMIT;
  const store = ctx.state.commerce.orders;
  if (typeof args.query !== 'string' || !args.query.trim()) return count(store.size, limit);
  const page = ordersConnection.list({ first: 250, query: args.query }, ctx, info);
  // Counting walks the filtered sequence page by page.
  let n = page.nodes.length;
  let p = page;
  while (p.pageInfo.hasNextPage && (limit === null || n <= limit)) {
    p = ordersConnection.list({ first: 250, after: p.pageInfo.endCursor, query: args.query }, ctx, null);
    n += p.nodes.length;
  }
  return count(n, limit);
}

export function codeDiscountNodes(ctx: ExecContext, args: Args): ConnectionResult<Record<string, unknown>> {
  const a = shopifyConnectionArgs(args);
  const q = typeof args.query === 'string' ? args.query.trim().toLowerCase() : '';
  const list = [...ctx.state.commerce.discounts.values()].filter((d) => !q || d.title.toLowerCase().includes(q.replace(/^(title|code):/, '')) || d.code.toLowerCase() === q.replace(/^code:/, ''));
  const keyOf = (d: DiscountRecord): CursorKey => ({ id: d.id, value: d.id });
  return toConnection(paginate(arraySequence(list, keyOf, a.reverse), a, null), (d) => discountCodeNode(d, ctx), keyOf);
}

export function codeDiscountNode(ctx: ExecContext, args: Args): Record<string, unknown> | null {
  const id = expectGid(args.id, 'DiscountCodeNode');
  const d = id === null ? undefined : ctx.state.commerce.discounts.get(id);
  return d ? discountCodeNode(d, ctx) : null;
}

export function codeDiscountNodeByCode(ctx: ExecContext, args: Args): Record<string, unknown> | null {
  const d = ctx.state.commerce.discountByCode(String(args.code));
  return d ? discountCodeNode(d, ctx) : null;
}

/** DiscountAutomaticNode by id; null for a code discount's id (or any other type). */
export function automaticDiscountNode(ctx: ExecContext, args: Args): Record<string, unknown> | null {
  const id = expectGid(args.id, 'DiscountAutomaticNode');
  const d = id === null ? undefined : ctx.state.commerce.automaticDiscounts.get(id);
  return d ? discountAutomaticNode(d, ctx) : null;
}

/** Automatic discounts only; sortKey ID (default, RELEVANCE too) or CREATED_AT; `query` filters on id, status, type and title text. */
export function automaticDiscountNodes(ctx: ExecContext, args: Args, info: GraphQLResolveInfo): ConnectionResult<Record<string, unknown>> {
  const a = shopifyConnectionArgs(args);
  const byCreated = args.sortKey === 'CREATED_AT';
  let list = [...ctx.state.commerce.automaticDiscounts.values()];
  if (typeof args.query === 'string' && args.query.trim()) {
    const f = compileAutomaticDiscountSearch(args.query, ctx.state.now());
    if (f.warnings.length) ctx.searchWarnings.push({ path: responsePathAsArray(info.path), query: args.query, warnings: f.warnings });
    list = list.filter(f.match);
  }
  const keyOf = (d: AutomaticDiscountRecord): CursorKey => ({ id: d.id, value: byCreated ? d.createdAt : d.id });
  list.sort((x, y) => (byCreated ? x.createdAt - y.createdAt : 0) || x.id - y.id);
  return toConnection(paginate(arraySequence(list, keyOf, a.reverse), a, null), (d) => discountAutomaticNode(d, ctx), keyOf);
}
