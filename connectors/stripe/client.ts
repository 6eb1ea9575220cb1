import Stripe from 'stripe';
import type { StripeConnectorConfig } from '../../config/schema';
import { VendorError } from '../types';

/**
 * The official `stripe` SDK, configured once per connector: pointed at
 * cfg.baseUrl when set (sandbox, stripe-mock), Stripe-Version pinned from the
 * config (else the SDK's own pin), and no SDK retries — Temporal retries
 * activities, and a hidden retry loop would double the back-off.
 */
export function createStripeClient(cfg: StripeConnectorConfig, apiKey: string): Stripe {
  const config: Stripe.StripeConfig = { maxNetworkRetries: 0, timeout: 30_000 };
  if (cfg.apiVersion) config.apiVersion = cfg.apiVersion as NonNullable<Stripe.StripeConfig['apiVersion']>;
  if (cfg.baseUrl) {
    const url = new URL(cfg.baseUrl);
    config.host = url.hostname;
    config.protocol = url.protocol === 'http:' ? 'http' : 'https';
    config.port = url.port || (url.protocol === 'http:' ? 80 : 443);
  }
  return new Stripe(apiKey, config);
}

/** Seconds to wait after a 429: Retry-After when sent (Stripe documents none), else 1 s — limits are per second. */
function retryAfter(headers: { [h: string]: string } | undefined): number {
  const raw = headers?.['retry-after'];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : 1;
}

/**
 * Stripe SDK errors → VendorError (https://docs.stripe.com/error-handling):
 * authentication 401, permission 403, rate limit 429 (retryable, with a
 * wait), API errors and other 5xx retryable, connection failures status 0
 * (retryable), invalid request / idempotency 400-ish (not retryable),
 * card errors 402.
 */
export function toVendorError(err: unknown): VendorError {
  if (err instanceof VendorError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    const code = err.code ?? null;
    if (err instanceof Stripe.errors.StripeConnectionError) return new VendorError(`Stripe: connection failed: ${err.message}`, 'stripe', 0, null, code);
    if (err instanceof Stripe.errors.StripeAuthenticationError) return new VendorError(`Stripe: ${err.message}`, 'stripe', 401, null, code);
    if (err instanceof Stripe.errors.StripeRateLimitError) return new VendorError(`Stripe: ${err.message}`, 'stripe', 429, retryAfter(err.headers), code ?? 'rate_limit');
    const status = err.statusCode ?? (err instanceof Stripe.errors.StripeAPIError ? 500 : 400);
    if (status === 429) return new VendorError(`Stripe: ${err.message}`, 'stripe', 429, retryAfter(err.headers), code ?? 'rate_limit');
    return new VendorError(`Stripe: ${err.message}`, 'stripe', status, null, code);
  }
  return new VendorError(`Stripe: ${(err as Error)?.message ?? String(err)}`, 'stripe', 0);
}

export async function stripeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toVendorError(err);
  }
}
