import http from 'node:http';
import type { AddressInfo } from 'node:net';
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi, type GraphqlClient, type Shopify } from '@shopify/shopify-api';
import { createShopifySandbox, routeShopToSandbox, type ShopifySandbox, type ShopifySandboxOptions } from '../../sandboxes/shopify/index';

/**
 * Shared setup for the Shopify sandbox tests: a sandbox on port 0, the
 * official SDK pointed at it, and a tiny webhook receiver.
 */

export const SHOP = 'demo-outfitters.myshopify.com';
export const TOKEN = 'shpat_sandbox_test_token';
export const SECRET = 'shpss_sandbox_app_secret';

export interface Harness {
  sandbox: ShopifySandbox;
  shopify: Shopify;
  client: GraphqlClient;
  close(): Promise<void>;
}

export function sdkFor(token = TOKEN): Shopify {
  return shopifyApi({
    apiSecretKey: SECRET,
    apiVersion: ApiVersion.January25,
    isCustomStoreApp: true,
    adminApiAccessToken: token,
    hostName: 'switchyard.test',
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error },
  });
}

export async function startHarness(opts: Partial<ShopifySandboxOptions> = {}): Promise<Harness> {
  const sandbox = createShopifySandbox({ shop: SHOP, accessToken: TOKEN, webhookSecret: SECRET, seed: { products: 30, seed: 11 }, limits: 'off', webhookTimeScale: 0.001, ...opts });
  const baseUrl = await sandbox.start(0);
  const unroute = routeShopToSandbox(SHOP, baseUrl);
  const shopify = sdkFor();
  const client = new shopify.clients.Graphql({ session: shopify.session.customAppSession(SHOP) });
  return {
    sandbox,
    shopify,
    client,
    close: async () => {
      unroute();
      await sandbox.stop();
    },
  };
}

export interface ReceivedWebhook {
  req: http.IncomingMessage;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  status: number;
}

/** A local endpoint that answers with the queued statuses (then 200) and records every request. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly statuses: number[] = [];
  private server: http.Server | null = null;
  private waiters: { count: number; resolve: () => void }[] = [];
  url = '';

  respondWith(...statuses: number[]): void {
    this.statuses.push(...statuses);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.statuses.shift() ?? 200;
        this.received.push({ req, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status).end();
        this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/shopify`;
    return this.url;
  }

  waitFor(count: number, timeoutMs = 5000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`expected ${count} webhooks, got ${this.received.length}`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** Subscribes `topic` to `callbackUrl` through the API, as an app would. */
export async function subscribe(client: GraphqlClient, topic: string, callbackUrl: string): Promise<string> {
  const res = await client.request<{ webhookSubscriptionCreate: { webhookSubscription: { id: string } | null; userErrors: { message: string }[] } }>(
    `mutation Sub($topic: WebhookSubscriptionTopic!, $url: URL!) {
      webhookSubscriptionCreate(topic: $topic, webhookSubscription: { callbackUrl: $url, format: JSON }) {
        webhookSubscription { id topic endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } }
        userErrors { field message }
      }
    }`,
    { variables: { topic, url: callbackUrl } },
  );
  const payload = res.data!.webhookSubscriptionCreate;
  if (!payload.webhookSubscription) throw new Error(payload.userErrors.map((e) => e.message).join('; '));
  return payload.webhookSubscription.id;
}
