import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createShopifySandbox, type ShopifySandbox } from './shopify';
import { createSquareSandbox, type SquareSandbox } from './square';

/**
 * The demo's vendor sandboxes with their well-known credentials. The same
 * values are the defaults of the demo config's environment variables, and
 * the manifest tells any other tool where the sandboxes are.
 */
export const DEMO = {
  shopify: { port: 4101, shop: 'demo-outfitters.myshopify.com', accessToken: 'shpat_demo_0123456789abcdef', webhookSecret: 'shopify-demo-webhook-secret' },
  square: { port: 4102, accessToken: 'EAAAEdemo_square_access_token', webhookSignatureKey: 'square-demo-signature-key', locationId: 'L1MAIN0000001' },
} as const;

/** Env defaults for config/demo.yaml's secret references (only set when absent). */
export function demoEnvDefaults(): Record<string, string> {
  return {
    SHOPIFY_TOKEN: DEMO.shopify.accessToken,
    SHOPIFY_WEBHOOK_SECRET: DEMO.shopify.webhookSecret,
    SQUARE_TOKEN: DEMO.square.accessToken,
    SQUARE_WEBHOOK_SIGNATURE_KEY: DEMO.square.webhookSignatureKey,
  };
}

export interface SandboxManifest {
  shopify: { baseUrl: string; shop: string; accessToken: string; webhookSecret: string; apiVersion: string };
  square: { baseUrl: string; accessToken: string; webhookSignatureKey: string; locationId: string; squareVersion: string };
}

export interface DemoSandboxes {
  shopify: ShopifySandbox;
  square: SquareSandbox;
  manifest: SandboxManifest;
  stop(): Promise<void>;
}

export interface DemoSandboxOptions {
  products?: number;
  limits?: 'off' | 'realistic';
  shopifyPort?: number;
  squarePort?: number;
  /** Where to write the manifest (JSON); omit to skip. */
  manifestFile?: string;
}

export async function startDemoSandboxes(opts: DemoSandboxOptions = {}): Promise<DemoSandboxes> {
  const shopify = createShopifySandbox({
    shop: DEMO.shopify.shop,
    accessToken: DEMO.shopify.accessToken,
    webhookSecret: DEMO.shopify.webhookSecret,
    seed: { products: opts.products ?? 600, seed: 42 },
    limits: opts.limits ?? 'realistic',
  });
  const square = createSquareSandbox({
    accessToken: DEMO.square.accessToken,
    webhookSignatureKey: DEMO.square.webhookSignatureKey,
    locations: [{ id: DEMO.square.locationId, name: 'Main Street Store', currency: 'USD' }],
    limits: opts.limits ?? 'realistic',
  });
  const shopifyUrl = await shopify.start(opts.shopifyPort ?? DEMO.shopify.port);
  const squareUrl = await square.start(opts.squarePort ?? DEMO.square.port);
  const manifest: SandboxManifest = {
    shopify: { baseUrl: shopifyUrl, shop: DEMO.shopify.shop, accessToken: DEMO.shopify.accessToken, webhookSecret: DEMO.shopify.webhookSecret, apiVersion: '2025-01' },
    square: { baseUrl: squareUrl, accessToken: DEMO.square.accessToken, webhookSignatureKey: DEMO.square.webhookSignatureKey, locationId: DEMO.square.locationId, squareVersion: '2025-10-16' },
  };
  if (opts.manifestFile) {
    mkdirSync(path.dirname(path.resolve(opts.manifestFile)), { recursive: true });
    writeFileSync(opts.manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return {
    shopify,
    square,
    manifest,
    async stop() {
      await shopify.stop();
      await square.stop();
    },
  };
}
