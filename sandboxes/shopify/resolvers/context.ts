import { encodeCursor, readConnectionArgs, type ConnectionArgs, type CursorKey, type Page } from '../../framework/graphql-connection';
import type { SearchWarning } from '../search-query';
import type { ShopifyState } from '../state';

/**
 * What every resolver can reach while one request executes. Resolvers are
 * plain objects/classes whose property names are the schema's field names;
 * the executor's field resolver reads them (see executor.ts).
 */

export interface ExecContext {
  state: ShopifyState;
  /** Search-syntax warnings, reported under extensions.search as Shopify does. */
  searchWarnings: { path: readonly (string | number)[]; query: string; warnings: SearchWarning[] }[];
}

/**
 * Shopify's connection rules: first or last is required, at most 250 per page.
 * https://shopify.dev/docs/api/usage/pagination-graphql
 */
export function shopifyConnectionArgs(args: Record<string, unknown>): ConnectionArgs {
  return readConnectionArgs(args, { maxPageSize: 250, requireFirstOrLast: 'you must provide one of first or last' });
}

export interface ConnectionResult<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** An edge whose cursor is only encoded when a client selects it. */
class Edge<T, N> {
  constructor(
    readonly node: N,
    private readonly item: T,
    private readonly keyOf: (item: T) => CursorKey,
  ) {}
  get cursor(): string {
    return encodeCursor(this.keyOf(this.item));
  }
}

export function toConnection<T, N>(page: Page<T>, toNode: (item: T) => N, keyOf: (item: T) => CursorKey): ConnectionResult<N> {
  const edges = page.items.map((item) => new Edge(toNode(item), item, keyOf));
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      get startCursor() {
        return first === undefined ? null : encodeCursor(keyOf(first));
      },
      get endCursor() {
        return last === undefined ? null : encodeCursor(keyOf(last));
      },
    },
  };
}

/** A connection the sandbox keeps no data for (metafields, collections, …): valid and empty. */
export function emptyConnection(args: Record<string, unknown>): ConnectionResult<never> {
  shopifyConnectionArgs(args);
  return { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}

export function count(n: number, limit?: number | null): { count: number; precision: 'EXACT' | 'AT_LEAST' } {
  if (typeof limit === 'number' && n > limit) return { count: limit, precision: 'AT_LEAST' };
  return { count: n, precision: 'EXACT' };
}

/** MoneyV2: Decimal amounts print like Ruby BigDecimal, "19.99" / "20.0". */
export function money(amount: string, currencyCode: string): { amount: string; currencyCode: string } {
  const n = Number(amount);
  return { amount: Number.isInteger(n) ? n.toFixed(1) : String(n), currencyCode };
}
