import { type SandboxRequest, type SandboxResponse, type SandboxServer } from '../framework/server';
import { badRequest, rateLimited, unauthorized, ZendeskError } from './errors';
import { type RateLimiter } from './rate-limit';
import { type ZendeskState } from './state';
import { isJsonObject, type JsonObject, type UserRecord } from './types';

/**
 * The pipeline every Support API route shares, in Zendesk's order:
 * authentication (https://developer.zendesk.com/api-reference/introduction/security-and-auth/:
 * Basic `{email}/token:{api_token}` or an OAuth `Bearer` token), the account
 * rate limit (its headers ride on every response), JSON parsing, then the
 * handler. Every route answers with and without the documented `.json` suffix.
 */

export interface ApiContext {
  state: ZendeskState;
  email: string;
  apiToken: string;
  limiter: RateLimiter;
  /** Fallback origin for links when a request carries no Host header (in-process dispatch). */
  defaultBase: string;
}

export interface Call {
  req: SandboxRequest;
  body: JsonObject;
  /** Origin the client called: links and `url` fields point back to it. */
  base: string;
  actor: UserRecord;
}

export type ApiHandler = (call: Call) => SandboxResponse;

export function mountApi(server: SandboxServer, ctx: ApiContext, method: string, pattern: string, handler: ApiHandler): void {
  const wrapped = (req: SandboxRequest): SandboxResponse => handle(ctx, req, handler);
  server.route(method, `${pattern}.json`, wrapped);
  server.route(method, pattern, wrapped);
}

function authenticate(ctx: ApiContext, header: string | undefined): boolean {
  if (!header) return false;
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return ctx.state.oauthTokens.has(value);
  if (scheme?.toLowerCase() !== 'basic') return false;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep < 0) return false;
  const user = decoded.slice(0, sep);
  const secret = decoded.slice(sep + 1);
  // API token auth only: "{email}/token" + ":" + token. Password auth is disabled on new accounts.
  return user.toLowerCase() === `${ctx.email.toLowerCase()}/token` && secret === ctx.apiToken;
}

export function baseOf(ctx: ApiContext, req: SandboxRequest): string {
  const host = req.headers.host;
  return host ? `http://${host}` : ctx.defaultBase;
}

function handle(ctx: ApiContext, req: SandboxRequest, handler: ApiHandler): SandboxResponse {
  if (!authenticate(ctx, req.headers.authorization)) return unauthorized().toResponse();
  const decision = ctx.limiter.take(req.path.startsWith('/api/v2/incremental/'));
  if (!decision.ok) return rateLimited(decision.retryAfterSeconds, decision.incremental, decision.headers).toResponse();
  const withLimits = (res: SandboxResponse): SandboxResponse => ({ ...res, headers: { ...decision.headers, ...(res.headers ?? {}) } });
  let body: JsonObject = {};
  if (req.rawBody.length) {
    let parsed: unknown = req.json;
    if (parsed === undefined) {
      try {
        parsed = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return withLimits(badRequest('InvalidJSON', 'The request body is not valid JSON').toResponse());
      }
    }
    if (!isJsonObject(parsed)) return withLimits(badRequest('InvalidJSON', 'The request body must be a JSON object').toResponse());
    body = parsed;
  }
  const actor = ctx.state.users.get(ctx.state.agentId);
  if (!actor) return withLimits(unauthorized().toResponse());
  try {
    return withLimits(handler({ req, body, base: baseOf(ctx, req), actor }));
  } catch (err) {
    if (err instanceof ZendeskError) return withLimits(err.toResponse());
    return withLimits({ status: 500, body: { error: 'InternalServerError', description: (err as Error).message } });
  }
}

/** Integer path id, or a 404 like Zendesk's for ids that cannot exist. */
export function intParam(value: string | undefined): number {
  const s = (value ?? '').replace(/\.json$/, '');
  if (!/^\d+$/.test(s)) throw new ZendeskError(404, { error: 'RecordNotFound', description: 'Not found' });
  return Number(s);
}

export function objectField(body: JsonObject, key: string): JsonObject | null {
  const v = body[key];
  return isJsonObject(v) ? v : null;
}
