import type { ConfigPath } from './errors';
import type { SwitchyardConfig } from './schema';
import { didYouMean } from './suggest';
import type { PendingIssue } from './yaml-source';

/**
 * Checks zod cannot express because they relate one part of the document to
 * another: flows must name connectors that exist, flow ids must be unique,
 * and a flow must not write back into its own source (an echo loop).
 */
export function crossCheck(config: SwitchyardConfig, lineOf: (path: ConfigPath) => number): PendingIssue[] {
  const issues: PendingIssue[] = [];
  const known = Object.keys(config.connectors);
  const expected = known.length === 0
    ? 'a connector defined under connectors (none are)'
    : `a connector defined under connectors, one of: ${known.join(', ')}`;

  const checkConnector = (id: string, path: ConfigPath): boolean => {
    if (Object.hasOwn(config.connectors, id)) return true;
    issues.push({ path, message: `expected ${expected} (got ${JSON.stringify(id)}${didYouMean(id, known)})` });
    return false;
  };

  const firstById = new Map<string, number>();
  config.flows.forEach((flow, i) => {
    const first = firstById.get(flow.id);
    if (first === undefined) {
      firstById.set(flow.id, i);
    } else {
      const at: ConfigPath = ['flows', first, 'id'];
      issues.push({ path: ['flows', i, 'id'], message: `expected a unique flow id (got ${JSON.stringify(flow.id)}, already used by flows[${first}] on line ${lineOf(at)})` });
    }

    checkConnector(flow.from, ['flows', i, 'from']);
    const seen = new Map<string, number>();
    flow.to.forEach((target, j) => {
      const path: ConfigPath = ['flows', i, 'to', j];
      if (!checkConnector(target, path)) return;
      if (target === flow.from) {
        issues.push({ path, message: `expected a destination other than the flow's source ${JSON.stringify(flow.from)} (got ${JSON.stringify(target)})` });
      }
      const dup = seen.get(target);
      if (dup !== undefined) issues.push({ path, message: `expected each destination once (got ${JSON.stringify(target)} again, first at flows[${i}].to[${dup}])` });
      else seen.set(target, j);
    });

    for (const [field, owner] of Object.entries(flow.fields ?? {})) checkConnector(owner, ['flows', i, 'fields', field]);
  });
  return issues;
}
