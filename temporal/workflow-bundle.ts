import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The workflow code is bundled ahead of time into a file keyed by a hash of
 * its sources, so a worker loads a finished bundle instead of running webpack
 * in its own process (webpack leaves ~80 MB of heap behind in a long-lived
 * worker). The bundle is built in a short-lived child process the first time
 * a given source tree is seen (`npm run setup` does it up front), and reused
 * by every worker, test and replay after that.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WORKFLOWS_PATH = path.join(ROOT, 'workflows', 'index.ts');
const CACHE_DIR = path.join(ROOT, '.cache', 'workflows');
const SDK_PACKAGES = ['@temporalio/workflow', '@temporalio/common', '@temporalio/worker'];

/** Relative, non-type-only imports of a TypeScript file (what webpack follows). */
function runtimeImports(file: string, source: string): string[] {
  const out: string[] = [];
  const re = /^\s*(?:(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+|import\s+)(['"])(\.[^'"]+)\1/gm;
  for (const m of source.matchAll(re)) {
    const base = path.resolve(path.dirname(file), m[2]!);
    const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
    const hit = candidates.find((c) => c.endsWith('.ts') && existsSync(c));
    if (hit) out.push(hit);
  }
  return out;
}

/**
 * Hash of everything the bundle is made of: the workflow modules reachable
 * from workflows/index.ts through runtime imports, and the SDK versions.
 */
export function workflowSourceKey(entry = WORKFLOWS_PATH): string {
  const h = createHash('sha256');
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    h.update(path.relative(ROOT, file)).update('\0').update(source).update('\0');
    queue.push(...runtimeImports(file, source));
  }
  const require = createRequire(entry);
  for (const pkg of SDK_PACKAGES) {
    const version = (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
    h.update(`${pkg}@${version}\0`);
  }
  return h.digest('hex').slice(0, 24);
}

export function bundlePathFor(key: string): string {
  return path.join(CACHE_DIR, `${key}.js`);
}

/** Bundles in this process and writes the file atomically; returns its path. */
export async function buildWorkflowBundle(key = workflowSourceKey()): Promise<string> {
  const target = bundlePathFor(key);
  if (existsSync(target)) return target;
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, target);
  pruneOldBundles(target);
  return target;
}

/** Bundles of other source trees not touched for a day are dropped. */
function pruneOldBundles(keep: string): void {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of readdirSync(CACHE_DIR)) {
    const file = path.join(CACHE_DIR, name);
    if (file !== keep && statSync(file).mtimeMs < dayAgo) rmSync(file, { force: true });
  }
}

const run = promisify(execFile);

/**
 * The bundle's path for the current sources, building it in a child process
 * when missing so webpack's memory never lands in the caller.
 */
export async function ensureWorkflowBundle(): Promise<string> {
  const key = workflowSourceKey();
  const target = bundlePathFor(key);
  if (existsSync(target)) return target;
  const self = fileURLToPath(import.meta.url);
  try {
    await run(process.execPath, ['--import', 'tsx', self, key], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    // The child could not run (e.g. no tsx loader here); bundle in-process instead.
    process.stderr.write(`[workflow-bundle] child bundler failed, bundling in-process: ${(err as Error).message.split('\n')[0]}\n`);
    return buildWorkflowBundle(key);
  }
  if (!existsSync(target)) throw new Error(`workflow bundler exited without writing ${target}`);
  return target;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

// `node --import tsx temporal/workflow-bundle.ts [key]` builds the bundle (setup runs it).
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = await buildWorkflowBundle(process.argv[2] ?? workflowSourceKey());
  process.stdout.write(`${path.relative(ROOT, file)}\n`);
}
