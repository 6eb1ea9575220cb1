import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Faults } from './framework/server';
import { createMailchimpSandbox, type MailchimpSandbox } from './mailchimp';
import { createShopifySandbox, type ShopifySandbox } from './shopify';
import { seedDemoDiscounts } from './shopify/demo-discounts';
import { createSquareSandbox, type SquareSandbox } from './square';
import { createStripeSandbox, type StripeSandbox } from './stripe';
import { createXeroSandbox, type XeroSandbox } from './xero';
import { createZendeskSandbox, type ZendeskSandbox } from './zendesk';

/**
 * All six vendor sandboxes with their well-known demo credentials, on fixed
 * loopback ports. The same values are the defaults of the demo config's
 * environment variables, and the manifest tells any other tool where they are.
 */
export const DEMO = {
  shopify: { port: 4101, shop: 'demo-outfitters.myshopify.com', accessToken: 'shpat_demo_0123456789abcdef', webhookSecret: 'shopify-demo-webhook-secret' },
  square: { port: 4102, accessToken: 'EAAAEdemo_square_access_token', webhookSignatureKey: 'square-demo-signature-key', locationId: 'L1MAIN0000001' },
  stripe: { port: 4103, apiKey: 'sk_test_51DemoSwitchyardKey0000000000', webhookSecret: 'whsec_demo_switchyard_0000000000' },
  xero: { port: 4104, accessToken: 'xero-demo-access-token', tenantId: '4a7c2b1e-0d3f-4e5a-9b8c-1d2e3f4a5b6c', webhookKey: 'xero-demo-webhook-key' },
  mailchimp: { port: 4105, apiKey: '0123456789abcdef0123456789abcdef-us21', server: 'us21', webhookSecret: 'mailchimp-demo-url-secret' },
  zendesk: { port: 4106, subdomain: 'demo-outfitters', email: 'agent@demo-outfitters.example', apiToken: 'zendesk-demo-api-token' },
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
  stripe?: { baseUrl: string; apiKey: string; webhookSecret: string };
  xero?: { baseUrl: string; accessToken: string; tenantId: string; webhookKey: string };
  mailchimp?: { baseUrl: string; apiKey: string; server: string; listId: string; webhookSecret: string };
  zendesk?: { baseUrl: string; subdomain: string; email: string; apiToken: string; webhookSecret: string };
}

export interface DemoSandboxes {
  shopify: ShopifySandbox;
  square: SquareSandbox;
  others: { stripe: StripeSandbox; xero: XeroSandbox; mailchimp: MailchimpSandbox; zendesk: ZendeskSandbox } | null;
  manifest: SandboxManifest;
  stop(): Promise<void>;
}

export interface DemoSandboxOptions {
  products?: number;
  customers?: number;
  orders?: number;
  limits?: 'off' | 'realistic';
  faults?: Faults;
  /** Webhook delivery faults applied to every sandbox's emitter. */
  webhookFaults?: { dropRate?: number; duplicateRate?: number; reorderJitterMs?: number };
  /** All six vendors (default) or only the catalog slice's two. */
  vendors?: 'all' | 'catalog';
  /** Port of the first sandbox; the others follow (Shopify, Square, Stripe, Xero, Mailchimp, Zendesk). */
  basePort?: number;
  /** Where to write the manifest (JSON); omit to skip. */
  manifestFile?: string;
  /** Create the demo shop's discount codes in Shopify (./shopify/demo-discounts.ts); default false. */
  discounts?: boolean;
}

