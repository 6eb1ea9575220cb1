import { type SandboxResponse } from '../framework/server';
import { type ContractIssue } from '../framework/openapi-contract';
import { type SquareErrorBody } from './types';

/**
 * Square's error envelope: every failure is `{ "errors": [ Error, ... ] }` with
 * category, code, detail and, for request problems, the offending field.
 * https://developer.squareup.com/docs/build-basics/handling-errors
 * https://developer.squareup.com/reference/square/objects/Error
 */

export function errorResponse(status: number, errors: SquareErrorBody[], headers?: Record<string, string>): SandboxResponse {
  return { status, body: { errors }, ...(headers ? { headers } : {}) };
}

export function invalidRequest(code: string, detail: string, field?: string, status = 400): SandboxResponse {
  return errorResponse(status, [{ category: 'INVALID_REQUEST_ERROR', code, detail, ...(field ? { field } : {}) }]);
}

export function notFound(detail: string): SandboxResponse {
  return invalidRequest('NOT_FOUND', detail, undefined, 404);
}

export function unauthorized(): SandboxResponse {
  return errorResponse(401, [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'This request could not be authorized.' }]);
}

export function rateLimited(): SandboxResponse {
  // Square sends no Retry-After; clients back off exponentially (ErrorCategory RATE_LIMIT_ERROR docs).
  return errorResponse(429, [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED', detail: 'You have exceeded the rate limit. Please try again later.' }]);
}

export function internalError(): SandboxResponse {
  return errorResponse(500, [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR', detail: 'An internal error has occurred, and the API was unable to service your request.' }]);
}

/** Error bodies for the framework's injected faults and unknown routes. */
export function faultBody(status: number): SandboxResponse {
  if (status === 429) return rateLimited();
  if (status === 404) return notFound('API endpoint for URL path does not exist.');
  if (status === 503) return errorResponse(503, [{ category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE', detail: 'Service unavailable.' }]);
  return internalError();
}

/** A failure inside a write that aborts the whole batch. */
export class SquareApiError extends Error {
  constructor(readonly errors: SquareErrorBody[], readonly status = 400) {
    super(errors.map((e) => `${e.code}: ${e.detail ?? ''}`).join('; '));
  }
}

export function apiError(code: string, detail: string, field?: string): SquareApiError {
  return new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code, detail, ...(field ? { field } : {}) }]);
}

/** `/batches/0/objects/1/id` → `batches[0].objects[1].id` (Square's `field` style). */
export function pointerToField(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const TYPE_CODES: Record<string, string> = {
  string: 'EXPECTED_STRING',
  integer: 'EXPECTED_INTEGER',
  number: 'EXPECTED_FLOAT',
  boolean: 'EXPECTED_BOOLEAN',
  object: 'EXPECTED_OBJECT',
  array: 'EXPECTED_ARRAY',
};

/**
 * Schema failures of a request, in the codes Square uses for them
 * (ErrorCode enum: MISSING_REQUIRED_PARAMETER, EXPECTED_*, INVALID_ENUM_VALUE...).
 */
export function issuesToErrors(issues: ContractIssue[]): SquareErrorBody[] {
  return issues.map((i) => {
    const missing = typeof i.params.missingProperty === 'string' ? i.params.missingProperty : undefined;
    const field = i.where === 'query' ? i.pointer.slice(1) : pointerToField(i.pointer, i.keyword === 'required' ? missing : undefined);
    const type = Array.isArray(i.params.type) ? String(i.params.type[0]) : String(i.params.type ?? '');
    const code =
      i.keyword === 'required' ? (field === '' ? 'EXPECTED_JSON_BODY' : 'MISSING_REQUIRED_PARAMETER')
      : i.keyword === 'type' ? (TYPE_CODES[type] ?? 'INCORRECT_TYPE')
      : i.keyword === 'enum' ? 'INVALID_ENUM_VALUE'
      : i.keyword === 'maxLength' ? 'VALUE_TOO_LONG'
      : i.keyword === 'minLength' ? 'VALUE_TOO_SHORT'
      : i.keyword === 'maximum' ? 'VALUE_TOO_HIGH'
      : i.keyword === 'minimum' ? 'VALUE_TOO_LOW'
      : i.keyword === 'maxItems' ? 'ARRAY_LENGTH_TOO_LONG'
      : i.keyword === 'minItems' ? 'ARRAY_LENGTH_TOO_SHORT'
      : i.keyword === 'pattern' ? 'VALUE_REGEX_MISMATCH'
      : 'INVALID_VALUE';
    const detail = field ? `Invalid \`${field}\`: ${i.message}.` : `Invalid request: ${i.message}.`;
    return { category: 'INVALID_REQUEST_ERROR' as const, code, detail, ...(field ? { field } : {}) };
  });
}
