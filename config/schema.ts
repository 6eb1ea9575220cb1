import { z } from 'zod';

/**
 * The operator's YAML, as zod. Parsed once at start-up (see ./load.ts).
 * Secrets are never inline: `{ env: NAME }` names the environment variable.
 * Every object is strict: an unknown key is an error, not a silent no-op.
 */

export const SecretRef = z
  .strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. SHOPIFY_TOKEN') })
  .describe('A secret, by the name of the environment variable that holds it.');
export type SecretRef = z.infer<typeof SecretRef>;

const ConnectorId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a connector id: lower case letters, digits and dashes');
const HttpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL');

export const ShopifyConnector = z.strictObject({
  kind: z.literal('shopify'),
  /** The shop's permanent domain, e.g. demo.myshopify.com. */
  shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'a *.myshopify.com domain'),
  accessToken: SecretRef,
  /** App API secret: verifies X-Shopify-Hmac-Sha256 on webhooks. */
  webhookSecret: SecretRef,
  apiVersion: z.literal('2025-01').default('2025-01'),
  /** Overrides https://{shop} (sandboxes, proxies). */
  baseUrl: HttpUrl.optional(),
  /** Leaky-bucket budget; defaults to Shopify Standard (1,000 pts, 100 pts/s restore... read from throttleStatus at run time). */
  rateBudget: z.strictObject({ restoreRate: z.number().positive(), maximumAvailable: z.number().positive() }).optional(),
});

export const SquareConnector = z.strictObject({
  kind: z.literal('square'),
  accessToken: SecretRef,
  /** Signature key of the webhook subscription: verifies x-square-hmacsha256-signature. */
  webhookSignatureKey: SecretRef,
  /** The exact notification URL Square signs (scheme, host, path) — it is part of the signed string. */
  webhookUrl: HttpUrl.optional(),
  squareVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2025-10-16'),
  environment: z.enum(['production', 'sandbox']).default('production'),
  baseUrl: HttpUrl.optional(),
  /** Our location names → Square location ids. */
  locations: z.record(z.string(), z.string().min(1)).default({}),
  /** Currency of the prices written to this POS (a Square location sells in its own currency). */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** Paces every request to this account (Square publishes no limits; without a budget, 429s are retried). */
  rateBudget: z.strictObject({ requestsPerSecond: z.number().positive(), burst: z.number().int().min(1).default(1) }).optional(),
});

export const StripeConnector = z.strictObject({
  kind: z.literal('stripe'),
  /** Secret key (sk_live_… / sk_test_…) or a restricted key (rk_…). */
  apiKey: SecretRef,
  /** Endpoint signing secret (whsec_…): verifies Stripe-Signature. */
  webhookSecret: SecretRef,
  /** Pinned Stripe-Version; defaults to the SDK's pinned version. */
  apiVersion: z.string().optional(),
  baseUrl: HttpUrl.optional(),
});

export const XeroConnector = z.strictObject({
  kind: z.literal('xero'),
  /** OAuth 2.0 access token (a custom connection or a refreshed token). */
  accessToken: SecretRef,
  /** The organisation: sent as xero-tenant-id on every call. */
  tenantId: z.string().min(1),
  /** Webhooks signing key: verifies x-xero-signature. */
  webhookKey: SecretRef,
  baseUrl: HttpUrl.optional(),
});

export const MailchimpConnector = z.strictObject({
  kind: z.literal('mailchimp'),
  /** API key; its suffix names the data centre (…-us21). */
  apiKey: SecretRef,
  /** Data centre, e.g. us21 (the API host is https://{server}.api.mailchimp.com). */
  server: z.string().regex(/^[a-z]+\d+$/, 'a Mailchimp data centre, e.g. us21'),
  /** The audience (list) Switchyard maintains. */
  listId: z.string().min(1),
  /** Mailchimp webhooks are unsigned: a secret in the callback URL authenticates them. */
  webhookSecret: SecretRef,
  baseUrl: HttpUrl.optional(),
});

export const ZendeskConnector = z.strictObject({
  kind: z.literal('zendesk'),
  subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a Zendesk subdomain'),
  /** Agent email for API-token auth ({email}/token:{apiToken}). */
  email: z.string().email(),
  apiToken: SecretRef,
  /** Webhook signing secret: verifies X-Zendesk-Webhook-Signature. */
  webhookSecret: SecretRef,
  baseUrl: HttpUrl.optional(),
});

export const Connector = z.discriminatedUnion('kind', [ShopifyConnector, SquareConnector, StripeConnector, XeroConnector, MailchimpConnector, ZendeskConnector]);
export type ConnectorConfig = z.infer<typeof Connector>;
export type ShopifyConnectorConfig = z.infer<typeof ShopifyConnector>;
export type SquareConnectorConfig = z.infer<typeof SquareConnector>;
export type StripeConnectorConfig = z.infer<typeof StripeConnector>;
export type XeroConnectorConfig = z.infer<typeof XeroConnector>;
export type MailchimpConnectorConfig = z.infer<typeof MailchimpConnector>;
export type ZendeskConnectorConfig = z.infer<typeof ZendeskConnector>;

