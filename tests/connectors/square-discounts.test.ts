import { SquareClient } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Discount } from '../../canonical/discount';
import type { SquareConnectorConfig } from '../../config/schema';
import { createSquareConnector, type SquareConnector } from '../../connectors/square';
import type { IdMapping } from '../../store/types';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';

/** The Square discount sink end to end against the Square sandbox (spec-checked exchanges, versions, references). */

const TOKEN = 'EAAAE_discount_test';
let sandbox: SquareSandbox;
let square: SquareConnector;
let sdk: SquareClient;
let products: IdMapping[];

const DSC = 'dsc_test0000000000000000';
const PRD = 'prd_test0000000000000000';

function discount(overrides: Partial<Discount> = {}): Discount {
  return {
    id: DSC,
    externalRefs: [{ connector: 'shop', type: 'DiscountCodeNode', id: 'gid://shopify/DiscountCodeNode/1' }],
    code: 'TEN',
    title: 'Ten off',
    value: { kind: 'percentage', basisPoints: 1000 },
    appliesTo: { scope: 'products', productIds: [PRD], variantIds: [] },
    minimumSubtotal: null,
    startsAt: '2025-06-01T00:00:00Z',
    endsAt: null,
    usageLimits: { total: null, perCustomer: null },
    usageCount: 0,
    updatedAt: '2025-05-01T00:00:00Z',
    ...overrides,
  };
}

beforeAll(async () => {
  sandbox = createSquareSandbox({ accessToken: TOKEN, locations: [{ id: 'LTOKYO00001', name: 'Tokyo', currency: 'JPY' }], limits: 'off' });
  const baseUrl = await sandbox.start(0);
  const cfg: SquareConnectorConfig = { kind: 'square', accessToken: { env: 'T' }, webhookSignatureKey: { env: 'K' }, squareVersion: '2025-10-16', environment: 'production', baseUrl, locations: { main: 'LTOKYO00001' } };
  square = createSquareConnector('pos', cfg, (ref) => (ref.env === 'T' ? TOKEN : 'key'));
  sdk = new SquareClient({ token: TOKEN, baseUrl });
  const res = await sdk.catalog.batchUpsert({
    idempotencyKey: 'seed-item',
    batches: [{ objects: [{ type: 'ITEM', id: '#mug', itemData: { name: 'Mug', variations: [{ type: 'ITEM_VARIATION', id: '#mug-r', itemVariationData: { itemId: '#mug', name: 'Regular', pricingType: 'FIXED_PRICING', priceMoney: { amount: 1500n, currency: 'JPY' } } }] } }] }],
  });
  const itemId = res.idMappings?.find((m) => m.clientObjectId === '#mug')?.objectId ?? '';
  products = [{ entity: 'product', canonicalId: PRD, connector: 'pos', externalType: 'ITEM', externalId: itemId, externalVersion: null }];
}, 30_000);
afterAll(async () => {
  await sandbox?.stop();
});

async function get(id: string) {
  return (await sdk.catalog.batchGet({ objectIds: [id] })).objects?.find((o) => !o.isDeleted) ?? null;
}

describe('Square discount sink', () => {
  let known: IdMapping[] = [];

  it('given a product discount, when upserted, then Square holds a DISCOUNT, PRODUCT_SET and PRICING_RULE dated in the location time zone', async () => {
    const out = await square.discounts.upsertDiscount(discount(), { known: [], products }, 'k1');
    expect(out.ok).toBe(true);
    known = out.mappings;
    expect(known.map((k) => k.externalType)).toEqual(['DISCOUNT', 'PRODUCT_SET', 'PRICING_RULE']);
    const rule = await get(known[2]!.externalId);
    // 00:00Z is 09:00 in Tokyo.
    expect(rule?.type === 'PRICING_RULE' && rule.pricingRuleData).toMatchObject({ validFromDate: '2025-06-01', validFromLocalTime: '09:00:00', discountId: known[0]!.externalId, matchProductsId: known[1]!.externalId });
    expect(sandbox.server.violations).toEqual([]);
  });

  it('given the DISCOUNT was edited in the dashboard since (stale version), when upserted again, then it re-reads and lands in place', async () => {
    const current = await get(known[0]!.externalId);
    if (current?.type !== 'DISCOUNT') throw new Error('no DISCOUNT');
    await sdk.catalog.object.upsert({ idempotencyKey: 'dashboard-edit', object: { ...current, discountData: { ...current.discountData, name: 'Renamed at the counter' } } });
    const out = await square.discounts.upsertDiscount(discount({ value: { kind: 'percentage', basisPoints: 1500 } }), { known, products }, 'k2');
    expect(out.ok).toBe(true);
    expect(out.mappings.map((m) => m.externalId)).toEqual(known.map((k) => k.externalId));
    const after = await get(known[0]!.externalId);
    expect(after?.type === 'DISCOUNT' && after.discountData).toMatchObject({ percentage: '15', name: 'TEN · Ten off' });
    known = out.mappings;
  });

  it('given the discount became order-wide, when upserted, then its rule and set are deleted and the DISCOUNT stays', async () => {
    const out = await square.discounts.upsertDiscount(discount({ appliesTo: { scope: 'order' } }), { known, products: [] }, 'k3');
    expect(out.mappings.map((m) => m.externalType)).toEqual(['DISCOUNT']);
    expect(await get(known[1]!.externalId)).toBeNull();
    expect(await get(known[2]!.externalId)).toBeNull();
    expect(out.notEnforced).toContain('code TEN: staff apply the discount by name');
    known = out.mappings;
  });

  it('given an amount in another currency than the location sells in, when upserted, then it is refused with the reason and nothing is written', async () => {
    const out = await square.discounts.upsertDiscount(discount({ id: 'dsc_other000000000000000', value: { kind: 'fixed', amount: { amount: 500, currency: 'USD' } }, appliesTo: { scope: 'order' } }), { known: [], products: [] }, 'k4');
    expect(out).toEqual({ ok: false, reason: 'value: an amount in USD but this POS sells in JPY', mappings: [], notEnforced: [] });
  });

  it('given a discount, when deleted, then its objects are gone and deleting again is fine', async () => {
    await square.discounts.deleteDiscount(known);
    expect(await get(known[0]!.externalId)).toBeNull();
    await square.discounts.deleteDiscount(known);
    expect(sandbox.server.violations).toEqual([]);
  });
});
