import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver, startHarness, subscribe, type Harness } from './shopify-harness';

/**
 * Basic automatic discounts in the Shopify sandbox (Admin GraphQL 2025-01),
 * through the official SDK: discountAutomaticBasicCreate / Update,
 * discountAutomaticDelete, automaticDiscountNode(s), node(id), the
 * discounts/* webhooks, and their separation from code discounts.
 */

type UserError = { field: string[] | null; message: string; code: string | null; extraInfo: string | null };
type Node = { id: string; automaticDiscount: Record<string, unknown> };

const NOW = Date.parse('2025-03-01T12:00:00Z');
let now = NOW;
let h: Harness;
const hook = new WebhookReceiver();
let products: { id: string; variants: { id: string }[] }[];

const BASIC_FIELDS = `__typename
  ... on DiscountAutomaticBasic {
    title status startsAt endsAt createdAt updatedAt asyncUsageCount discountClass summary shortSummary recurringCycleLimit
    combinesWith { orderDiscounts productDiscounts shippingDiscounts }
    minimumRequirement { __typename ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity } }
    customerGets {
      value { __typename ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem } }
      items { __typename ... on AllDiscountItems { allItems } ... on DiscountProducts { products(first: 10) { nodes { id } } productVariants(first: 10) { nodes { id } } } }
    }
  }`;
const NODE = `id automaticDiscount { ${BASIC_FIELDS} }`;
const USER_ERRORS = 'userErrors { field message code extraInfo }';

async function create(input: Record<string, unknown>): Promise<{ node: Node | null; errors: UserError[] }> {
  const res = await h.client.request<{ discountAutomaticBasicCreate: { automaticDiscountNode: Node | null; userErrors: UserError[] } }>(
    `mutation C($d: DiscountAutomaticBasicInput!) { discountAutomaticBasicCreate(automaticBasicDiscount: $d) { automaticDiscountNode { ${NODE} } ${USER_ERRORS} } }`,
    { variables: { d: input } },
  );
  expect(res.errors).toBeUndefined();
  return { node: res.data!.discountAutomaticBasicCreate.automaticDiscountNode, errors: res.data!.discountAutomaticBasicCreate.userErrors };
}

async function read(id: string): Promise<Node | null> {
  const res = await h.client.request<{ automaticDiscountNode: Node | null }>(`query R($id: ID!) { automaticDiscountNode(id: $id) { ${NODE} } }`, { variables: { id } });
  return res.data!.automaticDiscountNode;
}

