import { z } from 'zod';
import { CountryCode } from './common';

/**
 * A postal address as a value: no id of its own. Vendors disagree on most of
 * these fields being required, so only what every one of them has is.
 */
export const Address = z.object({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  line1: z.string().min(1),
  line2: z.string().nullable(),
  city: z.string().min(1),
  /** ISO 3166-2 subdivision code without the country prefix (CA, ON) when known, else the vendor's text. */
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: CountryCode,
  phone: z.string().nullable(),
});
export type Address = z.infer<typeof Address>;
