import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { toActivityFailure } from '../../activities/errors';
import { VendorError } from '../../connectors/types';

/**
 * How vendor failures become Temporal failures: what is retried, after how
 * long, and which retries are routine (a throttle) rather than trouble.
 */
describe('toActivityFailure', () => {
  it('given a throttle with Retry-After, when translated, then it is retryable after that delay and BENIGN (logged at DEBUG, not counted as a failure)', () => {
    const f = toActivityFailure(new VendorError('Shopify throttled the query', 'shopify', 429, 3, 'THROTTLED'));
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f).toMatchObject({ type: 'VendorUnavailable', nonRetryable: false, nextRetryDelay: '3 seconds', category: ApplicationFailureCategory.BENIGN });
  });

  it('given a 503 or a dropped connection, when translated, then it is retryable and an ordinary failure an operator sees', () => {
    for (const status of [503, 0]) {
      const f = toActivityFailure(new VendorError('unavailable', 'square', status));
      expect(f).toMatchObject({ type: 'VendorUnavailable', nonRetryable: false });
      expect((f as ApplicationFailure).category).toBeUndefined();
    }
  });

  it('given 401 / 403, when translated, then it is a non-retryable ConfigurationError; a 422 stays the vendor error for the caller to quarantine', () => {
    expect(toActivityFailure(new VendorError('bad token', 'square', 401))).toMatchObject({ type: 'ConfigurationError', nonRetryable: true });
    expect(toActivityFailure(new VendorError('forbidden', 'shopify', 403))).toMatchObject({ type: 'ConfigurationError', nonRetryable: true });
    const refused = new VendorError('invalid', 'square', 422);
    expect(toActivityFailure(refused)).toBe(refused);
  });
});
