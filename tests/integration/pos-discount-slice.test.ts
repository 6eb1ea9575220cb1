import type { Square } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillWorkflowId, catalogChangesWorkflowId, discountWorkflowId } from '../../engine/router';
import type { BackfillProgress } from '../../workflows/catalog-backfill';
import type { CatalogChangesStatus } from '../../workflows/catalog-changes';
import type { DiscountBackfillProgress, DiscountSyncStatus } from '../../workflows/discount-sync';
import { asMerchant, eventually, startSlice, type Slice } from './slice-harness';

/**
 * Square pricing rules → Shopify automatic discounts, end to end on the real
 * parts, with discount flows both ways (Shopify codes → Square as well): the
 * sandboxes over HTTP, the Temporal dev server, a SQLite store, Square's
 * catalog.version.updated through the ingress. POS staff create, edit and
 * delete discounts with Square's own SDK; every assertion reads what
 * Shopify holds through its Admin GraphQL API.
 */
const TASK_QUEUE = 'pos-discount-slice';
let slice: Slice;
let products: { ids: string[]; variants: { id: string; productId: string }[] };

beforeAll(async () => {
  slice = await startSlice({
    products: 6,
    pageSize: 5,
    taskQueue: TASK_QUEUE,
    squareCatalogWebhooks: true,
    extraFlows:
      '  - id: pos-discounts\n    entity: discount\n    from: pos\n    to: [shop]\n    catalogFlow: catalog\n' +
      '  - id: shop-discounts\n    entity: discount\n    from: shop\n    to: [pos]\n    catalogFlow: catalog\n',
  });
  const shop = slice.connectors.get('shop');
  if (shop?.kind !== 'shopify') throw new Error('shop connector missing');
  await shop.ensureWebhookSubscriptions(`${slice.ingressUrl}/webhooks/shop`, ['DISCOUNTS_CREATE', 'DISCOUNTS_UPDATE', 'DISCOUNTS_DELETE']);
  const data = await slice.adminGraphql<{ products: { nodes: { id: string; variants: { nodes: { id: string }[] } }[] } }>('{ products(first: 6) { nodes { id variants(first: 5) { nodes { id } } } } }');
  products = { ids: data.products.nodes.map((p) => p.id), variants: data.products.nodes.flatMap((p) => p.variants.nodes.map((v) => ({ id: v.id, productId: p.id }))) };
  const run = await slice.env.client.workflow.execute('catalogBackfill', { workflowId: `${backfillWorkflowId('catalog')}-first`, taskQueue: TASK_QUEUE, args: [{ flowId: 'catalog' }] });
  expect(run).toMatchObject({ records: 6, quarantined: 0 });
  await slice.settle();
}, 180_000);
afterAll(async () => {
  await slice?.close();
});

interface AutomaticNode {
  id: string;
  automaticDiscount: {
    __typename: string;
    title?: string;
    startsAt?: string;
    endsAt?: string | null;
    minimumRequirement?: { greaterThanOrEqualToSubtotal?: { amount: string } } | null;
    customerGets?: { value: { percentage?: number; amount?: { amount: string }; appliesOnEachItem?: boolean }; items: { __typename: string; products?: { nodes: { id: string }[] }; productVariants?: { nodes: { id: string }[] } } };
  };
}

const AUTOMATIC_FIELDS = `id automaticDiscount { __typename ... on DiscountAutomaticBasic { title startsAt endsAt
  minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
  customerGets { value { ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount } appliesOnEachItem } }
    items { __typename ... on DiscountProducts { products(first: 10) { nodes { id } } productVariants(first: 10) { nodes { id } } } } } } }`;

/** Every automatic discount Shopify holds, read through the Admin API. */
async function automaticDiscounts(): Promise<AutomaticNode[]> {
  const data = await slice.adminGraphql<{ automaticDiscountNodes: { nodes: AutomaticNode[] } }>(`{ automaticDiscountNodes(first: 5) { nodes { ${AUTOMATIC_FIELDS} } } }`);
  return data.automaticDiscountNodes.nodes;
}

