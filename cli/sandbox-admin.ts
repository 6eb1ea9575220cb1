import { readFileSync } from 'node:fs';
import type { SandboxManifest } from '../sandboxes/demo';

/** The running demo's sandboxes, as `npm start` wrote them into the manifest. */
export function readManifest(file: string): SandboxManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as SandboxManifest;
}

/**
 * Admin GraphQL against the Shopify sandbox, sent exactly as a merchant's
 * admin session (or curl) sends it — the demo commands act as the merchant,
 * not through Switchyard's connector.
 */
export function shopifyAdmin(m: SandboxManifest): <T>(query: string, variables?: object) => Promise<T> {
  return async <T>(query: string, variables: object = {}): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${m.shopify.baseUrl}/admin/api/${m.shopify.apiVersion}/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': m.shopify.accessToken },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
      if (body.data) return body.data;
      // The shop's query budget is shared with the running sync: wait for it to refill, as an admin client does.
      if (attempt < 10 && body.errors?.some((e) => e.extensions?.code === 'THROTTLED')) {
        await new Promise((r) => setTimeout(r, 1_000));
        continue;
      }
      throw new Error(`Shopify sandbox said: ${JSON.stringify(body.errors)}`);
    }
  };
}
