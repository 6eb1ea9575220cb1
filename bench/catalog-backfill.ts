import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { SHOPIFY_PLANS, shopFor, type ShopifyPlan } from './catalog-backfill-config';
import { Harness, say } from './catalog-backfill-harness';
import { callsMode } from './catalog-backfill-calls';
import { realisticMode, rssMode, throughputMode, type ModeOptions } from './catalog-backfill-modes';

/**
 * `npm run bench -- catalog-backfill --mode throughput|realistic|rss|calls [flags]`
 *
 * The Shopify → Square catalog backfill on real parts: the catalogBackfill
 * workflow on a Temporal dev server, a real worker (own process) with a
 * SQLite store file, and the vendor sandboxes (another process) over HTTP.
 * - throughput: limits off; variants/s, against a plain SDK loop doing the
 *   same reads and writes without Temporal or store (targets ≥ 5,000/s, ≥ 0.8×).
 * - realistic: Shopify plan limits + Square's modelled limit; wall time
 *   against the floor the limits imply, failed records, throttled share.
 * - rss: the worker's RSS over a 1,000,000-variant backfill (≤ 400 MB, flat).
 * - calls: vendor requests for one changed product (webhook → productSync),
 *   and for a save that changed nothing.
 * Each mode prints its figures, then one JSON line.
 */

const DEFAULT_VARIANTS = { throughput: 100_000, realistic: 100_000, rss: 1_000_000, calls: 2_000 } as const;
type Mode = keyof typeof DEFAULT_VARIANTS;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mode: { type: 'string', default: 'throughput' },
      /** Variants in the seeded shop (products are added until the total reaches it). */
      variants: { type: 'string' },
      /** Flow pageSize (1–250). */
      'page-size': { type: 'string', default: '250' },
      /** realistic: the Shopify plan whose GraphQL limits the sandbox applies. */
      plan: { type: 'string', default: 'plus' },
      seed: { type: 'string', default: '9' },
      /** Nice value for the Temporal dev server (0 = same priority as the bench). */
      'temporal-nice': { type: 'string', default: '0' },
      /** throughput: skip the plain SDK loop. */
      'no-plain': { type: 'boolean', default: false },
      /** throughput: run the plain loop and the worker this many times each, alternating, and quote the median round. */
      rounds: { type: 'string', default: '1' },
      /** Extra Node/V8 flags for the engine child (worker or plain loop), after the launchers' own (WORKER_NODE_FLAGS), e.g. "--max-semi-space-size=32". */
      'worker-node-flags': { type: 'string', default: '' },
      /** Write V8 CPU profiles of the engine children here. */
      'cpu-prof-dir': { type: 'string' },
    },
  });
  const mode = values.mode as Mode;
  if (!(mode in DEFAULT_VARIANTS)) throw new Error(`--mode must be one of ${Object.keys(DEFAULT_VARIANTS).join(', ')}`);
  const plan = values.plan as ShopifyPlan;
  if (!(plan in SHOPIFY_PLANS)) throw new Error(`--plan must be one of ${Object.keys(SHOPIFY_PLANS).join(', ')}`);
  const wanted = Number(values.variants ?? DEFAULT_VARIANTS[mode]);
  const pageSize = Number(values['page-size']);
  if (!(wanted > 0) || !(pageSize >= 1 && pageSize <= 250)) throw new Error('--variants must be > 0 and --page-size 1..250');
  const seed = Number(values.seed);
  const shop = shopFor(wanted, seed);
  say(
    `bench catalog-backfill --mode ${mode}: ${shop.products} products × ${(shop.variants / shop.products).toFixed(2)} variants on average = ${shop.variants} variants ` +
      `(seed ${seed}), flow pageSize ${pageSize}; ${availableParallelism()} cores`,
  );

  const workerNodeFlags = (values['worker-node-flags'] ?? '').split(/\s+/).filter(Boolean);
  const harness = new Harness({ cpuProfDir: values['cpu-prof-dir'], temporalNice: Number(values['temporal-nice']), workerNodeFlags });
  const onSignal = (): void => void harness.close().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rounds = Number(values.rounds);
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error('--rounds must be a whole number ≥ 1');
  const opts: ModeOptions = { harness, shop, seed, pageSize, plan, plain: !values['no-plain'], rounds };
  try {
    const result = mode === 'throughput' ? await throughputMode(opts) : mode === 'realistic' ? await realisticMode(opts) : mode === 'rss' ? await rssMode(opts) : await callsMode(opts);
    say(JSON.stringify(result));
    return result.pass ? 0 : 1;
  } finally {
    await harness.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
