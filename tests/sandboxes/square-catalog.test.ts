import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SquareClient, SquareError, type Square } from 'square';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';

/**
 * The Square sandbox driven by Square's official Node SDK (square 46), so
 * the sandbox is held to what real clients send and parse. Every exchange is
 * also checked against the published OpenAPI spec (server.violations).
 */

const TOKEN = 'EAAAEsandbox-catalog-token';
const LOCATION = 'L1MAIN0000001';
let sandbox: SquareSandbox;
let client: SquareClient;
let baseUrl: string;

function item(tag: string, sku: string, amount = 1500, currency = 'USD'): Square.CatalogObject {
  return {
    type: 'ITEM',
    id: `#${tag}`,
    itemData: {
      name: `Item ${tag}`,
      descriptionHtml: `<p>The <b>${tag}</b> item</p>`,
      variations: [
        {
          type: 'ITEM_VARIATION',
          id: `#${tag}-v1`,
          itemVariationData: { itemId: `#${tag}`, name: 'Regular', sku, pricingType: 'FIXED_PRICING', priceMoney: { amount: BigInt(amount), currency: currency as Square.Currency } },
        },
      ],
    },
  } as Square.CatalogObject;
}

async function squareError(p: Promise<unknown>): Promise<SquareError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SquareError);
  return err as SquareError;
}

beforeAll(async () => {
  sandbox = createSquareSandbox({ accessToken: TOKEN, locations: [{ id: LOCATION, name: 'Main Street', currency: 'USD' }] });
  baseUrl = await sandbox.start(0);
  client = new SquareClient({ token: TOKEN, baseUrl, maxRetries: 0 });
});

afterAll(async () => {
  await sandbox.stop();
});

