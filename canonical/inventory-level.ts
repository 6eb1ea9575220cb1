import { hash } from 'node:crypto';
import { z } from 'zod';
import { canonicalIdSchema, ExternalRef, Timestamp } from './common';

/**
 * Stock of one variant at one location. Quantities are plain integers and
 * may be negative: POS systems keep selling when the count is wrong, and
 * hiding an oversell by clamping to 0 would make reconciliation lie.
 */
export const InventoryLevel = z.object({
  id: canonicalIdSchema('ivl'),
  externalRefs: z.array(ExternalRef),
  variantId: canonicalIdSchema('var'),
  locationId: canonicalIdSchema('loc'),
  /** Sellable now: on hand minus committed (and anything a vendor reserves). */
  available: z.number().int(),
  /** Physically present. */
  onHand: z.number().int(),
  /** Promised to unfulfilled orders. */
  committed: z.number().int().nonnegative(),
  /** When the owning system last changed it; older events for the pair are ignored. */
  updatedAt: Timestamp,
});
export type InventoryLevel = z.infer<typeof InventoryLevel>;

/**
 * The id is a function of the pair, not of any vendor id: every system has
 * its own inventory-item notion, but the pair variant × location is ours.
 */
export function inventoryLevelId(variantId: string, locationId: string): string {
  const digest = hash('sha256', `${variantId}\u0000${locationId}`, 'base64url');
  return `ivl_${digest.slice(0, 22)}`;
}
