import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Identifiers shaped like Square's: catalog ids are 24 upper-case base32
 * characters (e.g. `YNDDANS6FVWXOUZ7HRTEE57I` in the Update Catalog Objects
 * guide), location and merchant ids 13 (`L88917AVBK2S5`), webhook
 * subscriptions `wbhk_` + 32 hex, signature keys 22 URL-safe base64 chars.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Random bytes are drawn in blocks: a 1,000-object batch needs 2,000 ids.
let pool = Buffer.alloc(0);
let at = 0;

function base32(length: number): string {
  if (at + length > pool.length) {
    pool = randomBytes(8192);
    at = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[(pool[at + i] ?? 0) & 31];
  at += length;
  return out;
}

export const newCatalogId = (): string => base32(24);
export const newLocationId = (): string => `L${base32(12)}`;
export const newMerchantId = (): string => base32(13);
export const newSubscriptionId = (): string => `wbhk_${randomBytes(16).toString('hex')}`;
export const newSignatureKey = (): string => randomBytes(16).toString('base64url');
export const newEventId = (): string => randomUUID();
