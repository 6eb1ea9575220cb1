import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The pinned release built by scripts/setup.sh (newest that `go install` accepts). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

/**
 * Finds the Temporal CLI: `temporal` on PATH, else $TEMPORAL_CLI, else the
 * copy scripts/setup.sh builds into .tools/bin.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const onPath = execFileSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8', env }).trim();
    if (onPath) return onPath;
  } catch {
    // not on PATH
  }
  if (env.TEMPORAL_CLI) {
    if (!existsSync(env.TEMPORAL_CLI)) throw new MissingToolError(`TEMPORAL_CLI=${env.TEMPORAL_CLI} does not exist`);
    return env.TEMPORAL_CLI;
  }
  const local = path.join(REPO_ROOT, '.tools', 'bin', 'temporal');
  if (existsSync(local)) return local;
  throw new MissingToolError('Temporal CLI not found: run `npm run setup` (builds it with go install) or set TEMPORAL_CLI');
}
