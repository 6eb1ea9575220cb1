import { type SandboxRequest, type SandboxResponse, type SandboxServer } from '../framework/server';
import { errorBody, StripeApiError, invalidRequest, rateLimited, unauthorized } from './errors';
import { parseForm, strList } from './form';
import { canonicalParams } from './idempotency';
import { type TokenBucket } from './rate-limit';
import { type StripeState } from './state';
import { isJsonObject, type FormObject, type Json, type JsonObject } from './types';
import { type EmitOptions } from './webhooks';

/**
 * The pipeline every v1 route shares, in Stripe's order: a `Request-Id`
 * (https://docs.stripe.com/api/request_ids), authentication
 * (https://docs.stripe.com/api/authentication: Bearer, or Basic with the key
 * as user name), rate limiting, form decoding, idempotency
 * (https://docs.stripe.com/api/idempotent_requests), the handler, then
 * `expand[]` (https://docs.stripe.com/api/expanding_objects). Responses echo
 * the `Stripe-Version` the request pinned (https://docs.stripe.com/api/versioning),
 * else the account's default.
 */

export interface ApiContext {
  apiKey: string;
  bucket: TokenBucket;
  state: StripeState;
  defaultVersion: string;
  mounted: [string, string][];
}

export interface ApiRequest {
  raw: SandboxRequest;
  params: Readonly<Record<string, string>>;
  form: FormObject;
  /** Path of the request, the `url` of list objects. */
  path: string;
  origin: EmitOptions;
}

export type ApiHandler = (req: ApiRequest) => JsonObject;

function presentedKey(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return (bearer[1] ?? '').trim();
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic) return Buffer.from(basic[1] ?? '', 'base64').toString('utf8').split(':')[0] ?? '';
  return header;
}

export function errorResponse(err: StripeApiError): SandboxResponse {
  return { status: err.status, headers: err.headers, body: { error: err.body } };
}

export function mountApi(server: SandboxServer, ctx: ApiContext, method: string, pattern: string, handler: ApiHandler): void {
  ctx.mounted.push([method, pattern]);
  server.route(method, pattern, (req) => {
    const requestId = ctx.state.ids.id('req');
    const res = handle(ctx, req, handler, requestId);
    const version = req.headers['stripe-version'] ?? ctx.defaultVersion;
    return { ...res, headers: { ...(res.headers ?? {}), 'request-id': res.headers?.['request-id'] ?? requestId, 'stripe-version': version } };
  });
}

function handle(ctx: ApiContext, req: SandboxRequest, handler: ApiHandler, requestId: string): SandboxResponse {
  const key = presentedKey(req.headers.authorization);
  if (key !== ctx.apiKey) return unauthorized(key);
  if (!ctx.bucket.take()) return rateLimited();
  const version = req.headers['stripe-version'];
  if (version !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(version)) {
    return errorResponse(invalidRequest(`Invalid Stripe API version: ${version}`));
  }
  const isPost = req.method === 'POST';
  const rawParams = isPost ? new URLSearchParams(req.rawBody.toString('utf8')) : req.query;
  const idemKey = isPost ? (req.headers['idempotency-key'] ?? null) : null;
  const endpoint = `${req.method} ${req.path}`;
  const params = canonicalParams(rawParams);
  try {
    if (idemKey !== null) {
      const prior = ctx.state.idempotency.lookup(idemKey, endpoint, params);
      if (prior) {
        return { ...prior.response, headers: { ...(prior.response.headers ?? {}), 'idempotency-key': idemKey, 'idempotent-replayed': 'true', 'original-request': prior.requestId } };
      }
    }
  } catch (err) {
    if (err instanceof StripeApiError) return errorResponse(err);
    throw err;
  }
  const res = execute(ctx, req, handler, rawParams, requestId, idemKey);
  if (idemKey !== null) {
    // Saved once the endpoint started executing: not for parameter errors (400) or conflicts.
    if (res.status < 400 || res.status === 402 || res.status === 404 || res.status >= 500) ctx.state.idempotency.save(idemKey, endpoint, params, res, requestId);
    return { ...res, headers: { ...(res.headers ?? {}), 'idempotency-key': idemKey, 'original-request': requestId } };
  }
  return res;
}

function execute(ctx: ApiContext, req: SandboxRequest, handler: ApiHandler, rawParams: URLSearchParams, requestId: string, idemKey: string | null): SandboxResponse {
  try {
    const form = parseForm(rawParams);
    const body = handler({ raw: req, params: req.params, form, path: req.path, origin: { requestId, idempotencyKey: idemKey } });
    const expand = strList(form, 'expand') ?? [];
    return { status: 200, body: expand.length ? expandPaths(ctx.state, body, expand) : body };
  } catch (err) {
    if (err instanceof StripeApiError) return errorResponse(err);
    return { status: 500, body: { error: errorBody('api_error', `An unknown error occurred (${(err as Error).message})`) } };
  }
}

/** Replaces id strings with the objects they name, along dotted paths ("data.customer", "latest_charge.balance_transaction"). */
export function expandPaths(state: StripeState, body: JsonObject, paths: string[]): JsonObject {
  const out = structuredClone(body);
  for (const p of paths) expandOne(state, out, p.split('.'), p);
  return out;
}

function expandOne(state: StripeState, node: Json, parts: string[], full: string): void {
  if (!isJsonObject(node)) return;
  const [head, ...rest] = parts;
  if (head === undefined) return;
  if (head === 'data' && node.object === 'list' && Array.isArray(node.data)) {
    for (const item of node.data) expandOne(state, item, rest, full);
    return;
  }
  if (!(head in node)) throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
  const value = node[head];
  if (typeof value === 'string') {
    const target = state.byId(value);
    if (target) node[head] = structuredClone(target);
  }
  if (rest.length) expandOne(state, node[head] ?? null, rest, full);
}
