import { afterEach, describe, expect, it } from 'vitest';
import { SquareClient, SquareError } from 'square';
import { takeViolations } from '../../sandboxes/framework/server';
import { createSquareSandbox, type SquareSandbox, type SquareSandboxOptions } from '../../sandboxes/square';

/**
 * The HTTP envelope around the Square sandbox: error shapes, Square-Version,
 * rate limits, injected faults, request validation and the /_sandbox/ admin
 * routes. Raw fetch where the exact bytes matter, the SDK where its error
 * handling is the point.
 */

const TOKEN = 'EAAAEsandbox-http-token';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
let sandbox: SquareSandbox | null = null;

async function start(opts: Partial<SquareSandboxOptions> = {}): Promise<string> {
  sandbox = createSquareSandbox({ accessToken: TOKEN, ...opts });
  return sandbox.start(0);
}

afterEach(async () => {
  await sandbox?.stop();
  sandbox = null;
});

describe('Square sandbox: HTTP behaviour', () => {
  it('given custom limits of 2 req/s, when 5 requests burst, then the excess gets 429 RATE_LIMITED', async () => {
    const url = await start({ limits: { requestsPerSecond: 2 } });
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(`${url}/v2/locations`, { headers: auth })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const limited = responses.find((r) => r.status === 429);
    expect(await limited?.json()).toEqual({ errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED', detail: expect.any(String) }] });
  });

  it('given 1 req/s, when the SDK calls twice in a row, then the second is a RATE_LIMIT_ERROR SquareError and a second later it passes', async () => {
    const url = await start({ limits: { requestsPerSecond: 1 } });
    const client = new SquareClient({ token: TOKEN, baseUrl: url, maxRetries: 0 });
    await client.locations.list();
    const err = await client.locations.list().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SquareError);
    expect((err as SquareError).statusCode).toBe(429);
    expect((err as SquareError).errors[0]).toMatchObject({ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' });

    await new Promise((r) => setTimeout(r, 1100));
    expect((await client.locations.list()).locations).toHaveLength(1);
  });

  it('given limits off, when 60 requests burst, then none is limited; switching to custom limits at runtime takes effect', async () => {
    const url = await start({ limits: 'off' });
    const statuses = await Promise.all(Array.from({ length: 60 }, () => fetch(`${url}/v2/catalog/info`, { headers: auth }).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    const set = await fetch(`${url}/_sandbox/limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limits: { requests_per_second: 1 } }) });
    expect(set.status).toBe(200);
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await fetch(`${url}/v2/catalog/info`, { headers: auth })).status);
    expect(after).toEqual([200, 429, 429]);
  });

  it('given a 100% 5xx fault rate, when calling the API, then Square\u2019s API_ERROR / INTERNAL_SERVER_ERROR body comes back', async () => {
    const url = await start({ faults: { error5xxRate: 1 } });
    const res = await fetch(`${url}/v2/catalog/list`, { headers: auth });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR', detail: expect.any(String) }] });
    expect(sandbox?.server.violations).toEqual([]);
  });

  it('given malformed JSON, when posting, then 400 INVALID_REQUEST_ERROR / BAD_REQUEST', async () => {
    const url = await start();
    const res = await fetch(`${url}/v2/catalog/search`, { method: 'POST', headers: auth, body: '{"object_types": [' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST', detail: expect.any(String) }] });
    // The unparseable request is itself recorded as a contract violation (provoked on purpose here).
    expect(takeViolations(sandbox!.server).map((v) => v.path)).toEqual(['/v2/catalog/search']);
  });

  it('given an unknown route, when called, then a Square-style 404 NOT_FOUND', async () => {
    const url = await start();
    const res = await fetch(`${url}/v2/catalog/nope`, { headers: auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: expect.any(String) }] });
  });

  it('given a Square-Version header, when calling, then it is echoed; without one the spec version 2025-10-16 is', async () => {
    const url = await start();
    const pinned = await fetch(`${url}/v2/locations`, { headers: { ...auth, 'square-version': '2024-01-18' } });
    expect(pinned.headers.get('square-version')).toBe('2024-01-18');
    const plain = await fetch(`${url}/v2/locations`, { headers: auth });
    expect(plain.headers.get('square-version')).toBe('2025-10-16');
    const bad = await fetch(`${url}/v2/locations`, { headers: { ...auth, 'square-version': 'latest' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('INVALID_SQUARE_VERSION_FORMAT');
  });

  it('given a request that breaks the spec, when posted, then Square-style field errors come back and the violation is recorded', async () => {
    const url = await start();
    const res = await fetch(`${url}/v2/catalog/batch-upsert`, { method: 'POST', headers: auth, body: JSON.stringify({ batches: [{ objects: [{ type: 'NOT_A_TYPE', id: '#x' }] }] }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { code: string; field?: string }[] };
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'MISSING_REQUIRED_PARAMETER', field: 'idempotency_key' }),
        expect.objectContaining({ code: 'INVALID_ENUM_VALUE', field: 'batches[0].objects[0].type' }),
      ]),
    );
    expect(takeViolations(sandbox!.server).flatMap((v) => v.messages)).toEqual(
      expect.arrayContaining([expect.stringContaining("BatchUpsertCatalogObjects request /: must have required property 'idempotency_key'")]),
    );
    expect(sandbox?.counts()).toEqual({});
  });

  it('given oversize batches or a forged cursor, when sent, then Square\u2019s limits and INVALID_CURSOR apply', async () => {
    const url = await start();
    const del = await fetch(`${url}/v2/catalog/batch-delete`, { method: 'POST', headers: auth, body: JSON.stringify({ object_ids: Array.from({ length: 201 }, (_, i) => `ID${i}`) }) });
    expect(del.status).toBe(400);
    expect(((await del.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('ARRAY_LENGTH_TOO_LONG');
    const list = await fetch(`${url}/v2/catalog/list?cursor=forged`, { headers: auth });
    expect(list.status).toBe(400);
    expect(((await list.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('INVALID_CURSOR');
  });

  it('given the admin routes, when seeding, inspecting, editing as the seller and resetting, then the state follows', async () => {
    const url = await start();
    const seeded = (await (await fetch(`${url}/_sandbox/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: 12 }) })).json()) as { counts: Record<string, number> };
    expect(seeded.counts).toEqual({ ITEM: 12, ITEM_VARIATION: 24 });

    const [first] = sandbox?.items() ?? [];
    const edit = await fetch(`${url}/_sandbox/dashboard/items/${first?.id ?? ''}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Seller rename', price_amount: 4200 }) });
    expect(edit.status).toBe(200);
    expect(sandbox?.object(first?.id ?? '')?.item_data?.name).toBe('Seller rename');
    expect(sandbox?.object(first?.id ?? '')?.item_data?.variations?.[0]?.item_variation_data?.price_money).toEqual({ amount: 4200, currency: 'USD' });

    const state = (await (await fetch(`${url}/_sandbox/state`)).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ counts: { ITEM: 12, ITEM_VARIATION: 24 }, limits: 'off', contract_violations: 0 });
    expect(state.catalog_version).toBe(sandbox?.state.catalog.version);

    await fetch(`${url}/_sandbox/reset`, { method: 'POST' });
    expect(sandbox?.counts()).toEqual({});
  });
});