export async function startDemoSandboxes(opts: DemoSandboxOptions = {}): Promise<DemoSandboxes> {
  const limits = opts.limits ?? 'realistic';
  const faults = opts.faults;
  const customers = opts.customers ?? 200;
  const orders = opts.orders ?? 300;
  const port = (offset: number) => (opts.basePort ?? DEMO.shopify.port) + offset;
  const shopify = createShopifySandbox({
    shop: DEMO.shopify.shop,
    accessToken: DEMO.shopify.accessToken,
    webhookSecret: DEMO.shopify.webhookSecret,
    seed: { products: opts.products ?? 600, customers, orders, seed: 42 },
    limits,
    faults,
  });
  const square = createSquareSandbox({
    accessToken: DEMO.square.accessToken,
    webhookSignatureKey: DEMO.square.webhookSignatureKey,
    locations: [{ id: DEMO.square.locationId, name: 'Main Street Store', currency: 'USD' }],
    limits,
    faults,
  });
  const shopifyUrl = await shopify.start(port(0));
  if (opts.discounts) await seedDemoDiscounts(shopify);
  const squareUrl = await square.start(port(1));
  const manifest: SandboxManifest = {
    shopify: { baseUrl: shopifyUrl, shop: DEMO.shopify.shop, accessToken: DEMO.shopify.accessToken, webhookSecret: DEMO.shopify.webhookSecret, apiVersion: '2025-01' },
    square: { baseUrl: squareUrl, accessToken: DEMO.square.accessToken, webhookSignatureKey: DEMO.square.webhookSignatureKey, locationId: DEMO.square.locationId, squareVersion: '2025-10-16' },
  };
  let others: DemoSandboxes['others'] = null;
  if ((opts.vendors ?? 'all') === 'all') {
    const stripe = createStripeSandbox({ apiKey: DEMO.stripe.apiKey, webhookSecret: DEMO.stripe.webhookSecret, seed: { customers, paymentIntents: orders, seed: 42 }, limits, faults });
    const xero = createXeroSandbox({ accessToken: DEMO.xero.accessToken, tenantId: DEMO.xero.tenantId, tenantName: 'Demo Outfitters Ltd', webhookKey: DEMO.xero.webhookKey, seed: { contacts: customers, items: Math.min(opts.products ?? 600, 200), invoices: orders, seed: 42 }, limits, faults });
    const mailchimp = createMailchimpSandbox({ apiKey: DEMO.mailchimp.apiKey, seed: { lists: 1, members: customers, seed: 42 }, limits, faults });
    const zendesk = createZendeskSandbox({ subdomain: DEMO.zendesk.subdomain, email: DEMO.zendesk.email, apiToken: DEMO.zendesk.apiToken, seed: { users: customers, organizations: Math.max(1, Math.round(customers / 20)), tickets: Math.round(orders / 2), seed: 42 }, limits, faults });
    others = { stripe, xero, mailchimp, zendesk };
    manifest.stripe = { baseUrl: await stripe.start(port(2)), apiKey: DEMO.stripe.apiKey, webhookSecret: DEMO.stripe.webhookSecret };
    manifest.xero = { baseUrl: await xero.start(port(3)), accessToken: DEMO.xero.accessToken, tenantId: DEMO.xero.tenantId, webhookKey: DEMO.xero.webhookKey };
    manifest.mailchimp = { baseUrl: await mailchimp.start(port(4)), apiKey: DEMO.mailchimp.apiKey, server: DEMO.mailchimp.server, listId: mailchimp.lists()[0]?.id ?? '', webhookSecret: DEMO.mailchimp.webhookSecret };
    // Zendesk hands out a webhook's signing secret when the webhook is created (GET /api/v2/webhooks/{id}/signing_secret).
    manifest.zendesk = { baseUrl: await zendesk.start(port(5)), subdomain: DEMO.zendesk.subdomain, email: DEMO.zendesk.email, apiToken: DEMO.zendesk.apiToken, webhookSecret: 'per webhook: GET /api/v2/webhooks/{id}/signing_secret' };
  }
  if (opts.webhookFaults) {
    for (const sb of [shopify, square, ...(others ? Object.values(others) : [])]) sb.emitter.configure(opts.webhookFaults);
  }
  if (opts.manifestFile) {
    mkdirSync(path.dirname(path.resolve(opts.manifestFile)), { recursive: true });
    writeFileSync(opts.manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return {
    shopify,
    square,
    others,
    manifest,
    async stop() {
      await Promise.all([shopify.stop(), square.stop(), ...(others ? Object.values(others).map((s) => s.stop()) : [])]);
    },
  };
}
