import '@shopify/shopify-api/adapters/node';
import { abstractFetch, setAbstractFetchFunc } from '@shopify/shopify-api/runtime';

/**
 * Sends a shop's Admin API traffic to another origin (a sandbox, a proxy).
 *
 * The SDK always builds `https://{shop}/admin/api/{version}/graphql.json` and
 * its Admin GraphQL client takes the runtime's `abstractFetch` as its fetch
 * (there is no per-client `customFetchApi` option in @shopify/shopify-api 13).
 * So we wrap that runtime fetch once, at import time, and rewrite only URLs
 * whose host is a registered shop; every other request goes out untouched.
 * A registry (shop → base URL) lets several connectors coexist in one process.
 *
 * Import this module before creating any SDK client: clients capture the
 * runtime fetch when they are constructed.
 */
const routes = new Map<string, URL>();
const original = abstractFetch;

setAbstractFetchFunc((input, init) => original(rewrite(input), init));

/** Routes `shop` (e.g. demo.myshopify.com) to `baseUrl` (e.g. http://127.0.0.1:4101). */
export function routeShop(shop: string, baseUrl: string): void {
  routes.set(shop.toLowerCase(), new URL(baseUrl));
}

export function unrouteShop(shop: string): void {
  routes.delete(shop.toLowerCase());
}

function rewrite(input: Parameters<typeof fetch>[0]): Parameters<typeof fetch>[0] {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const url = new URL(href);
  const target = routes.get(url.host.toLowerCase());
  if (!target) return input;
  // Keep the path and query the SDK built; swap scheme + host + port, honouring a base path if any.
  const basePath = target.pathname.replace(/\/$/, '');
  const next = new URL(`${basePath}${url.pathname}${url.search}`, target.origin);
  if (typeof input === 'string') return next.href;
  if (input instanceof URL) return next;
  return new Request(next, input);
}
