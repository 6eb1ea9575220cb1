import { createShopifySandbox } from '../sandboxes/shopify';
import { createSquareSandbox, type SquareSandbox } from '../sandboxes/square';
import { demoCatalog } from '../sandboxes/square/seed';

/**
 * `npm run bench -- sandboxes`: how fast the vendor sandboxes answer, in
 * process (no sockets), so the catalog benchmarks measure Switchyard rather
 * than the stand-ins. Targets: a Shopify page of 50 products with variants
 * < 20 ms; a Square batch-upsert of 1,000 items < 50 ms (< 100 ms with the
 * OpenAPI contract check); late ListCatalog pages cost what early ones do.
 */

const PAGE = `query Page($after: String) {
  products(first: 50, after: $after) {
    edges { cursor node { id title handle status updatedAt vendor productType tags
      variants(first: 6) { edges { node { id sku price compareAtPrice barcode selectedOptions { name value } updatedAt } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface PageBody {
  data: { products: { edges: { node: { id: string; variants: { edges: unknown[] } } }[]; pageInfo: { endCursor: string } } };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const r2 = (n: number) => Math.round(n * 100) / 100;

async function shopifyPages(products: number, pages: number) {
  const sandbox = createShopifySandbox({ shop: 'bench.myshopify.com', accessToken: 'bench', webhookSecret: 'bench', seed: { products, seed: 9 }, limits: 'off' });
  let after: string | null = null;
  const cpu: number[] = [];
  let variants = 0;
  for (let page = 0; page < pages; page++) {
    const c = process.cpuUsage();
    const res = await sandbox.graphql(PAGE, { after });
    const body = JSON.parse(JSON.stringify(res.body)) as PageBody;
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    for (const e of body.data.products.edges) variants += e.node.variants.edges.length;
    after = body.data.products.pageInfo.endCursor;
  }
  if (sandbox.server.violations.length) throw new Error(`contract violations: ${JSON.stringify(sandbox.server.violations[0])}`);
  return { cpuMedianMs: median(cpu.slice(Math.min(20, Math.floor(pages / 4)))), variants };
}

async function squareUpsert(sandbox: SquareSandbox, run: number, count: number): Promise<number> {
  const json = { idempotency_key: `bench-${run}`, batches: [{ objects: demoCatalog(count, 'USD', 1, run * count) }] };
  const t = performance.now();
  const res = await sandbox.server.dispatch({ method: 'POST', path: '/v2/catalog/batch-upsert', query: new URLSearchParams(), headers: { authorization: 'Bearer bench' }, rawBody: Buffer.from(JSON.stringify(json)), json });
  if (res.status !== 200) throw new Error(`batch-upsert answered ${res.status}`);
  return performance.now() - t;
}

async function squareListPages(items: number): Promise<{ early: number; late: number; pages: number }> {
  const sandbox = createSquareSandbox({ accessToken: 'bench', validateContract: false });
  for (let run = 0; run < items / 1000; run++) sandbox.state.writeCatalog(demoCatalog(1000, 'USD', 1, run * 1000), 'objects');
  const times: number[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ types: 'ITEM', ...(cursor ? { cursor } : {}) });
    const t = performance.now();
    const res = await sandbox.server.dispatch({ method: 'GET', path: '/v2/catalog/list', query, headers: { authorization: 'Bearer bench' }, rawBody: Buffer.alloc(0), json: undefined });
    times.push(performance.now() - t);
    cursor = (res.body as { cursor?: string }).cursor;
  } while (cursor);
  return { early: median(times.slice(5, 50)), late: median(times.slice(-45)), pages: times.length };
}

export async function main(_argv: string[]): Promise<number> {
  const big = await shopifyPages(28_600, 160);
  const small = await shopifyPages(600, 12);
  process.stdout.write(`shopify: page of 50 products (${big.variants} variants read) cpu median ${r2(big.cpuMedianMs)} ms; 50x smaller shop ${r2(small.cpuMedianMs)} ms\n`);

  const plain = createSquareSandbox({ accessToken: 'bench', validateContract: false });
  const plainTimes: number[] = [];
  for (let run = 0; run < 7; run++) plainTimes.push(await squareUpsert(plain, run, 1000));
  const checked = createSquareSandbox({ accessToken: 'bench' });
  const checkedTimes: number[] = [];
  for (let run = 0; run < 5; run++) checkedTimes.push(await squareUpsert(checked, run, 1000));
  if (checked.server.violations.length) throw new Error(`contract violations: ${JSON.stringify(checked.server.violations[0])}`);
  const list = await squareListPages(30_000);
  process.stdout.write(`square: batch-upsert 1,000 items best ${r2(Math.min(...plainTimes))} ms (with contract check ${r2(Math.min(...checkedTimes))} ms); ListCatalog over ${list.pages} pages: early ${r2(list.early)} ms, late ${r2(list.late)} ms\n`);

  const result = {
    bench: 'sandboxes',
    shopify_page50_cpu_ms: r2(big.cpuMedianMs),
    shopify_page50_small_shop_cpu_ms: r2(small.cpuMedianMs),
    square_upsert1000_ms: r2(Math.min(...plainTimes)),
    square_upsert1000_checked_ms: r2(Math.min(...checkedTimes)),
    square_list_early_ms: r2(list.early),
    square_list_late_ms: r2(list.late),
    target: { shopify_page50_cpu_ms: 20, square_upsert1000_ms: 50, square_upsert1000_checked_ms: 100 },
    pass: big.cpuMedianMs < 20 && Math.min(...plainTimes) < 50 && Math.min(...checkedTimes) < 100,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await Promise.all([plain.stop(), checked.stop()]);
  return 0;
}