/** The Square catalog ids of an item and one of its variations, as the catalog flow linked them. */
async function squareIdOf(shopGid: string): Promise<string> {
  const type = shopGid.includes('/ProductVariant/') ? 'ProductVariant' : 'Product';
  const link = (await slice.store.findByExternal('shop', type, [shopGid])).get(shopGid);
  const pos = (await slice.store.findByCanonical('pos', [link!.canonicalId])).find((l) => l.externalType === (type === 'Product' ? 'ITEM' : 'ITEM_VARIATION'));
  return pos!.externalId;
}

async function changesStatus(): Promise<CatalogChangesStatus | null> {
  try {
    return await slice.env.client.workflow.getHandle(catalogChangesWorkflowId('pos-discounts', 'pos')).query<CatalogChangesStatus>('status');
  } catch {
    return null;
  }
}

/** POS staff save catalog objects with Square's own SDK. */
async function squareUpsert(objects: Square.CatalogObject[], key: string): Promise<Square.BatchUpsertCatalogObjectsResponse> {
  return slice.squareSdk.catalog.batchUpsert({ idempotencyKey: key, batches: [{ objects }] }, asMerchant);
}

async function squareObject(id: string): Promise<Square.CatalogObject> {
  const got = await slice.squareSdk.catalog.batchGet({ objectIds: [id] });
  const o = got.objects?.find((x) => !x.isDeleted);
  if (!o) throw new Error(`${id} not in Square`);
  return o;
}

