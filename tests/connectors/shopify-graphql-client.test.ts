import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifyConnector } from '../../connectors/shopify';
import { createShopifyGraphql } from '../../connectors/shopify/graphql-client';
import { VendorError } from '../../connectors/types';
import type { ShopifyConnectorConfig } from '../../config/schema';
import { SandboxServer, type SandboxRequest, type SandboxResponse } from '../../sandboxes/framework/server';

/**
 * The Shopify GraphQL door against a scripted server: routing through the
 * SDK, the rate budget's proactive wait, and every failure class mapped to
 * VendorError. (The full catalog runs against the Shopify sandbox in
 * shopify-connector.test.ts.)
 */

const PATH = '/admin/api/2025-01/graphql.json';
const TOKEN = 'shpat_scripted_token';
const secret = (ref: { env: string }) => (ref.env === 'TOKEN' ? TOKEN : 'webhook-secret');

type Script = (req: SandboxRequest) => SandboxResponse;
let script: Script = () => ({ status: 200, body: { data: {} } });
const seen: SandboxRequest[] = [];
const server = new SandboxServer({ name: 'scripted-shopify' }).route('POST', PATH, (req) => {
  seen.push(req);
  return script(req);
});
const other = new SandboxServer({ name: 'scripted-shopify-2' }).route('POST', PATH, () => ({ status: 200, body: { data: { who: 'second' } } }));

const cost = (requested: number, available: number, restoreRate = 50) => ({
  cost: { requestedQueryCost: requested, actualQueryCost: requested, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: available, restoreRate } },
});

function connector(shop: string, baseUrl: string, sleeps: number[] = [], maxWaitSeconds = 30) {
  const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop, accessToken: { env: 'TOKEN' }, webhookSecret: { env: 'SECRET' }, apiVersion: '2025-01', baseUrl };
  return createShopifyConnector('shop', cfg, secret, { maxWaitSeconds, sleep: async (ms) => void sleeps.push(ms) });
}

async function failure(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  await server.listen();
  await other.listen();
});
afterAll(async () => {
  await server.close();
  await other.close();
});