async function list(args = 'first: 50'): Promise<{ nodes: Node[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } }> {
  const res = await h.client.request<{ automaticDiscountNodes: { nodes: Node[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } }>(
    `{ automaticDiscountNodes(${args}) { nodes { id automaticDiscount { ... on DiscountAutomaticBasic { title status } } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
  );
  return res.data!.automaticDiscountNodes;
}

const numberOf = (gid: string): number => Number(gid.split('/').pop());

/** Parsed bodies of the discounts/* webhooks received so far, by topic header. */
function discountHooks(): { topic: string; body: Record<string, unknown> }[] {
  return hook.received.map((r) => ({ topic: String(r.headers['x-shopify-topic']), body: JSON.parse(r.rawBody) as Record<string, unknown> }));
}

beforeAll(async () => {
  h = await startHarness({ seed: { products: 10, seed: 7 }, clock: () => now });
  await hook.start();
  for (const t of ['DISCOUNTS_CREATE', 'DISCOUNTS_UPDATE', 'DISCOUNTS_DELETE']) await subscribe(h.client, t, hook.url);
  const res = await h.client.request<{ products: { nodes: { id: string; variants: { nodes: { id: string }[] } }[] } }>('{ products(first: 3) { nodes { id variants(first: 3) { nodes { id } } } } }');
  products = res.data!.products.nodes.map((p) => ({ id: p.id, variants: p.variants.nodes }));
}, 30_000);

afterAll(async () => {
  await hook.stop();
  await h.close();
});

describe('Shopify sandbox: automatic basic discounts', () => {
  let onProducts = '';
  let onVariant = '';
  let orderWide = '';
  let code = '';

  it('given a percentage off two products, when created, then the DiscountAutomaticNode carries the value, the products and an ACTIVE status; discounts/create names its gid', async () => {
    const r = await create({
      title: 'Spring mugs',
      startsAt: '2025-01-01T00:00:00Z',
      combinesWith: { productDiscounts: true },
      customerGets: { value: { percentage: 0.15 }, items: { products: { productsToAdd: [products[0]!.id, products[1]!.id] } } },
    });
    expect(r.errors).toEqual([]);
    onProducts = r.node!.id;
    expect(onProducts).toMatch(/^gid:\/\/shopify\/DiscountAutomaticNode\/\d+$/);
    expect(r.node!.automaticDiscount).toEqual({
      __typename: 'DiscountAutomaticBasic',
      title: 'Spring mugs',
      status: 'ACTIVE',
      startsAt: '2025-01-01T00:00:00Z',
      endsAt: null,
      createdAt: '2025-03-01T12:00:00Z',
      updatedAt: '2025-03-01T12:00:00Z',
      asyncUsageCount: 0,
      discountClass: 'PRODUCT',
      summary: '15% off 2 products',
      shortSummary: '15% off 2 products',
      recurringCycleLimit: 0,
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: false },
      minimumRequirement: null,
      customerGets: {
        value: { __typename: 'DiscountPercentage', percentage: 0.15 },
        items: { __typename: 'DiscountProducts', products: { nodes: [{ id: products[0]!.id }, { id: products[1]!.id }] }, productVariants: { nodes: [] } },
      },
    });
    await hook.waitFor(1);
    expect(discountHooks()[0]).toEqual({
      topic: 'discounts/create',
      body: { admin_graphql_api_id: onProducts, title: 'Spring mugs', status: 'ACTIVE', created_at: expect.stringMatching(/^2025-03-01T07:00:00-05:00$/), updated_at: expect.any(String) },
    });
  });

  it('given a fixed amount off each unit of one variant with a quantity minimum, when created, then the amount, appliesOnEachItem, the variant and the minimum read back', async () => {
    const v = products[2]!.variants[0]!.id;
    const r = await create({
      title: '$5 off each',
      customerGets: { value: { discountAmount: { amount: '5.00', appliesOnEachItem: true } }, items: { products: { productVariantsToAdd: [v] } } },
      minimumRequirement: { quantity: { greaterThanOrEqualToQuantity: '2' } },
    });
    expect(r.errors).toEqual([]);
    onVariant = r.node!.id;
    expect(r.node!.automaticDiscount).toMatchObject({
      title: '$5 off each',
      status: 'ACTIVE',
      // No startsAt given: it starts now.
      startsAt: '2025-03-01T12:00:00Z',
      discountClass: 'PRODUCT',
      minimumRequirement: { __typename: 'DiscountMinimumQuantity', greaterThanOrEqualToQuantity: '2' },
      customerGets: {
        value: { __typename: 'DiscountAmount', amount: { amount: '5.0', currencyCode: 'USD' }, appliesOnEachItem: true },
        items: { __typename: 'DiscountProducts', products: { nodes: [] }, productVariants: { nodes: [{ id: v }] } },
      },
    });
  });

  it('given an order-wide percentage from a $50 subtotal ending next month, when created, then it is an ORDER discount on all items with the subtotal minimum', async () => {
    const r = await create({
      title: 'Ten off fifty',
      startsAt: '2025-02-01T00:00:00Z',
      endsAt: '2025-04-01T00:00:00Z',
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '50.00' } },
    });
    expect(r.errors).toEqual([]);
    orderWide = r.node!.id;
    expect(r.node!.automaticDiscount).toMatchObject({
      status: 'ACTIVE',
      endsAt: '2025-04-01T00:00:00Z',
      discountClass: 'ORDER',
      summary: '10% off entire order • Minimum purchase of $50.00',
      minimumRequirement: { __typename: 'DiscountMinimumSubtotal', greaterThanOrEqualToSubtotal: { amount: '50.0', currencyCode: 'USD' } },
      customerGets: { value: { __typename: 'DiscountPercentage', percentage: 0.1 }, items: { __typename: 'AllDiscountItems', allItems: true } },
    });
  });

  it('given automatic and code discounts created in turn, when their ids are compared, then they share one sequence and each lookup only finds its own kind', async () => {
    const c = await h.client.request<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: unknown[] } }>(
      'mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message } } }',
      { variables: { d: { title: 'Code one', code: 'CODEONE', customerSelection: { all: true }, customerGets: { value: { percentage: 0.05 }, items: { all: true } } } } },
    );
    expect(c.data!.discountCodeBasicCreate.userErrors).toEqual([]);
    code = c.data!.discountCodeBasicCreate.codeDiscountNode!.id;
    const after = await create({ title: 'After the code', customerGets: { value: { percentage: 0.2 }, items: { all: true } } });
    const numbers = [onProducts, onVariant, orderWide, code, after.node!.id].map(numberOf);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(5);
    expect(numberOf(after.node!.id)).toBe(numberOf(code) + 1);

    const cross = await h.client.request<Record<string, unknown>>(
      `query X($auto: ID!, $autoAsCode: ID!, $code: ID!, $codeAsAuto: ID!) {
        a: codeDiscountNode(id: $auto) { id }
        b: codeDiscountNode(id: $autoAsCode) { id }
        c: automaticDiscountNode(id: $code) { id }
        d: automaticDiscountNode(id: $codeAsAuto) { id }
        e: codeDiscountNodeByCode(code: "Spring mugs") { id }
        f: codeDiscountNode(id: $code) { id }
      }`,
      { variables: { auto: onProducts, autoAsCode: `gid://shopify/DiscountCodeNode/${numberOf(onProducts)}`, code, codeAsAuto: `gid://shopify/DiscountAutomaticNode/${numberOf(code)}` } },
    );
    expect(cross.data).toEqual({ a: null, b: null, c: null, d: null, e: null, f: { id: code } });

    // discountAutomaticDelete refuses the code discount; the code mutations refuse the automatic one.
    const refused = await h.client.request<{ a: { deletedAutomaticDiscountId: string | null; userErrors: UserError[] }; b: { deletedCodeDiscountId: string | null; userErrors: UserError[] } }>(
      `mutation($code: ID!, $auto: ID!) { a: discountAutomaticDelete(id: $code) { deletedAutomaticDiscountId ${USER_ERRORS} } b: discountCodeDelete(id: $auto) { deletedCodeDiscountId ${USER_ERRORS} } }`,
      { variables: { code, auto: onProducts } },
    );
    expect(refused.data!.a).toEqual({ deletedAutomaticDiscountId: null, userErrors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID', extraInfo: null }] });
    expect(refused.data!.b.deletedCodeDiscountId).toBeNull();
    expect(await read(onProducts)).not.toBeNull();
    await h.client.request(`mutation($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId ${USER_ERRORS} } }`, { variables: { id: after.node!.id } });
    // Three creates before, then this test's code create, automatic create and delete.
    await hook.waitFor(6);
  });

  it('given the automatic discounts, when codeDiscountNodes is listed, then only the code discount appears', async () => {
    const res = await h.client.request<{ codeDiscountNodes: { nodes: { id: string }[] } }>('{ codeDiscountNodes(first: 50) { nodes { id } } }');
    expect(res.data!.codeDiscountNodes.nodes).toEqual([{ id: code }]);
  });

  it('given three automatic discounts, when automaticDiscountNode, the connection, node(id) and the admin helper read them, then all agree', async () => {
    expect((await read(orderWide))!.id).toBe(orderWide);

    const all = await list();
    expect(all.nodes.map((n) => n.id)).toEqual([onProducts, onVariant, orderWide]);
    expect(all.nodes[0]!.automaticDiscount).toEqual({ title: 'Spring mugs', status: 'ACTIVE' });

    const page1 = await list('first: 2');
    expect(page1.nodes.map((n) => n.id)).toEqual([onProducts, onVariant]);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = await list(`first: 2, after: "${page1.pageInfo.endCursor}"`);
    expect(page2.nodes.map((n) => n.id)).toEqual([orderWide]);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect((await list('last: 1')).nodes.map((n) => n.id)).toEqual([orderWide]);
    expect((await list('first: 5, reverse: true')).nodes.map((n) => n.id)).toEqual([orderWide, onVariant, onProducts]);
    expect((await list('first: 5, sortKey: CREATED_AT')).nodes.map((n) => n.id)).toEqual([onProducts, onVariant, orderWide]);

    expect((await list('first: 5, query: "type:fixed_amount"')).nodes.map((n) => n.id)).toEqual([onVariant]);
    expect((await list('first: 5, query: "type:percentage status:active"')).nodes.map((n) => n.id)).toEqual([onProducts, orderWide]);
    expect((await list('first: 5, query: "status:scheduled"')).nodes).toEqual([]);
    expect((await list('first: 5, query: "fifty"')).nodes.map((n) => n.id)).toEqual([orderWide]);
    expect((await list(`first: 5, query: "id:${numberOf(onVariant)}"`)).nodes.map((n) => n.id)).toEqual([onVariant]);

    const node = await h.client.request<{ node: { __typename: string; id: string; automaticDiscount: { title: string } } | null }>(
      'query($id: ID!) { node(id: $id) { __typename id ... on DiscountAutomaticNode { automaticDiscount { ... on DiscountAutomaticBasic { title } } } } }',
      { variables: { id: onVariant } },
    );
    expect(node.data!.node).toEqual({ __typename: 'DiscountAutomaticNode', id: onVariant, automaticDiscount: { title: '$5 off each' } });

    expect(h.sandbox.admin.listAutomaticDiscounts().map((d) => d.id)).toEqual([onProducts, onVariant, orderWide]);
    expect(h.sandbox.admin.getAutomaticDiscount(orderWide)).toEqual({
      id: orderWide,
      title: 'Ten off fifty',
      status: 'ACTIVE',
      startsAt: '2025-02-01T00:00:00Z',
      endsAt: '2025-04-01T00:00:00Z',
      value: { percentage: 0.1 },
      items: 'all',
      minimumRequirement: { subtotal: '50.00' },
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      discountClass: 'ORDER',
      createdAt: '2025-03-01T12:00:00Z',
      updatedAt: '2025-03-01T12:00:00Z',
    });
    expect(h.sandbox.admin.getAutomaticDiscount(String(numberOf(onVariant)))!.value).toEqual({ amount: '5.00', appliesOnEachItem: true });
    expect(h.sandbox.admin.getAutomaticDiscount(code)).toBeNull();
  });

  it('given an update adding one product and removing another, when read back, then the items follow, the title changes, updatedAt moves and discounts/update fires', async () => {
    now += 60_000;
    const before = hook.received.length;
    const res = await h.client.request<{ discountAutomaticBasicUpdate: { automaticDiscountNode: Node | null; userErrors: UserError[] } }>(
      `mutation U($id: ID!, $d: DiscountAutomaticBasicInput!) { discountAutomaticBasicUpdate(id: $id, automaticBasicDiscount: $d) { automaticDiscountNode { ${NODE} } ${USER_ERRORS} } }`,
      { variables: { id: onProducts, d: { title: 'Spring mugs and more', customerGets: { items: { products: { productsToAdd: [products[2]!.id], productsToRemove: [products[0]!.id] } } } } } },
    );
    expect(res.data!.discountAutomaticBasicUpdate.userErrors).toEqual([]);
    expect(res.data!.discountAutomaticBasicUpdate.automaticDiscountNode!.id).toBe(onProducts);
    const back = (await read(onProducts))!.automaticDiscount;
    expect(back).toMatchObject({
      title: 'Spring mugs and more',
      createdAt: '2025-03-01T12:00:00Z',
      updatedAt: '2025-03-01T12:01:00Z',
      // Untouched by the update.
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: false },
      customerGets: {
        value: { __typename: 'DiscountPercentage', percentage: 0.15 },
        items: { __typename: 'DiscountProducts', products: { nodes: [{ id: products[1]!.id }, { id: products[2]!.id }] }, productVariants: { nodes: [] } },
      },
    });
    await hook.waitFor(before + 1);
    expect(discountHooks().slice(before)).toEqual([{ topic: 'discounts/update', body: expect.objectContaining({ admin_graphql_api_id: onProducts, title: 'Spring mugs and more', status: 'ACTIVE' }) }]);

    const missing = await h.client.request<{ discountAutomaticBasicUpdate: { automaticDiscountNode: Node | null; userErrors: UserError[] } }>(
      `mutation { discountAutomaticBasicUpdate(id: "gid://shopify/DiscountAutomaticNode/1", automaticBasicDiscount: { title: "x" }) { automaticDiscountNode { id } ${USER_ERRORS} } }`,
    );
    expect(missing.data!.discountAutomaticBasicUpdate).toEqual({ automaticDiscountNode: null, userErrors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID', extraInfo: null }] });
  });

  it('given invalid inputs, when created, then userErrors name the field under automaticBasicDiscount and nothing is created or announced', async () => {
    const count = h.sandbox.admin.listAutomaticDiscounts().length;
    const hooks = hook.received.length;
    const blank = await create({ title: '  ', customerGets: { value: { percentage: 0.1 }, items: { all: true } } });
    expect(blank).toEqual({ node: null, errors: [{ field: ['automaticBasicDiscount', 'title'], message: "Title can't be blank", code: 'BLANK', extraInfo: null }] });
    const pct = await create({ title: 'Too much', customerGets: { value: { percentage: 1.5 }, items: { all: true } } });
    expect(pct).toEqual({ node: null, errors: [{ field: ['automaticBasicDiscount', 'customerGets', 'value', 'percentage'], message: 'Value must be between 0.0 and 1.0', code: 'VALUE_OUTSIDE_RANGE', extraInfo: null }] });
    const unknown = await create({ title: 'Ghost', customerGets: { value: { percentage: 0.1 }, items: { products: { productsToAdd: [products[0]!.id, 'gid://shopify/Product/999999999'] } } } });
    expect(unknown.node).toBeNull();
    expect(unknown.errors).toEqual([{ field: ['automaticBasicDiscount', 'customerGets', 'items', 'products', 'productsToAdd', '1'], message: 'Product does not exist', code: 'INVALID', extraInfo: null }]);
    const noValue = await create({ title: 'Nothing' });
    expect(noValue.errors.map((e) => [e.field, e.code])).toEqual([[['automaticBasicDiscount', 'customerGets'], 'BLANK']]);

    // An update with a bad value changes nothing.
    const bad = await h.client.request<{ discountAutomaticBasicUpdate: { automaticDiscountNode: Node | null; userErrors: UserError[] } }>(
      `mutation U($id: ID!, $d: DiscountAutomaticBasicInput!) { discountAutomaticBasicUpdate(id: $id, automaticBasicDiscount: $d) { automaticDiscountNode { id } ${USER_ERRORS} } }`,
      { variables: { id: orderWide, d: { title: 'Renamed', customerGets: { value: { percentage: 0 } } } } },
    );
    expect(bad.data!.discountAutomaticBasicUpdate.userErrors.map((e) => e.field)).toEqual([['automaticBasicDiscount', 'customerGets', 'value', 'percentage']]);
    expect((await read(orderWide))!.automaticDiscount.title).toBe('Ten off fifty');

    expect(h.sandbox.admin.listAutomaticDiscounts().length).toBe(count);
    await new Promise((r) => setTimeout(r, 50));
    expect(hook.received.length).toBe(hooks);
  });

  it('given a discount, when discountAutomaticDelete runs, then it returns the gid, the node reads null, the connection drops it and discounts/delete fires', async () => {
    const before = hook.received.length;
    const res = await h.client.request<{ discountAutomaticDelete: { deletedAutomaticDiscountId: string | null; userErrors: UserError[] } }>(
      `mutation D($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId ${USER_ERRORS} } }`,
      { variables: { id: onVariant } },
    );
    expect(res.data!.discountAutomaticDelete).toEqual({ deletedAutomaticDiscountId: onVariant, userErrors: [] });
    expect(await read(onVariant)).toBeNull();
    expect((await list()).nodes.map((n) => n.id)).toEqual([onProducts, orderWide]);
    const node = await h.client.request<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { variables: { id: onVariant } });
    expect(node.data!.node).toBeNull();
    await hook.waitFor(before + 1);
    expect(discountHooks().slice(before)).toEqual([{ topic: 'discounts/delete', body: { admin_graphql_api_id: onVariant, deleted_at: expect.stringMatching(/^2025-03-01T07:01:00-05:00$/) } }]);

    const again = await h.client.request<{ discountAutomaticDelete: { deletedAutomaticDiscountId: string | null; userErrors: UserError[] } }>(
      `mutation D($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId ${USER_ERRORS} } }`,
      { variables: { id: onVariant } },
    );
    expect(again.data!.discountAutomaticDelete).toEqual({ deletedAutomaticDiscountId: null, userErrors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID', extraInfo: null }] });
  });

  it('given the whole run, when the discounts/* webhooks are tallied, then create, update and delete each carried a DiscountAutomaticNode gid (and the code one its DiscountCodeNode gid)', () => {
    const seen = discountHooks().map((x) => `${x.topic} ${String(x.body.admin_graphql_api_id).replace(/\d+$/, 'N')}`);
    expect(new Set(seen)).toEqual(new Set(['discounts/create gid://shopify/DiscountAutomaticNode/N', 'discounts/create gid://shopify/DiscountCodeNode/N', 'discounts/update gid://shopify/DiscountAutomaticNode/N', 'discounts/delete gid://shopify/DiscountAutomaticNode/N']));
    for (const r of hook.received) expect(r.headers['x-shopify-hmac-sha256']).toBeTruthy();
    expect(h.sandbox.server.violations).toEqual([]);
  });
});

describe('Shopify sandbox: automatic discount limit', () => {
  it('given 25 automatic discounts active in one window, when a 26th overlaps it, then ACTIVE_PERIOD_OVERLAP; one scheduled after the window is accepted', async () => {
    const local = await startHarness({ seed: { products: 2, seed: 3 }, clock: () => NOW });
    try {
      const make = async (title: string, startsAt: string, endsAt: string) => {
        const res = await local.client.request<{ discountAutomaticBasicCreate: { automaticDiscountNode: { id: string } | null; userErrors: UserError[] } }>(
          `mutation C($d: DiscountAutomaticBasicInput!) { discountAutomaticBasicCreate(automaticBasicDiscount: $d) { automaticDiscountNode { id } ${USER_ERRORS} } }`,
          { variables: { d: { title, startsAt, endsAt, customerGets: { value: { percentage: 0.05 }, items: { all: true } } } } },
        );
        return res.data!.discountAutomaticBasicCreate;
      };
      for (let i = 0; i < 25; i++) expect((await make(`Slot ${i}`, '2025-06-01T00:00:00Z', '2025-07-01T00:00:00Z')).userErrors).toEqual([]);
      const overflow = await make('One too many', '2025-06-15T00:00:00Z', '2025-08-01T00:00:00Z');
      expect(overflow.automaticDiscountNode).toBeNull();
      expect(overflow.userErrors.map((e) => e.code)).toEqual(['ACTIVE_PERIOD_OVERLAP']);
      const later = await make('After the rush', '2025-07-01T00:00:00Z', '2025-08-01T00:00:00Z');
      expect(later.userErrors).toEqual([]);
      expect(local.sandbox.admin.getAutomaticDiscount(later.automaticDiscountNode!.id)!.status).toBe('SCHEDULED');
      expect(local.sandbox.admin.listAutomaticDiscounts()).toHaveLength(26);
    } finally {
      await local.close();
    }
  });
});
