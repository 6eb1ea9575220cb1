import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SquareClient, type Square } from 'square';
import { takeViolations } from '../../sandboxes/framework/server';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { squareError } from './square-pos-harness';

/**
 * Catalog images in the Square sandbox, driven by Square's official Node SDK
 * (square 46: `catalog.images.create` / `catalog.images.update`, multipart
 * uploads), with every exchange checked against the published spec. Raw
 * fetch only where the point is a body the SDK cannot send.
 */

const TOKEN = 'EAAAEsandbox-images-token';
let sandbox: SquareSandbox;
let client: SquareClient;
let baseUrl: string;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\r\n--not-a-boundary\r\n png body')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF jpeg body')]);
const GIF = Buffer.from('GIF89a gif body');

const blob = (bytes: Buffer, type?: string): Blob => new Blob([bytes], type === undefined ? {} : { type });


/** An item with one variation; returns [itemId, variationId]. */
async function newItem(tag: string): Promise<[string, string]> {
  const res = await client.catalog.object.upsert({
    idempotencyKey: `item-${tag}`,
    object: {
      type: 'ITEM',
      id: `#${tag}`,
      itemData: { name: `Item ${tag}`, variations: [{ type: 'ITEM_VARIATION', id: `#${tag}-v`, itemVariationData: { itemId: `#${tag}`, name: 'Regular', pricingType: 'VARIABLE_PRICING' } }] },
    },
  });
  const item = res.catalogObject;
  const variation = item?.type === 'ITEM' ? item.itemData?.variations?.[0] : undefined;
  return [item?.id ?? '', variation?.id ?? ''];
}

/** An IMAGE as CreateCatalogImage answered it. */
interface Uploaded {
  id: string;
  version: bigint;
  url: string;
  object: Square.CatalogObject;
}

async function upload(key: string, bytes: Buffer, opts: { objectId?: string; isPrimary?: boolean; type?: string; name?: string } = {}): Promise<Uploaded> {
  const res = await client.catalog.images.create({
    request: {
      idempotencyKey: key,
      ...(opts.objectId ? { objectId: opts.objectId } : {}),
      ...(opts.isPrimary !== undefined ? { isPrimary: opts.isPrimary } : {}),
      image: { type: 'IMAGE', id: `#${key}`, imageData: { name: opts.name ?? `Image ${key}`, caption: `Caption ${key}` } },
    },
    imageFile: blob(bytes, opts.type ?? 'image/png'),
  });
  const image = res.image;
  expect(image?.type).toBe('IMAGE');
  return { id: image?.id ?? '', version: image?.version ?? 0n, url: urlOf(image), object: image as Square.CatalogObject };
}

const urlOf = (o: Square.CatalogObject | undefined): string => (o?.type === 'IMAGE' ? (o.imageData?.url ?? '') : '');
const imageIdsOf = async (id: string): Promise<string[] | null | undefined> => {
  const o = (await client.catalog.object.get({ objectId: id })).object;
  return o?.type === 'ITEM' ? o.itemData?.imageIds : o?.type === 'ITEM_VARIATION' ? o.itemVariationData?.imageIds : undefined;
};

async function fetchFile(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  sandbox = createSquareSandbox({ accessToken: TOKEN });
  baseUrl = await sandbox.start(0);
  client = new SquareClient({ token: TOKEN, baseUrl, maxRetries: 0 });
});

afterAll(async () => {
  expect(sandbox.server.violations).toEqual([]);
  await sandbox.stop();
});

