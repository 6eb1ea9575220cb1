import type { ConsentState } from '../../canonical/customer';
import type { MemberStatus } from '../../connectors/mailchimp/members';

/**
 * Mailchimp contact status ↔ canonical email-marketing consent. Pure.
 * https://mailchimp.com/developer/marketing/docs/fundamentals/#contact-statuses (statuses)
 * - cleaned (bounced), transactional (never opted in) and archived say nothing
 *   about consent: `not_subscribed`, never `unsubscribed` (which must propagate as an opt-out).
 */
export function consentFromStatus(status: MemberStatus): ConsentState {
  switch (status) {
    case 'subscribed':
      return 'subscribed';
    case 'unsubscribed':
      return 'unsubscribed';
    case 'pending':
      return 'pending';
    default:
      return 'not_subscribed';
  }
}

/**
 * The status to write for a consent state. `not_subscribed` becomes
 * `transactional` for a new contact; for an existing contact callers should
 * leave the status alone (null), never downgrade a subscription by sync.
 */
export function statusForConsent(state: ConsentState, existing: MemberStatus | null): Exclude<MemberStatus, 'archived'> | null {
  if (state === 'not_subscribed') return existing === null ? 'transactional' : null;
  return state;
}
