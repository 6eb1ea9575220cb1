import { randomUUID } from 'node:crypto';
import { type SandboxResponse } from '../framework/server';

/**
 * Mailchimp's error shape (RFC 7807 problem details), for every failure:
 * { type, title, status, detail, instance } plus `errors: [{field, message}]`
 * on validation failures.
 * https://mailchimp.com/developer/marketing/docs/errors/
 */

export const ERROR_TYPE = 'https://mailchimp.com/developer/marketing/docs/errors/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface FieldError {
  field: string;
  message: string;
}

export class MailchimpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(`${title}: ${detail}`);
  }
}

export function problem(status: number, title: string, detail: string, errors?: FieldError[]): SandboxResponse {
  return {
    status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: { type: ERROR_TYPE, title, status, detail, instance: randomUUID(), ...(errors ? { errors } : {}) },
  };
}

export function fromError(err: MailchimpError): SandboxResponse {
  return problem(err.status, err.title, err.detail, err.errors);
}

export const notFound = (): MailchimpError => new MailchimpError(404, 'Resource Not Found', 'The requested resource could not be found.');

export function invalidResource(errors: FieldError[], detail = "The resource submitted could not be validated. For field-specific details, see the 'errors' array."): MailchimpError {
  return new MailchimpError(400, 'Invalid Resource', detail, errors);
}

export const apiKeyMissing = (): SandboxResponse => problem(401, 'API Key Missing', 'Your request did not include an API key.');
export const apiKeyInvalid = (): SandboxResponse => problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
export const tooManyRequests = (limit: number): SandboxResponse => problem(429, 'Too Many Requests', `You have exceeded the limit of ${limit} simultaneous connections.`);
export const jsonParseError = (): SandboxResponse => problem(400, 'JSON Parse Exception', 'We encountered an unspecified JSON parsing error.');
export const internalError = (): SandboxResponse =>
  problem(500, 'Internal Server Error', 'An unexpected internal error has occurred. Please contact Support for more information.');

/** Bodies of faults injected by the framework (and of unknown routes). */
export function faultBody(status: number): SandboxResponse {
  if (status === 429) return tooManyRequests(10);
  if (status === 404) return fromError(notFound());
  if (status === 405) return problem(405, 'Method Not Allowed', 'The requested method and resource are not compatible. See the Allow header for this resource\'s available methods.');
  return internalError();
}
