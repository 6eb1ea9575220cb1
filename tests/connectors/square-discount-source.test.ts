import { SquareClient, type Square } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Discount } from '../../canonical/discount';
import type { SquareConnectorConfig } from '../../config/schema';
import { createSquareConnector, type SquareConnector } from '../../connectors/square';
import type { DiscountReadContext, Mapped } from '../../connectors/types';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';

/** Square as a discount owner, against the Square sandbox (spec-checked): pages of rules then staff discounts, one by id, the change feed. */

const TOKEN = 'EAAAE_discount_source_test';
let sandbox: SquareSandbox;
let square: SquareConnector;
let sdk: SquareClient;
let itemId: string;
let plateId: string;
const PRD = 'prd_mug00000000000000000';
/** The catalog linked the mug; nothing else. */
const ctx: DiscountReadContext = { canonicalIds: async (type, ids) => new Map(type === 'ITEM' ? ids.filter((id) => id === itemId).map((id) => [id, PRD] as const) : []) };

beforeAll(async () => {
  sandbox = createSquareSandbox({ accessToken: TOKEN, locations: [{ id: 'LLONDON0001', name: 'London', currency: 'GBP' }], limits: 'off' });
  const baseUrl = await sandbox.start(0);
  const cfg: SquareConnectorConfig = { kind: 'square', accessToken: { env: 'T' }, webhookSignatureKey: { env: 'K' }, squareVersion: '2025-10-16', environment: 'production', baseUrl, locations: { main: 'LLONDON0001' } };
  square = createSquareConnector('pos', cfg, (ref) => (ref.env === 'T' ? TOKEN : 'key'));
  sdk = new SquareClient({ token: TOKEN, baseUrl });
  const res = await sdk.catalog.batchUpsert({
    idempotencyKey: 'seed-item',
    batches: [
      {
        objects: [
          { type: 'ITEM', id: '#mug', itemData: { name: 'Mug', variations: [{ type: 'ITEM_VARIATION', id: '#mug-r', itemVariationData: { itemId: '#mug', name: 'Regular', pricingType: 'FIXED_PRICING', priceMoney: { amount: 1500n, currency: 'GBP' } } }] } },
          // made at the till: the catalog never linked it
          { type: 'ITEM', id: '#plate', itemData: { name: 'Plate', variations: [{ type: 'ITEM_VARIATION', id: '#plate-r', itemVariationData: { itemId: '#plate', name: 'Regular', pricingType: 'FIXED_PRICING', priceMoney: { amount: 900n, currency: 'GBP' } } }] } },
        ],
      },
    ],
  });
  itemId = res.idMappings?.find((m) => m.clientObjectId === '#mug')?.objectId ?? '';
  plateId = res.idMappings?.find((m) => m.clientObjectId === '#plate')?.objectId ?? '';
}, 30_000);
afterAll(async () => {
  await sandbox?.stop();
});

/** DISCOUNT + PRODUCT_SET + PRICING_RULE over the mug; returns the rule's and the discount's ids. */
async function rule(name: string, percentage: string, productIds = [itemId]): Promise<{ rule: string; discount: string }> {
  const res = await sdk.catalog.batchUpsert({
    idempotencyKey: `rule-${name}`,
    batches: [
      {
        objects: [
          { type: 'DISCOUNT', id: '#d', discountData: { name, discountType: 'FIXED_PERCENTAGE', percentage } },
          { type: 'PRODUCT_SET', id: '#s', productSetData: { productIdsAny: productIds } },
          { type: 'PRICING_RULE', id: '#r', pricingRuleData: { name, discountId: '#d', matchProductsId: '#s', validFromDate: '2030-07-01' } },
        ],
      },
    ],
  });
  const ids = new Map((res.idMappings ?? []).map((m) => [m.clientObjectId, m.objectId!]));
  return { rule: ids.get('#r')!, discount: ids.get('#d')! };
}

