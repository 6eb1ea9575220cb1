import { readFileSync } from 'node:fs';
import { crossCheck } from './cross-check';
import { describeIssue } from './describe-issue';
import { ConfigError, type ConfigIssue } from './errors';
import { SwitchyardConfig, type SecretRef } from './schema';
import { resolveSecrets, secretLookup } from './secrets';
import { YamlSource, type PendingIssue } from './yaml-source';

/** A validated config plus access to its secrets. Secrets stay out of `config`, so logging it leaks nothing. */
export interface LoadedConfig {
  /** The file as it was named to loadConfig. */
  readonly file: string;
  readonly config: SwitchyardConfig;
  /** The value of a secret referenced by this config; safe to pass around unbound. */
  secret(ref: SecretRef): string;
}

/**
 * Reads, validates and resolves a config file, or throws ConfigError listing
 * every issue found, each with file:line:col. Stages: YAML syntax, then the
 * zod schema (strict: unknown keys are errors), then secrets and
 * cross-references together — later stages need the earlier ones to pass.
 */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError([{ file, line: 0, col: 0, path: '', message: `expected a readable config file (${reason})` }]);
  }
  return parseConfig(text, file, env);
}

/** loadConfig for text already in memory; `file` is only used in messages. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const source = YamlSource.parse(text, file);
  const fail = (pending: PendingIssue[]): never => {
    throw new ConfigError(sortByPosition(pending.map((p) => source.issue(p))));
  };

  const parsed = SwitchyardConfig.safeParse(source.data, { reportInput: true });
  if (!parsed.success) return fail(parsed.error.issues.flatMap((issue) => describeIssue(issue, SwitchyardConfig, source.data)));
  const config = parsed.data;

  const secrets = resolveSecrets(config, env);
  const issues = [...crossCheck(config, (path) => source.position(path).line), ...secrets.issues];
  if (issues.length > 0) return fail(issues);

  const secret = secretLookup(secrets.values, (ref) => {
    throw new ConfigError([{ file, line: 0, col: 0, path: '', message: `expected a secret referenced by this config (got { env: ${ref.env} })` }]);
  });
  return { file, config, secret };
}

function sortByPosition(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col);
}
