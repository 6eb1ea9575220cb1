import { type SandboxResponse, type SandboxServer } from '../framework/server';
import { type WebhookEmitter } from '../framework/webhooks';
import { SquareApiError } from './errors';
import { type TokenBucket, type RateLimits } from './rate-limit';
import { posRefund, posSale, staffStockChange, type RefundInput, type SaleInput, type StockInput } from './pos-dashboard';
import { type Order } from './orders';
import { type Payment } from './payments';
import { type PaymentRefund } from './refunds';
import { seedPos } from './pos-seed';
import { demoCatalog } from './seed';
import { type SquareState } from './state';
import { isRecord, type CatalogObject } from './types';

/**
 * What a seller does by hand in the Square Dashboard: edits that reach the
 * catalog without going through our connector, bump the catalog version and
 * fire catalog.version.updated like any other change.
 */
export class SquareDashboard {
  constructor(private readonly state: SquareState) {}

  /** Renames an item, sets its POS label, and/or reprices / re-codes one variation (default: the first). */
  updateItem(itemId: string, change: { name?: string; description?: string; abbreviation?: string; priceAmount?: number; sku?: string; upc?: string; variationId?: string }): CatalogObject {
    const s = this.state.catalog.live(itemId);
    if (!s || s.obj.type !== 'ITEM') throw new Error(`no live ITEM ${itemId}`);
    const item = structuredClone(this.state.catalog.render(s));
    const data = item.item_data ?? {};
    if (change.name !== undefined) data.name = change.name;
    if (change.description !== undefined) data.description_html = `<p>${change.description}</p>`;
    if (change.abbreviation !== undefined) data.abbreviation = change.abbreviation;
    const variations = data.variations ?? [];
    const target = variations.find((v) => v.id === change.variationId) ?? (change.variationId ? undefined : variations[0]);
    if ((change.priceAmount !== undefined || change.sku !== undefined || change.upc !== undefined) && !target) throw new Error(`item ${itemId} has no variation ${change.variationId ?? ''}`);
    if (target?.item_variation_data) {
      if (change.priceAmount !== undefined) target.item_variation_data.price_money = { amount: change.priceAmount, currency: this.state.currency };
      if (change.sku !== undefined) target.item_variation_data.sku = change.sku;
      if (change.upc !== undefined) target.item_variation_data.upc = change.upc;
    }
    item.item_data = data;
    return this.write([item]);
  }

  createItem(input: { name: string; variations: { name: string; sku?: string; priceAmount: number }[] }): CatalogObject {
    const item: CatalogObject = {
      type: 'ITEM',
      id: '#dashboard-item',
      item_data: {
        name: input.name,
        variations: input.variations.map((v, i) => ({
          type: 'ITEM_VARIATION',
          id: `#dashboard-variation-${i}`,
          item_variation_data: { name: v.name, sku: v.sku, pricing_type: 'FIXED_PRICING', price_money: { amount: v.priceAmount, currency: this.state.currency } },
        })),
      },
    };
    return this.write([item]);
  }

  deleteObject(id: string): string[] {
    return this.state.deleteCatalog([id]).deleted;
  }

  /** A sale at the register: order (from catalog variations) + payment → COMPLETED order, stock IN_STOCK → SOLD. */
  sale(input: SaleInput): { order: Order; payment: Payment } {
    return posSale(this.state, input);
  }

  /** Staff count (countTo) or adjustment (delta: + received, − waste); returns the new counts. */
  adjustStock(input: StockInput): Record<string, unknown>[] {
    return staffStockChange(this.state, input);
  }

  /** A refund at the register, optionally itemised (return lines, restocked by default). */
  refund(paymentId: string, input?: RefundInput): PaymentRefund {
    return posRefund(this.state, paymentId, input);
  }

  /** The buyer clicks "unsubscribe" in a marketing email: preferences.email_unsubscribed = true. */
  unsubscribeCustomer(customerId: string): Record<string, unknown> {
    return this.state.pos.customers.setUnsubscribed(customerId, true);
  }

  /** Card refunds settle (PENDING → COMPLETED) now rather than on their timer. */
  settleRefunds(): number {
    return this.state.pos.settleRefunds();
  }

  private write(objects: CatalogObject[]): CatalogObject {
    try {
      const r = this.state.writeCatalog(objects, 'object', true);
      return r.objects[0] as CatalogObject;
    } catch (err) {
      if (err instanceof SquareApiError) throw new Error(`dashboard edit rejected: ${err.message}`);
      throw err;
    }
  }
}