describe('Square sandbox: catalog through the official SDK', () => {
  it('given items with temporary ids, when batch-upserted, then each temp id (nested variations too) maps to a new permanent id', async () => {
    const res = await client.catalog.batchUpsert({ idempotencyKey: 'create-1', batches: [{ objects: [item('a', 'SKU-A'), item('b', 'SKU-B')] }] });

    const mappings = new Map((res.idMappings ?? []).map((m) => [m.clientObjectId, m.objectId]));
    expect([...mappings.keys()].sort()).toEqual(['#a', '#a-v1', '#b', '#b-v1']);
    for (const id of mappings.values()) expect(id).toMatch(/^[A-Z2-7]{24}$/);
    const a = res.objects?.find((o) => o.id === mappings.get('#a'));
    const variation = a?.type === 'ITEM' ? a.itemData?.variations?.[0] : undefined;
    expect(variation?.id).toBe(mappings.get('#a-v1'));
    expect(variation?.type === 'ITEM_VARIATION' ? variation.itemVariationData?.itemId : null).toBe(mappings.get('#a'));
    expect(a?.version).toBe(variation?.version);
    expect(res.updatedAt).toBe(a?.updatedAt);
    expect(sandbox.items().map((i) => i.item_data?.name).sort()).toEqual(['Item a', 'Item b']);
    expect(sandbox.items()[0]?.item_data?.description_plaintext).toBe('The a item');
  });

  it('given 250 items, when listed with the SDK pager, then every item arrives exactly once over pages of 100', async () => {
    const objects = Array.from({ length: 248 }, (_, i) => item(`p${i}`, `SKU-P${i}`));
    await client.catalog.batchUpsert({ idempotencyKey: 'bulk-250', batches: [{ objects }] });
    const before = sandbox.server.coverage.get('GET /v2/catalog/list') ?? 0;

    const page = await client.catalog.list({ types: 'ITEM' });
    expect(page.data).toHaveLength(100);
    expect(page.hasNextPage()).toBe(true);
    const seen: string[] = [];
    for await (const obj of page) seen.push(obj.id ?? '');

    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(new Set(seen)).toEqual(new Set(sandbox.items().map((i) => i.id)));
    expect((sandbox.server.coverage.get('GET /v2/catalog/list') ?? 0) - before).toBe(3);
  });

  it('given a cursor, when objects are added and deleted between pages, then the next page neither skips nor repeats survivors', async () => {
    const first = await client.catalog.list({ types: 'ITEM' });
    const firstIds = first.data.map((o) => o.id);
    await client.catalog.object.upsert({ idempotencyKey: 'mid-page-add', object: item('late', 'SKU-LATE') });
    await client.catalog.object.delete({ objectId: firstIds[0] ?? '' });
    const rest: string[] = [];
    while (first.hasNextPage()) {
      await first.getNextPage();
      rest.push(...first.data.map((o) => o.id ?? ''));
    }
    const all = [...firstIds, ...rest];
    expect(new Set(all).size).toBe(all.length);
    const live = sandbox.items().map((i) => i.id);
    expect(live.every((id) => all.includes(id))).toBe(true);
  });

  it('given a variation SKU, when searched with exact_query on sku, then exactly that variation returns with its item related', async () => {
    const res = await client.catalog.search({
      objectTypes: ['ITEM_VARIATION'],
      includeRelatedObjects: true,
      query: { exactQuery: { attributeName: 'sku', attributeValue: 'SKU-B' } },
    });
    expect(res.objects).toHaveLength(1);
    const v = res.objects?.[0];
    expect(v?.type === 'ITEM_VARIATION' ? v.itemVariationData?.sku : null).toBe('SKU-B');
    expect(res.relatedObjects?.map((o) => o.type)).toEqual(['ITEM']);
    expect(res.latestTime).toBeTruthy();
  });

  it('given keywords, when searched with text_query, then items whose name tokens start with every keyword match', async () => {
    const res = await client.catalog.search({ objectTypes: ['ITEM'], query: { textQuery: { keywords: ['item', 'p17'] } } });
    expect(res.objects?.map((o) => (o.type === 'ITEM' ? o.itemData?.name : ''))).toEqual(['Item p17', 'Item p170', 'Item p171', 'Item p172', 'Item p173', 'Item p174', 'Item p175', 'Item p176', 'Item p177', 'Item p178', 'Item p179']);
  });

  it('given a search limit, when paging a filtered search, then pages respect the limit and cover all matches once', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await client.catalog.search({ objectTypes: ['ITEM'], limit: 40, cursor, query: { prefixQuery: { attributeName: 'name', attributePrefix: 'Item p1' } } });
      expect(res.objects?.length ?? 0).toBeLessThanOrEqual(40);
      ids.push(...(res.objects ?? []).map((o) => o.id ?? ''));
      cursor = res.cursor;
    } while (cursor);
    expect(ids).toHaveLength(111); // p1, p10-p19, p100-p199
    expect(new Set(ids).size).toBe(111);
  });

  it('given ids, when batch-retrieved with related objects, then items come with variations and unknown ids are skipped', async () => {
    const [a] = sandbox.items().filter((i) => i.item_data?.name === 'Item p1');
    const res = await client.catalog.batchGet({ objectIds: [a?.id ?? '', 'UNKNOWNUNKNOWNUNKNOWN0000'], includeRelatedObjects: true });
    expect(res.objects?.map((o) => o.id)).toEqual([a?.id]);
    const got = res.objects?.[0];
    expect(got?.type === 'ITEM' ? got.itemData?.variations?.length : 0).toBe(1);
  });

  it('given an item, when deleted, then its variations go with it and a read answers NOT_FOUND', async () => {
    const [b] = sandbox.items().filter((i) => i.item_data?.name === 'Item b');
    const variationId = b?.item_data?.variations?.[0]?.id;
    const got = await client.catalog.object.get({ objectId: b?.id ?? '', includeRelatedObjects: true });
    expect(got.object?.id).toBe(b?.id);

    const del = await client.catalog.object.delete({ objectId: b?.id ?? '' });
    expect(del.deletedObjectIds?.sort()).toEqual([b?.id, variationId].sort());
    expect(del.deletedAt).toBeTruthy();

    const err = await squareError(client.catalog.object.get({ objectId: b?.id ?? '' }));
    expect(err.statusCode).toBe(404);
    expect(err.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' });
    const search = await client.catalog.search({ objectTypes: ['ITEM_VARIATION'], includeDeletedObjects: true, query: { exactQuery: { attributeName: 'sku', attributeValue: 'SKU-B' } } });
    expect(search.objects?.[0]?.isDeleted).toBe(true);
  });

  it('given several ids, when batch-deleted, then the response lists every deleted object including variations', async () => {
    const victims = sandbox.items().filter((i) => /^Item p2\d$/.test(i.item_data?.name ?? ''));
    const res = await client.catalog.batchDelete({ objectIds: victims.map((v) => v.id) });
    expect(res.deletedObjectIds).toHaveLength(victims.length * 2);
    expect(sandbox.items().some((i) => /^Item p2\d$/.test(i.item_data?.name ?? ''))).toBe(false);
  });

  it('given a stale version, when the object is upserted, then Square answers VERSION_MISMATCH and nothing changes', async () => {
    const [a] = sandbox.items().filter((i) => i.item_data?.name === 'Item p3');
    const current = (await client.catalog.object.get({ objectId: a?.id ?? '' })).object as Square.CatalogObject.Item;
    const stale = current.version;
    await client.catalog.object.upsert({ idempotencyKey: 'rename-1', object: { ...current, itemData: { ...current.itemData, name: 'Item p3 v2' } } });

    const err = await squareError(client.catalog.object.upsert({ idempotencyKey: 'rename-2', object: { ...current, version: stale, itemData: { ...current.itemData, name: 'Item p3 v3' } } }));
    expect(err.statusCode).toBe(400);
    expect(err.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'VERSION_MISMATCH' });
    expect(sandbox.object(a?.id ?? '')?.item_data?.name).toBe('Item p3 v2');
  });

  it('given no version on an existing object, when upserted, then the latest version is assumed and the write overwrites', async () => {
    const [a] = sandbox.items().filter((i) => i.item_data?.name === 'Item p3 v2');
    const current = (await client.catalog.object.get({ objectId: a?.id ?? '' })).object as Square.CatalogObject.Item;
    const res = await client.catalog.object.upsert({ idempotencyKey: 'rename-3', object: { ...current, version: undefined, itemData: { ...current.itemData, name: 'Item p3 v4' } } });
    expect(res.catalogObject?.version).toBeGreaterThan(current.version ?? 0n);
    expect(sandbox.object(a?.id ?? '')?.item_data?.name).toBe('Item p3 v4');
  });

  it('given the same idempotency key and body, when the batch is replayed, then the original ids come back and nothing is created twice', async () => {
    const request = { idempotencyKey: 'replay-1', batches: [{ objects: [item('r', 'SKU-R')] }] };
    const first = await client.catalog.batchUpsert(request);
    const count = sandbox.items().length;
    const second = await client.catalog.batchUpsert(request);
    expect(second.idMappings).toEqual(first.idMappings);
    expect(second.objects?.[0]?.version).toBe(first.objects?.[0]?.version);
    expect(sandbox.items()).toHaveLength(count);
  });

  it('given a used idempotency key, when sent with a different body, then Square answers IDEMPOTENCY_KEY_REUSED', async () => {
    const count = sandbox.items().length;
    const err = await squareError(client.catalog.batchUpsert({ idempotencyKey: 'replay-1', batches: [{ objects: [item('other', 'SKU-OTHER')] }] }));
    expect(err.statusCode).toBe(400);
    expect(err.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotency_key' });
    expect(sandbox.items()).toHaveLength(count);
    // Keys are scoped per endpoint: the same key on UpsertCatalogObject is a fresh key.
    await client.catalog.object.upsert({ idempotencyKey: 'replay-1', object: item('scoped', 'SKU-SCOPED') });
    expect(sandbox.items()).toHaveLength(count + 1);
  });

  it('given a price in another currency, when upserted, then the batch is refused with INVALID_VALUE on the currency field', async () => {
    const err = await squareError(client.catalog.batchUpsert({ idempotencyKey: 'eur-1', batches: [{ objects: [item('eur', 'SKU-EUR', 900, 'EUR')] }] }));
    expect(err.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'batches[0].objects[0].item_data.variations[0].item_variation_data.price_money.currency' });
    expect(sandbox.items().some((i) => i.item_data?.name === 'Item eur')).toBe(false);
  });

  it('given begin_time, when searching with deleted objects, then only later changes come back, deletions included', async () => {
    const since = new Date(sandbox.state.catalog.version).toISOString();
    const [victim] = sandbox.items().filter((i) => i.item_data?.name === 'Item p5');
    await client.catalog.object.delete({ objectId: victim?.id ?? '' });
    await client.catalog.object.upsert({ idempotencyKey: 'after-begin', object: item('new', 'SKU-NEW') });
    const res = await client.catalog.search({ beginTime: since, includeDeletedObjects: true, objectTypes: ['ITEM'] });
    expect(res.objects?.map((o) => [o.type === 'ITEM' ? o.itemData?.name : '', o.isDeleted])).toEqual([
      ['Item p5', true],
      ['Item new', false],
    ]);
  });

  it('given an item option, its values, a category and an item referencing them by temporary ids, when batch-upserted, then every reference is rewritten', async () => {
    const res = await client.catalog.batchUpsert({
      idempotencyKey: 'options-1',
      batches: [
        {
          objects: [
            { type: 'CATEGORY', id: '#cat', categoryData: { name: 'Shirts' } },
            {
              type: 'ITEM_OPTION',
              id: '#size',
              itemOptionData: { name: 'Size', values: [{ type: 'ITEM_OPTION_VAL', id: '#size-s', itemOptionValueData: { name: 'S' } }, { type: 'ITEM_OPTION_VAL', id: '#size-m', itemOptionValueData: { name: 'M' } }] },
            },
            {
              type: 'ITEM',
              id: '#shirt',
              itemData: {
                name: 'Option Shirt',
                categories: [{ id: '#cat' }],
                itemOptions: [{ itemOptionId: '#size' }],
                variations: ['s', 'm'].map((v) => ({
                  type: 'ITEM_VARIATION' as const,
                  id: `#shirt-${v}`,
                  itemVariationData: { itemId: '#shirt', sku: `SHIRT-${v}`, pricingType: 'FIXED_PRICING' as const, priceMoney: { amount: 2000n, currency: 'USD' as const }, itemOptionValues: [{ itemOptionId: '#size', itemOptionValueId: `#size-${v}` }] },
                })),
              },
            },
          ],
        },
      ],
    });
    const ids = new Map((res.idMappings ?? []).map((m) => [m.clientObjectId, m.objectId]));
    expect(ids.size).toBe(7);
    const shirt = sandbox.object(ids.get('#shirt') ?? '');
    expect(shirt?.item_data?.categories).toEqual([{ id: ids.get('#cat') }]);
    expect(shirt?.item_data?.item_options).toEqual([{ item_option_id: ids.get('#size') }]);
    expect(shirt?.item_data?.variations?.map((v) => v.item_variation_data?.item_option_values)).toEqual([
      [{ item_option_id: ids.get('#size'), item_option_value_id: ids.get('#size-s') }],
      [{ item_option_id: ids.get('#size'), item_option_value_id: ids.get('#size-m') }],
    ]);
    const option = sandbox.object(ids.get('#size') ?? '');
    expect(option?.item_option_data?.values?.map((v) => [v.id, v.item_option_value_data?.item_option_id])).toEqual([
      [ids.get('#size-s'), ids.get('#size')],
      [ids.get('#size-m'), ids.get('#size')],
    ]);
    const related = await client.catalog.object.get({ objectId: ids.get('#shirt') ?? '', includeRelatedObjects: true });
    expect(related.relatedObjects?.map((o) => o.id)).toEqual([ids.get('#cat')]);
  });

  it('given a reference to a temporary id the request does not define, when upserted, then INVALID_VALUE names the field and nothing is written', async () => {
    const count = sandbox.objects().length;
    const err = await squareError(client.catalog.object.upsert({ idempotencyKey: 'dangling-1', object: { type: 'ITEM', id: '#dangling', itemData: { name: 'Dangling', categories: [{ id: '#missing' }] } } }));
    expect(err.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'object.item_data.categories[0].id' });
    expect(sandbox.objects()).toHaveLength(count);
  });

  it('given text and sort order, when SearchCatalogItems pages through, then matching items come sorted by name with matched variations', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await client.catalog.searchItems({ textFilter: 'item p4', sortOrder: 'DESC', limit: 4, cursor });
      names.push(...(res.items ?? []).map((i) => (i.type === 'ITEM' ? (i.itemData?.name ?? '') : '')));
      cursor = res.cursor;
      pages++;
    } while (cursor);
    expect(names).toEqual(['Item p49', 'Item p48', 'Item p47', 'Item p46', 'Item p45', 'Item p44', 'Item p43', 'Item p42', 'Item p41', 'Item p40', 'Item p4']);
    expect(pages).toBe(3);
    const bySku = await client.catalog.searchItems({ textFilter: 'SKU-P42' });
    expect(bySku.items?.map((i) => (i.type === 'ITEM' ? i.itemData?.name : ''))).toEqual(['Item p42']);
    expect(bySku.matchedVariationIds).toHaveLength(1);
  });

  it('given the seller, when locations and catalog info are read, then they follow the spec shapes', async () => {
    const locations = await client.locations.list();
    expect(locations.locations?.map((l) => [l.id, l.currency, l.status])).toEqual([[LOCATION, 'USD', 'ACTIVE']]);
    expect((await client.locations.get({ locationId: LOCATION })).location?.name).toBe('Main Street');
    const info = await client.catalog.info();
    expect(info.limits?.batchUpsertMaxObjectsPerBatch).toBe(1000);
    expect(info.limits?.batchUpsertMaxTotalObjects).toBe(10000);
    const missing = await squareError(client.locations.get({ locationId: 'NOPE' }));
    expect(missing.statusCode).toBe(404);
  });

  it('given a wrong access token, when calling any endpoint, then the body is Square\u2019s 401 AUTHENTICATION_ERROR', async () => {
    const bad = new SquareClient({ token: 'wrong', baseUrl, maxRetries: 0 });
    const err = await squareError(bad.catalog.info());
    expect(err.statusCode).toBe(401);
    const raw = await fetch(`${baseUrl}/v2/catalog/list`);
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'This request could not be authorized.' }] });
  });

  it('given every exchange above, when checked against the OpenAPI spec, then no contract violation was recorded', () => {
    expect(sandbox.server.violations).toEqual([]);
  });
});
