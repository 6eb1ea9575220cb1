import '@shopify/shopify-api/adapters/node';
import { abstractFetch, setAbstractFetchFunc } from '@shopify/shopify-api/runtime';

/**
 * Points the official SDK (@shopify/shopify-api) at a sandbox.
 *
 * The SDK always calls https://{shop}/admin/api/{version}/graphql.json through
 * its runtime fetch hook (`abstractFetch`, installed by the node adapter with
 * globalThis.fetch). We wrap whatever hook is installed (so other routing
 * layers, e.g. connectors/shopify/fetch-routing.ts, keep working) with a fetch
 * that rewrites the origin of registered shops to the sandbox base URL and
 * passes every other request through untouched. The hook is process-wide and
 * is read when a client is constructed, so register the shop before
 * `new shopify.clients.Graphql(…)`.
 *
 *   const unroute = routeShopToSandbox('demo-outfitters.myshopify.com', sandbox.baseUrl);
 *   const client = new shopify.clients.Graphql({ session });
 *   …
 *   unroute();
 */

export type FetchLike = (...params: Parameters<typeof fetch>) => Promise<Response>;

const routes = new Map<string, string>();
let installed = false;

/**
 * A fetch that sends https://{host}/… to `resolve(host)` + path when that
 * returns a base URL; otherwise it calls `inner` (globalThis.fetch by default,
 * looked up per call so test doubles still apply).
 */
export function createSandboxFetch(resolve: (host: string) => string | undefined, inner: FetchLike = (...a) => globalThis.fetch(...a)): FetchLike {
  return (input, init) => {
    const original = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const rewritten = rewriteUrl(original, resolve);
    if (rewritten === null) return inner(input, init);
    if (typeof input === 'string' || input instanceof URL) return inner(rewritten, init);
    // A Request object: copy it onto the new URL, keeping method, headers and body.
    return inner(new Request(rewritten, input), init);
  };
}

/** The sandbox URL for `url`, or null when its host is not routed. */
export function rewriteUrl(url: string, resolve: (host: string) => string | undefined): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const base = resolve(parsed.host.toLowerCase());
  if (!base) return null;
  return base.replace(/\/+$/, '') + parsed.pathname + parsed.search;
}

/** Installs the routing fetch into the SDK runtime, around the current hook (idempotent). */
export function installShopifySdkFetch(): void {
  if (installed) return;
  const previous: FetchLike = abstractFetch;
  setAbstractFetchFunc(createSandboxFetch((host) => routes.get(host), previous));
  installed = true;
}

/** Routes the SDK's requests for `shop` (e.g. demo-outfitters.myshopify.com) to `baseUrl`; returns an undo function. */
export function routeShopToSandbox(shop: string, baseUrl: string): () => void {
  installShopifySdkFetch();
  const host = shop.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
  routes.set(host, baseUrl);
  return () => {
    if (routes.get(host) === baseUrl) routes.delete(host);
  };
}
