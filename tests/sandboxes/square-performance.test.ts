import { describe, expect, it } from 'vitest';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { demoCatalog } from '../../sandboxes/square/seed';

/**
 * In-process performance of the Square sandbox (server.dispatch, no sockets).
 *
 * Budgets are for a quiet developer machine. Shared CI boxes and this repo's
 * parallel benchmarks can slow everything several-fold, so each budget is
 * scaled by a calibration: the best time of a fixed JSON round-trip workload
 * (about 5 ms on a quiet machine). Budgets only ever grow with that factor.
 */

const REFERENCE_MS = 5;

function calibration(): number {
  const payload = { objects: demoCatalog(1000, 'USD', 1) };
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    JSON.parse(JSON.stringify(payload));
    JSON.parse(JSON.stringify(payload));
    times.push(performance.now() - t);
  }
  return Math.max(1, Math.min(...times) / REFERENCE_MS);
}

async function upsert(sandbox: SquareSandbox, run: number, count: number): Promise<number> {
  const json = { idempotency_key: `perf-${run}`, batches: [{ objects: demoCatalog(count, 'USD', 1, run * count) }] };
  const t = performance.now();
  const res = await sandbox.server.dispatch({ method: 'POST', path: '/v2/catalog/batch-upsert', query: new URLSearchParams(), headers: { authorization: 'Bearer perf' }, rawBody: Buffer.from(JSON.stringify(json)), json });
  const ms = performance.now() - t;
  expect(res.status).toBe(200);
  return ms;
}

async function listPage(sandbox: SquareSandbox, cursor: string | undefined): Promise<{ ms: number; cursor?: string; count: number }> {
  const query = new URLSearchParams({ types: 'ITEM', ...(cursor ? { cursor } : {}) });
  const t = performance.now();
  const res = await sandbox.server.dispatch({ method: 'GET', path: '/v2/catalog/list', query, headers: { authorization: 'Bearer perf' }, rawBody: Buffer.alloc(0), json: undefined });
  const ms = performance.now() - t;
  const body = res.body as { objects?: unknown[]; cursor?: string };
  return { ms, cursor: body.cursor, count: body.objects?.length ?? 0 };
}

describe('Square sandbox: in-process performance', () => {
  it('given a warm sandbox, when 1,000 items (+1,000 variations) are batch-upserted, then the best run is well under 50 ms (calibrated)', async () => {
    const factor = calibration();
    const sandbox = createSquareSandbox({ accessToken: 'perf', validateContract: false });
    const times: number[] = [];
    for (let run = 0; run < 7; run++) times.push(await upsert(sandbox, run, 1000));
    expect(sandbox.counts()).toEqual({ ITEM: 7000, ITEM_VARIATION: 7000 });
    expect(Math.min(...times)).toBeLessThan(50 * factor);
    await sandbox.stop();
  });

  it('given contract validation on, when 1,000 items are batch-upserted, then request and response checks still fit in 100 ms (calibrated)', async () => {
    const factor = calibration();
    const sandbox = createSquareSandbox({ accessToken: 'perf' });
    const times: number[] = [];
    for (let run = 0; run < 5; run++) times.push(await upsert(sandbox, run, 1000));
    expect(sandbox.server.violations).toEqual([]);
    expect(Math.min(...times)).toBeLessThan(100 * factor);
    await sandbox.stop();
  });

  it('given 30,000 items, when ListCatalog is paged to the end, then late pages cost what early pages cost (ordered index, no scans)', async () => {
    const factor = calibration();
    const sandbox = createSquareSandbox({ accessToken: 'perf', validateContract: false });
    for (let run = 0; run < 30; run++) sandbox.state.writeCatalog(demoCatalog(1000, 'USD', 1, run * 1000), 'objects');
    const pages: number[] = [];
    let cursor: string | undefined;
    let total = 0;
    do {
      const page = await listPage(sandbox, cursor);
      pages.push(page.ms);
      total += page.count;
      cursor = page.cursor;
    } while (cursor);
    expect(total).toBe(30_000);
    expect(pages).toHaveLength(300);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const early = median(pages.slice(5, 50));
    const late = median(pages.slice(-45));
    expect(late).toBeLessThan(early * 3 + 2 * factor);
    expect(median(pages)).toBeLessThan(10 * factor);
    await sandbox.stop();
  });
});
