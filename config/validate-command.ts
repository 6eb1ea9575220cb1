import { ConfigError, formatConfigError } from './errors';
import { loadConfig } from './load';

/** Where the command writes; process streams in the CLI, buffers in tests. */
export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

/** Exit code for any config error, distinct from 1 (crash) so scripts can tell them apart. */
export const CONFIG_ERROR_EXIT_CODE = 2;

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `switchyard config validate FILE`: loads the file exactly as `start` would
 * (secrets included, so CI can run it with the production environment) and
 * reports. Errors other than ConfigError are bugs and propagate.
 */
export function runConfigValidate(
  file: string,
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
  env: NodeJS.ProcessEnv = process.env,
): number {
  try {
    const { config } = loadConfig(file, env);
    io.stdout.write(`OK: ${file} (${count(Object.keys(config.connectors).length, 'connector')}, ${count(config.flows.length, 'flow')})\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(formatConfigError(err));
    return CONFIG_ERROR_EXIT_CODE;
  }
}
