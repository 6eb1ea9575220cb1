import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, formatConfigError } from '../config/errors';
import { loadConfig } from '../config/load';
import { runConfigValidate } from '../config/validate-command';
import { configuredTemporalAddress, createRuntime } from '../engine/runtime';
import { demoEnvDefaults, startDemoSandboxes } from '../sandboxes/demo';
import { runBackfill, UnknownFlowError } from './backfill';
import { demoDiscount } from './demo-discount';
import { demoEdit } from './demo-edit';
import { demoPosDiscount } from './demo-pos-discount';
import { demoSale } from './demo-sale';
import { runReconcile } from './reconcile';
import { readRuntimeInfo } from './runtime-file';
import { start } from './start';
import { printStatus } from './status';

const DEFAULT_CONFIG = 'config/demo.yaml';

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}
function share(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a share between 0 and 1');
  return n;
}
function limits(v: string): 'off' | 'realistic' {
  if (v !== 'off' && v !== 'realistic') throw new InvalidArgumentError('expected off or realistic');
  return v;
}

/** Connects to the Temporal that `start` runs (or TEMPORAL_ADDRESS / the YAML's). */
async function runtimeFor(configFile: string) {
  const info = readRuntimeInfo();
  if (configFile === DEFAULT_CONFIG) for (const [k, v] of Object.entries(demoEnvDefaults())) process.env[k] ??= v;
  if (configFile === DEFAULT_CONFIG && !process.env.SWITCHYARD_PAYLOAD_KEY) {
    const { readFileSync, existsSync } = await import('node:fs');
    if (existsSync('data/payload.key')) process.env.SWITCHYARD_PAYLOAD_KEY = readFileSync('data/payload.key', 'utf8').trim();
  }
  const loaded = loadConfig(configFile);
  const address = configuredTemporalAddress(loaded.config) ?? info?.temporalAddress;
  if (!address) throw new Error('Temporal is not running: start it with `npm start` (or set TEMPORAL_ADDRESS)');
  return { rt: await createRuntime(loaded, { address }), uiUrl: info?.uiUrl ?? process.env.TEMPORAL_UI_URL ?? null };
}

const program = new Command('switchyard').description('Sync commerce data between one canonical model and Shopify, Square and friends, on Temporal.');

program
  .command('start')
  .description('run Temporal (embedded unless TEMPORAL_ADDRESS is set), the worker and the webhook ingress')
  .option('-c, --config <file>', 'YAML configuration', DEFAULT_CONFIG)
  .option('--demo', 'also run the vendor sandboxes with demo data and backfill every flow', false)
  .option('--products <n>', 'demo: Shopify products to seed', int, 600)
  .option('--limits <mode>', 'demo: sandbox rate limits, off|realistic', limits, 'realistic')
  .action(async (o: { config: string; demo: boolean; products: number; limits: 'off' | 'realistic' }) => {
    await start({ config: o.config, demo: o.demo, products: o.products, limits: o.limits });
  });

