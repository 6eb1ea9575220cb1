/**
 * `npm run bench -- <name> [flags]`: a dispatcher by name. A bench is a module
 * exporting `main(argv): Promise<number>` (the exit code); add one line to
 * BENCHES to plug a new one in. Modules load lazily so one bench's imports
 * don't slow another's start.
 */

type BenchMain = (argv: string[]) => Promise<number>;

const BENCHES: Record<string, () => Promise<{ main: BenchMain }>> = {
  webhooks: () => import('./webhooks'),
  sandboxes: () => import('./sandboxes'),
  'catalog-backfill': () => import('./catalog-backfill'),
};

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name === undefined ? undefined : BENCHES[name];
  if (load === undefined) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [flags]\n`);
    return 2;
  }
  const bench = await load();
  return bench.main(rest);
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
