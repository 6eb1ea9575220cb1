import { GraphqlQueryError, HttpRequestError, HttpResponseError, HttpThrottlingError } from '@shopify/shopify-api';
import { z } from 'zod';
import { VendorError } from '../types';
import type { ThrottleStatus } from './rate-budget';

/**
 * @shopify/shopify-api failures → VendorError, so activities can tell
 * "wait and retry" (429, 5xx, network) from "fix the config" (401/403) from
 * "this request is wrong" (400/422).
 *
 * https://shopify.dev/docs/api/usage/response-codes
 */
const VENDOR = 'shopify';

export const CostExtension = z.object({
  cost: z.object({
    requestedQueryCost: z.number(),
    actualQueryCost: z.number().nullable().optional(),
    throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number().positive() }),
  }),
});
export type CostExtension = z.infer<typeof CostExtension>;

const GraphqlErrorList = z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() }).loose());
const QueryErrorBody = z.object({ errors: z.object({ graphQLErrors: GraphqlErrorList.optional() }).loose().optional(), extensions: z.unknown().optional() }).loose();

/** The cost block of a response (or of a failed one), when present. */
export function readCost(extensions: unknown): CostExtension['cost'] | null {
  const parsed = CostExtension.safeParse(extensions);
  return parsed.success ? parsed.data.cost : null;
}

/** The cost block carried by an SDK error (THROTTLED and other GraphQL errors come with one). */
export function costOfError(err: unknown): CostExtension['cost'] | null {
  if (!(err instanceof GraphqlQueryError)) return null;
  const body = QueryErrorBody.safeParse(err.body);
  return body.success ? readCost(body.data.extensions) : null;
}

export function toVendorError(err: unknown): VendorError {
  if (err instanceof VendorError) return err;
  if (err instanceof GraphqlQueryError) return fromGraphqlErrors(err);
  if (err instanceof HttpThrottlingError) {
    const after = err.response.retryAfter;
    return new VendorError('Shopify is throttling requests (HTTP 429)', VENDOR, 429, after !== undefined ? Math.max(1, Math.ceil(after)) : 1);
  }
  if (err instanceof HttpResponseError) {
    const status = err.response.code;
    const text = `${status} ${err.response.statusText}`.trim();
    if (status === 401) return new VendorError(`Shopify refused the access token (${text})`, VENDOR, 401);
    if (status === 403) return new VendorError(`Shopify denied access; check the app's scopes (${text})`, VENDOR, 403);
    if (status === 429) return new VendorError(`Shopify is throttling requests (${text})`, VENDOR, 429, retryAfterHeader(err.response.headers) ?? 1);
    // A 2xx/3xx that still failed means an unreadable response body: treat as a bad gateway.
    return new VendorError(`Shopify request failed (${text})`, VENDOR, status >= 400 ? status : 502);
  }
  if (err instanceof HttpRequestError) return new VendorError(`Shopify unreachable: ${err.message}`, VENDOR, 0);
  const message = err instanceof Error ? err.message : String(err);
  return new VendorError(`Shopify request failed: ${message}`, VENDOR, 0);
}

function fromGraphqlErrors(err: GraphqlQueryError): VendorError {
  const body = QueryErrorBody.safeParse(err.body);
  const errors = body.success ? (body.data.errors?.graphQLErrors ?? []) : [];
  const codes = errors.map((e) => e.extensions?.code).filter((c): c is string => typeof c === 'string');
  const messages = errors.map((e) => e.message).join('; ') || err.message;
  if (codes.includes('THROTTLED')) {
    const cost = costOfError(err);
    return new VendorError(`Shopify throttled the query: ${messages}`, VENDOR, 429, cost ? throttleRetryAfter(cost.requestedQueryCost, cost.throttleStatus) : 1, 'THROTTLED');
  }
  if (codes.includes('ACCESS_DENIED')) return new VendorError(`Shopify denied access: ${messages}`, VENDOR, 403, null, 'ACCESS_DENIED');
  if (codes.includes('INTERNAL_SERVER_ERROR')) return new VendorError(`Shopify internal error: ${messages}`, VENDOR, 500, null, 'INTERNAL_SERVER_ERROR');
  return new VendorError(`Shopify GraphQL error: ${messages}`, VENDOR, 400, null, codes[0] ?? null);
}

/** Whole seconds until the bucket holds `requested` points again. */
export function throttleRetryAfter(requested: number, status: ThrottleStatus): number {
  const deficit = requested - status.currentlyAvailable;
  return Math.max(1, Math.ceil(deficit / status.restoreRate));
}

/** Mutations report validation problems as `userErrors`, not GraphQL errors. */
export function assertNoUserErrors(userErrors: readonly { field?: readonly string[] | null; message: string }[], what: string): void {
  if (!userErrors.length) return;
  throw new VendorError(`${what} refused: ${describeUserErrors(userErrors)}`, VENDOR, 422, null, 'USER_ERRORS');
}

/** `field.path: message; …` — how a mutation's userErrors read in a reason or an error. */
export function describeUserErrors(userErrors: readonly { field?: readonly string[] | null; message: string }[]): string {
  return userErrors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)).join('; ');
}

function retryAfterHeader(headers: Readonly<Record<string, unknown>> | undefined): number | null {
  if (!headers) return null;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'retry-after') continue;
    const raw = Array.isArray(value) ? value[0] : value;
    const seconds = Number(raw);
    if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  }
  return null;
}
