import type { Square } from 'square';
import type { Discount } from '../../canonical/discount';
import { stableHash } from '../../canonical/hash';
import { discountIdMappings, toSquareDiscountObjects } from '../../mappings/square/discount-v1';
import type { IdMapping } from '../../store/types';
import type { DiscountSink, DiscountUpsertOutcome } from '../types';
import { deleteSquareObjects, readSquareCatalog } from './catalog-read';
import { batchUpsertKey, isStaleLinkError, squareJson, toSquareVendorError, type SquareApi } from './client';
import type { SellingLocation } from './selling-location';

/**
 * Square as a receiver of discounts: one batch per discount (DISCOUNT, and
 * for product discounts its PRODUCT_SET and PRICING_RULE), which Square
 * applies atomically, so a rule never points at a half-written set. Stale
 * versions (someone edited it in the dashboard) get one re-read and retry;
 * objects deleted in the dashboard are recreated. `observe` fingerprints what
 * each object holds (see objectFingerprint), so a reconciliation can tell an
 * edit in the dashboard from our own last write.
 *
 * https://developer.squareup.com/reference/square/catalog-api/batch-upsert-catalog-objects
 */


export function createSquareDiscountSink(connectorId: string, api: SquareApi, selling: () => Promise<SellingLocation>): DiscountSink {
  const mine = (links: readonly IdMapping[]) => links.filter((l) => l.connector === connectorId);

  async function attempt(discount: Discount, known: IdMapping[], products: IdMapping[], base: string): Promise<DiscountUpsertOutcome & { obsoleteIds?: string[] }> {
    const { currency, timezone } = await selling();
    const plan = toSquareDiscountObjects(discount, { currency, timezone, known, products });
    if (!plan.ok) return { ok: false, reason: plan.reason, mappings: [], notEnforced: [] };
    const batches: Square.CatalogObjectBatch[] = [{ objects: plan.objects }];
    // https://developer.squareup.com/reference/square/catalog-api/batch-upsert-catalog-objects
    const response = await api.client.catalog.batchUpsert({ idempotencyKey: batchUpsertKey(base, batches), batches }, api.requestOptions);
    const mappings = discountIdMappings(discount, connectorId, plan.objects, { objects: response.objects ?? [], idMappings: response.idMappings ?? [] });
    // Square answers with every object as it now holds it: the fingerprints of our write.
    const observed = new Map((response.objects ?? []).flatMap((o) => (o.id ? [[o.id, objectFingerprint(o)] as const] : [])));
    return { ok: true, mappings, notEnforced: plan.notEnforced, obsoleteIds: plan.obsoleteIds, observed };
  }

  return {
    productTypes: { product: 'ITEM', variant: 'ITEM_VARIATION' },

    async upsertDiscount(discount, links, idempotencyKey) {
      let known = mine(links.known);
      const products = mine(links.products);
      let outcome;
      try {
        outcome = await attempt(discount, known, products, idempotencyKey);
      } catch (err) {
        if (!isStaleLinkError(err)) throw toSquareVendorError(err);
        known = await refresh(known);
        try {
          outcome = await attempt(discount, known, products, idempotencyKey);
        } catch (again) {
          throw toSquareVendorError(again);
        }
      }
      if (outcome.obsoleteIds?.length) await deleteSquareObjects(api, outcome.obsoleteIds);
      const { obsoleteIds: _done, ...result } = outcome;
      return result;
    },

    async observe(known) {
      return new Map((await readSquareCatalog(api, mine(known).map((k) => k.externalId))).flatMap((o) => (o.id ? [[o.id, objectFingerprint(o)] as const] : [])));
    },

    async deleteDiscount(known) {
      const links = mine(known);
      // The rule first: it references the other two.
      const order = ['PRICING_RULE', 'PRODUCT_SET', 'DISCOUNT'];
      for (const type of order) await deleteSquareObjects(api, links.filter((l) => l.externalType === type).map((l) => l.externalId));
      await deleteSquareObjects(api, links.filter((l) => !order.includes(l.externalType)).map((l) => l.externalId));
    },
  };

  /** Current versions of the recorded objects; ones deleted in the dashboard drop out (and are recreated). */
  async function refresh(known: IdMapping[]): Promise<IdMapping[]> {
    const current = new Map((await readSquareCatalog(api, known.map((k) => k.externalId))).map((o) => [o.id, o]));
    return known.flatMap((k) => {
      const o = current.get(k.externalId);
      return o && o.type === k.externalType ? [{ ...k, externalVersion: o.version === undefined ? null : o.version.toString() }] : [];
    });
  }
}

/** The fields of each discount object type this sink writes. */
const DATA_FIELD: Record<string, string> = { DISCOUNT: 'discountData', PRODUCT_SET: 'productSetData', PRICING_RULE: 'pricingRuleData' };

/**
 * What a DISCOUNT, PRODUCT_SET or PRICING_RULE holds: its type data and where
 * it is present, not its version or timestamps (they move on every save).
 * The same for Square's answer to an upsert and a later batch-retrieve.
 */
export function objectFingerprint(o: Square.CatalogObject): string {
  const fields = o as unknown as Record<string, unknown>;
  const content = {
    type: o.type,
    presentAtAllLocations: o.presentAtAllLocations ?? null,
    presentAtLocationIds: [...(o.presentAtLocationIds ?? [])].sort(),
    absentAtLocationIds: [...(o.absentAtLocationIds ?? [])].sort(),
    data: fields[DATA_FIELD[o.type] ?? ''] ?? null,
  };
  // The SDK holds money amounts as bigints; the hash takes plain JSON.
  return stableHash(JSON.parse(squareJson(content)));
}
