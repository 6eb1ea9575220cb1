import crypto from 'node:crypto';
import { Kind, parse } from 'graphql';
import type { Handler, SandboxRequest, SandboxResponse } from '../framework/server';
import type { GraphQLRequestBody, ShopifyExecutor } from './executor';
import { SHOPIFY_API_VERSION } from './schema';

/**
 * POST /admin/api/2025-01/graphql.json: authentication, body parsing and the
 * HTTP envelope around the executor.
 * https://shopify.dev/docs/api/admin-graphql#endpoints
 * https://shopify.dev/docs/api/usage/authentication#access-tokens-for-custom-apps-in-the-shopify-admin
 */

export const GRAPHQL_PATH = `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;

/** Shopify's answer to a missing or wrong X-Shopify-Access-Token. */
export const INVALID_TOKEN_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

/** Problems found while handling a request, read back by the contract check (same request object). */
export type ProblemLog = WeakMap<SandboxRequest, string[]>;

/** "query products", "mutation productUpdate"…: the vendor operations a document exercises (coverage). */
const rootFieldCache = new Map<string, string[]>();
export function rootOperations(query: string): string[] {
  const hit = rootFieldCache.get(query);
  if (hit) return hit;
  let ops: string[] = [];
  try {
    for (const def of parse(query).definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const sel of def.selectionSet.selections) if (sel.kind === Kind.FIELD && !sel.name.value.startsWith('__')) ops.push(`${def.operation} ${sel.name.value}`);
    }
  } catch {
    ops = [];
  }
  if (rootFieldCache.size < 5000) rootFieldCache.set(query, ops);
  return ops;
}

export function graphqlHandler(opts: { accessToken: () => string; executor: ShopifyExecutor; problems: ProblemLog; recordOperation?: (name: string) => void }): Handler {
  return async (req): Promise<SandboxResponse> => {
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': crypto.randomUUID(),
      'x-shopify-api-version': SHOPIFY_API_VERSION,
    };
    if (req.headers['x-shopify-access-token'] !== opts.accessToken()) {
      return { status: 401, headers, body: INVALID_TOKEN_BODY };
    }
    const request = readBody(req);
    if (!request) {
      opts.problems.set(req, ['request body has no GraphQL `query` (send {"query": …, "variables": …} as application/json)']);
      return { status: 400, headers, body: { errors: { query: 'Required parameter missing or invalid' } } };
    }
    const outcome = await opts.executor.run(request);
    if (outcome.violations.length) opts.problems.set(req, outcome.violations);
    for (const op of rootOperations(request.query)) opts.recordOperation?.(op);
    return { status: 200, headers, body: outcome.body };
  };
}

/** JSON {query, variables, operationName}, or a raw document with Content-Type: application/graphql. */
function readBody(req: SandboxRequest): GraphQLRequestBody | null {
  if (/application\/graphql/i.test(req.headers['content-type'] ?? '')) {
    const query = req.rawBody.toString('utf8');
    return query.trim() ? { query } : null;
  }
  const json = req.json;
  if (!json || typeof json !== 'object' || !('query' in json) || typeof json.query !== 'string') return null;
  const variables = 'variables' in json && json.variables && typeof json.variables === 'object' ? (json.variables as Record<string, unknown>) : null;
  const operationName = 'operationName' in json && typeof json.operationName === 'string' ? json.operationName : null;
  return { query: json.query, variables, operationName };
}
