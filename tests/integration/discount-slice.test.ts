import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Square } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillWorkflowId, discountWorkflowId } from '../../engine/router';
import type { BackfillProgress } from '../../workflows/catalog-backfill';
import { DEMO_DISCOUNT_CODES, seedDemoDiscounts } from '../../sandboxes/shopify/demo-discounts';
import type { DiscountSyncStatus } from '../../workflows/discount-sync';
import { asMerchant, eventually, startSlice, type Slice } from './slice-harness';

/**
 * Shopify code discounts → Square, end to end on the real parts: the
 * sandboxes over HTTP, the Temporal dev server, a SQLite store, discounts/*
 * webhooks through the ingress. A merchant creates, edits and deletes
 * discounts in the Shopify admin; every assertion reads what Square now holds
 * through the official `square` SDK.
 */
const TASK_QUEUE = 'discount-slice';
let slice: Slice;

interface Products {
  ids: string[];
  variants: { id: string; productId: string }[];
}
let products: Products;

beforeAll(async () => {
  slice = await startSlice({
    products: 8,
    pageSize: 5,
    taskQueue: TASK_QUEUE,
    extraFlows: '  - id: discounts\n    entity: discount\n    from: shop\n    to: [pos]\n    catalogFlow: catalog\n',
  });
  const shop = slice.connectors.get('shop');
  if (shop?.kind !== 'shopify') throw new Error('shop connector missing');
  await shop.ensureWebhookSubscriptions(`${slice.ingressUrl}/webhooks/shop`, ['DISCOUNTS_CREATE', 'DISCOUNTS_UPDATE', 'DISCOUNTS_DELETE']);
  const data = await slice.adminGraphql<{ products: { nodes: { id: string; variants: { nodes: { id: string }[] } }[] } }>('{ products(first: 8) { nodes { id variants(first: 5) { nodes { id } } } } }');
  products = { ids: data.products.nodes.map((p) => p.id), variants: data.products.nodes.flatMap((p) => p.variants.nodes.map((v) => ({ id: v.id, productId: p.id }))) };
}, 180_000);
afterAll(async () => {
  await slice?.close();
});

/** The discount objects Square holds, read through its SDK. */
async function squareDiscounts(): Promise<Square.CatalogObject[]> {
  const out: Square.CatalogObject[] = [];
  const pager = await slice.squareSdk.catalog.list({ types: 'DISCOUNT,PRODUCT_SET,PRICING_RULE' });
  for await (const o of pager) out.push(o);
  return out;
}

async function squareObject(id: string): Promise<Square.CatalogObject | null> {
  const got = await slice.squareSdk.catalog.batchGet({ objectIds: [id] });
  return got.objects?.find((o) => !o.isDeleted) ?? null;
}

/** The Square ids recorded for a discount (DISCOUNT / PRODUCT_SET / PRICING_RULE). */
async function squareIdsOf(discountGid: string): Promise<Map<string, string>> {
  const link = (await slice.store.findByExternal('shop', 'DiscountCodeNode', [discountGid])).get(discountGid);
  if (!link) return new Map();
  return new Map((await slice.store.findByCanonical('pos', [link.canonicalId])).map((l) => [l.externalType, l.externalId]));
}

async function createDiscount(input: object): Promise<string> {
  const res = await slice.adminGraphql<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: unknown[] } }>(
    'mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message code } } }',
    { d: input },
  );
  expect(res.discountCodeBasicCreate.userErrors).toEqual([]);
  return res.discountCodeBasicCreate.codeDiscountNode!.id;
}

async function syncFinished(discountGid: string, syncs: number): Promise<DiscountSyncStatus> {
  return eventually(async () => {
    const status = await slice.env.client.workflow.getHandle(discountWorkflowId('discounts', discountGid)).query<DiscountSyncStatus>('status');
    return status.syncs >= syncs ? status : null;
  }, 15_000, `discount workflow of ${discountGid} to sync ${syncs}×`);
}

async function backfill(kind: 'catalogBackfill' | 'discountBackfill', flowId: string, suffix: string): Promise<BackfillProgress> {
  return (await slice.env.client.workflow.execute(kind, { workflowId: `${backfillWorkflowId(flowId)}-${suffix}`, taskQueue: TASK_QUEUE, args: [{ flowId }] })) as BackfillProgress;
}

