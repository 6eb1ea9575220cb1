import { type SandboxResponse, type SandboxServer } from '../framework/server';
import { type WebhookEmitter } from '../framework/webhooks';
import { createCoupon } from './coupons';
import { createCustomer, deleteCustomer, updateCustomer } from './customers';
import { StripeApiError } from './errors';
import { parseForm } from './form';
import { createPaymentIntent } from './payment-routes';
import { settlePayout } from './payouts';
import { closeDispute, createRefund, openDispute } from './refunds-disputes';
import { type RateLimits, type TokenBucket } from './rate-limit';
import { type SeedOptions } from './seed';
import { type StripeState } from './state';
import { type FormObject, type StripeObject } from './types';

/**
 * What a user does by hand in the Stripe Dashboard, and what the card
 * networks and banks do: changes that don't come through the API caller but
 * emit the same events (`request.id` null, as for Dashboard actions).
 * Inputs use the API's parameter names (form-shaped), e.g.
 * `createCustomer({ email: 'a@b.co', metadata: { k: 'v' } })`.
 */
export class StripeDashboard {
  constructor(private readonly state: StripeState) {}

  createCustomer(form: FormObject): StripeObject {
    return this.run(() => createCustomer(this.state, form));
  }
  updateCustomer(id: string, form: FormObject): StripeObject {
    return this.run(() => updateCustomer(this.state, id, form));
  }
  deleteCustomer(id: string): StripeObject {
    return this.run(() => deleteCustomer(this.state, id));
  }
  /** A card payment taken outside the integration (e.g. a Dashboard "Create payment"). */
  createPayment(form: FormObject): StripeObject {
    return this.run(() => createPaymentIntent(this.state, { confirm: 'true', payment_method: 'pm_card_visa', currency: 'usd', ...form }, {}, this.opener));
  }
  refund(form: FormObject): StripeObject {
    return this.run(() => createRefund(this.state, form, {}));
  }
  /** The cardholder's bank opens a dispute (charge.dispute.created). */
  openDispute(chargeId: string, opts: { reason?: string; amount?: number } = {}): StripeObject {
    return this.run(() => openDispute(this.state, chargeId, opts));
  }
  resolveDispute(disputeId: string, outcome: 'won' | 'lost'): StripeObject {
    const d = this.state.disputes.get(disputeId);
    if (!d) throw new Error(`no dispute ${disputeId}`);
    return this.run(() => closeDispute(this.state, d, outcome, {}));
  }
  createCoupon(form: FormObject): StripeObject {
    return this.run(() => createCoupon(this.state, form));
  }
  /** The bank confirms (payout.paid) or rejects (payout.failed) a payout. */
  settlePayout(id: string, outcome: 'paid' | 'failed'): StripeObject {
    return this.run(() => settlePayout(this.state, id, outcome));
  }

  readonly opener = (chargeId: string): void => void openDispute(this.state, chargeId);

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof StripeApiError) throw new Error(`dashboard action rejected: ${err.message}`);
      throw err;
    }
  }
}

export interface AdminDeps {
  state: StripeState;
  bucket: TokenBucket;
  emitter: WebhookEmitter;
  dashboard: StripeDashboard;
  limits: () => RateLimits;
  setLimits: (l: RateLimits) => void;
  seed: (opts: SeedOptions) => void;
}

const ok = (body: unknown): SandboxResponse => ({ status: 200, body });
const bad = (message: string): SandboxResponse => ({ status: 400, body: { error: { type: 'invalid_request_error', message } } });

/** Admin bodies may be JSON or form-encoded. */
function adminBody(json: unknown, raw: Buffer): { [k: string]: unknown } {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as { [k: string]: unknown };
  return raw.length ? { ...parseForm(new URLSearchParams(raw.toString('utf8'))) } : {};
}

function parseLimits(v: unknown): RateLimits | null {
  if (v === 'off' || v === 'realistic') return v;
  if (typeof v !== 'object' || v === null) return null;
  const o = v as { requestsPerSecond?: unknown; requests_per_second?: unknown };
  const rps = Number(o.requestsPerSecond ?? o.requests_per_second);
  return rps > 0 ? { requestsPerSecond: rps } : null;
}

/** Sandbox-only routes under /_sandbox/: no auth, not part of Stripe's API, exempt from the contract check. */
export function mountAdminRoutes(server: SandboxServer, deps: AdminDeps): void {
  const { state } = deps;
  const snapshot = (): unknown => ({
    ...state.summary(),
    clock: state.clock.now(),
    limits: deps.limits(),
    webhook_deliveries: { total: deps.emitter.log.length, delivered: deps.emitter.log.filter((d) => d.delivered).length },
    contract_violations: server.violations.length,
  });
  server.route('GET', '/_sandbox/state', () => ok(snapshot()));
  server.route('POST', '/_sandbox/reset', (req) => {
    state.reset({ keepWebhooks: adminBody(req.json, req.rawBody).keep_webhooks === true });
    return ok(snapshot());
  });
  server.route('POST', '/_sandbox/limits', (req) => {
    const b = adminBody(req.json, req.rawBody);
    const limits = parseLimits(b.limits ?? b);
    if (!limits) return bad('body must be {"limits": "off" | "realistic" | {"requests_per_second": n}}');
    deps.setLimits(limits);
    return ok({ limits });
  });
  server.route('POST', '/_sandbox/seed', (req) => {
    const b = adminBody(req.json, req.rawBody);
    deps.seed({ customers: Number(b.customers ?? 0), paymentIntents: Number(b.payment_intents ?? 0), seed: Number(b.seed ?? 1) });
    return ok(snapshot());
  });
  server.route('POST', '/_sandbox/clock', (req) => {
    const b = adminBody(req.json, req.rawBody);
    if (b.advance !== undefined) state.clock.advance(Number(b.advance));
    if (b.freeze === true) state.clock.freeze();
    if (b.freeze === false) state.clock.unfreeze();
    return ok({ now: state.clock.now() });
  });
  server.route('POST', '/_sandbox/charges/{charge}/dispute', (req) => {
    try {
      return ok(deps.dashboard.openDispute(req.params.charge ?? '', { reason: String(adminBody(req.json, req.rawBody).reason ?? 'fraudulent') }));
    } catch (err) {
      return bad((err as Error).message);
    }
  });
  server.route('POST', '/_sandbox/payouts/{payout}/{outcome}', (req) => {
    const outcome = req.params.outcome;
    if (outcome !== 'paid' && outcome !== 'failed') return bad('outcome must be paid or failed');
    try {
      return ok(deps.dashboard.settlePayout(req.params.payout ?? '', outcome));
    } catch (err) {
      return bad((err as Error).message);
    }
  });
}
