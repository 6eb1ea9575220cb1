import { type WebhookEmitter } from '../framework/webhooks';
import { IdGenerator } from './ids';
import { IdempotencyStore } from './idempotency';
import { Collection, SandboxClock } from './store';
import { type StripeObject } from './types';
import { EventBus, type WebhookEndpoint } from './webhooks';

/**
 * The account's data: one table per resource, the event bus, idempotency
 * records and the clock. Shared by the API routes and the admin (Dashboard) helpers.
 */
export class StripeState {
  readonly clock = new SandboxClock();
  readonly ids = new IdGenerator();
  readonly customers = new Collection<StripeObject>('customer', 'customer');
  readonly paymentIntents = new Collection<StripeObject>('payment_intent', 'payment_intent');
  readonly charges = new Collection<StripeObject>('charge', 'charge');
  readonly refunds = new Collection<StripeObject>('refund', 'refund');
  readonly disputes = new Collection<StripeObject>('dispute', 'dispute');
  readonly coupons = new Collection<StripeObject>('coupon', 'coupon');
  readonly promotionCodes = new Collection<StripeObject>('promotion_code', 'promotion code');
  readonly payouts = new Collection<StripeObject>('payout', 'payout');
  readonly balanceTransactions = new Collection<StripeObject>('balance_transaction', 'balance transaction');
  readonly events = new Collection<StripeObject>('event', 'event');
  readonly webhookEndpoints = new Collection<WebhookEndpoint>('webhook_endpoint', 'webhook endpoint');
  /** PaymentMethod ids minted from test tokens (pm_card_visa → pm_1…) → the token they stand for. */
  readonly testPaymentMethods = new Map<string, string>();
  /** Deleted customers still retrieve as `{id, object, deleted: true}`. */
  readonly deletedCustomers = new Set<string>();
  readonly idempotency: IdempotencyStore;
  readonly bus: EventBus;

  constructor(
    readonly emitter: WebhookEmitter,
    /** The account's default API version (events are rendered with it). */
    readonly apiVersion: string,
    /** A fixed whsec_ secret for every endpoint created (lets a demo know it in advance). */
    readonly fixedWebhookSecret: string | undefined,
    /** Live keys (sk_live_…) make a live-mode account: `livemode: true` on every object. */
    readonly livemode = false,
  ) {
    this.idempotency = new IdempotencyStore(() => this.clock.now());
    this.bus = new EventBus({ events: this.events, endpoints: this.webhookEndpoints, clock: this.clock, ids: this.ids, emitter, apiVersion: () => this.apiVersion, livemode });
  }

  /** Every table that can resolve an id, by prefix (for `expand[]` and lookups). */
  byId(id: string): StripeObject | undefined {
    const tables: [string, Collection<StripeObject>][] = [
      ['cus_', this.customers],
      ['pi_', this.paymentIntents],
      ['ch_', this.charges],
      ['re_', this.refunds],
      ['dp_', this.disputes],
      ['promo_', this.promotionCodes],
      ['po_', this.payouts],
      ['txn_', this.balanceTransactions],
      ['evt_', this.events],
    ];
    const hit = tables.find(([p]) => id.startsWith(p));
    return hit?.[1].get(id) ?? (id.startsWith('we_') ? this.webhookEndpoints.get(id) : undefined);
  }

  reset(opts: { keepWebhooks?: boolean } = {}): void {
    for (const c of [this.customers, this.paymentIntents, this.charges, this.refunds, this.disputes, this.coupons, this.promotionCodes, this.payouts, this.balanceTransactions, this.events]) c.clear();
    if (!opts.keepWebhooks) {
      this.webhookEndpoints.clear();
      this.bus.clear();
    }
    this.deletedCustomers.clear();
    this.testPaymentMethods.clear();
    this.idempotency.clear();
    this.clock.reset();
  }

  summary(): { [k: string]: number } {
    return {
      customers: this.customers.size,
      payment_intents: this.paymentIntents.size,
      charges: this.charges.size,
      refunds: this.refunds.size,
      disputes: this.disputes.size,
      coupons: this.coupons.size,
      promotion_codes: this.promotionCodes.size,
      payouts: this.payouts.size,
      balance_transactions: this.balanceTransactions.size,
      events: this.events.size,
      webhook_endpoints: this.webhookEndpoints.size,
      idempotency_keys: this.idempotency.size,
    };
  }
}
