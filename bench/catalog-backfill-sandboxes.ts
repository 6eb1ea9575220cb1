import type { SandboxRequest, SandboxResponse, SandboxServer } from '../sandboxes/framework/server';
import { createShopifySandbox, type ShopifyLimits } from '../sandboxes/shopify';
import { rootOperations } from '../sandboxes/shopify/graphql-handler';
import { createSquareSandbox, type RateLimits, type SquareSandbox } from '../sandboxes/square';
import { BENCH_LOCATION, BENCH_SECRETS, BENCH_SHOP } from './catalog-backfill-config';
import { post, requireEnv } from './catalog-backfill-ipc';

/**
 * The vendor side of `bench catalog-backfill`, in its own process so the
 * worker's RSS and CPU are its own: one seeded Shopify shop and any number of
 * Square sellers (a fresh one per run), over HTTP on loopback. Every request
 * the sandboxes answer is recorded (operation, throttled or not, Shopify's
 * requested/actual query cost) so the parent can count vendor calls.
 *
 * The OpenAPI/GraphQL contract checks stay off unless BENCH_CONTRACT=1: they
 * are a test instrument, and here they would bill the sandboxes' validation
 * to the engine. Vendor behaviour (limits, errors, idempotency) is unchanged.
 */

export interface VendorStats {
  requests: number;
  /** Reads (queries, GET, search/retrieve) and writes (mutations, upserts, deletes). */
  reads: number;
  writes: number;
  /** Answered 429 / THROTTLED. */
  throttled: number;
  byOperation: Record<string, number>;
  /** Shopify only: sums of extensions.cost over answered queries. */
  requestedCost: number;
  actualCost: number;
}

export type SandboxRequestMsg =
  | { type: 'square'; name: string }
  | { type: 'drop-square'; name: string }
  | { type: 'stats' }
  | { type: 'reset-stats' }
  | { type: 'limits'; shopify: ShopifyLimits; square: RateLimits }
  | { type: 'edit'; productGid: string; title: string | null }
  | { type: 'square-counts'; name: string; itemName?: string }
  | { type: 'stop' };

export type SandboxMessage =
  | { type: 'ready'; shopifyUrl: string; products: number; variants: number }
  | { type: 'square-ready'; name: string; url: string }
  | { type: 'dropped' }
  | { type: 'stats'; shopify: VendorStats; square: Record<string, VendorStats> }
  | { type: 'stats-reset' }
  | { type: 'limits-set' }
  | { type: 'edited'; updatedAt: string }
  | { type: 'square-counts'; items: number; variations: number; images: number; named: number }
  | { type: 'error'; message: string };

const emptyStats = (): VendorStats => ({ requests: 0, reads: 0, writes: 0, throttled: 0, byOperation: {}, requestedCost: 0, actualCost: 0 });

interface CostBody {
  errors?: { extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null } };
}

/** Wraps a server's dispatch (the one path every HTTP request takes) to record what it answers. */
function record(server: SandboxServer, stats: () => VendorStats, classify: (req: Omit<SandboxRequest, 'params'>) => { op: string; write: boolean }, shopify: boolean): void {
  const dispatch = server.dispatch.bind(server);
  server.dispatch = async (req) => {
    const res: SandboxResponse = await dispatch(req);
    if (req.path.startsWith('/_sandbox/')) return res;
    const s = stats();
    const { op, write } = classify(req);
    s.requests++;
    if (write) s.writes++;
    else s.reads++;
    s.byOperation[op] = (s.byOperation[op] ?? 0) + 1;
    const body = res.body as CostBody | undefined;
    if (res.status === 429 || body?.errors?.some((e) => e.extensions?.code === 'THROTTLED')) s.throttled++;
    if (shopify && body?.extensions?.cost) {
      s.requestedCost += body.extensions.cost.requestedQueryCost ?? 0;
      s.actualCost += body.extensions.cost.actualQueryCost ?? 0;
    }
    return res;
  };
}

function graphqlOps(req: Omit<SandboxRequest, 'params'>): { op: string; write: boolean } {
  const json = req.json as { query?: unknown } | undefined;
  const ops = typeof json?.query === 'string' ? rootOperations(json.query) : [];
  return { op: ops.join('+') || 'graphql', write: ops.some((o) => o.startsWith('mutation')) };
}

