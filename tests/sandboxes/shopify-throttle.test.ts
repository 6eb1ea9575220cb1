import { afterEach, describe, expect, it } from 'vitest';
import { GraphqlQueryError } from '@shopify/shopify-api';
import { startHarness, type Harness } from './shopify-harness';

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

const TEN = '{ products(first: 10) { nodes { id } } }';

describe('Shopify sandbox: calculated query cost and the leaky bucket', () => {
  let h: Harness;
  let now = Date.UTC(2025, 2, 1);
  afterEach(async () => {
    await h.close();
  });

  async function cost(query: string, variables?: Record<string, unknown>): Promise<Cost> {
    const res = await h.client.request(query, { variables });
    return (res.extensions as { cost: Cost }).cost;
  }

  async function throttled(query: string): Promise<{ body: { errors: { graphQLErrors: unknown[] }; extensions: { cost: Cost } } }> {
    const err = await h.client.request(query).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphqlQueryError);
    return err as never;
  }

  it('given queries of known shape, when run, then requested and actual costs follow Shopify’s rules', async () => {
    h = await startHarness({ seed: { products: 30, seed: 2 }, limits: 'off' });
    expect(await cost('{ shop { id name } }')).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
    expect(await cost(TEN)).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 12 });
    // Nested connection: 2 + 5 × (1 product + (2 + 3 × 1 variant)) = 32.
    expect(await cost('{ products(first: 5) { edges { cursor node { id variants(first: 3) { nodes { id } } } } pageInfo { hasNextPage } } }')).toMatchObject({ requestedQueryCost: 32 });
    // Fewer rows than asked for: actual cost counts what came back.
    const few = await cost('{ products(first: 50) { nodes { id } } }');
    expect(few).toMatchObject({ requestedQueryCost: 52, actualQueryCost: 32 });
    expect(await cost('mutation { productCreate(product: { title: "Costly" }) { product { id } userErrors { message } } }')).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
    expect((await cost(TEN)).throttleStatus).toEqual({ maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 });
  });

  it('given a query over 1,000 points, when sent, then MAX_COST_EXCEEDED is returned before anything runs', async () => {
    h = await startHarness({ seed: { products: 5, seed: 2 }, limits: 'off' });
    const err = await throttled('{ products(first: 250) { nodes { id variants(first: 250) { nodes { id } } } } }');
    const [first] = err.body.errors.graphQLErrors as { message: string; extensions: { code: string; cost: number; maxCost: number } }[];
    expect(first!.extensions).toEqual({ code: 'MAX_COST_EXCEEDED', cost: 2 + 250 * (1 + 2 + 250), maxCost: 1000 });
    expect(first!.message).toMatch(/^Query cost is 63252, which exceeds the single query max cost limit \(1000\)/);
  });

  it('given custom limits, when the bucket runs dry, then THROTTLED comes back with throttleStatus and the mutation does not run', async () => {
    now = Date.UTC(2025, 2, 1);
    h = await startHarness({ seed: { products: 30, seed: 2 }, limits: { maximumAvailable: 50, restoreRate: 5 }, clock: () => now });
    for (let i = 0; i < 4; i++) expect((await cost(TEN)).throttleStatus.currentlyAvailable).toBe(50 - 12 * (i + 1));
    const err = await throttled(TEN);
    expect(err.body.errors.graphQLErrors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }]);
    expect(err.body.extensions.cost).toEqual({ requestedQueryCost: 12, actualQueryCost: null, throttleStatus: { maximumAvailable: 50, currentlyAvailable: 2, restoreRate: 5 } });

    const before = h.sandbox.state.products.size;
    await throttled('mutation { productCreate(product: { title: "Never made" }) { product { id } userErrors { message } } }');
    expect(h.sandbox.state.products.size).toBe(before);

    // The bucket leaks back at restoreRate points per second.
    now += 2_000;
    expect((await cost('{ shop { id } }')).throttleStatus.currentlyAvailable).toBe(2 + 10 - 1);
  });

  it('given realistic limits, when large queries burst, then the Standard plan bucket (2,000 / 100 per s) throttles the third one', async () => {
    now = Date.UTC(2025, 2, 1);
    h = await startHarness({ seed: { products: 400, seed: 2 }, limits: 'realistic', clock: () => now });
    const big = '{ products(first: 166) { nodes { id variants(first: 2) { nodes { id } } } } }';
    expect(await cost(big)).toMatchObject({ requestedQueryCost: 832, throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
    const second = await cost(big);
    expect(second.throttleStatus.currentlyAvailable).toBe(2000 - 2 * 832 + 2 * (832 - second.actualQueryCost!));
    const err = await throttled(big);
    expect(err.body.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(832);
  });

  it('given a throttled app, when limits are switched off at run time, then the same query runs and still reports its cost', async () => {
    h = await startHarness({ seed: { products: 30, seed: 2 }, limits: { maximumAvailable: 12, restoreRate: 0 } });
    await cost(TEN);
    await throttled(TEN);
    h.sandbox.setLimits('off');
    for (let i = 0; i < 5; i++) expect(await cost(TEN)).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 12 });
    const res = await fetch(`${h.sandbox.baseUrl}/_sandbox/limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limits: { maximumAvailable: 12, restoreRate: 0 } }) });
    expect(await res.json()).toMatchObject({ limits: { maximumAvailable: 12, restoreRate: 0 } });
    await cost(TEN);
    await throttled(TEN);
  });
});
