import { type SandboxResponse } from '../framework/server';
import { type JsonObject } from './types';

/**
 * Xero's error bodies (https://developer.xero.com/documentation/api/accounting/responsecodes):
 * - 400 `{ErrorNumber, Type, Message, Elements:[{…element, ValidationErrors:[{Message}]}]}`
 *   (ValidationException = 10, PostDataInvalidException = 11, QueryParseException = 16);
 * - 401/403 from the identity layer as problem details
 *   (https://developer.xero.com/documentation/guides/oauth2/troubleshooting):
 *   `{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful","Instance":…,"Extensions":{}}`;
 * - 404 a plain-text "The resource you're looking for cannot be found";
 * - 429 with Retry-After and X-Rate-Limit-Problem (https://developer.xero.com/documentation/guides/oauth2/limits/).
 */

/** Thrown by handlers; the pipeline turns it into the response. */
export class XeroApiError extends Error {
  constructor(readonly response: SandboxResponse) {
    super(`Xero API error ${response.status}`);
  }
}

/** One element's validation failure (thrown by validators, collected per element). */
export class ValidationFailure extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

export function validationErrorBody(elements: JsonObject[]): JsonObject {
  return { ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred', Elements: elements };
}

export function validationError(elements: JsonObject[]): XeroApiError {
  return new XeroApiError({ status: 400, body: validationErrorBody(elements) });
}

/** A single-message validation error with an element echoing what was sent. */
export function validationMessage(message: string, element: JsonObject = {}): XeroApiError {
  return validationError([{ ...element, ValidationErrors: [{ Message: message }] }]);
}

export function postDataInvalid(message: string): XeroApiError {
  return new XeroApiError({ status: 400, body: { ErrorNumber: 11, Type: 'PostDataInvalidException', Message: message } });
}

export function queryParseError(message: string): XeroApiError {
  return new XeroApiError({ status: 400, body: { ErrorNumber: 16, Type: 'QueryParseException', Message: message } });
}

export function notFound(): SandboxResponse {
  return { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: "The resource you're looking for cannot be found" };
}

function problem(status: number, title: string, detail: string, instance: string): SandboxResponse {
  return { status, body: { Type: null, Title: title, Status: status, Detail: detail, Instance: instance, Extensions: {} } };
}

/** Missing, malformed or unknown access token. */
export function unauthorized(instance: string, detail = 'AuthenticationUnsuccessful'): SandboxResponse {
  return { ...problem(401, 'Unauthorized', detail, instance), headers: { 'www-authenticate': 'Bearer' } };
}

/**
 * Token fine, but the xero-tenant-id header is missing, malformed or names an
 * organisation this token is not connected to. Xero's troubleshooting page shows
 * `Title: Forbidden, Status: 403, Detail: AuthenticationUnsuccessful` for it.
 */
export function forbidden(instance: string): SandboxResponse {
  return problem(403, 'Forbidden', 'AuthenticationUnsuccessful', instance);
}

export type RateLimitProblem = 'minute' | 'day' | 'concurrent' | 'appminute';

export function rateLimited(problemName: RateLimitProblem, retryAfterSeconds: number | null, instance: string): SandboxResponse {
  const res = problem(429, 'Too Many Requests', `Rate limit exceeded: ${problemName} limit`, instance);
  const headers: Record<string, string> = { 'x-rate-limit-problem': problemName };
  // Retry-After accompanies minute and day breaches; a concurrency breach clears as soon as a call finishes.
  if (retryAfterSeconds !== null) headers['retry-after'] = String(retryAfterSeconds);
  return { ...res, headers };
}

export function internalError(instance: string): SandboxResponse {
  return problem(500, 'Internal Server Error', 'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.', instance);
}

/** Bodies for the framework's injected faults. */
export function faultBody(status: number): SandboxResponse {
  if (status === 429) return rateLimited('minute', 1, 'fault-injection');
  if (status === 404) return notFound();
  if (status >= 500) return { ...internalError('fault-injection'), status };
  return problem(status, 'Error', 'Injected fault', 'fault-injection');
}