describe('Shopify code discounts → Square discounts and pricing rules', () => {
  let seasonal: string;
  let welcome: string;
  const seasonalWindow = { startsAt: '2030-06-01T04:00:00Z', endsAt: '2030-09-01T03:59:59Z' };

  it('given a product discount whose products are not in Square yet, when its webhook arrives, then it is quarantined with what it waits for and nothing is written', async () => {
    const [p1, p2] = products.ids;
    const v3 = products.variants.find((v) => v.productId === products.ids[2])!.id;
    seasonal = await createDiscount({
      title: 'Seasonal',
      code: 'SEASON20',
      ...seasonalWindow,
      usageLimit: 500,
      customerSelection: { all: true },
      customerGets: { value: { percentage: 0.2 }, items: { products: { productsToAdd: [p1, p2], productVariantsToAdd: [v3] } } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '50.00' } },
    });
    const status = await syncFinished(seasonal, 1);
    expect(status.lastOutcome).toBe('quarantined');
    const open = await slice.store.listQuarantine({ flowId: 'discounts' });
    expect(open.map((q) => q.externalId)).toContain(seasonal);
    expect(open.find((q) => q.externalId === seasonal)?.reason).toMatch(/^pos: waiting for product prd_\S+, product prd_\S+, variant var_\S+, not in pos yet \(catalog flow "catalog"\); retried on the next sync$/);
    expect(await squareDiscounts()).toEqual([]);
  });

  it('given the catalog is then synced, when the discount backfill runs, then Square has the DISCOUNT, its PRODUCT_SET of those items and a PRICING_RULE with the local window and minimum', async () => {
    expect(await backfill('catalogBackfill', 'catalog', 'first')).toMatchObject({ records: 8, quarantined: 0 });
    const run = await slice.env.client.workflow.start('discountBackfill', { workflowId: backfillWorkflowId('discounts'), taskQueue: TASK_QUEUE, args: [{ flowId: 'discounts' }] });
    expect(await run.result()).toMatchObject({ records: 1, written: 1, quarantined: 0, done: true });
    if (process.env.RECORD_HISTORIES) await recordHistory(backfillWorkflowId('discounts'), 'discountBackfill');

    const ids = await squareIdsOf(seasonal);
    expect([...ids.keys()].sort()).toEqual(['DISCOUNT', 'PRICING_RULE', 'PRODUCT_SET']);
    const discount = await squareObject(ids.get('DISCOUNT')!);
    expect(discount?.type === 'DISCOUNT' && discount.discountData).toMatchObject({ name: 'SEASON20 · Seasonal', discountType: 'FIXED_PERCENTAGE', percentage: '20' });
    const rule = await squareObject(ids.get('PRICING_RULE')!);
    expect(rule?.type === 'PRICING_RULE' && rule.pricingRuleData).toMatchObject({
      discountId: ids.get('DISCOUNT'),
      matchProductsId: ids.get('PRODUCT_SET'),
      // The location is in New York: 04:00Z is local midnight.
      validFromDate: '2030-06-01',
      validFromLocalTime: '00:00:00',
      validUntilDate: '2030-08-31',
      validUntilLocalTime: '23:59:59',
      minimumOrderSubtotalMoney: { amount: 5000n, currency: 'USD' },
    });
    // The set holds the two products' ITEMs and the one variant's ITEM_VARIATION, as synced by the catalog.
    const [p1, p2, p3] = products.ids;
    const itemOf = async (gid: string) => (await slice.store.findByCanonical('pos', [(await slice.store.findByExternal('shop', 'Product', [gid])).get(gid)!.canonicalId])).find((l) => l.externalType === 'ITEM')!.externalId;
    const v3 = products.variants.find((v) => v.productId === p3)!.id;
    const variation = (await slice.store.findByCanonical('pos', [(await slice.store.findByExternal('shop', 'ProductVariant', [v3])).get(v3)!.canonicalId])).find((l) => l.externalType === 'ITEM_VARIATION')!.externalId;
    const set = await squareObject(ids.get('PRODUCT_SET')!);
    expect(set?.type === 'PRODUCT_SET' && [...(set.productSetData?.productIdsAny ?? [])].sort()).toEqual([await itemOf(p1!), await itemOf(p2!), variation].sort());
    // The quarantine entry is resolved now that it synced.
    expect((await slice.store.listQuarantine({ flowId: 'discounts' })).map((q) => q.externalId)).not.toContain(seasonal);
    // What Square can't enforce is on record, not silently dropped.
    const events = await slice.store.listEvents({ type: 'discount.not_enforced' });
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ connector: 'pos', notEnforced: expect.arrayContaining(['usage limit of 500 (Square counts no redemptions)']) });
    expect(slice.shopify.server.violations).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
  });

  it('given an order-wide code created in Shopify, when its webhook arrives, then Square gains a staff-applied DISCOUNT and no pricing rule for it', async () => {
    const before = (await squareDiscounts()).filter((o) => o.type === 'PRICING_RULE').length;
    welcome = await createDiscount({
      title: 'Welcome',
      code: 'WELCOME5',
      startsAt: '2025-01-01T00:00:00Z',
      appliesOncePerCustomer: true,
      customerSelection: { all: true },
      customerGets: { value: { discountAmount: { amount: '5.00', appliesOnEachItem: false } }, items: { all: true } },
    });
    await syncFinished(welcome, 1);
    const ids = await squareIdsOf(welcome);
    expect([...ids.keys()]).toEqual(['DISCOUNT']);
    const discount = await squareObject(ids.get('DISCOUNT')!);
    expect(discount?.type === 'DISCOUNT' && discount.discountData).toMatchObject({ name: 'WELCOME5 · Welcome', discountType: 'FIXED_AMOUNT', amountMoney: { amount: 500n, currency: 'USD' } });
    expect((await squareDiscounts()).filter((o) => o.type === 'PRICING_RULE')).toHaveLength(before);
  });

  it('given the product discount edited in Shopify, when its webhook arrives, then the same Square objects carry the new percentage and end date', async () => {
    const before = await squareIdsOf(seasonal);
    const res = await slice.adminGraphql<{ discountCodeBasicUpdate: { userErrors: unknown[] } }>(
      'mutation($id: ID!, $d: DiscountCodeBasicInput!) { discountCodeBasicUpdate(id: $id, basicCodeDiscount: $d) { userErrors { field message code } } }',
      { id: seasonal, d: { customerGets: { value: { percentage: 0.25 } }, endsAt: '2030-09-15T03:59:59Z' } },
    );
    expect(res.discountCodeBasicUpdate.userErrors).toEqual([]);
    await eventually(async () => {
      const rule = await squareObject(before.get('PRICING_RULE')!);
      const discount = await squareObject(before.get('DISCOUNT')!);
      return rule?.type === 'PRICING_RULE' && rule.pricingRuleData?.validUntilDate === '2030-09-14' && discount?.type === 'DISCOUNT' && discount.discountData?.percentage === '25';
    }, 15_000, 'the edit in Square');
    expect(await squareIdsOf(seasonal)).toEqual(before);
    if (process.env.RECORD_HISTORIES) {
      await slice.env.client.workflow.getHandle(discountWorkflowId('discounts', seasonal)).result();
      await recordHistory(discountWorkflowId('discounts', seasonal), 'discountSync');
    }
  });

  it('given nothing changed, when the discount backfill runs again, then nothing is written to Square', async () => {
    const versions = async () => new Map((await squareDiscounts()).map((o) => [o.id, o.version]));
    const before = await versions();
    expect(await backfill('discountBackfill', 'discounts', 'again')).toMatchObject({ records: 2, written: 0, quarantined: 0 });
    expect(await versions()).toEqual(before);
  });

  it('given the product discount deleted in Shopify, when its webhook arrives, then its DISCOUNT, PRODUCT_SET and PRICING_RULE leave Square and the other discount stays', async () => {
    const ids = await squareIdsOf(seasonal);
    const res = await slice.adminGraphql<{ discountCodeDelete: { userErrors: unknown[] } }>('mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field message } } }', { id: seasonal });
    expect(res.discountCodeDelete.userErrors).toEqual([]);
    await eventually(async () => (await squareDiscounts()).every((o) => ![...ids.values()].includes(o.id ?? '')), 15_000, 'the deletion in Square');
    expect(await squareIdsOf(seasonal)).toEqual(new Map());
    expect((await squareDiscounts()).map((o) => o.id)).toEqual([(await squareIdsOf(welcome)).get('DISCOUNT')]);
    expect(slice.shopify.server.violations).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
  });

  it('given the order-wide discount deleted while its discounts/delete webhook was lost, when the backfill runs, then its sweep removes the discount from Square', async () => {
    const subs = await slice.adminGraphql<{ webhookSubscriptions: { nodes: { id: string }[] } }>('{ webhookSubscriptions(first: 10, topics: [DISCOUNTS_DELETE]) { nodes { id } } }');
    for (const sub of subs.webhookSubscriptions.nodes) await slice.adminGraphql('mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } } }', { id: sub.id });
    await slice.adminGraphql('mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field message } } }', { id: welcome });
    expect(await squareDiscounts()).toHaveLength(1);
    expect(await backfill('discountBackfill', 'discounts', 'sweep')).toMatchObject({ records: 0, written: 0, deleted: 1 });
    expect(await squareDiscounts()).toEqual([]);
    expect(await squareIdsOf(welcome)).toEqual(new Map());
  });

  it('given the demo shop’s discount codes, created as `start --demo` creates them, when the discount backfill runs, then Square holds each in its form and none is quarantined', async () => {
    const gids = await seedDemoDiscounts(slice.shopify);
    expect(gids).toHaveLength(DEMO_DISCOUNT_CODES.length);
    // Their discounts/create webhooks race the backfill: whichever writes first, the other finds them unchanged.
    expect(await backfill('discountBackfill', 'discounts', 'demo')).toMatchObject({ records: 3, quarantined: 0 });
    await slice.settle();
    const objects = await squareDiscounts();
    const byName = (prefix: string) => objects.find((o) => o.type === 'DISCOUNT' && o.discountData?.name?.startsWith(prefix));
    const ruleOf = (d: Square.CatalogObject | undefined) => objects.find((o) => o.type === 'PRICING_RULE' && o.pricingRuleData?.discountId === d?.id);
    const welcomeOffer = byName('WELCOME10 · ');
    const spring = byName('SPRING15 · ');
    const take5 = byName('TAKE5 · ');
    // Order-wide: a DISCOUNT staff apply, no rule.
    expect(welcomeOffer?.type === 'DISCOUNT' && welcomeOffer.discountData).toMatchObject({ discountType: 'FIXED_PERCENTAGE', percentage: '10' });
    expect(ruleOf(welcomeOffer)).toBeUndefined();
    // Products: a rule over the first three items for 30 days from a $50 subtotal.
    expect(spring?.type === 'DISCOUNT' && spring.discountData).toMatchObject({ discountType: 'FIXED_PERCENTAGE', percentage: '15' });
    const springRule = ruleOf(spring);
    expect(springRule?.type === 'PRICING_RULE' && springRule.pricingRuleData).toMatchObject({ minimumOrderSubtotalMoney: { amount: 5000n, currency: 'USD' } });
    const r = springRule?.type === 'PRICING_RULE' ? springRule.pricingRuleData : undefined;
    expect(Date.parse(`${r?.validUntilDate}T00:00:00Z`) - Date.parse(`${r?.validFromDate}T00:00:00Z`)).toBe(30 * 86_400_000);
    const set = objects.find((o) => o.type === 'PRODUCT_SET' && o.id === r?.matchProductsId);
    expect(set?.type === 'PRODUCT_SET' && set.productSetData?.productIdsAny).toHaveLength(3);
    // $5 off each unit of one product: a fixed-amount rule.
    expect(take5?.type === 'DISCOUNT' && take5.discountData).toMatchObject({ discountType: 'FIXED_AMOUNT', amountMoney: { amount: 500n, currency: 'USD' } });
    expect(ruleOf(take5)).toBeDefined();
    expect((await slice.store.listQuarantine({ flowId: 'discounts' })).map((q) => q.externalId)).toEqual([]);
    expect(slice.shopify.server.violations).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
  });

  it('given staff delete a synced pricing rule in the Square dashboard, when the discount reconciliation runs, then the rule is back over the same set, the id map holds just it, and nothing else is rewritten', async () => {
    const before = await squareDiscounts();
    const spring = before.find((o) => o.type === 'DISCOUNT' && o.discountData?.name?.startsWith('SPRING15 · '))!;
    const rule = before.find((o) => o.type === 'PRICING_RULE' && o.pricingRuleData?.discountId === spring.id)!;
    await slice.squareSdk.catalog.batchDelete({ objectIds: [rule.id!] }, asMerchant);
    expect(await squareObject(rule.id!)).toBeNull();

    const mark = slice.writes.length;
    expect(await backfill('discountBackfill', 'discounts', 'repair')).toMatchObject({ records: 3, written: 1, quarantined: 0 });
    const after = await squareDiscounts();
    const rules = after.filter((o) => o.type === 'PRICING_RULE' && o.pricingRuleData?.discountId === spring.id);
    expect(rules).toHaveLength(1);
    const restored = rules[0]!;
    expect(restored.id).not.toBe(rule.id);
    expect(restored.type === 'PRICING_RULE' && restored.pricingRuleData).toMatchObject({
      discountId: spring.id,
      matchProductsId: rule.type === 'PRICING_RULE' ? rule.pricingRuleData?.matchProductsId : undefined,
      validFromDate: rule.type === 'PRICING_RULE' ? rule.pricingRuleData?.validFromDate : undefined,
      minimumOrderSubtotalMoney: { amount: 5000n, currency: 'USD' },
    });
    const link = (await slice.store.findByExternal('pos', 'PRICING_RULE', [restored.id!, rule.id!]));
    expect([...link.keys()]).toEqual([restored.id]);
    // One batch-upsert, for SPRING15 only.
    expect(slice.writes.slice(mark).filter((w) => w.vendor === 'square').map((w) => w.operation)).toEqual(['POST /v2/catalog/batch-upsert']);
    expect(slice.square.server.violations).toEqual([]);
  });

  it('given staff edit a synced discount in the Square dashboard (40 % off, a later end date), when the discount reconciliation runs, then the same objects hold Shopify’s 15 % and window again, the repair is in the event stream, and the next run writes nothing', async () => {
    const before = await squareDiscounts();
    const spring = before.find((o) => o.type === 'DISCOUNT' && o.discountData?.name?.startsWith('SPRING15 · '))!;
    const rule = before.find((o) => o.type === 'PRICING_RULE' && o.pricingRuleData?.discountId === spring.id)!;
    if (spring.type !== 'DISCOUNT' || rule.type !== 'PRICING_RULE') throw new Error('unexpected types');
    await slice.squareSdk.catalog.batchUpsert(
      {
        idempotencyKey: 'staff-edit-spring15',
        batches: [{ objects: [
          { ...spring, discountData: { ...spring.discountData, percentage: '40' } },
          { ...rule, pricingRuleData: { ...rule.pricingRuleData, validUntilDate: '2031-12-31' } },
        ] }],
      },
      asMerchant,
    );
    const edited = await squareObject(spring.id!);
    expect(edited?.type === 'DISCOUNT' && edited.discountData?.percentage).toBe('40');

    const mark = slice.writes.length;
    const events = (await slice.store.listEvents({ type: 'discount.drift_repaired' })).length;
    expect(await backfill('discountBackfill', 'discounts', 'revert')).toMatchObject({ records: 3, written: 1, quarantined: 0 });
    const discount = await squareObject(spring.id!);
    const restoredRule = await squareObject(rule.id!);
    expect(discount?.type === 'DISCOUNT' && discount.discountData?.percentage).toBe(spring.discountData?.percentage);
    expect(restoredRule?.type === 'PRICING_RULE' && restoredRule.pricingRuleData?.validUntilDate).toBe(rule.pricingRuleData?.validUntilDate);
    // Updated in place: still one rule and one discount for SPRING15, under the same ids.
    const after = await squareDiscounts();
    expect(after.filter((o) => o.type === 'PRICING_RULE' && o.pricingRuleData?.discountId === spring.id).map((o) => o.id)).toEqual([rule.id]);
    expect(slice.writes.slice(mark).filter((w) => w.vendor === 'square').map((w) => w.operation)).toContain('POST /v2/catalog/batch-upsert');
    const repaired = (await slice.store.listEvents({ type: 'discount.drift_repaired' })).slice(events);
    expect(repaired.map((e) => JSON.parse(e.data) as unknown)).toEqual([{ connector: 'pos', kind: 'edited' }]);

    const again = slice.writes.length;
    expect(await backfill('discountBackfill', 'discounts', 'revert-again')).toMatchObject({ records: 3, written: 0, quarantined: 0 });
    expect(slice.writes.slice(again).filter((w) => w.vendor === 'square' && w.operation !== 'POST /v2/catalog/batch-retrieve')).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
  });
});

async function recordHistory(workflowId: string, type: string): Promise<void> {
  const history = await slice.env.client.workflow.getHandle(workflowId).fetchHistory();
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'replay', 'histories', `${type}.json`);
  writeFileSync(file, historyToJSON(history));
}
