import { VendorError } from '../types';
import { isObject } from './util';

/**
 * SDK failures → VendorError. The SDK rejects with superagent's error: `status`
 * and `response.body`, Mailchimp's problem document
 * (https://mailchimp.com/developer/marketing/docs/errors/). Network failures have
 * no status (→ 0, retryable). 401/403/400 are not retryable; 429 and 5xx are.
 */
export function toVendorError(err: unknown): VendorError {
  if (err instanceof VendorError) return err;
  const e = isObject(err) ? err : {};
  const status = typeof e.status === 'number' ? e.status : 0;
  const response = isObject(e.response) ? e.response : {};
  const body = isObject(response.body) ? response.body : {};
  const headers = isObject(response.headers) ? response.headers : {};
  const title = typeof body.title === 'string' ? body.title : null;
  const detail = typeof body.detail === 'string' ? body.detail : err instanceof Error ? err.message : String(err);
  const fieldErrors = Array.isArray(body.errors)
    ? body.errors.filter(isObject).map((f) => `${String(f.field ?? '')}: ${String(f.message ?? '')}`).join('; ')
    : '';
  const retryAfter = Number(headers['retry-after']);
  const message = `mailchimp ${status || 'network error'}${title ? ` ${title}` : ''}: ${detail}${fieldErrors ? ` (${fieldErrors})` : ''}`;
  return new VendorError(message, 'mailchimp', status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null, title);
}
