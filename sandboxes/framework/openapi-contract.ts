import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { collapse, describe, formatIssue, type ContractIssue } from './openapi-issues';
import { convertComponents, convertSchema, type JsonSchema } from './openapi-schema';
import { type ContractCheck, type Route, type SandboxRequest, type SandboxResponse } from './server';

/**
 * Contract checks against a vendor's published OpenAPI 3.x document: finds the
 * operation for method + path, validates request bodies, query parameters and
 * response bodies with ajv. Vendor-neutral; each sandbox feeds its own spec.
 *
 * Strict types (no coercion of JSON bodies), and additional properties only
 * where the spec itself forbids them: we never add `additionalProperties:false`.
 * Vendor spec defects are fixed in memory via `patchSchemas`, never in the file.
 */

export interface OpenApiContractOptions {
  /** $id under which the components are registered (one per spec). */
  id: string;
  /** In-memory fixes of known spec defects; receives components.schemas before compilation. */
  patchSchemas?: (schemas: Record<string, unknown>) => void;
  /** Schema (spec refs allowed) for error statuses an operation does not declare, e.g. Square's `{errors:[Error]}`. */
  errorResponseSchema?: Record<string, unknown>;
}

export interface OperationMatch {
  operationId: string;
  pathTemplate: string;
  method: string;
  operation: Record<string, unknown>;
  params: Record<string, string>;
}

interface CompiledPath {
  template: string;
  regex: RegExp;
  names: string[];
  item: Record<string, unknown>;
}

