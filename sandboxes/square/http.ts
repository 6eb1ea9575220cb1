import { formatIssue, type ContractIssue, type OpenApiContract } from '../framework/openapi-contract';
import { readJsonBody, type ContractCheck, type Route, type SandboxRequest, type SandboxResponse, type SandboxServer } from '../framework/server';
import { errorResponse, internalError, invalidRequest, issuesToErrors, rateLimited, SquareApiError, unauthorized } from './errors';
import { type IdempotencyStore } from './idempotency';
import { type TokenBucket } from './rate-limit';
import { isRecord } from './types';

/**
 * The request pipeline every Connect v2 route shares, in Square's order:
 * authentication (Authorization: Bearer <token>), rate limiting, JSON
 * parsing, request validation against the spec (Square rejects malformed
 * requests with 400 INVALID_REQUEST_ERROR and the offending `field`),
 * idempotency, then the handler. Responses echo the Square-Version the
 * request asked for ("Responses echo the applied Square-Version").
 */

export interface ApiContext {
  accessToken: string;
  defaultVersion: string;
  bucket: TokenBucket;
  idempotency: IdempotencyStore;
  /** null when contract validation is off: handlers then guard their inputs themselves. */
  contract: OpenApiContract | null;
  /** [method, pattern] of every API route mounted (for warm-up and docs). */
  mounted: [string, string][];
}

export type HandlerResult = SandboxResponse | { response: SandboxResponse; committed: boolean };
export type ApiHandler = (req: SandboxRequest, body: Record<string, unknown>) => HandlerResult;

/** Request issues computed by the pipeline, reused by the contract check (same request object). */
const requestIssues = new WeakMap<SandboxRequest, ContractIssue[]>();


export function withVersion(req: SandboxRequest, res: SandboxResponse, defaultVersion: string): SandboxResponse {
  return { ...res, headers: { ...(res.headers ?? {}), 'square-version': req.headers['square-version'] ?? defaultVersion } };
}

export function mountApi(server: SandboxServer, ctx: ApiContext, method: string, pattern: string, handler: ApiHandler, opts: { idempotent?: boolean } = {}): void {
  ctx.mounted.push([method, pattern]);
  server.route(method, pattern, (req) => withVersion(req, handle(ctx, req, handler, opts), ctx.defaultVersion));
}

function handle(ctx: ApiContext, req: SandboxRequest, handler: ApiHandler, opts: { idempotent?: boolean }): SandboxResponse {
  if (req.headers.authorization !== `Bearer ${ctx.accessToken}`) return unauthorized();
  if (!ctx.bucket.take()) return rateLimited();
  const version = req.headers['square-version'];
  if (version !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    return invalidRequest('INVALID_SQUARE_VERSION_FORMAT', `Square-Version must look like YYYY-MM-DD, got \`${version}\`.`);
  }
  const parsed = readJsonBody(req);
  if (!parsed.ok) return invalidRequest('BAD_REQUEST', 'The request body is not valid JSON.');
  if (parsed.body !== undefined && !isRecord(parsed.body)) return invalidRequest('EXPECTED_OBJECT', 'The request body must be a JSON object.');
  if (ctx.contract) {
    const issues = ctx.contract.validateRequest(req.method, req.path, req.query, parsed.body);
    requestIssues.set(req, issues);
    if (issues.length) return errorResponse(400, issuesToErrors(issues));
  }
  const body = (parsed.body ?? {}) as Record<string, unknown>;
  try {
    const key = body.idempotency_key;
    if (opts.idempotent && typeof key === 'string' && key) {
      const operation = ctx.contract?.findOperation(req.method, req.path)?.operationId ?? `${req.method} ${req.path}`;
      return ctx.idempotency.run(operation, key, body, () => normalise(handler(req, body)));
    }
    return normalise(handler(req, body)).response;
  } catch (err) {
    if (err instanceof SquareApiError) return errorResponse(err.status, err.errors);
    return internalError();
  }
}

function normalise(r: HandlerResult): { response: SandboxResponse; committed: boolean } {
  return 'response' in r ? r : { response: r, committed: r.status >= 200 && r.status < 300 };
}

/**
 * Contract check for the server: every exchange on a spec route is checked
 * (request body and query, response body); sandbox-only routes (/_sandbox/)
 * are exempt.
 */
export function squareContractCheck(contract: OpenApiContract): ContractCheck {
  const skip = (route: Route): boolean => route.pattern.startsWith('/_sandbox/');
  return {
    check(route, req, res) {
      if (!route || skip(route)) return [];
      let reqIssues = requestIssues.get(req);
      if (!reqIssues) {
        const parsed = readJsonBody(req);
        reqIssues = contract.validateRequest(req.method, req.path, req.query, parsed.ok ? parsed.body : undefined);
      }
      const resIssues = res.raw === undefined ? contract.validateResponse(req.method, req.path, res.status, res.body) : [];
      return [...reqIssues, ...resIssues].map(formatIssue);
    },
  };
}

/** Omits empty arrays, as Square's JSON does for empty repeated fields. */
export function compact<T extends Record<string, unknown>>(body: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as Partial<T>;
}

export function boolParam(v: string | null): boolean {
  return v === 'true';
}