async function listAll(pageSize: number): Promise<{ items: Mapped<Discount>[]; pages: number }> {
  const items: Mapped<Discount>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await square.discountSource.listDiscounts({ cursor, pageSize }, ctx);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  return { items, pages };
}

describe('Square discount source', () => {
  let a: { rule: string; discount: string };
  let b: { rule: string; discount: string };
  let c: { rule: string; discount: string };
  let staff: string;
  const since = new Date(Date.now() - 1000).toISOString();

  it('given three rules and a staff discount, when listed two at a time, then every rule maps (London dates as instants), the one on an unlinked item is refused, and the staff discount is refused as staff-applied — each exactly once', async () => {
    a = await rule('Mug week', '10');
    b = await rule('Mug month', '12.5');
    c = await rule('Plates', '5', [plateId]);
    const res = await sdk.catalog.batchUpsert({ idempotencyKey: 'staff', batches: [{ objects: [{ type: 'DISCOUNT', id: '#staff', discountData: { name: 'Staff 30%', discountType: 'FIXED_PERCENTAGE', percentage: '30' } }] }] });
    staff = res.idMappings![0]!.objectId!;

    const { items, pages } = await listAll(2);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(items.map((m) => m.externalId).sort()).toEqual([a.rule, b.rule, c.rule, staff].sort());
    const byId = new Map(items.map((m) => [m.externalId, m]));
    const week = byId.get(a.rule)!;
    expect(week.ok && week.record).toMatchObject({ title: 'Mug week', code: null, value: { kind: 'percentage', basisPoints: 1000 }, appliesTo: { scope: 'products', productIds: [PRD], variantIds: [] }, startsAt: '2030-06-30T23:00:00.000Z', endsAt: null });
    expect(byId.get(b.rule)!.ok && (byId.get(b.rule) as { record: Discount }).record.value).toEqual({ kind: 'percentage', basisPoints: 1250 });
    expect(!byId.get(c.rule)!.ok && (byId.get(c.rule) as { reason: string }).reason).toMatch(new RegExp(`${plateId} not linked`));
    expect(!byId.get(staff)!.ok && (byId.get(staff) as { reason: string }).reason).toMatch(/^DISCOUNT "Staff 30%" has no pricing rule/);
    expect(sandbox.server.violations).toEqual([]);
  });

  it('given ids, when read one by one, then a rule maps, a discount a rule uses is not a discount of its own (null), a staff discount is refused, and a deleted rule is null', async () => {
    expect((await square.discountSource.getDiscount(a.rule, ctx))?.ok).toBe(true);
    expect(await square.discountSource.getDiscount(a.discount, ctx)).toBeNull();
    expect((await square.discountSource.getDiscount(staff, ctx))?.ok).toBe(false);
    await sdk.catalog.batchDelete({ objectIds: [c.rule] });
    expect(await square.discountSource.getDiscount(c.rule, ctx)).toBeNull();
  });

  it('given a discount edited and a rule deleted since a time, when the change feed is read, then it names the rules behind them (the deleted one too) and the staff discount, and the latest change time', async () => {
    const d = (await sdk.catalog.batchGet({ objectIds: [b.discount] })).objects![0]! as Square.CatalogObject.Discount;
    await sdk.catalog.batchUpsert({ idempotencyKey: 'edit-b', batches: [{ objects: [{ ...d, discountData: { ...d.discountData, percentage: '15' } }] }] });
    const feed = await square.discountSource.changes!({ since, page: null });
    // a and b were created since, c was deleted since (its discount and set remain, unused), staff created since
    expect(feed.externalIds.sort()).toEqual([a.rule, b.rule, c.rule, staff, c.discount].sort());
    expect(feed.page).toBeNull();
    expect(Date.parse(feed.latest!)).toBeGreaterThan(Date.parse(since));

    const later = new Date(Date.parse(feed.latest!) + 1).toISOString();
    expect((await square.discountSource.changes!({ since: later, page: null })).externalIds).toEqual([]);
    expect(sandbox.server.violations).toEqual([]);
  });
});
