import { ApplicationFailure } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { VendorError } from '../connectors/types';

/**
 * The one place vendor failures become Temporal failures. 429 / 5xx /
 * network stay retryable and carry the vendor's Retry-After as
 * `nextRetryDelay`; 401/403 are configuration errors (never retried);
 * other 4xx are per-record problems the caller quarantines.
 *
 * A 429 is the vendor's rate limit doing its job: the retry waits as told
 * and the sync goes on. It is marked BENIGN, so the worker logs that attempt
 * at DEBUG instead of a WARN with a stack per throttle, and Temporal does not
 * count it as a failed attempt in its metrics. 5xx and network failures stay
 * ordinary failures: they are worth an operator's eye.
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
      category: err.status === 429 ? ApplicationFailureCategory.BENIGN : undefined,
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
