import { z } from 'zod';
import { Address } from './address';
import { canonicalIdSchema, CurrencyCode, ExternalRef, TimeZone, Timestamp } from './common';

/**
 * A place stock lives or sales happen. `kind` matters for inventory routing:
 * only `store` and `warehouse` hold stock; `online` is a sales channel's
 * virtual location (Shopify's default location for digital goods, etc.).
 */
export const LocationKind = z.enum(['store', 'warehouse', 'online']);
export type LocationKind = z.infer<typeof LocationKind>;

export const Location = z.object({
  id: canonicalIdSchema('loc'),
  externalRefs: z.array(ExternalRef),
  name: z.string().min(1),
  /** Null for `online` locations, which have no street address. */
  address: Address.nullable(),
  /** The currency this location sells in (a Square location has exactly one). */
  currency: CurrencyCode,
  /** IANA zone; business-day boundaries (daily reports, pickup windows) depend on it. */
  timezone: TimeZone,
  kind: LocationKind,
  /** Inactive locations keep their history but receive no new stock or orders. */
  active: z.boolean(),
  updatedAt: Timestamp,
});
export type Location = z.infer<typeof Location>;
