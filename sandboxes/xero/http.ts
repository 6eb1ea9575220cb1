import { formatIssue, type OpenApiContract } from '../framework/openapi-contract';
import { type ContractCheck, type SandboxRequest, type SandboxResponse, type SandboxServer } from '../framework/server';
import { msDate } from './dates';
import { forbidden, internalError, postDataInvalid, rateLimited, unauthorized, validationMessage, XeroApiError } from './errors';
import { canonical, IDEMPOTENCY_KEY_MAX } from './idempotency';
import { type XeroRateLimiter } from './rate-limit';
import { ACCOUNTING_BASE } from './spec';
import { type XeroState } from './state';
import { type Json } from './types';

/**
 * The request pipeline of every Accounting API route, in Xero's order:
 * OAuth 2.0 bearer token (https://developer.xero.com/documentation/guides/oauth2/auth-flow/),
 * the xero-tenant-id header naming a connected organisation, rate limits
 * (https://developer.xero.com/documentation/guides/oauth2/limits/), body parsing,
 * Idempotency-Key replay (https://developer.xero.com/documentation/guides/idempotent-requests/idempotency),
 * then the handler. Rate-limit headers go on every response past authentication.
 */

export interface XeroApiContext {
  state: XeroState;
  accessToken: () => string;
  limiter: XeroRateLimiter;
  providerName: string;
  /** Simulated server time per call, held while the call counts as in flight (concurrency limit). */
  processingMs: () => number;
  /** [method, spec path] of every mounted operation (contract warm-up). */
  mounted: [string, string][];
}

export type XeroHandler = (req: SandboxRequest, body: Json | undefined) => SandboxResponse;

let instanceSeq = 0;
/** Problem-details `Instance` ids: unique per error, no need for them to be random. */
export function instanceId(): string {
  instanceSeq++;
  return `00000000-0000-4000-8000-${instanceSeq.toString(16).padStart(12, '0')}`;
}

export function bearerOk(req: SandboxRequest, token: string): boolean {
  const h = req.headers.authorization ?? '';
  return /^Bearer\s+/i.test(h) && h.replace(/^Bearer\s+/i, '').trim() === token;
}

/** The response envelope of every Accounting API JSON response. */
export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

export function envelope(ctx: XeroApiContext, key: string, records: unknown[], extra: { pagination?: Pagination } = {}): SandboxResponse {
  return {
    status: 200,
    body: { Id: ctx.state.prng.uuid(), Status: 'OK', ProviderName: ctx.providerName, DateTimeUTC: msDate(ctx.state.now()), ...extra, [key]: records },
  };
}

function parseBody(req: SandboxRequest): Json | undefined {
  if (!req.rawBody.length) return undefined;
  if (req.json !== undefined) return req.json as Json;
  try {
    return JSON.parse(req.rawBody.toString('utf8')) as Json;
  } catch {
    throw postDataInvalid('The request body could not be parsed as JSON.');
  }
}

function fingerprint(req: SandboxRequest, body: Json | undefined): string {
  const q = [...req.query.entries()].sort(([a], [b]) => a.localeCompare(b));
  return `${req.method} ${req.path.toLowerCase()} ${JSON.stringify(q)} ${canonical(body ?? null)}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function mountXero(server: SandboxServer, ctx: XeroApiContext, method: string, specPath: string, handler: XeroHandler): void {
  ctx.mounted.push([method, specPath]);
  server.route(method, ACCOUNTING_BASE + specPath, (req) => handle(ctx, req, handler));
}

async function handle(ctx: XeroApiContext, req: SandboxRequest, handler: XeroHandler): Promise<SandboxResponse> {
  if (!bearerOk(req, ctx.accessToken())) return unauthorized(instanceId());
  const tenant = (req.headers['xero-tenant-id'] ?? '').trim().toLowerCase();
  if (!tenant || tenant !== ctx.state.tenantId.toLowerCase()) return forbidden(instanceId());
  const decision = ctx.limiter.acquire(ctx.state.tenantId);
  if (!decision.ok) {
    const res = rateLimited(decision.problem ?? 'minute', decision.retryAfterSeconds ?? null, instanceId());
    return { ...res, headers: { ...decision.headers, ...(res.headers ?? {}) } };
  }
  try {
    const hold = ctx.processingMs();
    if (hold > 0) await sleep(hold);
    const res = run(ctx, req, handler);
    return { ...res, headers: { ...(res.headers ?? {}), ...decision.headers } };
  } finally {
    ctx.limiter.release(ctx.state.tenantId);
  }
}

function run(ctx: XeroApiContext, req: SandboxRequest, handler: XeroHandler): SandboxResponse {
  try {
    const body = parseBody(req);
    const key = req.headers['idempotency-key'];
    if (key !== undefined && (req.method === 'PUT' || req.method === 'POST')) {
      if (key.length > IDEMPOTENCY_KEY_MAX) throw validationMessage(`Idempotency-Key must be ${IDEMPOTENCY_KEY_MAX} characters or fewer.`);
      const fp = fingerprint(req, body);
      const prior = ctx.state.idempotency.check(key, fp, ctx.state.now());
      if (prior.kind === 'replay') return prior.response;
      if (prior.kind === 'conflict') throw validationMessage(`The Idempotency-Key '${key}' has already been used for a different request.`);
      const res = handler(req, body);
      ctx.state.idempotency.remember(key, fp, res, ctx.state.now());
      return res;
    }
    return handler(req, body);
  } catch (err) {
    if (err instanceof XeroApiError) return err.response;
    return internalError(instanceId());
  }
}

/** Array-valued query parameters (style form, explode false: `IDs=a,b`); checked here, not by the generic query check. */
const LIST_PARAMS = ['IDs', 'InvoiceNumbers', 'ContactIDs', 'Statuses', 'InvoiceIDs', 'CreditNoteNumbers'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The spec contract for the server: every exchange on an Accounting API route is
 * checked (query, request body, response body) against the spec path with the
 * `/api.xro/2.0` server prefix removed. Sandbox-only and identity routes are exempt.
 */
export function xeroContractCheck(contract: OpenApiContract): ContractCheck {
  return {
    check(route, req, res) {
      if (!route || !route.pattern.startsWith(ACCOUNTING_BASE)) return [];
      const path = req.path.slice(ACCOUNTING_BASE.length);
      const query = new URLSearchParams(req.query);
      const messages: string[] = [];
      for (const name of LIST_PARAMS) {
        const v = query.get(name);
        query.delete(name);
        if (v !== null && (name === 'IDs' || name === 'ContactIDs' || name === 'InvoiceIDs')) {
          for (const id of v.split(',')) if (!GUID.test(id.trim())) messages.push(`${req.method} ${path} query /${name}: '${id}' is not a uuid`);
        }
      }
      let body: unknown;
      try {
        body = req.rawBody.length ? (req.json ?? JSON.parse(req.rawBody.toString('utf8'))) : undefined;
      } catch {
        body = undefined;
      }
      const issues = [...contract.validateRequest(req.method, path, query, body), ...(res.raw === undefined ? contract.validateResponse(req.method, path, res.status, res.body) : [])];
      return [...messages, ...issues.map(formatIssue)];
    },
  };
}

export function boolQuery(req: SandboxRequest, name: string): boolean {
  return (req.query.get(name) ?? '').toLowerCase() === 'true';
}
