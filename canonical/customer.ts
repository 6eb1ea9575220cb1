import { z } from 'zod';
import { Address } from './address';
import { canonicalIdSchema, ExternalRef, Timestamp } from './common';

/** An address in a customer's address book; has identity so edits update, not duplicate. */
export const CustomerAddress = Address.extend({
  id: canonicalIdSchema('adr'),
  externalRefs: z.array(ExternalRef),
  isDefault: z.boolean(),
});
export type CustomerAddress = z.infer<typeof CustomerAddress>;

/**
 * Marketing consent for one channel. `not_subscribed` (never asked) differs
 * from `unsubscribed` (said no): only the latter must be propagated as an
 * opt-out to every system, and neither may ever be turned into `subscribed`
 * by a sync without a fresh consent event.
 */
export const ConsentState = z.enum(['subscribed', 'unsubscribed', 'pending', 'not_subscribed']);
export type ConsentState = z.infer<typeof ConsentState>;

export const MarketingConsent = z.object({
  state: ConsentState,
  /** When the customer gave or withdrew consent; null when the vendor does not say. */
  consentedAt: Timestamp.nullable(),
  /** Where it was collected: connector id or the vendor's collection point (checkout, pos, form). */
  source: z.string().min(1).nullable(),
});
export type MarketingConsent = z.infer<typeof MarketingConsent>;

/** Who last wrote a field, and when: the basis for last-writer-wins per field. */
export const FieldProvenance = z.object({
  connector: z.string().min(1),
  updatedAt: Timestamp,
});
export type FieldProvenance = z.infer<typeof FieldProvenance>;

/** Customer fields that carry provenance (identity and bookkeeping fields do not). */
export const CustomerField = z.enum([
  'email', 'phone', 'firstName', 'lastName', 'addresses', 'tags', 'note', 'emailMarketing', 'smsMarketing',
]);
export type CustomerField = z.infer<typeof CustomerField>;

export const Customer = z
  .object({
    id: canonicalIdSchema('cus'),
    externalRefs: z.array(ExternalRef),
    /** Matching key across systems; mappers lower-case it. Loose check: vendors accept odd addresses. */
    email: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'an email address').nullable(),
    /** E.164 (+15551234567); mappers normalise vendor formats before this. */
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number, e.g. +15551234567').nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    addresses: z.array(CustomerAddress),
    tags: z.array(z.string().min(1)),
    note: z.string().nullable(),
    emailMarketing: MarketingConsent,
    smsMarketing: MarketingConsent,
    /**
     * Per-field provenance. Customers are edited in many systems at once
     * (POS clerk fixes the phone, Mailchimp records an unsubscribe), so
     * ownership is per field, not per record.
     */
    provenance: z.partialRecord(CustomerField, FieldProvenance),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .superRefine((c, ctx) => {
    if (c.addresses.filter((a) => a.isDefault).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['addresses'], message: 'expected at most one default address' });
    }
    // Consent without an address to send to is a mapping bug, not a state.
    if (c.emailMarketing.state === 'subscribed' && c.email === null) {
      ctx.addIssue({ code: 'custom', path: ['emailMarketing', 'state'], message: 'expected an email address for email consent' });
    }
    if (c.smsMarketing.state === 'subscribed' && c.phone === null) {
      ctx.addIssue({ code: 'custom', path: ['smsMarketing', 'state'], message: 'expected a phone number for SMS consent' });
    }
  });
export type Customer = z.infer<typeof Customer>;
