import { formatIssue, type ContractIssue, type OpenApiContract } from '../framework/openapi-contract';
import { readJsonBody, type ContractCheck, type SandboxRequest, type SandboxResponse, type SandboxServer } from '../framework/server';
import { apiKeyInvalid, apiKeyMissing, fromError, internalError, invalidResource, jsonParseError, MailchimpError, tooManyRequests } from './errors';
import { applyFields } from './paging';
import { type ConcurrencyLimiter } from './rate-limit';
import { isRecord } from './types';

/**
 * The pipeline every /3.0 route shares, in Mailchimp's order: authentication
 * (https://mailchimp.com/developer/marketing/docs/fundamentals/#api-structure —
 * HTTP Basic with any user name and the API key as password, or an OAuth 2
 * Bearer token), the 10-simultaneous-connections limit
 * (https://mailchimp.com/developer/marketing/docs/fundamentals/#api-limits),
 * JSON parsing, validation against the spec (400 Invalid Resource), the handler,
 * then `fields` / `exclude_fields` partial responses
 * (https://mailchimp.com/developer/marketing/docs/methods-parameters/#partial-responses).
 */

export interface ApiContext {
  apiKey: string;
  /** Extra OAuth access tokens accepted as `Authorization: Bearer`. */
  accessTokens: string[];
  /** Data centre from the key suffix (us21), for `_links` hrefs. */
  dc: string;
  limiter: ConcurrencyLimiter;
  contract: OpenApiContract | null;
  /** Header value marking in-process batch sub-requests (exempt from the connection limit). */
  internalToken: string;
  mounted: [string, string][];
}

export type ApiHandler = (req: SandboxRequest, body: { [key: string]: unknown }) => SandboxResponse | Promise<SandboxResponse>;

export const INTERNAL_HEADER = 'x-sandbox-internal';
const requestIssues = new WeakMap<SandboxRequest, ContractIssue[]>();
const unfiltered = new WeakMap<SandboxResponse, unknown>();

export function authenticate(ctx: ApiContext, header: string | undefined): SandboxResponse | null {
  if (!header) return apiKeyMissing();
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  const s = scheme.toLowerCase();
  if (s === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const key = decoded.slice(decoded.indexOf(':') + 1);
    return decoded.includes(':') && key === ctx.apiKey ? null : apiKeyInvalid();
  }
  if (s === 'apikey') return value === ctx.apiKey ? null : apiKeyInvalid();
  if (s === 'bearer' || s === 'oauth') return value === ctx.apiKey || ctx.accessTokens.includes(value) ? null : apiKeyInvalid();
  return apiKeyInvalid();
}


function issuesToFieldErrors(issues: ContractIssue[]): { field: string; message: string }[] {
  return issues.map((i) => {
    const missing = typeof i.params.missingProperty === 'string' ? i.params.missingProperty : '';
    const field = [i.pointer.replace(/^\//, '').replace(/\//g, '.'), missing].filter(Boolean).join('.');
    return { field, message: i.keyword === 'required' ? 'This value should not be blank.' : `Schema describes ${i.message}` };
  });
}

export function mountApi(server: SandboxServer, ctx: ApiContext, method: string, pattern: string, handler: ApiHandler): void {
  ctx.mounted.push([method, pattern]);
  server.route(method, `/3.0${pattern}`, async (req) => {
    const internal = req.headers[INTERNAL_HEADER] === ctx.internalToken;
    const denied = authenticate(ctx, req.headers.authorization);
    if (denied) return denied;
    if (!internal && !ctx.limiter.acquire()) return tooManyRequests(ctx.limiter.limit);
    try {
      if (!internal) await ctx.limiter.hold();
      return await run(ctx, req, handler);
    } finally {
      if (!internal) ctx.limiter.release();
    }
  });
}

async function run(ctx: ApiContext, req: SandboxRequest, handler: ApiHandler): Promise<SandboxResponse> {
  const parsed = readJsonBody(req);
  if (!parsed.ok) return jsonParseError();
  if (parsed.body !== undefined && !isRecord(parsed.body)) return fromError(invalidResource([{ field: '', message: 'The request body must be a JSON object.' }]));
  if (ctx.contract) {
    const issues = ctx.contract.validateRequest(req.method, req.path.replace(/^\/3\.0/, ''), req.query, parsed.body);
    requestIssues.set(req, issues);
    if (issues.length) return fromError(invalidResource(issuesToFieldErrors(issues)));
  }
  try {
    const res = await handler(req, isRecord(parsed.body) ? parsed.body : {});
    if (res.status !== 200 || res.body === undefined) return res;
    const fields = req.query.get('fields');
    const exclude = req.query.get('exclude_fields');
    if (!fields && !exclude) return res;
    const out: SandboxResponse = { ...res, body: applyFields(res.body, fields, exclude) };
    unfiltered.set(out, res.body);
    return out;
  } catch (err) {
    if (err instanceof MailchimpError) return fromError(err);
    return internalError();
  }
}

/**
 * Contract check for the server: every exchange on /3.0 routes is validated;
 * a partial response (fields/exclude_fields) is validated as the full resource it
 * was cut from, since the spec describes resources, not projections.
 */
export function mailchimpContractCheck(contract: OpenApiContract): ContractCheck {
  return {
    check(route, req, res) {
      if (!route || !route.pattern.startsWith('/3.0/')) return [];
      const path = req.path.replace(/^\/3\.0/, '');
      let reqIssues = requestIssues.get(req);
      if (!reqIssues) {
        const parsed = readJsonBody(req);
        reqIssues = contract.validateRequest(req.method, path, req.query, parsed.ok ? parsed.body : undefined);
      }
      const body = unfiltered.has(res) ? unfiltered.get(res) : res.body;
      const resIssues = res.raw === undefined ? contract.validateResponse(req.method, path, res.status, body) : [];
      return [...reqIssues, ...resIssues].map(formatIssue);
    },
  };
}

export const ok = (body: unknown): SandboxResponse => ({ status: 200, body });
export const noContent = (): SandboxResponse => ({ status: 204 });

/** What route modules need: the server, the pipeline context, the account state, link bases. */
export interface RouteDeps {
  server: SandboxServer;
  ctx: ApiContext;
  state: import('./state').MailchimpState;
  links: import('./render').LinkContext;
}

export function api(deps: RouteDeps, method: string, pattern: string, handler: ApiHandler): void {
  mountApi(deps.server, deps.ctx, method, pattern, handler);
}

/** `true`/`false` query flags. */
export function flag(query: URLSearchParams, name: string): boolean | undefined {
  const v = query.get(name);
  return v === null ? undefined : v === 'true';
}
