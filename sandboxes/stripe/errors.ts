import { type SandboxResponse } from '../framework/server';
import { type JsonObject } from './types';

/**
 * Stripe's error body and statuses (https://docs.stripe.com/api/errors):
 * `{"error": {"type", "code"?, "message", "param"?, "doc_url"?}}`; 400 bad
 * request, 401 unauthorized, 402 request failed (card errors), 404 not found,
 * 409 conflict, 429 too many requests, 5xx server errors.
 * Error codes and their doc pages: https://docs.stripe.com/error-codes.
 */

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody extends JsonObject {
  type: StripeErrorType;
  message: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }
}

function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

export function errorBody(type: StripeErrorType, message: string, extra: { code?: string; param?: string } & JsonObject = {}): StripeErrorBody {
  const body: StripeErrorBody = { type, message };
  if (extra.code) {
    body.code = extra.code;
    body.doc_url = docUrl(extra.code);
  }
  for (const [k, v] of Object.entries(extra)) if (k !== 'code' && v !== undefined) body[k] = v;
  return body;
}

export function invalidRequest(message: string, param?: string, code?: string, status = 400): StripeApiError {
  return new StripeApiError(status, errorBody('invalid_request_error', message, { ...(code ? { code } : {}), ...(param ? { param } : {}) }));
}

export function parameterUnknown(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
}

/** "No such customer: 'cus_x'" — 404 resource_missing. */
export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, param, 'resource_missing', 404);
}

/** Mask as Stripe does in "Invalid API Key provided": keep the prefix and last four characters. */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  if (rest.length <= 4) return prefix + rest;
  return prefix + '*'.repeat(rest.length - 4) + rest.slice(-4);
}

/** https://docs.stripe.com/keys — 401 with a Basic realm challenge. */
export function unauthorized(presented: string | null): SandboxResponse {
  const message =
    presented === null
      ? "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
      : `Invalid API Key provided: ${maskKey(presented)}`;
  return { status: 401, headers: { 'www-authenticate': 'Basic realm="Stripe"' }, body: { error: { message, type: 'invalid_request_error' } } };
}

/**
 * https://docs.stripe.com/rate-limits: 429 with code `rate_limit`
 * ("Too many requests hit the API too quickly. We recommend an exponential
 * backoff of your requests." — https://docs.stripe.com/error-codes#rate-limit)
 * and a Stripe-Rate-Limited-Reason header naming the limiter. Stripe sends no
 * Retry-After.
 */
export function rateLimited(reason: 'global-rate' | 'endpoint-rate' = 'global-rate'): SandboxResponse {
  return {
    status: 429,
    headers: { 'stripe-rate-limited-reason': reason },
    body: { error: errorBody('invalid_request_error', 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.', { code: 'rate_limit' }) },
  };
}

/** 500 api_error ("Something went wrong on Stripe's end", https://docs.stripe.com/api/errors). */
export function apiError(): SandboxResponse {
  return { status: 500, headers: { 'stripe-should-retry': 'true' }, body: { error: errorBody('api_error', 'An unknown error occurred') } };
}

/** Body for injected faults and unknown routes. */
export function faultBody(status: number): SandboxResponse {
  if (status === 429) return rateLimited();
  if (status === 404) {
    return { status: 404, body: { error: errorBody('invalid_request_error', 'Unrecognized request URL. Please see https://stripe.com/docs or we can help at https://support.stripe.com/.') } };
  }
  return apiError();
}

/** https://docs.stripe.com/api/idempotent_requests */
export function idempotencyMismatch(key: string): StripeApiError {
  return new StripeApiError(
    400,
    errorBody('idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`),
  );
}

export function idempotencyEndpointMismatch(key: string, first: string, now: string): StripeApiError {
  return new StripeApiError(
    400,
    errorBody('idempotency_error', `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first}' vs '${now}'). Try using a key other than '${key}' if you meant to execute a different request.`),
  );
}
