import { type ErrorObject } from 'ajv';

/**
 * Contract problems as data (ContractIssue) and as the one-line messages
 * recorded in SandboxServer.violations:
 * `ListCatalog response 200 /objects/3/version: must be integer`.
 */

export interface ContractIssue {
  operationId: string;
  /** 'request', 'query' or `response <status>`, or 'schema <Name>' for direct checks. */
  where: string;
  /** JSON pointer into the validated document ('' = the root). */
  pointer: string;
  message: string;
  keyword: string;
  /** ajv's params for the failed keyword (missingProperty, type, allowedValues, limit...). */
  params: Record<string, unknown>;
}

/**
 * `anyOf: [X, null]` (OAS 3.0 nullable $ref) failures report both branches;
 * keep X's errors, noting that null was also allowed.
 */
export function collapse(errors: ErrorObject[]): { e: ErrorObject; orNull: boolean }[] {
  const nullAt = new Set(errors.filter((e) => e.keyword === 'type' && e.params.type === 'null').map((e) => e.instancePath));
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors
    .filter((e) => {
      if (e.keyword === 'anyOf') return !errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== 'anyOf' && !(o.keyword === 'type' && o.params.type === 'null'));
      return !(e.keyword === 'type' && e.params.type === 'null' && anyOfAt.has(e.instancePath));
    })
    .map((e) => ({ e, orNull: e.keyword !== 'anyOf' && anyOfAt.has(e.instancePath) && nullAt.has(e.instancePath) }));
}

export function describe(e: ErrorObject): string {
  if (e.keyword === 'enum') {
    const allowed = Array.isArray(e.params.allowedValues) ? (e.params.allowedValues as unknown[]) : [];
    const shown = allowed.slice(0, 8).map((v) => JSON.stringify(v)).join(', ');
    return `must be one of ${shown}${allowed.length > 8 ? `, … (${allowed.length - 8} more)` : ''}`;
  }
  if (e.keyword === 'required') return `must have required property '${String(e.params.missingProperty)}'`;
  return e.message ?? e.keyword;
}

/** `ListCatalog response 200 /objects/3/version: must be integer` */
export function formatIssue(i: ContractIssue): string {
  return `${i.operationId} ${i.where} ${i.pointer || '/'}: ${i.message}`;
}