describe('Square pricing rules → Shopify automatic discounts (with Shopify codes → Square alongside)', () => {
  let ruleId: string;
  let discountId: string;
  let setId: string;
  let shopifyId: string;
  const [p0, p1, p2] = [0, 1, 2];

  it('given POS staff create a 15 % pricing rule on two items and one variation with dates and a minimum, when catalog.version.updated arrives, then Shopify has one automatic discount with the same products, the instants of the local window and the minimum', async () => {
    const variant = products.variants.find((v) => v.productId === products.ids[p2])!.id;
    const targets = [await squareIdOf(products.ids[p0]!), await squareIdOf(products.ids[p1]!), await squareIdOf(variant)];
    const res = await squareUpsert(
      [
        { type: 'DISCOUNT', id: '#tees', discountData: { name: 'Tee week', discountType: 'FIXED_PERCENTAGE', percentage: '15', modifyTaxBasis: 'MODIFY_TAX_BASIS' } },
        { type: 'PRODUCT_SET', id: '#tees-set', productSetData: { name: 'Tee week items', productIdsAny: targets } },
        {
          type: 'PRICING_RULE',
          id: '#tees-rule',
          pricingRuleData: { name: 'Tee week', discountId: '#tees', matchProductsId: '#tees-set', validFromDate: '2030-06-01', validFromLocalTime: '09:00:00', validUntilDate: '2030-06-07', minimumOrderSubtotalMoney: { amount: BigInt(3000), currency: 'USD' } },
        },
      ],
      'staff-tee-week',
    );
    const ids = new Map((res.idMappings ?? []).map((m) => [m.clientObjectId, m.objectId!]));
    ruleId = ids.get('#tees-rule')!;
    discountId = ids.get('#tees')!;
    setId = ids.get('#tees-set')!;

    const [node] = await eventually(async () => {
      const all = await automaticDiscounts();
      return all.length ? all : null;
    }, 20_000, 'an automatic discount in Shopify');
    shopifyId = node!.id;
    expect(node!.automaticDiscount).toMatchObject({
      __typename: 'DiscountAutomaticBasic',
      title: 'Tee week',
      // The Square location is in New York (EDT in June); the last day runs to midnight.
      startsAt: '2030-06-01T13:00:00Z',
      endsAt: '2030-06-08T04:00:00Z',
      minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: '30.0' } },
      customerGets: { value: { percentage: 0.15 } },
    });
    const items = node!.automaticDiscount.customerGets!.items;
    expect(items.products!.nodes.map((n) => n.id).sort()).toEqual([products.ids[p0], products.ids[p1]].sort());
    expect(items.productVariants!.nodes.map((n) => n.id)).toEqual([variant]);
    await slice.settle();
    expect(await automaticDiscounts()).toHaveLength(1);
  });

  it('given staff change the rule to 20 % and drop an item from its set, when the change arrives, then the same Shopify discount is updated in place', async () => {
    const discount = await squareObject(discountId);
    const set = await squareObject(setId);
    const kept = set.type === 'PRODUCT_SET' ? set.productSetData!.productIdsAny!.slice(1) : [];
    await squareUpsert(
      [
        { ...discount, discountData: { ...(discount.type === 'DISCOUNT' ? discount.discountData : {}), percentage: '20' } } as Square.CatalogObject,
        { ...set, productSetData: { ...(set.type === 'PRODUCT_SET' ? set.productSetData : {}), productIdsAny: kept } } as Square.CatalogObject,
      ],
      'staff-tee-week-20',
    );
    const node = await eventually(async () => {
      const [n] = await automaticDiscounts();
      return n?.automaticDiscount.customerGets?.value.percentage === 0.2 ? n : null;
    }, 20_000, 'the 20 % in Shopify');
    expect(node.id).toBe(shopifyId);
    expect(node.automaticDiscount.customerGets!.items.products!.nodes.map((n) => n.id)).toEqual([products.ids[p1]]);
    expect(node.automaticDiscount.customerGets!.items.productVariants!.nodes).toHaveLength(1);
    await slice.settle();
    expect(await automaticDiscounts()).toHaveLength(1);
  });

  it('given a Shopify code discount synced into Square as a rule, when Square reports that write before its answer reaches the writer, then it is an echo: Shopify gets no automatic copy of its own code', async () => {
    const before = (await changesStatus())?.echoes ?? 0;
    // Square answers the write 2 s after it saved it: its catalog.version.updated reaches the POS flow, which reads
    // the new rule, while the writer still waits for the ids to put in the id map.
    slice.square.server.setFaults({ responseDelayMs: 2000, responseDelayPath: '/v2/catalog/batch-upsert' });
    const created = await slice.adminGraphql<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: unknown[] } }>(
      'mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message code } } }',
      { d: { title: 'Cap deal', code: 'CAPS10', startsAt: '2030-01-01T00:00:00Z', customerSelection: { all: true }, customerGets: { value: { percentage: 0.1 }, items: { products: { productsToAdd: [products.ids[3]] } } } } },
    );
    const gid = created.discountCodeBasicCreate.codeDiscountNode!.id;
    await eventually(async () => {
      const s = await slice.env.client.workflow.getHandle(discountWorkflowId('shop-discounts', gid)).query<DiscountSyncStatus>('status').catch(() => null);
      return s?.lastOutcome === 'written' ? s : null;
    }, 20_000, 'the code discount in Square');
    await eventually(async () => ((await changesStatus())?.echoes ?? 0) > before, 20_000, 'Square’s report of that write read as an echo');
    slice.square.server.setFaults({});
    await slice.settle();
    const all = await automaticDiscounts();
    expect(all.map((n) => n.id)).toEqual([shopifyId]);
    expect(await slice.store.listQuarantine({ flowId: 'pos-discounts' })).toEqual([]);
  });

  it('given staff add a discount with no pricing rule (applied at the till), then it is quarantined with why and Shopify is untouched', async () => {
    const res = await squareUpsert([{ type: 'DISCOUNT', id: '#staff', discountData: { name: 'Staff 30%', discountType: 'FIXED_PERCENTAGE', percentage: '30' } }], 'staff-discount');
    const id = res.idMappings![0]!.objectId!;
    const entry = await eventually(async () => (await slice.store.listQuarantine({ flowId: 'pos-discounts' })).find((q) => q.externalId === id) ?? null, 20_000, 'the staff discount quarantined');
    expect(entry.reason).toMatch(/^DISCOUNT "Staff 30%" has no pricing rule: staff apply it at the till/);
    expect((await automaticDiscounts()).map((n) => n.id)).toEqual([shopifyId]);
  });

  it('given the discount backfill reconciles the POS flow, then it writes nothing new and reports the staff discount again', async () => {
    const mark = slice.writes.length;
    const res = (await slice.env.client.workflow.execute('discountBackfill', { workflowId: `${backfillWorkflowId('pos-discounts')}-check`, taskQueue: TASK_QUEUE, args: [{ flowId: 'pos-discounts' }] })) as DiscountBackfillProgress;
    // The rule (unchanged), the Shopify code's rule (an echo, unchanged) and the staff discount (quarantined).
    expect(res).toMatchObject({ records: 3, written: 0, quarantined: 1, done: true });
    // Nothing was deleted anywhere: the sweep reports only discounts gone from Square (the rule's DISCOUNT is not one).
    expect(res.deleted).toBe(0);
    expect(slice.writes.slice(mark).filter((w) => w.vendor === 'shopify')).toEqual([]);
  });

  it('given a merchant deletes the automatic discount in the Shopify admin, when the POS flow reconciles, then Shopify has it again (the rule still runs at the till)', async () => {
    const deleted = await slice.adminGraphql<{ discountAutomaticDelete: { deletedAutomaticDiscountId: string | null } }>('mutation($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId userErrors { message } } }', { id: shopifyId });
    expect(deleted.discountAutomaticDelete.deletedAutomaticDiscountId).toBe(shopifyId);
    expect(await automaticDiscounts()).toEqual([]);
    const res = (await slice.env.client.workflow.execute('discountBackfill', { workflowId: `${backfillWorkflowId('pos-discounts')}-repair`, taskQueue: TASK_QUEUE, args: [{ flowId: 'pos-discounts' }] })) as BackfillProgress;
    expect(res).toMatchObject({ written: 1, done: true });
    const [node, ...others] = await automaticDiscounts();
    expect(others).toEqual([]);
    expect(node!.id).not.toBe(shopifyId);
    expect(node!.automaticDiscount).toMatchObject({ title: 'Tee week', customerGets: { value: { percentage: 0.2 } } });
    expect([...(await slice.store.findByExternal('shop', 'DiscountAutomaticNode', [node!.id, shopifyId])).keys()]).toEqual([node!.id]);
    shopifyId = node!.id;
  });

  it('given a merchant edits the automatic discount in the Shopify admin (title, 50 % off, one more product, no end), when the POS flow reconciles, then the same discount holds the rule’s values again and the next run writes nothing', async () => {
    const [before] = await automaticDiscounts();
    const edit = await slice.adminGraphql<{ discountAutomaticBasicUpdate: { userErrors: unknown[] } }>(
      'mutation($id: ID!, $d: DiscountAutomaticBasicInput!) { discountAutomaticBasicUpdate(id: $id, automaticBasicDiscount: $d) { userErrors { field message } } }',
      { id: shopifyId, d: { title: 'Tee week (admin)', endsAt: null, customerGets: { value: { percentage: 0.5 }, items: { products: { productsToAdd: [products.ids[2]] } } } } },
    );
    expect(edit.discountAutomaticBasicUpdate.userErrors).toEqual([]);
    const [edited] = await automaticDiscounts();
    expect(edited!.automaticDiscount).toMatchObject({ title: 'Tee week (admin)', endsAt: null, customerGets: { value: { percentage: 0.5 } } });

    const events = (await slice.store.listEvents({ type: 'discount.drift_repaired' })).length;
    const res = (await slice.env.client.workflow.execute('discountBackfill', { workflowId: `${backfillWorkflowId('pos-discounts')}-revert`, taskQueue: TASK_QUEUE, args: [{ flowId: 'pos-discounts' }] })) as BackfillProgress;
    expect(res).toMatchObject({ written: 1, done: true });
    const [node, ...others] = await automaticDiscounts();
    expect(others).toEqual([]);
    // Updated in place, back to what the rule says.
    expect(node).toEqual(before);
    const repaired = (await slice.store.listEvents({ type: 'discount.drift_repaired' })).slice(events);
    expect(repaired.map((e) => JSON.parse(e.data) as unknown)).toEqual([{ connector: 'shop', kind: 'edited' }]);

    const again = (await slice.env.client.workflow.execute('discountBackfill', { workflowId: `${backfillWorkflowId('pos-discounts')}-revert-again`, taskQueue: TASK_QUEUE, args: [{ flowId: 'pos-discounts' }] })) as BackfillProgress;
    expect(again).toMatchObject({ written: 0, done: true });
    expect(slice.shopify.server.violations).toEqual([]);
  });

  it('given staff delete the pricing rule, when the deletion arrives, then the Shopify automatic discount is deleted and the code discount stays', async () => {
    await slice.squareSdk.catalog.batchDelete({ objectIds: [ruleId] }, asMerchant);
    await eventually(async () => ((await automaticDiscounts()).length === 0 ? true : null), 20_000, 'the automatic discount gone from Shopify');
    const gone = await slice.adminGraphql<{ automaticDiscountNode: unknown }>('query($id: ID!) { automaticDiscountNode(id: $id) { id } }', { id: shopifyId });
    expect(gone.automaticDiscountNode).toBeNull();
    const codes = await slice.adminGraphql<{ codeDiscountNodes: { nodes: { id: string }[] } }>('{ codeDiscountNodes(first: 10) { nodes { id } } }');
    expect(codes.codeDiscountNodes.nodes).toHaveLength(1);
    await slice.settle();
    expect(slice.shopify.server.violations).toEqual([]);
    expect(slice.square.server.violations).toEqual([]);
  });

  it('given Shopify creates the automatic discount but its answer is lost, when the write is retried, then Shopify holds one copy, linked, not two', async () => {
    let lost = 0;
    // Shopify's discount mutations take no idempotency key: the retry must find the copy the lost create left.
    slice.shopify.server.setFaults({ loseAnswer: (r) => lost === 0 && JSON.stringify(r.json ?? null).includes('discountAutomaticBasicCreate') && ++lost === 1 });
    try {
      const res = await squareUpsert(
        [
          { type: 'DISCOUNT', id: '#lost', discountData: { name: 'Lost answer sale', discountType: 'FIXED_PERCENTAGE', percentage: '12', modifyTaxBasis: 'MODIFY_TAX_BASIS' } },
          { type: 'PRODUCT_SET', id: '#lost-set', productSetData: { name: 'Lost answer items', productIdsAny: [await squareIdOf(products.ids[p0]!)] } },
          { type: 'PRICING_RULE', id: '#lost-rule', pricingRuleData: { name: 'Lost answer sale', discountId: '#lost', matchProductsId: '#lost-set', validFromDate: '2030-07-01', validUntilDate: '2030-07-31' } },
        ],
        'staff-lost-answer',
      );
      const rule = (res.idMappings ?? []).find((m) => m.clientObjectId === '#lost-rule')!.objectId!;
      // Written once (the lost create), then linked by the retry.
      const link = await eventually(async () => {
        const canonical = (await slice.store.findByExternal('pos', 'PRICING_RULE', [rule])).get(rule)?.canonicalId;
        const linked = canonical ? (await slice.store.findByCanonical('shop', [canonical])).filter((l) => l.externalType === 'DiscountAutomaticNode') : [];
        return linked.length ? linked : null;
      }, 30_000, 'the automatic discount linked');
      expect(lost).toBe(1);
      await slice.settle();
      const copies = (await automaticDiscounts()).filter((n) => n.automaticDiscount.title === 'Lost answer sale');
      expect(copies.map((n) => n.id)).toEqual([link[0]!.externalId]);
      expect(copies[0]!.automaticDiscount).toMatchObject({ startsAt: '2030-07-01T04:00:00Z', endsAt: '2030-08-01T04:00:00Z', customerGets: { value: { percentage: 0.12 } } });
    } finally {
      slice.shopify.server.setFaults({});
    }
    expect(slice.shopify.server.violations).toEqual([]);
  });
});
