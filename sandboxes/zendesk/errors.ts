import { type SandboxResponse } from '../framework/server';
import { type Json, type JsonObject } from './types';

/**
 * Zendesk's error bodies, as documented in "Response format"
 * (https://developer.zendesk.com/api-reference/introduction/requests/#response-format)
 * and on each endpoint page. Handlers throw ZendeskError; the pipeline renders it.
 */

export class ZendeskError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
  }

  toResponse(): SandboxResponse {
    return { status: this.status, headers: this.headers, body: this.body };
  }
}

export interface FieldError {
  description: string;
  error: string;
}

/** 401: https://developer.zendesk.com/api-reference/introduction/security-and-auth/ */
export function unauthorized(): ZendeskError {
  return new ZendeskError(401, { error: "Couldn't authenticate you" }, { 'www-authenticate': 'Basic realm="Web Password"' });
}

export function forbidden(message: string): ZendeskError {
  return new ZendeskError(403, { error: { title: 'Forbidden', message } });
}

export function notFound(): ZendeskError {
  return new ZendeskError(404, { error: 'RecordNotFound', description: 'Not found' });
}

export function invalidEndpoint(): ZendeskError {
  return new ZendeskError(404, { error: 'InvalidEndpoint', description: 'Not found' });
}

/** 422 RecordInvalid with per-field details, e.g. {email: [{description, error: "DuplicateValue"}]}. */
export function recordInvalid(details: Record<string, FieldError[]>): ZendeskError {
  const d: JsonObject = {};
  for (const [k, v] of Object.entries(details)) d[k] = v.map((e) => ({ description: e.description, error: e.error }));
  return new ZendeskError(422, { error: 'RecordInvalid', description: 'Record validation errors', details: d });
}

export function badRequest(error: string, description: string): ZendeskError {
  return new ZendeskError(400, { error, description });
}

/**
 * Offset pagination beyond the first 10,000 records (100 pages of 100) answers
 * 400 Bad Request: https://developer.zendesk.com/api-reference/introduction/pagination/
 * ("Offset pagination limitations"). The exact body is not published; this
 * one follows Zendesk's {error, description} convention.
 */
export function offsetCeiling(): ZendeskError {
  return badRequest('invalid_pagination', 'Offset pagination is limited to the first 10000 records (100 pages). Use cursor pagination (page[size]) to retrieve more.');
}

/** 429, https://developer.zendesk.com/api-reference/introduction/rate-limits/ */
export function rateLimited(retryAfterSeconds: number, incremental: boolean, headers: Record<string, string>): ZendeskError {
  const description = incremental ? 'Number of allowed incremental export API requests per minute exceeded' : 'Number of allowed API requests per minute exceeded';
  return new ZendeskError(429, { error: 'APIRateLimitExceeded', description }, { ...headers, 'retry-after': String(retryAfterSeconds) });
}

/** Bodies of injected faults (SandboxServer faults). */
export function faultBody(status: number): SandboxResponse {
  if (status === 429) return rateLimited(60, false, {}).toResponse();
  const body: Json = { error: 'InternalServerError', description: 'Something went wrong. Please try again later.' };
  return { status, body };
}
