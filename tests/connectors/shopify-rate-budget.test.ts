import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopifyConnectorConfig } from '../../config/schema';
import { createShopifyConnector } from '../../connectors/shopify';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';
import { throttleRetryAfter } from '../../connectors/shopify/errors';
import { planProductPage, productsQueryCost } from '../../connectors/shopify/queries';
import { RateBudget } from '../../connectors/shopify/rate-budget';

describe('RateBudget (leaky bucket estimate)', () => {
  it('given no configured budget and no response yet, when asked to wait, then it does not (nothing is known)', () => {
    const budget = new RateBudget(undefined, () => 0);
    expect(budget.available()).toBeNull();
    expect(budget.waitSeconds(900)).toBe(0);
  });

  it('given a response left 100 of 2000 points at 100/s, when a 600-point query is next, then it waits 5 s', () => {
    let now = 0;
    const budget = new RateBudget(undefined, () => now);
    budget.observe({ maximumAvailable: 2000, currentlyAvailable: 100, restoreRate: 100 });
    expect(budget.waitSeconds(600)).toBe(5);
    now = 3000;
    expect(budget.available()).toBe(400);
    expect(budget.waitSeconds(600)).toBe(2);
    now = 60_000;
    expect(budget.available()).toBe(2000); // never above the bucket size
    expect(budget.waitSeconds(600)).toBe(0);
  });

  it('given points spent locally, when the next query is planned, then the spend is counted before Shopify answers', () => {
    const budget = new RateBudget({ maximumAvailable: 1000, restoreRate: 50 }, () => 0);
    budget.spend(900);
    expect(budget.available()).toBe(100);
    expect(budget.waitSeconds(200)).toBe(2);
  });

  it('given queries reserved one after another, when each asks how long to wait, then they queue: each waits for the points the earlier ones took', () => {
    const budget = new RateBudget({ maximumAvailable: 1000, restoreRate: 100 }, () => 0);
    expect([budget.reserve(600), budget.reserve(600), budget.reserve(600)]).toEqual([0, 2, 8]);
  });

  it('given queries still unanswered, when an answer reports the bucket, then their points stay reserved (the bucket does not know of them yet)', () => {
    const budget = new RateBudget({ maximumAvailable: 1000, restoreRate: 100 }, () => 0);
    budget.reserve(300);
    budget.reserve(300);
    budget.release(300); // the first was answered: its cost is in Shopify's figure
    budget.observe({ maximumAvailable: 1000, currentlyAvailable: 700, restoreRate: 100 });
    expect(budget.available()).toBe(400);
  });

  it('given a query larger than the whole bucket, when planned, then it is not held back forever', () => {
    const budget = new RateBudget({ maximumAvailable: 500, restoreRate: 50 }, () => 0);
    expect(budget.waitSeconds(800)).toBe(0);
    expect(budget.maxQueryCost()).toBe(500);
  });

  it('given a THROTTLED answer, when the retry delay is computed, then it is the deficit over the restore rate, rounded up', () => {
    expect(throttleRetryAfter(752, { maximumAvailable: 1000, currentlyAvailable: 52, restoreRate: 50 })).toBe(14);
    expect(throttleRetryAfter(10, { maximumAvailable: 1000, currentlyAvailable: 900, restoreRate: 50 })).toBe(1);
  });
});

describe('planProductPage', () => {
  it.each([1, 4, 10, 50, 100, 250])('given pageSize %i, when planned against 1000 points, then the requested cost fits', (pageSize) => {
    const plan = planProductPage(pageSize, 1000);
    expect(productsQueryCost(plan)).toBeLessThanOrEqual(1000);
    expect(plan.first).toBeGreaterThanOrEqual(1);
    expect(plan.first).toBeLessThanOrEqual(pageSize);
  });

  it('given a small page, when planned, then variants are read 100 at a time', () => {
    expect(planProductPage(4, 1000)).toEqual({ first: 4, variantsFirst: 100, mediaFirst: 10 });
  });

  it('given the default page of 50, when planned, then fewer variants per product are read up front and the page shrinks to fit', () => {
    expect(planProductPage(50, 1000)).toEqual({ first: 20, variantsFirst: 10, mediaFirst: 10 });
  });

  it('given the cost formula, when computed for 4 products × 100 variants × 10 images, then it matches Shopify rules (2 + 4 × 228)', () => {
    expect(productsQueryCost({ first: 4, variantsFirst: 100, mediaFirst: 10 })).toBe(914);
  });
});

describe('RateBudget against the Shopify sandbox', () => {
  let shopify: ShopifySandbox;
  beforeAll(async () => {
    // A small bucket, so a crowd of concurrent queries must queue for it.
    shopify = createShopifySandbox({ shop: 'crowd.myshopify.com', accessToken: 'shpat_crowd', webhookSecret: 'crowd', seed: { products: 20 }, limits: { maximumAvailable: 60, restoreRate: 200 } });
    await shopify.start();
  }, 60_000);
  afterAll(async () => shopify?.stop());

  it('given 40 queries at once from one connector, when they run, then every one succeeds and Shopify throttles none', async () => {
    const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop: 'crowd.myshopify.com', accessToken: { env: 'T' }, webhookSecret: { env: 'S' }, apiVersion: '2025-01', baseUrl: shopify.baseUrl };
    const shop = createShopifyConnector('shop', cfg, (ref) => (ref.env === 'T' ? 'shpat_crowd' : 'crowd'));
    const query = 'query Crowd { products(first: 10) { nodes { id } } }';
    await shop.graphql(query); // learns the query's cost and the bucket
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => shop.graphql<{ products: { nodes: unknown[] } }>(query)));
    const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(failed).toEqual([]);
    expect(results.every((r) => r.status === 'fulfilled' && r.value.products.nodes.length === 10)).toBe(true);
  }, 30_000);
});

