import { z } from 'zod';
import { VendorError } from '../types';
import { parseData, type ShopifyGraphql } from './graphql-client';

/**
 * Incremental product reads: "what changed since my cursor", safe at the
 * boundary. Shopify timestamps have whole-second precision, so several
 * products can share the cursor's second, some of them changing after we
 * read. The cursor therefore keeps the watermark second AND the ids already
 * reported at that second; the next read asks for `updated_at:>=` that second
 * (inclusive) and skips only those ids. Nothing updated at or after the
 * watermark is missed, and nothing already reported at it is repeated.
 * (A product changed twice within the same second after we read it keeps the
 * same updatedAt and is not re-reported: Shopify gives no finer signal; the
 * products/update webhook covers it.)
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/products (sortKey UPDATED_AT, query updated_at)
 * https://shopify.dev/docs/api/usage/search-syntax
 */

export interface ProductChange {
  id: string;
  updatedAt: string;
}

export interface ChangePage {
  changes: ProductChange[];
  /** Pass back to continue; never null (a poll always has somewhere to resume). */
  cursor: string;
  /** More changes are already waiting (call again now). */
  hasMore: boolean;
}

interface Watermark {
  t: number;
  ids: string[];
}

const CHANGED_QUERY = `query SwitchyardProductsChanged($first: Int!, $after: String, $query: String!) {
  products(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) { nodes { id updatedAt } pageInfo { hasNextPage endCursor } }
}`;

const Page = z.object({
  products: z.object({
    nodes: z.array(z.object({ id: z.string(), updatedAt: z.string() })),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});

function decode(cursor: string | null): Watermark {
  if (!cursor) return { t: 0, ids: [] };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Watermark;
    if (typeof parsed.t === 'number' && Array.isArray(parsed.ids)) return parsed;
  } catch {
    // fall through
  }
  throw new VendorError('invalid incremental cursor', 'shopify', 400, null, 'BAD_CURSOR');
}

function encode(w: Watermark): string {
  return Buffer.from(JSON.stringify(w), 'utf8').toString('base64url');
}

export async function listProductsUpdatedSince(gql: ShopifyGraphql, cursor: string | null, pageSize = 100): Promise<ChangePage> {
  const mark = decode(cursor);
  const seenAtMark = new Set(mark.ids);
  const query = `updated_at:>='${new Date(mark.t).toISOString()}'`;
  const changes: ProductChange[] = [];
  let after: string | null = null;
  let exhausted = false;
  while (changes.length < pageSize) {
    const data: z.infer<typeof Page> = parseData(Page, await gql.request(CHANGED_QUERY, { first: Math.min(250, pageSize), after, query }, { lane: 'bulk' }), 'products');
    for (const n of data.products.nodes) {
      const t = Date.parse(n.updatedAt);
      if (t < mark.t || (t === mark.t && seenAtMark.has(n.id))) continue;
      changes.push({ id: n.id, updatedAt: n.updatedAt });
    }
    if (!data.products.pageInfo.hasNextPage || !data.products.pageInfo.endCursor) {
      exhausted = true;
      break;
    }
    after = data.products.pageInfo.endCursor;
  }
  if (!changes.length) return { changes, cursor: encode(mark), hasMore: false };
  const last = Date.parse(changes[changes.length - 1]!.updatedAt);
  const idsAtLast = changes.filter((c) => Date.parse(c.updatedAt) === last).map((c) => c.id);
  const next: Watermark = { t: last, ids: last === mark.t ? [...mark.ids, ...idsAtLast] : idsAtLast };
  return { changes, cursor: encode(next), hasMore: !exhausted };
}