const SQUARE_READS = /\/(search|batch-retrieve|list|search-catalog-items)$/;
function squareOp(req: Omit<SandboxRequest, 'params'>): { op: string; write: boolean } {
  const p = req.path.replace(/\/v2\/catalog\/object\/[^/]+$/, '/v2/catalog/object/{id}');
  return { op: `${req.method} ${p}`, write: req.method !== 'GET' && !SQUARE_READS.test(p) };
}

async function main(): Promise<void> {
  const products = Number(requireEnv('BENCH_PRODUCTS'));
  const seed = Number(requireEnv('BENCH_SEED'));
  const contract = process.env.BENCH_CONTRACT === '1';
  let shopifyLimits = JSON.parse(requireEnv('BENCH_SHOPIFY_LIMITS')) as ShopifyLimits;
  let squareLimits = JSON.parse(requireEnv('BENCH_SQUARE_LIMITS')) as RateLimits;

  const shopify = createShopifySandbox({
    shop: BENCH_SHOP,
    accessToken: BENCH_SECRETS.SHOPIFY_TOKEN,
    webhookSecret: BENCH_SECRETS.SHOPIFY_WEBHOOK_SECRET,
    seed: { products, seed },
    limits: shopifyLimits,
  });
  let shopifyStats = emptyStats();
  record(shopify.server, () => shopifyStats, graphqlOps, true);
  const shopifyUrl = await shopify.start(0);

  const squares = new Map<string, { sandbox: SquareSandbox; stats: VendorStats }>();
  async function newSquare(name: string): Promise<string> {
    const sandbox = createSquareSandbox({
      accessToken: BENCH_SECRETS.SQUARE_TOKEN,
      webhookSignatureKey: BENCH_SECRETS.SQUARE_WEBHOOK_SIGNATURE_KEY,
      locations: [{ id: BENCH_LOCATION, name: 'Main', currency: 'USD' }],
      limits: squareLimits,
      validateContract: contract,
    });
    const entry = { sandbox, stats: emptyStats() };
    record(sandbox.server, () => entry.stats, squareOp, false);
    squares.set(name, entry);
    return sandbox.start(0);
  }

  const handlers: { [K in SandboxRequestMsg['type']]: (m: Extract<SandboxRequestMsg, { type: K }>) => Promise<SandboxMessage> | SandboxMessage } = {
    square: async (m) => ({ type: 'square-ready', name: m.name, url: await newSquare(m.name) }),
    'drop-square': async (m) => {
      await squares.get(m.name)?.sandbox.stop();
      squares.delete(m.name);
      return { type: 'dropped' };
    },
    stats: () => ({ type: 'stats', shopify: shopifyStats, square: Object.fromEntries([...squares].map(([n, s]) => [n, s.stats])) }),
    'reset-stats': () => {
      shopifyStats = emptyStats();
      for (const s of squares.values()) s.stats = emptyStats();
      return { type: 'stats-reset' };
    },
    limits: (m) => {
      shopifyLimits = m.shopify;
      squareLimits = m.square;
      shopify.setLimits(m.shopify);
      for (const s of squares.values()) s.sandbox.setLimits(m.square);
      return { type: 'limits-set' };
    },
    edit: (m) => {
      // The merchant saves the product in the Shopify admin: products/update fires either way.
      const p = shopify.admin.updateProduct(m.productGid, m.title === null ? {} : { title: m.title });
      return { type: 'edited', updatedAt: p.updated_at };
    },
    'square-counts': (m) => {
      const s = squares.get(m.name);
      if (!s) throw new Error(`no Square sandbox named ${m.name}`);
      const counts = s.sandbox.counts();
      const named = m.itemName === undefined ? 0 : s.sandbox.items().filter((o) => o.item_data?.name === m.itemName).length;
      return { type: 'square-counts', items: counts.ITEM ?? 0, variations: counts.ITEM_VARIATION ?? 0, images: counts.IMAGE ?? 0, named };
    },
    stop: async () => {
      for (const s of squares.values()) await s.sandbox.stop();
      await shopify.stop();
      process.exit(0);
    },
  };

  process.on('message', (m: SandboxRequestMsg) => {
    const handler = handlers[m.type] as (x: SandboxRequestMsg) => Promise<SandboxMessage> | SandboxMessage;
    Promise.resolve()
      .then(() => handler(m))
      .then(post, (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
  });
  process.on('disconnect', () => process.exit(1));
  await post({ type: 'ready', shopifyUrl, products: shopify.state.products.size, variants: shopify.state.products.variantCount });
}

main().catch((err: unknown) => {
  process.stderr.write(`[sandboxes] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
