import { formatIssue, type ContractIssue, type OpenApiContract, type OperationMatch } from '../framework/openapi-contract';
import { readJsonBody, type ContractCheck, type Route, type SandboxRequest, type SandboxResponse, type SandboxServer } from '../framework/server';
import { errorResponse, internalError, invalidRequest, issuesToErrors, rateLimited, SquareApiError, unauthorized } from './errors';
import { type IdempotencyStore } from './idempotency';
import { type TokenBucket } from './rate-limit';
import { isRecord } from './types';
import { readUpload, uploadContractBody, uploadContractView, type UploadedFile, type UploadParts } from './upload';

/**
 * The request pipeline every Connect v2 route shares, in Square's order:
 * authentication (Authorization: Bearer <token>), rate limiting, body
 * parsing (JSON, or multipart/form-data for the file uploads), request
 * validation against the spec (Square rejects malformed requests with 400
 * INVALID_REQUEST_ERROR and the offending `field`), idempotency, then the
 * handler. Responses echo the Square-Version the request asked for
 * ("Responses echo the applied Square-Version").
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
/** An upload route's handler: `body` is the JSON part, `file` the file part. */
export type UploadHandler = (req: SandboxRequest, body: Record<string, unknown>, file: UploadedFile) => HandlerResult;

/** A request body read and ready for validation, or the error that ends the request. */
type ReadBody =
  | {
      ok: true;
      /** What the handler gets (and where idempotency_key is read). */
      body: Record<string, unknown>;
      /** What the spec's request schema is checked against (undefined: no body). */
      validated: unknown;
      /** What a replay under the same idempotency key must match. */
      idempotent: unknown;
      file?: UploadedFile;
      /** Issue pointers as the client knows the fields (an upload's JSON part is the request). */
      pointerOf?: (pointer: string) => string;
    }
  | { ok: false; response: SandboxResponse };

/** Request issues computed by the pipeline, reused by the contract check (same request object). */
const requestIssues = new WeakMap<SandboxRequest, ContractIssue[]>();


export function withVersion(req: SandboxRequest, res: SandboxResponse, defaultVersion: string): SandboxResponse {
  return { ...res, headers: { ...(res.headers ?? {}), 'square-version': req.headers['square-version'] ?? defaultVersion } };
}

export function mountApi(server: SandboxServer, ctx: ApiContext, method: string, pattern: string, handler: ApiHandler, opts: { idempotent?: boolean } = {}): void {
  ctx.mounted.push([method, pattern]);
  server.route(method, pattern, (req) => withVersion(req, handle(ctx, req, readJson, (body) => handler(req, body), opts), ctx.defaultVersion));
}

/**
 * A multipart/form-data route (Square's file uploads): `parts` names the JSON
 * part and the file part. The idempotency key is the JSON part's; a replay
 * must match the JSON and the file's bytes (by digest).
 */
export function mountUploadApi(server: SandboxServer, ctx: ApiContext, method: string, pattern: string, parts: UploadParts, handler: UploadHandler, opts: { idempotent?: boolean } = {}): void {
  ctx.mounted.push([method, pattern]);
  const read = (req: SandboxRequest): ReadBody => readMultipart(req, parts);
  server.route(method, pattern, (req) =>
    withVersion(
      req,
      handle(ctx, req, read, (body, file) => (file ? handler(req, body, file) : internalError()), opts),
      ctx.defaultVersion,
    ),
  );
}

function readJson(req: SandboxRequest): ReadBody {
  const parsed = readJsonBody(req);
  if (!parsed.ok) return { ok: false, response: invalidRequest('BAD_REQUEST', 'The request body is not valid JSON.') };
  if (parsed.body !== undefined && !isRecord(parsed.body)) return { ok: false, response: invalidRequest('EXPECTED_OBJECT', 'The request body must be a JSON object.') };
  const body = parsed.body ?? {};
  return { ok: true, body, validated: parsed.body, idempotent: body };
}

function readMultipart(req: SandboxRequest, parts: UploadParts): ReadBody {
  const upload = readUpload(req, parts);
  if (!upload.ok) return upload;
  const prefix = `/${parts.json}`;
  return {
    ok: true,
    body: upload.request,
    validated: uploadContractBody(upload.request, parts, true),
    idempotent: { [parts.json]: upload.request, [parts.file]: { sha256: upload.file.sha256 } },
    file: upload.file,
    pointerOf: (p) => (p === prefix || p.startsWith(`${prefix}/`) ? p.slice(prefix.length) : p),
  };
}

