import { ApplicationFailure } from '@temporalio/activity';
import { VendorError } from '../connectors/types';

/**
 * The one place vendor failures become Temporal failures. 429 / 5xx /
 * network stay retryable and carry the vendor's Retry-After as
 * `nextRetryDelay`; 401/403 are configuration errors (never retried);
 * other 4xx are per-record problems the caller quarantines.
 */
export function toActivityFailure(err: unknown): unknown {
  if (!(err instanceof VendorError)) return err;
  if (err.status === 401 || err.status === 403) {
    return ApplicationFailure.create({
      type: 'ConfigurationError',
      message: `${err.vendor} refused our credentials (${err.status}): ${err.message}`,
      nonRetryable: true,
    });
  }
  if (err.retryable) {
    return ApplicationFailure.create({
      type: 'VendorUnavailable',
      message: `${err.vendor} ${err.status}: ${err.message}`,
      nonRetryable: false,
      nextRetryDelay: err.retryAfterSeconds !== null ? `${Math.max(1, err.retryAfterSeconds)} seconds` : undefined,
    });
  }
  return err;
}

/** Runs an activity body, translating vendor errors on the way out. */
export async function vendorCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toActivityFailure(err);
  }
}