export interface AdminDeps {
  state: SquareState;
  bucket: TokenBucket;
  emitter: WebhookEmitter;
  dashboard: SquareDashboard;
  limits: () => RateLimits;
  setLimits: (l: RateLimits) => void;
}

function parseLimits(v: unknown): RateLimits | null {
  if (v === 'off' || v === 'realistic') return v;
  if (!isRecord(v)) return null;
  const rps = v.requestsPerSecond ?? v.requests_per_second;
  const burst = v.burst;
  return typeof rps === 'number' && rps > 0 ? { requestsPerSecond: rps, ...(typeof burst === 'number' ? { burst } : {}) } : null;
}

const ok = (body: unknown): SandboxResponse => ({ status: 200, body });

/** Dashboard actions reuse the API's rules: a refusal comes back as a 400 with Square's error. */
function guarded(fn: () => unknown): SandboxResponse {
  try {
    return ok(fn());
  } catch (err) {
    if (err instanceof SquareApiError) return { status: 400, body: { errors: err.errors } };
    return bad((err as Error).message);
  }
}
const bad = (detail: string): SandboxResponse => ({ status: 400, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST', detail }] } });

/**
 * Sandbox-only routes under /_sandbox/ (not part of Square's API, no auth,
 * exempt from the contract check): inspect, reset, tune limits, act as the seller.
 */
export function mountAdminRoutes(server: SandboxServer, deps: AdminDeps): void {
  const { state } = deps;
  const snapshot = (): Record<string, unknown> => ({
    ...state.summary(),
    limits: deps.limits(),
    webhook_deliveries: { total: deps.emitter.log.length, delivered: deps.emitter.log.filter((d) => d.delivered).length },
    contract_violations: server.violations.length,
  });
  const body = (json: unknown): Record<string, unknown> => (isRecord(json) ? json : {});

  server.route('GET', '/_sandbox/state', () => ok(snapshot()));
  server.route('POST', '/_sandbox/reset', (req) => {
    state.reset({ keepWebhooks: body(req.json).keep_webhooks === true });
    return ok(snapshot());
  });
  server.route('POST', '/_sandbox/limits', (req) => {
    const b = body(req.json);
    const limits = parseLimits(b.limits ?? b);
    if (!limits) return bad("body must be {\"limits\": \"off\" | \"realistic\" | {\"requests_per_second\": n}}");
    deps.setLimits(limits);
    return ok({ limits });
  });
  server.route('POST', '/_sandbox/seed', (req) => {
    const b = body(req.json);
    const pos = ['customers', 'orders', 'stock'].some((k) => b[k] !== undefined);
    const count = Number(b.items ?? (pos ? 0 : 10));
    if (!Number.isInteger(count) || count < 0 || count > 10000) return bad('items must be an integer between 0 and 10000');
    for (let i = 0; i < count; i += 1000) state.writeCatalog(demoCatalog(Math.min(1000, count - i), state.currency, 2, state.catalog.typeList('ITEM').length), 'objects');
    const n = (k: string): number | undefined => (typeof b[k] === 'number' ? b[k] : undefined);
    if (pos) seedPos(state, { customers: n('customers'), orders: n('orders'), stock: n('stock') });
    return ok(snapshot());
  });
  server.route('POST', '/_sandbox/dashboard/sales', (req) => guarded(() => deps.dashboard.sale(body(req.json) as unknown as SaleInput)));
  server.route('POST', '/_sandbox/dashboard/inventory', (req) => guarded(() => ({ counts: deps.dashboard.adjustStock(body(req.json) as unknown as StockInput) })));
  server.route('POST', '/_sandbox/dashboard/refunds/{payment_id}', (req) => guarded(() => ({ refund: deps.dashboard.refund(req.params.payment_id ?? '', body(req.json) as RefundInput) })));
  server.route('POST', '/_sandbox/dashboard/items/{item_id}', (req) => {
    const b = body(req.json);
    try {
      const item = deps.dashboard.updateItem(req.params.item_id ?? '', {
        name: typeof b.name === 'string' ? b.name : undefined,
        abbreviation: typeof b.abbreviation === 'string' ? b.abbreviation : undefined,
        priceAmount: typeof b.price_amount === 'number' ? b.price_amount : undefined,
        sku: typeof b.sku === 'string' ? b.sku : undefined,
        upc: typeof b.upc === 'string' ? b.upc : undefined,
        variationId: typeof b.variation_id === 'string' ? b.variation_id : undefined,
      });
      return ok({ object: item });
    } catch (err) {
      return bad((err as Error).message);
    }
  });
}