function handle(ctx: ApiContext, req: SandboxRequest, read: (req: SandboxRequest) => ReadBody, invoke: (body: Record<string, unknown>, file?: UploadedFile) => HandlerResult, opts: { idempotent?: boolean }): SandboxResponse {
  if (req.headers.authorization !== `Bearer ${ctx.accessToken}`) return unauthorized();
  if (!ctx.bucket.take()) return rateLimited();
  const version = req.headers['square-version'];
  if (version !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    return invalidRequest('INVALID_SQUARE_VERSION_FORMAT', `Square-Version must look like YYYY-MM-DD, got \`${version}\`.`);
  }
  const parsed = read(req);
  if (!parsed.ok) return parsed.response;
  if (ctx.contract) {
    const issues = ctx.contract.validateRequest(req.method, req.path, req.query, parsed.validated);
    requestIssues.set(req, issues);
    const pointerOf = parsed.pointerOf;
    if (issues.length) return errorResponse(400, issuesToErrors(pointerOf ? issues.map((i) => ({ ...i, pointer: pointerOf(i.pointer) })) : issues));
  }
  const { body, file } = parsed;
  try {
    const key = body.idempotency_key;
    if (opts.idempotent && typeof key === 'string' && key) {
      const operation = ctx.contract?.findOperation(req.method, req.path)?.operationId ?? `${req.method} ${req.path}`;
      return ctx.idempotency.run(operation, key, parsed.idempotent, () => normalise(invoke(body, file)));
    }
    return normalise(invoke(body, file)).response;
  } catch (err) {
    if (err instanceof SquareApiError) return errorResponse(err.status, err.errors);
    return internalError();
  }
}

function normalise(r: HandlerResult): { response: SandboxResponse; committed: boolean } {
  return 'response' in r ? r : { response: r, committed: r.status >= 200 && r.status < 300 };
}

/** Routes that are not Square API operations: the admin routes and the image CDN (square/image-files.ts). */
const SANDBOX_ONLY_PREFIXES = ['/_sandbox/', '/files/'];

/**
 * The parts of an operation whose request body the spec declares as
 * multipart/form-data: the binary property is the file, the other the JSON
 * request. Null for JSON operations.
 */
export function multipartPartsOf(op: OperationMatch | null): UploadParts | null {
  const rb = op?.operation.requestBody;
  const content = isRecord(rb) && isRecord(rb.content) ? rb.content : undefined;
  const media = content?.['multipart/form-data'];
  const props = isRecord(media) && isRecord(media.schema) && isRecord(media.schema.properties) ? media.schema.properties : undefined;
  if (!props) return null;
  const names = Object.keys(props);
  const file = names.find((n) => { const p = props[n]; return isRecord(p) && p.format === 'binary'; });
  const json = names.find((n) => n !== file);
  return file && json ? { json, file } : null;
}

/**
 * Contract check for the server: every exchange on a spec route is checked
 * (request body and query, response body); sandbox-only routes (/_sandbox/,
 * the image CDN) are exempt. Requests the pipeline did not get to validate
 * are read here the way their operation declares: JSON, or multipart for the
 * uploads (a body that is not the declared multipart is itself a violation).
 */
export function squareContractCheck(contract: OpenApiContract): ContractCheck {
  const skip = (route: Route): boolean => SANDBOX_ONLY_PREFIXES.some((p) => route.pattern.startsWith(p));
  return {
    check(route, req, res) {
      if (!route || skip(route)) return [];
      let reqIssues = requestIssues.get(req);
      if (!reqIssues) reqIssues = requestIssuesOf(contract, req);
      const resIssues = res.raw === undefined ? contract.validateResponse(req.method, req.path, res.status, res.body) : [];
      return [...reqIssues, ...resIssues].map(formatIssue);
    },
  };
}

function requestIssuesOf(contract: OpenApiContract, req: SandboxRequest): ContractIssue[] {
  const op = contract.findOperation(req.method, req.path);
  const parts = multipartPartsOf(op);
  if (!op || !parts) {
    const parsed = readJsonBody(req);
    return contract.validateRequest(req.method, req.path, req.query, parsed.ok ? parsed.body : undefined);
  }
  const view = uploadContractView(req, parts);
  if ('body' in view) return contract.validateRequest(req.method, req.path, req.query, view.body);
  const queryIssues = contract.validateRequest(req.method, req.path, req.query, undefined).filter((i) => i.where === 'query');
  return [...queryIssues, { operationId: op.operationId, where: 'request', pointer: '', message: view.problem, keyword: 'content-type', params: {} }];
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
