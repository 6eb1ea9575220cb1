import { hash } from 'node:crypto';
import { serialization, SquareClient, SquareEnvironment, SquareError, SquareTimeoutError, type Square } from 'square';
import type { SquareConnectorConfig } from '../../config/schema';
import { VendorError } from '../types';
import { SquareRateBudget } from './rate-budget';

/**
 * The official Square SDK client, configured once: token, base URL or
 * environment, pinned Square-Version, and the SDK's own retries OFF —
 * Temporal activity retries are the one retry layer, and they read the
 * Retry-After we surface on VendorError.
 */
export interface SquareApi {
  readonly client: SquareClient;
  /** Pass to every call: the SDK sends its own default Square-Version unless a per-request header overrides it. */
  readonly requestOptions: SquareClient.RequestOptions;
}

const VENDOR = 'square';

/**
 * `fetch` for the SDK: Square's API answers every call itself and never
 * redirects, so redirects are refused (a 3xx becomes a network failure the
 * activity retries). With redirects off and no window, fetch sends the body
 * it was given instead of cloning it first (a tee of every request stream,
 * one per file upload and per batch write).
 */
export const squareFetch: typeof fetch = (input, init) => globalThis.fetch(input, { ...init, redirect: 'error', window: null });

export function createSquareApi(cfg: SquareConnectorConfig, token: string): SquareApi {
  const budget = cfg.rateBudget ? new SquareRateBudget(cfg.rateBudget.requestsPerSecond, cfg.rateBudget.burst) : null;
  const client = new SquareClient({
    token,
    fetch: budget ? budget.pace(squareFetch) : squareFetch,
    ...(cfg.baseUrl ? { baseUrl: cfg.baseUrl } : { environment: cfg.environment === 'sandbox' ? SquareEnvironment.Sandbox : SquareEnvironment.Production }),
    maxRetries: 0,
  });
  return { client, requestOptions: { maxRetries: 0, headers: { 'Square-Version': cfg.squareVersion } } };
}

/** Runs one SDK call, turning Square's failures into VendorError (anything else is our bug and passes through). */
export async function squareCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toSquareVendorError(err);
  }
}

export function toSquareVendorError(err: unknown): unknown {
  if (err instanceof SquareTimeoutError) return new VendorError(`Square timed out: ${err.message}`, VENDOR, 0);
  if (!(err instanceof SquareError)) return err;
  const status = err.statusCode ?? 0;
  const first = err.errors[0];
  const code = first && first.code !== 'Unknown' ? String(first.code) : null;
  const detail = describeErrors(err.errors) || err.message.split('\n')[0] || 'request failed';
  const retryAfter = retryAfterSeconds(err.rawResponse?.headers);
  if (status === 0) return new VendorError(`Square unreachable: ${err.message.split('\n')[0] ?? ''}`, VENDOR, 0);
  // Square usually sends no Retry-After and asks for exponential backoff: null leaves the delay to the retry policy.
  if (status === 429) return new VendorError(`Square rate limit: ${detail}`, VENDOR, 429, retryAfter, code);
  return new VendorError(`Square ${status}: ${detail}`, VENDOR, status, retryAfter, code);
}

/** True when a Square error carries this error code (e.g. VERSION_MISMATCH, NOT_FOUND). */
export function hasSquareCode(err: unknown, ...codes: string[]): boolean {
  if (err instanceof VendorError) return err.code !== null && codes.includes(err.code);
  return err instanceof SquareError && err.errors.some((e) => codes.includes(String(e.code)));
}

/**
 * The upsert named an object whose recorded version (or existence) is out of
 * date — someone edited or deleted it in the dashboard. Square reports a
 * vanished id as NOT_FOUND or as INVALID_VALUE "... not found".
 */
export function isStaleLinkError(err: unknown): boolean {
  if (!(err instanceof SquareError)) return false;
  return err.errors.some((e) => e.code === 'VERSION_MISMATCH' || e.code === 'NOT_FOUND' || (e.code === 'INVALID_VALUE' && /not (been )?found/i.test(e.detail ?? '')));
}

/**
 * A refused batch upsert still reports what it applied: Square processes
 * each batch on its own, so a 400 can carry the objects and id mappings of
 * the batches that landed. `reasonFor(i)` is the error of batch i when
 * Square's `field` names it (`batches[i]...`), else null.
 */
export function partialUpsert(err: unknown): { response: Square.BatchUpsertCatalogObjectsResponse; reasonFor(batch: number): string | null } | null {
  if (!(err instanceof SquareError) || ![400, 409, 422].includes(err.statusCode ?? 0)) return null;
  const parsed = serialization.BatchUpsertCatalogObjectsResponse.parse(err.body, {
    unrecognizedObjectKeys: 'passthrough',
    allowUnrecognizedUnionMembers: true,
    allowUnrecognizedEnumValues: true,
    skipValidation: true,
  });
  if (!parsed.ok) return null;
  const errors = err.errors;
  return {
    response: parsed.value,
    reasonFor: (batch) => describeErrors(errors.filter((e) => e.field?.startsWith(`batches[${batch}]`))) || null,
  };
}

export function describeErrors(errors: readonly SquareError.BodyError[]): string {
  return errors.map((e) => `${String(e.code)}${e.field ? ` at ${e.field}` : ''}${e.detail ? `: ${e.detail}` : ''}`).join('; ');
}

function retryAfterSeconds(headers: Headers | undefined): number | null {
  const raw = headers?.get('retry-after');
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Characters of the caller's key kept in a request's idempotency key (Square takes at most 128). */
const KEY_PREFIX_CHARS = 80;

/**
 * A batch-upsert request's idempotency key: the caller's key (`tag` after
 * it) plus a digest of the body. An identical retry replays Square's stored
 * answer (nothing created twice); a body that changed in between (fresh
 * versions after a re-read) is a new request instead of an
 * IDEMPOTENCY_KEY_REUSED error.
 */
export function batchUpsertKey(base: string, batches: Square.CatalogObjectBatch[], tag = ''): string {
  const digest = hash('sha256', squareJson(batches), 'base64url').slice(0, 24);
  return `${base.slice(0, KEY_PREFIX_CHARS)}${tag}:${digest}`;
}

/** JSON text of a Square SDK value: the SDK holds money amounts and versions as bigints, which JSON.stringify refuses. */
export function squareJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