const MAX_MESSAGES = 20;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly paths: CompiledPath[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly dialect: '3.0' | '3.1';

  constructor(private readonly doc: Record<string, unknown>, private readonly opts: OpenApiContractOptions) {
    this.dialect = String(doc.openapi ?? '3.0').startsWith('3.1') ? '3.1' : '3.0';
    const ajvOpts = { strict: false, allErrors: true, validateFormats: true } as const;
    this.ajv = this.dialect === '3.1' ? (new Ajv2020(ajvOpts) as unknown as Ajv) : new Ajv(ajvOpts);
    addFormats(this.ajv);
    const components = isRecord(doc.components) ? doc.components : {};
    const rawSchemas = isRecord(components.schemas) ? { ...components.schemas } : {};
    opts.patchSchemas?.(rawSchemas);
    const formats = new Set<string>();
    const schemas = convertComponents(rawSchemas, { dialect: this.dialect, refBase: opts.id, onFormat: (f) => formats.add(f) });
    this.registerFormats(formats);
    this.ajv.addSchema({ $id: opts.id, components: { schemas } });
    for (const [template, item] of Object.entries(isRecord(doc.paths) ? doc.paths : {})) {
      if (!isRecord(item)) continue;
      const names: string[] = [];
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      });
      this.paths.push({ template, regex: new RegExp(`^${source}$`), names, item });
    }
    // Literal segments win over parameters: /v2/locations/custom-attribute-definitions
    // must not be taken for /v2/locations/{location_id}.
    this.paths.sort((a, b) => a.names.length - b.names.length);
  }

  /** The operation serving `method path`, or null when the spec has none. */
  findOperation(method: string, path: string): OperationMatch | null {
    const m = method.toLowerCase();
    for (const p of this.paths) {
      const op = p.item[m];
      if (!isRecord(op)) continue;
      const hit = p.regex.exec(path);
      if (!hit) continue;
      const params: Record<string, string> = {};
      p.names.forEach((n, i) => (params[n] = decodeURIComponent(hit[i + 1] ?? '')));
      const operationId = typeof op.operationId === 'string' ? op.operationId : `${m.toUpperCase()} ${p.template}`;
      return { operationId, pathTemplate: p.template, method: m, operation: op, params };
    }
    return null;
  }

  /** Request body (and required/typed query params) of `method path`. */
  validateRequest(method: string, path: string, query: URLSearchParams, body: unknown): ContractIssue[] {
    const op = this.findOperation(method, path);
    if (!op) return [this.noOperation(method, path)];
    const issues = this.validateQuery(op, query);
    const rb = this.deref(op.operation.requestBody);
    if (!isRecord(rb)) return issues;
    const schema = this.jsonSchemaOf(rb.content);
    if (body === undefined) {
      if (rb.required === true) issues.push({ operationId: op.operationId, where: 'request', pointer: '', message: 'request body is required', keyword: 'required', params: {} });
      return issues;
    }
    if (schema === undefined) return issues;
    return issues.concat(this.run(`${op.operationId}:request`, schema, body, op.operationId, 'request'));
  }

  /** Response body of `method path` for `status`. */
  validateResponse(method: string, path: string, status: number, body: unknown): ContractIssue[] {
    const op = this.findOperation(method, path);
    if (!op) return [this.noOperation(method, path)];
    const responses = isRecord(op.operation.responses) ? op.operation.responses : {};
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    const where = `response ${status}`;
    let schema: unknown;
    let key: string;
    if (declared !== undefined) {
      const res = this.deref(declared);
      schema = isRecord(res) ? this.jsonSchemaOf(res.content) : undefined;
      key = `${op.operationId}:${status}`;
      if (schema === undefined) {
        return body === undefined || body === '' ? [] : [{ operationId: op.operationId, where, pointer: '', message: 'spec declares no JSON body for this status', keyword: 'body', params: {} }];
      }
    } else if (status >= 400 && this.opts.errorResponseSchema) {
      schema = this.opts.errorResponseSchema;
      key = 'error-response';
    } else {
      return [{ operationId: op.operationId, where, pointer: '', message: `status ${status} is not declared by the spec`, keyword: 'status', params: {} }];
    }
    return this.run(key, schema, body, op.operationId, where);
  }

  /** Validates a value against `components.schemas[name]` (webhook event bodies, fixtures). */
  validateSchema(name: string, value: unknown): ContractIssue[] {
    return this.run(`schema:${name}`, { $ref: `#/components/schemas/${name}` }, value, name, `schema ${name}`);
  }

  hasSchema(name: string): boolean {
    const c = this.doc.components;
    return isRecord(c) && isRecord(c.schemas) && name in c.schemas;
  }

  /**
   * A ContractCheck for SandboxServer: validates every exchange of routes the
   * spec knows. `skip` exempts sandbox-only routes (admin, test hooks).
   */
  asContractCheck(skip: (route: Route) => boolean = () => false): ContractCheck {
    return {
      check: (route: Route | null, req: SandboxRequest, res: SandboxResponse): string[] => {
        if (!route || skip(route)) return [];
        const reqBody = req.rawBody.length ? req.json : undefined;
        const issues = [
          ...this.validateRequest(req.method, req.path, req.query, reqBody),
          ...(res.raw === undefined ? this.validateResponse(req.method, req.path, res.status, res.body) : []),
        ];
        return issues.map(formatIssue);
      },
    };
  }

  private validateQuery(op: OperationMatch, query: URLSearchParams): ContractIssue[] {
    const issues: ContractIssue[] = [];
    const pathItem = this.paths.find((p) => p.template === op.pathTemplate)?.item ?? {};
    const params = [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(op.operation.parameters) ? op.operation.parameters : [])];
    for (const raw of params) {
      const p = this.deref(raw);
      if (!isRecord(p) || p.in !== 'query' || typeof p.name !== 'string') continue;
      const value = query.get(p.name);
      const at = { operationId: op.operationId, where: 'query', pointer: `/${p.name}` };
      if (value === null) {
        if (p.required === true) issues.push({ ...at, message: 'required query parameter is missing', keyword: 'required', params: { missingProperty: p.name } });
        continue;
      }
      const schema = this.deref(p.schema);
      if (!isRecord(schema)) continue;
      // Query strings are text: coerce the one value the way servers do, then validate.
      const coerced = coerceQuery(value, this.deref(schema));
      if (coerced === undefined) {
        issues.push({ ...at, message: `must be ${String(schema.type)}`, keyword: 'type', params: { type: schema.type } });
        continue;
      }
      issues.push(...this.run(`${op.operationId}:query:${p.name}`, schema, coerced, op.operationId, 'query').map((i) => ({ ...i, pointer: at.pointer + i.pointer })));
    }
    return issues;
  }

  /**
   * Compiles the validators of `method path` ahead of the first request
   * (compilation of a large schema graph costs hundreds of ms once).
   */
  warm(method: string, path: string, statuses: number[] = [200]): void {
    const op = this.findOperation(method, path);
    if (!op) return;
    const rb = this.deref(op.operation.requestBody);
    const req = isRecord(rb) ? this.jsonSchemaOf(rb.content) : undefined;
    if (req !== undefined) this.validator(`${op.operationId}:request`, req);
    const responses = isRecord(op.operation.responses) ? op.operation.responses : {};
    for (const status of statuses) {
      const res = this.deref(responses[String(status)]);
      const schema = isRecord(res) ? this.jsonSchemaOf(res.content) : undefined;
      if (schema !== undefined) this.validator(`${op.operationId}:${status}`, schema);
    }
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(convertSchema(schema, { dialect: this.dialect, refBase: this.opts.id }));
      this.validators.set(key, validate);
    }
    return validate;
  }

  private run(key: string, schema: unknown, value: unknown, operationId: string, where: string): ContractIssue[] {
    const validate = this.validator(key, schema);
    if (validate(value)) return [];
    return collapse(validate.errors ?? []).slice(0, MAX_MESSAGES).map(({ e, orNull }) => ({
      operationId,
      where,
      pointer: e.instancePath,
      message: orNull ? `${describe(e)} (or null)` : describe(e),
      keyword: e.keyword,
      params: { ...e.params },
    }));
  }

  private jsonSchemaOf(content: unknown): unknown {
    if (!isRecord(content)) return undefined;
    const type = Object.keys(content).find((t) => /^application\/(.+\+)?json/.test(t)) ?? Object.keys(content)[0];
    const media = type ? content[type] : undefined;
    return isRecord(media) ? media.schema : undefined;
  }

  /** Follows a local `$ref` to a component (parameters, requestBodies, responses). */
  private deref(node: unknown): unknown {
    let cur = node;
    for (let i = 0; i < 8 && isRecord(cur) && typeof cur.$ref === 'string' && cur.$ref.startsWith('#/') && !cur.$ref.startsWith('#/components/schemas/'); i++) {
      cur = cur.$ref
        .slice(2)
        .split('/')
        .reduce<unknown>((o, seg) => (isRecord(o) ? o[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), this.doc);
    }
    return cur;
  }

  private registerFormats(formats: Set<string>): void {
    // Unknown formats are annotations for us (ajv would throw on them).
    for (const f of formats) if (!this.ajv.formats[f]) this.ajv.addFormat(f, true);
  }

  private noOperation(method: string, path: string): ContractIssue {
    return { operationId: `${method.toUpperCase()} ${path}`, where: 'route', pointer: '', message: 'no operation in the spec for this method and path', keyword: 'operation', params: {} };
  }
}

function coerceQuery(value: string, schema: unknown): unknown {
  const type = isRecord(schema) ? schema.type : undefined;
  if (type === 'integer') return /^-?\d+$/.test(value) ? Number(value) : undefined;
  if (type === 'number') return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : undefined;
  return value;
}

export type { JsonSchema, ContractIssue };
export { formatIssue };