program
  .command('sandbox')
  .description('run all six vendor sandboxes standalone with seeded data and write their manifest')
  .option('--manifest <file>', 'where to write the JSON manifest (base URLs, credentials, webhook secrets)', 'data/sandbox-manifest.json')
  .option('--products <n>', 'Shopify products to seed', int, 600)
  .option('--customers <n>', 'customers to seed in each system', int, 200)
  .option('--orders <n>', 'orders / payments / invoices / tickets to seed', int, 300)
  .option('--limits <mode>', 'vendor rate limits, off|realistic', limits, 'realistic')
  .option('--base-port <port>', 'first port: Shopify, then Square, Stripe, Xero, Mailchimp, Zendesk', int, 4101)
  .option('--error-rate <share>', 'fault: share of requests answered 5xx (0..1)', share, 0)
  .option('--rate-429 <share>', 'fault: share of requests answered 429 (0..1)', share, 0)
  .option('--latency-ms <ms>', 'fault: added latency per request', int, 0)
  .option('--malformed-rate <share>', 'fault: share of responses cut off mid-body', share, 0)
  .option('--timeout-rate <share>', 'fault: share of requests never answered', share, 0)
  .option('--webhook-drop <share>', 'fault: share of webhooks never sent', share, 0)
  .option('--webhook-duplicate <share>', 'fault: share of webhooks sent twice', share, 0)
  .option('--webhook-reorder-ms <ms>', 'fault: random delay before each webhook (reorders them)', int, 0)
  .action(async (o: { manifest: string; products: number; customers: number; orders: number; limits: 'off' | 'realistic'; basePort: number; errorRate: number; rate429: number; latencyMs: number; malformedRate: number; timeoutRate: number; webhookDrop: number; webhookDuplicate: number; webhookReorderMs: number }) => {
    const faults = { error5xxRate: o.errorRate, rate429: o.rate429, latencyMs: o.latencyMs, malformedRate: o.malformedRate, timeoutRate: o.timeoutRate };
    const webhookFaults = { dropRate: o.webhookDrop, duplicateRate: o.webhookDuplicate, reorderJitterMs: o.webhookReorderMs };
    const s = await startDemoSandboxes({ products: o.products, customers: o.customers, orders: o.orders, limits: o.limits, basePort: o.basePort, faults, webhookFaults, discounts: true, manifestFile: o.manifest });
    process.stdout.write(`${JSON.stringify(s.manifest, null, 2)}\nmanifest written to ${o.manifest}; Ctrl-C to stop\n`);
    const stop = () => void s.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

const config = program.command('config').description('configuration tools');
config
  .command('validate <file>')
  .description('check a YAML configuration; exit code 2 with file:line:col and the config path on errors')
  .action((file: string) => {
    process.exitCode = runConfigValidate(file);
  });

program
  .command('backfill <flow>')
  .description('backfill a flow from its owner into every destination, with a progress bar')
  .option('-c, --config <file>', 'YAML configuration', DEFAULT_CONFIG)
  .option('--no-wait', 'start it and return')
  .action(async (flow: string, o: { config: string; wait: boolean }) => {
    const { rt, uiUrl } = await runtimeFor(o.config);
    try {
      await runBackfill(rt, flow, { wait: o.wait, uiUrl });
    } finally {
      await rt.close();
    }
  });

program
  .command('status')
  .description('recent sync runs with Web UI links, record counts per system, quarantine size')
  .option('-c, --config <file>', 'YAML configuration', DEFAULT_CONFIG)
  .action(async (o: { config: string }) => {
    const { rt, uiUrl } = await runtimeFor(o.config);
    try {
      await printStatus(rt, uiUrl);
    } finally {
      await rt.close();
    }
  });

program
  .command('demo-edit')
  .description('demo: edit a product in the Shopify sandbox as an admin would, and time its arrival in Square')
  .option('--title <title>', 'new title', `Edited ${new Date().toISOString().slice(11, 19)}`)
  .option('--product <gid>', 'product to edit (default: the first one)')
  .option('--manifest <file>', 'sandbox manifest', 'data/sandbox-manifest.json')
  .action(async (o: { title: string; product?: string; manifest: string }) => {
    process.exitCode = await demoEdit(o);
  });

program
  .command('demo-discount')
  .description('demo: create a discount code in the Shopify sandbox as an admin would, and time its pricing rule in Square')
  .option('--code <code>', 'the code', `FLASH${new Date().toISOString().slice(11, 19).replace(/:/g, '')}`)
  .option('--percent <n>', 'percentage off', '20')
  .option('--product <gid>', 'product it applies to (default: the first one)')
  .option('--manifest <file>', 'sandbox manifest', 'data/sandbox-manifest.json')
  .action(async (o: { code: string; percent: string; product?: string; manifest: string }) => {
    process.exitCode = await demoDiscount({ code: o.code, percent: Number(o.percent), product: o.product, manifest: o.manifest });
  });

program
  .command('demo-pos-discount')
  .description('demo: set up an automatic discount (pricing rule) in the Square sandbox as POS staff would, and time it in Shopify')
  .option('--name <name>', 'the discount name', `Till deal ${new Date().toISOString().slice(11, 19)}`)
  .option('--percent <n>', 'percentage off', '15')
  .option('--manifest <file>', 'sandbox manifest', 'data/sandbox-manifest.json')
  .action(async (o: { name: string; percent: string; manifest: string }) => {
    process.exitCode = await demoPosDiscount({ name: o.name, percent: Number(o.percent), manifest: o.manifest });
  });

program
  .command('reconcile <flow>')
  .description("reconcile a flow now (what its Temporal Schedule does on its cron) and print the drift report")
  .option('-c, --config <file>', 'YAML configuration', DEFAULT_CONFIG)
  .option('--no-wait', 'start it and return')
  .action(async (flow: string, o: { config: string; wait: boolean }) => {
    const { rt, uiUrl } = await runtimeFor(o.config);
    try {
      await runReconcile(rt, flow, { wait: o.wait, uiUrl });
    } finally {
      await rt.close();
    }
  });

program
  .command('demo-sale')
  .description('demo: sell a unit at the Square counter (or a Shopify checkout) and time the stock change in the other channel; --channel both sells the last unit in both at once')
  .option('--channel <pos|shop|both>', 'where the sale happens (both: the last unit, in both channels at once)', 'pos')
  .option('--quantity <n>', 'units sold', '1')
  .option('--variant <gid>', 'Shopify variant to sell (default: the first one)')
  .option('-c, --config <file>', 'YAML configuration', DEFAULT_CONFIG)
  .option('--manifest <file>', 'sandbox manifest', 'data/sandbox-manifest.json')
  .action(async (o: { channel: string; quantity: string; variant?: string; config: string; manifest: string }) => {
    const channel = (['pos', 'shop', 'both'] as const).find((c) => c === o.channel);
    if (!channel) throw new Error('--channel is pos, shop or both');
    const opts = { channel, quantity: Number(o.quantity), variant: o.variant, config: o.config, manifest: o.manifest };
    if (channel !== 'both') {
      process.exitCode = await demoSale(opts);
      return;
    }
    // The last-unit sale waits for the oversell in the canonical event stream.
    const { rt } = await runtimeFor(o.config);
    try {
      process.exitCode = await demoSale(opts, rt.store);
    } finally {
      await rt.close();
    }
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${formatConfigError(err)}\n`);
    process.exit(2);
  }
  if (err instanceof UnknownFlowError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
