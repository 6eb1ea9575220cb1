import { VendorError } from '../types';

/**
 * Zendesk HTTP failures → VendorError. 401/403/404/422 are final; 429 carries
 * Retry-After (https://developer.zendesk.com/api-reference/introduction/rate-limits/);
 * 5xx and network failures are retryable. 422 keeps Zendesk's `details`
 * (field → [{description, error}]) in the message.
 */

export function toVendorError(status: number, retryAfter: string | null, body: unknown): VendorError {
  const b = typeof body === 'object' && body !== null ? (body as { error?: unknown; description?: unknown; details?: unknown }) : {};
  const code = typeof b.error === 'string' ? b.error : typeof b.error === 'object' && b.error !== null && 'title' in b.error ? String(b.error.title) : null;
  const description = typeof b.description === 'string' ? b.description : '';
  const details = b.details !== undefined ? ` ${JSON.stringify(b.details)}` : '';
  const seconds = retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Math.ceil(Number(retryAfter)) : status === 429 ? 60 : null;
  const message = `Zendesk ${status}${code ? ` ${code}` : ''}${description ? `: ${description}` : ''}${details}`;
  return new VendorError(message, 'zendesk', status, seconds, code);
}

export function networkError(err: unknown): VendorError {
  return new VendorError(`Zendesk unreachable: ${(err as Error).message}`, 'zendesk', 0);
}