describe('Shopify GraphQL client (official SDK, baseUrl routing, rate budget, errors)', () => {
  it('given a baseUrl, when a query runs, then the SDK request reaches that origin with the token and 2025-01 path', async () => {
    script = () => ({ status: 200, body: { data: { shop: { name: 'Demo' } }, extensions: cost(1, 999) } });
    const data = await connector('routing-a.myshopify.com', server.baseUrl).graphql<{ shop: { name: string } }>('query { shop { name } }');
    expect(data).toEqual({ shop: { name: 'Demo' } });
    const last = seen.at(-1);
    expect(last?.headers['x-shopify-access-token']).toBe(TOKEN);
    expect(last?.json).toMatchObject({ query: 'query { shop { name } }' });
  });

  it('given two connectors for two shops, when both query, then each reaches its own base URL', async () => {
    script = () => ({ status: 200, body: { data: { who: 'first' } } });
    const a = connector('two-a.myshopify.com', server.baseUrl);
    const b = connector('two-b.myshopify.com', other.baseUrl);
    expect(await b.graphql('query { shop { name } }')).toEqual({ who: 'second' });
    expect(await a.graphql('query { shop { name } }')).toEqual({ who: 'first' });
  });

  it('given the bucket nearly empty after a response, when the next query would not fit, then it waits the deficit before sending', async () => {
    const sleeps: number[] = [];
    const c = connector('wait.myshopify.com', server.baseUrl, sleeps);
    script = () => ({ status: 200, body: { data: { ok: true }, extensions: cost(200, 10) } });
    await c.graphql('query Expensive { shop { name } }');
    expect(sleeps).toEqual([]);
    const before = seen.length;
    await c.graphql('query Expensive { shop { name } }');
    // needs 200, has ~10, refills 50/s → ~3.8 s
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(3500);
    expect(sleeps[0]).toBeLessThanOrEqual(3800);
    expect(seen.length).toBe(before + 1);
  });

  it('given a wait longer than the activity should block, when a query is planned, then it fails fast with 429 and sends nothing', async () => {
    const c = connector('fast-fail.myshopify.com', server.baseUrl, [], 1);
    script = () => ({ status: 200, body: { data: { ok: true }, extensions: cost(900, 0, 50) } });
    await c.graphql('query Big { shop { name } }');
    const before = seen.length;
    const err = await failure(c.graphql('query Big { shop { name } }'));
    expect(err).toMatchObject({ status: 429, retryable: true, code: 'THROTTLED' });
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(17);
    expect(seen.length).toBe(before);
  });

  it('given a THROTTLED answer, when mapped, then it is VendorError 429 with retryAfter = ceil(deficit / restoreRate)', async () => {
    script = () => ({ status: 200, body: { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: { cost: { requestedQueryCost: 752, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 52, restoreRate: 50 } } } } });
    const err = await failure(connector('throttled.myshopify.com', server.baseUrl).graphql('query { shop { name } }'));
    expect(err).toMatchObject({ status: 429, retryAfterSeconds: 14, code: 'THROTTLED', retryable: true, vendor: 'shopify' });
  });

  it('given HTTP 401, when mapped, then it is VendorError 401 and not retryable', async () => {
    script = () => ({ status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } });
    const err = await failure(connector('unauthorized.myshopify.com', server.baseUrl).graphql('query { shop { name } }'));
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(err.message).not.toContain(TOKEN);
  });

  it('given backfill pages waiting for a drained bucket, when a webhook’s one-item query comes, then it goes at once and the pages follow in order, each leaving a fifth of the bucket', async () => {
    // A clock that only moves when a waiter sleeps: each sleep is one we can see and release.
    let clock = 1_000_000;
    const sleeping: { ms: number; wake: () => void }[] = [];
    const sleep = (ms: number) => new Promise<void>((wake) => sleeping.push({ ms, wake }));
    const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop: 'lanes.myshopify.com', accessToken: { env: 'TOKEN' }, webhookSecret: { env: 'SECRET' }, apiVersion: '2025-01', baseUrl: server.baseUrl };
    const gql = createShopifyGraphql(cfg, { accessToken: TOKEN, webhookSecret: 'webhook-secret' }, { now: () => clock, sleep });
    const order: string[] = [];
    // The bucket (1,000, 50/s) answers with 100 points left after the first read.
    script = (req) => {
      order.push(String((req.json as { query: string }).query));
      return { status: 200, body: { data: { ok: true }, extensions: cost(10, 100) } };
    };
    await gql.request('query First { shop { name } }');
    order.length = 0;

    const pageA = gql.request('query PageA { products(first: 250) { nodes { id } } }', {}, { cost: 600, lane: 'bulk' });
    const pageB = gql.request('query PageB { products(first: 250) { nodes { id } } }', {}, { cost: 600, lane: 'bulk' });
    await new Promise((r) => setTimeout(r, 20));
    // Page A waits for 600 + 200 headroom with 100 left: 14 s at 50/s; page B waits its turn behind it.
    expect(sleeping.map((s) => s.ms)).toEqual([14_000]);
    // The webhook's query (10 points) fits in what the pages have not taken: sent now, ahead of both.
    await gql.request('query Level { inventoryItem(id: "gid://shopify/InventoryItem/1") { id } }', {}, { cost: 10 });
    expect(order).toEqual(['query Level { inventoryItem(id: "gid://shopify/InventoryItem/1") { id } }']);

    // 14 s later page A goes; B then waits (re-checking after each sleep) until its points and the headroom are there.
    let bDone = false;
    void pageB.then(() => (bDone = true));
    clock += 14_000;
    sleeping.shift()!.wake();
    await pageA;
    expect(order.at(-1)).toContain('PageA');
    const waitedB: number[] = [];
    while (!bDone) {
      await new Promise((r) => setTimeout(r, 20));
      const next = sleeping.shift();
      if (!next) continue;
      waitedB.push(next.ms);
      clock += next.ms;
      next.wake();
    }
    expect(order.map((q) => q.split(' ')[1])).toEqual(['Level', 'PageA', 'PageB']);
    // Shopify said 100 left after A: B needed 600 + 200 headroom, 700 more at 50/s = 14 s in all.
    expect(waitedB.reduce((a, b) => a + b, 0)).toBe(14_000);
  });

  it('given HTTP 403, when mapped, then it is VendorError 403 and not retryable', async () => {
    script = () => ({ status: 403, body: { errors: 'Forbidden' } });
    expect(await failure(connector('forbidden.myshopify.com', server.baseUrl).graphql('query { shop { name } }'))).toMatchObject({ status: 403, retryable: false });
  });

  it('given HTTP 503, when mapped, then it is VendorError 503 and retryable', async () => {
    script = () => ({ status: 503, body: { errors: 'Service Unavailable' } });
    expect(await failure(connector('unavailable.myshopify.com', server.baseUrl).graphql('query { shop { name } }'))).toMatchObject({ status: 503, retryable: true });
  });

  it('given nothing listening, when a query runs, then it is VendorError 0 (network) and retryable', async () => {
    const closed = new SandboxServer({ name: 'closed' });
    const url = await closed.listen();
    await closed.close();
    expect(await failure(connector('offline.myshopify.com', url).graphql('query { shop { name } }'))).toMatchObject({ status: 0, retryable: true });
  });

  it('given an ordinary GraphQL error, when mapped, then it is VendorError 400 carrying the messages and code', async () => {
    script = () => ({ status: 200, body: { errors: [{ message: "Field 'nope' doesn't exist on type 'Shop'", extensions: { code: 'undefinedField' } }] } });
    const err = await failure(connector('bad-query.myshopify.com', server.baseUrl).graphql('query { shop { nope } }'));
    expect(err).toMatchObject({ status: 400, code: 'undefinedField', retryable: false });
    expect(err.message).toContain("Field 'nope' doesn't exist");
  });
});
