import type { ConfigPath } from './errors';
import { SwitchyardConfig, type SecretRef } from './schema';
import { findSecretRefs } from './schema-walk';
import type { PendingIssue } from './yaml-source';

export interface ResolvedSecrets {
  /** Environment variable name → its value, for every secret the config references. */
  values: ReadonlyMap<string, string>;
  issues: PendingIssue[];
}

/**
 * Resolves every `{ env: NAME }` at start-up, so a missing secret fails the
 * load with its config path instead of failing the first API call an hour
 * later. An empty variable counts as missing: `export TOKEN=` is a mistake.
 */
export function resolveSecrets(config: SwitchyardConfig, env: NodeJS.ProcessEnv): ResolvedSecrets {
  const values = new Map<string, string>();
  const issues: PendingIssue[] = [];
  for (const { path, ref } of findSecretRefs(SwitchyardConfig, config)) {
    const value = env[ref.env];
    if (value === undefined || value.trim() === '') {
      const state = value === undefined ? 'unset' : 'empty';
      const pointAt: ConfigPath = [...path, 'env'];
      issues.push({ path, pointAt, message: `expected environment variable ${ref.env} to hold the secret (got ${state})` });
    } else {
      values.set(ref.env, value);
    }
  }
  return { values, issues };
}

/** A lookup over resolved secrets that refuses refs the config never declared. */
export function secretLookup(values: ReadonlyMap<string, string>, onUnknown: (ref: SecretRef) => never): (ref: SecretRef) => string {
  return (ref) => values.get(ref.env) ?? onUnknown(ref);
}
