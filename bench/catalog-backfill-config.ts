import type { ShopifyLimits } from '../sandboxes/shopify';
import { SeededCatalog, MAX_SEEDED_PRODUCTS } from '../sandboxes/shopify/seed';

/** Shared by the parent and both children of `bench catalog-backfill` (no side effects on import). */

export const BENCH_SECRETS = {
  SHOPIFY_TOKEN: 'shpat_bench_catalog',
  SHOPIFY_WEBHOOK_SECRET: 'bench-catalog-webhook-secret',
  SQUARE_TOKEN: 'EAAA_bench_catalog',
  SQUARE_WEBHOOK_SIGNATURE_KEY: 'bench-catalog-square-key',
} as const;
export const BENCH_SHOP = 'bench-catalog.myshopify.com';
export const BENCH_LOCATION = 'LBENCH000001';
export const FLOW_ID = 'catalog';

/**
 * Shopify GraphQL Admin API limits per plan (restore rates as published for
 * 2025-01: https://shopify.dev/docs/api/usage/limits). Standard's 2,000-point
 * bucket is the sandbox's own 'realistic' model; the bucket sizes of the
 * bigger plans are not on that page: we take 20 s of restore for Advanced and
 * Enterprise, and the 10,000 points commonly reported for Plus.
 */
export const SHOPIFY_PLANS = {
  standard: { maximumAvailable: 2_000, restoreRate: 100 },
  advanced: { maximumAvailable: 4_000, restoreRate: 200 },
  plus: { maximumAvailable: 10_000, restoreRate: 1_000 },
  enterprise: { maximumAvailable: 40_000, restoreRate: 2_000 },
} as const satisfies Record<string, Exclude<ShopifyLimits, 'off' | 'realistic'>>;
export type ShopifyPlan = keyof typeof SHOPIFY_PLANS;

/** The smallest seeded shop (seed fixed) holding at least `variants` variants, and the running variant total per product. */
export function shopFor(variants: number, seed: number): { products: number; variants: number; prefix: Uint32Array } {
  const catalog = new SeededCatalog({ products: MAX_SEEDED_PRODUCTS, seed });
  const prefix: number[] = [0];
  let total = 0;
  for (let i = 1; total < variants; i++) {
    if (i > MAX_SEEDED_PRODUCTS) throw new Error(`${variants} variants need more than ${MAX_SEEDED_PRODUCTS} seeded products`);
    total += catalog.variantCount(i);
    prefix.push(total);
  }
  return { products: prefix.length - 1, variants: total, prefix: Uint32Array.from(prefix) };
}

/** The worker's configuration, as an operator would write it. */
export function benchConfigYaml(opts: {
  storePath: string;
  taskQueue: string;
  shopifyUrl: string;
  squareUrl: string;
  pageSize: number;
  ingressPort?: number;
  /** Paces the worker's Square requests (realistic mode). */
  squareBudget?: { requestsPerSecond: number; burst: number };
}): string {
  return `store: { kind: sqlite, path: ${JSON.stringify(opts.storePath)} }
temporal: { taskQueue: ${opts.taskQueue} }
${opts.ingressPort ? `ingress: { host: 127.0.0.1, port: ${opts.ingressPort} }\n` : ''}connectors:
  shop:
    kind: shopify
    shop: ${BENCH_SHOP}
    accessToken: { env: SHOPIFY_TOKEN }
    webhookSecret: { env: SHOPIFY_WEBHOOK_SECRET }
    baseUrl: ${opts.shopifyUrl}
  pos:
    kind: square
    accessToken: { env: SQUARE_TOKEN }
    webhookSignatureKey: { env: SQUARE_WEBHOOK_SIGNATURE_KEY }
    baseUrl: ${opts.squareUrl}
    locations: { main: ${BENCH_LOCATION} }
    currency: USD
${opts.squareBudget ? `    rateBudget: { requestsPerSecond: ${opts.squareBudget.requestsPerSecond}, burst: ${opts.squareBudget.burst} }\n` : ''}flows:
  - id: ${FLOW_ID}
    entity: product
    from: shop
    to: [pos]
    pageSize: ${opts.pageSize}
`;
}
