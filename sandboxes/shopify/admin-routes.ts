import type { SandboxResponse, SandboxServer } from '../framework/server';
import type { WebhookEmitter } from '../framework/webhooks';
import { ShopifyAdminError, idOf, type AdminProductInput, type AdminProductPatch, type ShopifyAdmin } from './admin';
import type { PlaceOrderInput } from './admin-commerce';
import { gid } from './ids';
import type { SeedOptions } from './seed';
import type { ShopifyState } from './state';
import type { CostBucket, ShopifyLimits } from './throttle';

/**
 * Sandbox control routes for the CLI and demos, under /_sandbox/ (never part
 * of Shopify's surface, so they need no access token):
 *   GET    /_sandbox/state            counts, subscriptions, deliveries, limits
 *   POST   /_sandbox/reset            {products?, customers?, orders?, seed?, clearWebhooks?}
 *   POST   /_sandbox/orders           buyer checkout / POS sale (PlaceOrderInput)
 *   POST   /_sandbox/privacy/customers/{id}/data_request | …/redact, /_sandbox/privacy/shop/redact
 *   POST   /_sandbox/limits           {limits: 'off' | 'realistic' | {maximumAvailable, restoreRate}}
 *   POST   /_sandbox/products         merchant creates a product (AdminProductInput)
 *   GET    /_sandbox/products/{id}    REST-shaped product
 *   POST   /_sandbox/products/{id}    merchant edits a product (AdminProductPatch)
 *   DELETE /_sandbox/products/{id}    merchant deletes a product
 */

export interface AdminRouteDeps {
  state: ShopifyState;
  admin: ShopifyAdmin;
  emitter: WebhookEmitter;
  bucket: CostBucket;
  defaultSeed: SeedOptions | undefined;
}

export function registerAdminRoutes(server: SandboxServer, deps: AdminRouteDeps): void {
  const { state, admin, emitter, bucket } = deps;
  server.route('GET', '/_sandbox/state', () => ({
    status: 200,
    body: {
      shop: state.shop.myshopifyDomain,
      products: state.products.size,
      variants: state.products.variantCount,
      customers: state.commerce.customers.size,
      orders: state.commerce.orders.size,
      locations: state.commerce.inventory.locations.length,
      webhookSubscriptions: [...state.webhookSubscriptions.values()].map((s) => ({ id: gid('WebhookSubscription', s.id), topic: s.topic, callbackUrl: s.callbackUrl })),
      deliveries: {
        total: emitter.log.length,
        delivered: emitter.log.filter((d) => d.delivered).length,
        attempts: emitter.log.reduce((n, d) => n + d.attempts, 0),
      },
      limits: bucket.limits,
      throttleStatus: bucket.status(),
      violations: server.violations.length,
    },
  }));

  server.route('POST', '/_sandbox/reset', (req) => {
    const body = asObject(req.json);
    const products = typeof body.products === 'number' ? body.products : undefined;
    const sizes = { ...(typeof body.customers === 'number' ? { customers: body.customers } : {}), ...(typeof body.orders === 'number' ? { orders: body.orders } : {}) };
    const seed = products !== undefined ? { products, seed: typeof body.seed === 'number' ? body.seed : deps.defaultSeed?.seed, ...sizes } : undefined;
    state.reset(seed, body.clearWebhooks === true);
    return { status: 200, body: { products: state.products.size, variants: state.products.variantCount, customers: state.commerce.customers.size, orders: state.commerce.orders.size } };
  });

  server.route('POST', '/_sandbox/limits', (req) => {
    const body = asObject(req.json);
    const limits = ('limits' in body ? body.limits : req.json) as ShopifyLimits;
    try {
      bucket.setLimits(limits);
    } catch (err) {
      return { status: 422, body: { errors: (err as Error).message } };
    }
    return { status: 200, body: { limits: bucket.limits, throttleStatus: bucket.status() } };
  });

  server.route('POST', '/_sandbox/orders', (req) => adminCall(() => ({ status: 201, body: { order: admin.placeOrder(asObject(req.json) as unknown as PlaceOrderInput) } })));
  server.route('POST', '/_sandbox/privacy/customers/{id}/data_request', (req) => adminCall(() => ({ status: 200, body: admin.requestCustomerData(req.params.id ?? '') })));
  server.route('POST', '/_sandbox/privacy/customers/{id}/redact', (req) => adminCall(() => ({ status: 200, body: admin.redactCustomer(req.params.id ?? '') })));
  server.route('POST', '/_sandbox/privacy/shop/redact', () => adminCall(() => ({ status: 200, body: admin.redactShop() })));
  server.route('POST', '/_sandbox/products', (req) => adminCall(() => ({ status: 201, body: { product: admin.createProduct(asObject(req.json) as unknown as AdminProductInput) } })));
  server.route('GET', '/_sandbox/products/{id}', (req) =>
    adminCall(() => {
      const product = admin.getProduct(String(idOf(req.params.id ?? '', 'Product')));
      return product ? { status: 200, body: { product } } : { status: 404, body: { errors: 'Not Found' } };
    }),
  );
  server.route('POST', '/_sandbox/products/{id}', (req) => adminCall(() => ({ status: 200, body: { product: admin.updateProduct(req.params.id ?? '', asObject(req.json) as AdminProductPatch) } })));
  server.route('DELETE', '/_sandbox/products/{id}', (req) =>
    adminCall(() => {
      admin.deleteProduct(req.params.id ?? '');
      return { status: 200, body: {} };
    }),
  );
}

function adminCall(fn: () => SandboxResponse): SandboxResponse {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ShopifyAdminError) return { status: 422, body: { errors: err.userErrors } };
    throw err;
  }
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