describe('Square sandbox: CreateCatalogImage / UpdateCatalogImage through the official SDK', () => {
  it('given an item, when a PNG is uploaded for it, then the IMAGE keeps name and caption, gets an id and a CDN url that serves exactly the bytes', async () => {
    const [itemId] = await newItem('mug');
    const before = (await client.catalog.object.get({ objectId: itemId })).object?.version;
    const events = sandbox.state.webhooks.events.length;

    const image = await upload('mug-1', PNG, { objectId: itemId });

    expect(image.id).toMatch(/^[A-Z2-7]{24}$/);
    expect(image.object).toMatchObject({ type: 'IMAGE', isDeleted: false, imageData: { name: 'Image mug-1', caption: 'Caption mug-1' } });
    expect(image.url).toMatch(new RegExp(`^${baseUrl}/files/[0-9a-f]{40}/original\\.png$`));
    const file = await fetchFile(image.url);
    expect(file).toEqual({ status: 200, type: 'image/png', bytes: PNG });
    // The item lists the image and carries the upload's catalog version; catalog.version.updated fired.
    const item = (await client.catalog.object.get({ objectId: itemId })).object;
    expect(item?.type === 'ITEM' ? item.itemData?.imageIds : null).toEqual([image.id]);
    expect(item?.version).toBe(image.version);
    expect(item?.version).toBeGreaterThan(before ?? 0n);
    expect(sandbox.state.webhooks.events.slice(events).map((e) => e.type)).toContain('catalog.version.updated');
  });

  it('given an item with images, when more are uploaded, then they are appended and is_primary puts one first; variations take images too', async () => {
    const [itemId, variationId] = await newItem('cup');
    const a = await upload('cup-a', PNG, { objectId: itemId });
    const b = await upload('cup-b', JPEG, { objectId: itemId, type: 'image/jpeg', isPrimary: false });
    const c = await upload('cup-c', GIF, { objectId: itemId, type: 'image/gif', isPrimary: true });
    expect(await imageIdsOf(itemId)).toEqual([c.id, a.id, b.id]);
    expect(b.url).toMatch(/\/original\.jpeg$/);
    expect(await fetchFile(c.url)).toEqual({ status: 200, type: 'image/gif', bytes: GIF });

    const v = await upload('cup-v', PNG, { objectId: variationId });
    expect(await imageIdsOf(variationId)).toEqual([v.id]);
    expect(await imageIdsOf(itemId)).toEqual([c.id, a.id, b.id]);
  });

  it('given a Square-Version before 2021-12-15, when is_primary is left out, then the new image becomes the first (the old default)', async () => {
    const [itemId] = await newItem('old-version');
    const a = await upload('old-a', PNG, { objectId: itemId });
    const { data, rawResponse } = await client.catalog.images
      .create(
        { request: { idempotencyKey: 'old-b', objectId: itemId, image: { type: 'IMAGE', id: '#old-b', imageData: { name: 'b' } } }, imageFile: blob(PNG, 'image/png') },
        { headers: { 'Square-Version': '2021-06-16' } },
      )
      .withRawResponse();
    expect(rawResponse.headers.get('square-version')).toBe('2021-06-16');
    expect(await imageIdsOf(itemId)).toEqual([data.image?.id, a.id]);
  });

  it('given no object_id, when uploaded, then the IMAGE is unattached and listed by ListCatalog, SearchCatalogObjects and BatchRetrieve', async () => {
    const image = await upload('loose-1', GIF, { type: 'image/gif', name: 'Loose sunset' });
    const listed: string[] = [];
    for await (const o of await client.catalog.list({ types: 'IMAGE' })) listed.push(o.id ?? '');
    expect(listed).toContain(image.id);
    const found = await client.catalog.search({ objectTypes: ['IMAGE'], query: { exactQuery: { attributeName: 'name', attributeValue: 'Loose sunset' } } });
    expect(found.objects?.map((o) => o.id)).toEqual([image.id]);
    const got = await client.catalog.batchGet({ objectIds: [image.id] });
    expect(urlOf(got.objects?.[0])).toBe(image.url);
    // An item listing it brings it along as a related object.
    const [itemId] = await newItem('related');
    const withImage = await client.catalog.object.get({ objectId: itemId });
    const current = withImage.object as Square.CatalogObject.Item;
    await client.catalog.object.upsert({ idempotencyKey: 'related-attach', object: { ...current, itemData: { ...current.itemData, imageIds: [image.id] } } });
    const related = await client.catalog.batchGet({ objectIds: [itemId], includeRelatedObjects: true });
    expect(related.relatedObjects?.map((o) => o.id)).toContain(image.id);
  });

  it('given the same idempotency key, when the same upload is retried, then the first answer is replayed and one IMAGE exists; another file under that key is refused', async () => {
    const [itemId] = await newItem('retry');
    const count = sandbox.counts().IMAGE ?? 0;
    const first = await upload('retry-1', PNG, { objectId: itemId });
    const again = await upload('retry-1', PNG, { objectId: itemId });
    expect(again.id).toBe(first.id);
    expect(again.url).toBe(first.url);
    expect(sandbox.counts().IMAGE).toBe(count + 1);
    expect(await imageIdsOf(itemId)).toEqual([first.id]);

    const err = await squareError(upload('retry-1', JPEG, { objectId: itemId, type: 'image/jpeg' }));
    expect(err.statusCode).toBe(400);
    expect(err.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotency_key' });
    expect(sandbox.counts().IMAGE).toBe(count + 1);
  });

  it('given files that are not JPEG, PJPEG, PNG or GIF, when uploaded, then 400 INVALID_CONTENT_TYPE says why and nothing is created', async () => {
    const count = sandbox.counts().IMAGE ?? 0;
    const text = await squareError(upload('text-1', Buffer.from('just some text'), { type: 'text/plain' }));
    expect(text.statusCode).toBe(400);
    expect(text.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_CONTENT_TYPE', field: 'image_file' });
    expect(text.errors[0]?.detail).toContain('image/jpeg image/pjpeg image/png image/x-png image/gif');
    expect(text.errors[0]?.detail).toContain('text/plain');

    // Declared as a PNG, but the bytes say otherwise.
    const disguised = await squareError(upload('text-2', Buffer.from('just some text'), { type: 'image/png' }));
    expect(disguised.errors[0]).toMatchObject({ code: 'INVALID_CONTENT_TYPE', field: 'image_file' });
    expect(disguised.errors[0]?.detail).toContain('is not a JPEG, PJPEG, PNG or GIF image');

    // A real PNG in an untyped Blob goes out as application/octet-stream, which Square refuses.
    const untyped = await squareError(client.catalog.images.create({ request: { idempotencyKey: 'untyped', image: { type: 'IMAGE', id: '#u' } }, imageFile: blob(PNG) }));
    expect(untyped.errors[0]).toMatchObject({ code: 'INVALID_CONTENT_TYPE' });
    expect(untyped.errors[0]?.detail).toContain('application/octet-stream');
    expect(sandbox.counts().IMAGE ?? 0).toBe(count);
  });

  it('given a file over 15 MB, when uploaded, then 400 BAD_REQUEST names the limit', async () => {
    const big = Buffer.alloc(15 * 1024 * 1024 + 1, 0x20);
    PNG.copy(big);
    const err = await squareError(upload('big-1', big));
    expect(err.statusCode).toBe(400);
    expect(err.errors[0]).toMatchObject({ code: 'BAD_REQUEST', field: 'image_file' });
    expect(err.errors[0]?.detail).toContain('15 MB');
  });

  it('given an object_id that does not exist, when uploaded, then 404 NOT_FOUND; a TAX is not something images attach to (400)', async () => {
    const count = sandbox.counts().IMAGE ?? 0;
    const missing = await squareError(upload('nowhere-1', PNG, { objectId: 'NOSUCHOBJECT0000000000000' }));
    expect(missing.statusCode).toBe(404);
    expect(missing.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', field: 'object_id' });

    const tax = await client.catalog.object.upsert({ idempotencyKey: 'tax-1', object: { type: 'TAX', id: '#tax', taxData: { name: 'VAT', percentage: '10' } } });
    const wrong = await squareError(upload('nowhere-2', PNG, { objectId: tax.catalogObject?.id ?? '' }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'object_id' });
    expect(sandbox.counts().IMAGE ?? 0).toBe(count);
  });

  it('given an attached image, when it is deleted (singly or in a batch), then it leaves the item\u2019s image_ids and its url stops serving', async () => {
    const [itemId, variationId] = await newItem('plate');
    const a = await upload('plate-a', PNG, { objectId: itemId });
    const b = await upload('plate-b', JPEG, { objectId: itemId, type: 'image/jpeg' });
    // The same image listed by the variation too.
    const variation = (await client.catalog.object.get({ objectId: variationId })).object as Square.CatalogObject.ItemVariation;
    await client.catalog.object.upsert({ idempotencyKey: 'plate-v', object: { ...variation, itemVariationData: { ...variation.itemVariationData, imageIds: [a.id] } } });

    const deleted = await client.catalog.object.delete({ objectId: a.id });
    expect(deleted.deletedObjectIds).toEqual([a.id]);
    expect(await imageIdsOf(itemId)).toEqual([b.id]);
    expect(await imageIdsOf(variationId)).toBeUndefined();
    const item = (await client.catalog.object.get({ objectId: itemId })).object;
    expect(item?.updatedAt).toBe(deleted.deletedAt);
    expect((await fetchFile(a.url)).status).toBe(404);

    await client.catalog.batchDelete({ objectIds: [b.id] });
    expect(await imageIdsOf(itemId)).toBeUndefined();
    const gone = await client.catalog.batchGet({ objectIds: [a.id, b.id], includeDeletedObjects: true });
    expect(gone.objects?.map((o) => o.isDeleted)).toEqual([true, true]);
  });

  it('given an item upsert naming an image id that is not a live IMAGE, when sent, then 400 INVALID_VALUE names the entry and nothing changes', async () => {
    const [itemId] = await newItem('bowl');
    const img = await upload('bowl-a', PNG, { objectId: itemId });
    const current = (await client.catalog.object.get({ objectId: itemId })).object as Square.CatalogObject.Item;

    const err = await squareError(client.catalog.object.upsert({ idempotencyKey: 'bowl-bad', object: { ...current, itemData: { ...current.itemData, imageIds: [img.id, 'NOSUCHIMAGE000000000000'] } } }));
    expect(err.statusCode).toBe(400);
    expect(err.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_VALUE', field: 'object.item_data.image_ids[1]' });
    // Another object type (here the item itself) is no image either, nor is a deleted image.
    const notImage = await squareError(client.catalog.batchUpsert({ idempotencyKey: 'bowl-bad-2', batches: [{ objects: [{ ...current, itemData: { ...current.itemData, imageIds: [itemId] } }] }] }));
    expect(notImage.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'batches[0].objects[0].item_data.image_ids[0]' });
    expect(await imageIdsOf(itemId)).toEqual([img.id]);
  });

  it('given an item with images, when upserted without image_ids (no sparse updates), then it lists none and the images stay, unattached', async () => {
    const [itemId] = await newItem('jug');
    const img = await upload('jug-a', PNG, { objectId: itemId });
    const current = (await client.catalog.object.get({ objectId: itemId })).object as Square.CatalogObject.Item;
    const { imageIds: _dropped, ...data } = current.itemData ?? {};

    await client.catalog.object.upsert({ idempotencyKey: 'jug-no-images', object: { ...current, itemData: data } });
    expect(await imageIdsOf(itemId)).toBeUndefined();
    const still = await client.catalog.object.get({ objectId: img.id });
    expect(still.object?.isDeleted).toBe(false);
    expect((await fetchFile(urlOf(still.object))).status).toBe(200);
  });

  it('given IMAGE objects in upserts, when a new one is sent it is refused; an existing one takes a new name and caption but keeps its url', async () => {
    const created = await squareError(client.catalog.object.upsert({ idempotencyKey: 'img-upsert-new', object: { type: 'IMAGE', id: '#fresh', imageData: { name: 'x', url: 'https://example.com/x.png' } } }));
    expect(created.statusCode).toBe(400);
    expect(created.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'object.type' });
    expect(created.errors[0]?.detail).toContain('CreateCatalogImage');

    const img = await upload('renamed-a', PNG);
    const res = await client.catalog.batchUpsert({
      idempotencyKey: 'img-rename',
      batches: [{ objects: [{ type: 'IMAGE', id: img.id, version: img.version, imageData: { name: 'New name', caption: 'New caption', url: 'https://example.com/elsewhere.png' } }] }],
    });
    expect(res.objects?.[0]).toMatchObject({ id: img.id, imageData: { name: 'New name', caption: 'New caption', url: img.url } });
    expect(res.objects?.[0]?.version).toBeGreaterThan(img.version);
  });

  it('given an image, when UpdateCatalogImage sends a new file, then the url changes and serves the new bytes; name, caption and attachments stay', async () => {
    const [itemId] = await newItem('vase');
    const img = await upload('vase-a', PNG, { objectId: itemId });

    const res = await client.catalog.images.update({ imageId: img.id, request: { idempotencyKey: 'vase-update' }, imageFile: blob(JPEG, 'image/jpeg') });
    const updated = res.image;
    expect(updated?.id).toBe(img.id);
    expect(updated).toMatchObject({ type: 'IMAGE', imageData: { name: 'Image vase-a', caption: 'Caption vase-a' } });
    expect(urlOf(updated)).not.toBe(img.url);
    expect(urlOf(updated)).toMatch(/\/original\.jpeg$/);
    expect(updated?.version).toBeGreaterThan(img.version);
    expect(await fetchFile(urlOf(updated))).toEqual({ status: 200, type: 'image/jpeg', bytes: JPEG });
    expect((await fetchFile(img.url)).status).toBe(404);
    expect(await imageIdsOf(itemId)).toEqual([img.id]);

    // Replayed under the same key: same answer, no new file.
    const replay = await client.catalog.images.update({ imageId: img.id, request: { idempotencyKey: 'vase-update' }, imageFile: blob(JPEG, 'image/jpeg') });
    expect(urlOf(replay.image)).toBe(urlOf(updated));

    const missing = await squareError(client.catalog.images.update({ imageId: 'NOSUCHIMAGE000000000000', request: { idempotencyKey: 'vase-missing' }, imageFile: blob(PNG, 'image/png') }));
    expect(missing.statusCode).toBe(404);
    expect(missing.errors[0]).toMatchObject({ code: 'NOT_FOUND' });
    // An item is not an image either.
    const notImage = await squareError(client.catalog.images.update({ imageId: itemId, request: { idempotencyKey: 'vase-item' }, imageFile: blob(PNG, 'image/png') }));
    expect(notImage.statusCode).toBe(404);
  });

  it('given the sandbox is reset, when an old image url is fetched, then it is gone', async () => {
    const other = createSquareSandbox({ accessToken: TOKEN });
    const url = await other.start(0);
    try {
      const c = new SquareClient({ token: TOKEN, baseUrl: url, maxRetries: 0 });
      const res = await c.catalog.images.create({ request: { idempotencyKey: 'reset-1', image: { type: 'IMAGE', id: '#r' } }, imageFile: blob(PNG, 'image/png') });
      expect((await fetchFile(urlOf(res.image))).status).toBe(200);
      await fetch(`${url}/_sandbox/reset`, { method: 'POST' });
      expect((await fetchFile(urlOf(res.image))).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});

describe('Square sandbox: malformed image uploads (raw HTTP)', () => {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const form = (parts: Record<string, string | Blob>): FormData => {
    const f = new FormData();
    for (const [k, v] of Object.entries(parts)) f.append(k, v);
    return f;
  };
  const request = (extra: Record<string, unknown> = {}): string => JSON.stringify({ idempotency_key: `raw-${Math.random()}`, image: { type: 'IMAGE', id: '#raw' }, ...extra });
  const post = async (body: FormData | string, headers: Record<string, string> = {}): Promise<{ status: number; errors: { code: string; field?: string; detail?: string }[] }> => {
    const res = await fetch(`${baseUrl}/v2/catalog/images`, { method: 'POST', headers: { ...auth, ...headers }, body });
    return { status: res.status, errors: ((await res.json()) as { errors: { code: string; field?: string; detail?: string }[] }).errors };
  };

  it('given a JSON body instead of multipart, when posted, then 400 INVALID_CONTENT_TYPE and the contract check records the wrong body', async () => {
    const res = await post(request(), { 'content-type': 'application/json' });
    expect(res).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'INVALID_CONTENT_TYPE', detail: expect.stringContaining('multipart/form-data') })] });
    expect(takeViolations(sandbox.server).flatMap((v) => v.messages)).toEqual(['CreateCatalogImage request /: request body is not the multipart/form-data the spec declares: the Content-Type is not multipart/form-data']);
  });

  it('given multipart bodies missing a part or with a request that is not JSON, when posted, then 400 with the part named', async () => {
    expect(await post(form({ image_file: blob(PNG, 'image/png') }))).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'BAD_REQUEST', field: 'request' })] });
    expect(await post(form({ request: request() }))).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'BAD_REQUEST', field: 'image_file' })] });
    expect(await post(form({ request: '{not json', image_file: blob(PNG, 'image/png') }))).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'BAD_REQUEST', field: 'request', detail: expect.stringContaining('not valid JSON') })] });
    expect(await post(form({ request: request(), image_file: blob(Buffer.alloc(0), 'image/png') }))).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'BAD_REQUEST', field: 'image_file' })] });
    // The request that is not JSON breaks the spec's schema (request: object); the others don't.
    expect(takeViolations(sandbox.server).flatMap((v) => v.messages)).toEqual([expect.stringContaining('CreateCatalogImage request /request: must be object')]);
  });

  it('given a multipart body cut short, when posted, then 400 BAD_REQUEST says it could not be parsed', async () => {
    const res = await post('--b\r\nContent-Disposition: form-data; name="request"\r\n\r\n{}', { 'content-type': 'multipart/form-data; boundary=b' });
    expect(res).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'BAD_REQUEST', detail: expect.stringContaining('could not be parsed') })] });
    expect(takeViolations(sandbox.server)).toHaveLength(1);
  });

  it('given a request JSON that breaks the spec, when posted, then the field errors name the JSON fields as the client sent them', async () => {
    const res = await post(form({ request: JSON.stringify({ image: { type: 'IMAGE', id: '#x' }, is_primary: 'yes' }), image_file: blob(PNG, 'image/png') }));
    expect(res.status).toBe(400);
    expect(res.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'MISSING_REQUIRED_PARAMETER', field: 'idempotency_key' }),
        expect.objectContaining({ code: 'EXPECTED_BOOLEAN', field: 'is_primary' }),
      ]),
    );
    expect(takeViolations(sandbox.server).flatMap((v) => v.messages)).toEqual(expect.arrayContaining([expect.stringContaining("CreateCatalogImage request /request: must have required property 'idempotency_key'")]));
  });

  it('given two request parts, when posted, then 400 INVALID_CONTENT_TYPE', async () => {
    const f = form({ request: request(), image_file: blob(PNG, 'image/png') });
    f.append('request', request());
    expect(await post(f)).toEqual({ status: 400, errors: [expect.objectContaining({ code: 'INVALID_CONTENT_TYPE', field: 'request' })] });
  });

  it('given a well-formed upload from the Fetch API FormData, when posted, then it is accepted like the SDK\u2019s', async () => {
    const res = await fetch(`${baseUrl}/v2/catalog/images`, { method: 'POST', headers: auth, body: form({ request: request(), image_file: new File([PNG], 'pic.png', { type: 'image/png' }) }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { image: { image_data: { url: string } } };
    expect((await fetchFile(body.image.image_data.url)).bytes.equals(PNG)).toBe(true);
  });

  it('given the CDN, when asked for an unknown token or the wrong extension, then 404; no auth is needed for a known file', async () => {
    expect((await fetchFile(`${baseUrl}/files/${'0'.repeat(40)}/original.png`)).status).toBe(404);
    const img = await upload('cdn-1', PNG);
    expect((await fetchFile(img.url.replace(/\.png$/, '.gif'))).status).toBe(404);
    expect((await fetchFile(img.url)).status).toBe(200);
  });
});