export const Entity = z.enum(['product', 'inventory', 'discount', 'customer', 'order', 'invoice', 'payment', 'ticket', 'audience']);

/**
 * What happens when the shared stock of a SKU × location goes below zero
 * (two channels sold the last unit). Either way an `oversell` event is
 * recorded and the entity workflow shows it.
 * - `zero-channels`: every channel is set to 0 (never negative) until stock comes back.
 * - `mirror`: every channel shows the negative canonical level, so each admin sees the debt.
 * - `hold-later-order`: as zero-channels, and the order that oversold is put
 *   on hold so it is not shipped (Shopify: a fulfillment hold, reason
 *   out of stock, on the newest open order for the SKU at that location).
 *   When the later sale was at the POS (complete at the till, nothing to
 *   hold), the newest open order of a channel that can hold one is held
 *   instead: of the two sales, that is the one that can still be stopped.
 *   An `order_held` event (or `order_hold_missed` when no open order was
 *   found) follows the `oversell` event.
 */
export const OversellPolicy = z.strictObject({
  action: z.enum(['zero-channels', 'mirror', 'hold-later-order']).default('zero-channels'),
});

export const Flow = z.strictObject({
  /** Stable name used by `switchyard backfill <flow>` and in workflow ids. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a flow id: lower case letters, digits and dashes'),
  entity: Entity,
  from: ConnectorId,
  to: z.array(ConnectorId).min(1),
  /**
   * Field-level owners: field → connector id of the flow (its `from` or one of
   * its `to`). Fields not listed follow `from`. A system never has a field it
   * owns overwritten; when it changes one, the change goes into the canonical
   * record and on to every other system that holds that field. Product flows
   * name fields as: title, handle, description, vendor, productType, status,
   * tags, options, images, seo.title, seo.description, shortName (the POS
   * label, Square `abbreviation`), and per variant price, compareAtPrice, sku,
   * barcode. options and images shape the product: only `from` owns them.
   * Example: `fields: { shortName: pos, price: pos }`.
   */
  fields: z
    .record(z.string(), ConnectorId)
    .describe(
      'Field → owning connector (default: from). Product fields: title, handle, description, vendor, productType, status, tags, options, images, seo.title, seo.description, shortName, price, compareAtPrice, sku, barcode.',
    )
    .optional(),
  /** Records per page for backfill and reconciliation. */
  pageSize: z.number().int().min(1).max(250).default(50),
  /** Cron for scheduled reconciliation (Temporal Schedule), e.g. "0 * * * *". */
  reconcile: z.string().optional(),
  /**
   * Inventory flows: our location names → the location id in each connector of
   * the flow, e.g. `main: { shop: gid://shopify/Location/1, pos: L1MAIN }`.
   */
  locations: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a location name: lower case letters, digits and dashes'), z.record(ConnectorId, z.string().min(1))).optional(),
  /** Inventory flows: units held back from every channel (published = shared stock − safetyStock, never below 0); default 0. */
  safetyStock: z.number().int().min(0).optional(),
  /** Inventory flows: what to do when shared stock goes negative; default zero-channels. */
  oversell: OversellPolicy.optional(),
  /** Inventory and discount flows: the product flow whose id map links variants across the connectors (default: the product flow between the same connectors). */
  catalogFlow: z.string().optional(),
});
export type FlowConfig = z.infer<typeof Flow>;

export const StoreSection = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sqlite'), path: z.string().min(1).default('data/switchyard.db') }),
  z.strictObject({ kind: z.literal('postgres'), url: SecretRef, schema: z.string().optional() }),
]);

export const TemporalSection = z.strictObject({
  /** host:port of an existing cluster; when absent, `switchyard start` runs the embedded dev server. */
  address: z.string().optional(),
  namespace: z.string().default('default'),
  taskQueue: z.string().default('switchyard'),
  /** Key (base64, 32 bytes) for the payload codec that encrypts workflow payloads. */
  payloadKey: SecretRef.optional(),
  uiPort: z.number().int().default(8233),
  dbFile: z.string().default('data/temporal.db'),
});

export const IngressSection = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8787),
  /** Bodies above this are refused with 413 before any verification work. */
  maxBodyBytes: z.number().int().positive().default(1024 * 1024),
});

export const SwitchyardConfig = z.strictObject({
  store: StoreSection.default({ kind: 'sqlite', path: 'data/switchyard.db' }),
  temporal: TemporalSection.default({ namespace: 'default', taskQueue: 'switchyard', uiPort: 8233, dbFile: 'data/temporal.db' }),
  ingress: IngressSection.default({ host: '127.0.0.1', port: 8787, maxBodyBytes: 1024 * 1024 }),
  connectors: z.record(ConnectorId, Connector),
  flows: z.array(Flow).default([]),
});
export type SwitchyardConfig = z.infer<typeof SwitchyardConfig>;
