import { isProductField, PRODUCT_FIELDS, STRUCTURAL_FIELDS } from '../canonical/product-fields';
import { productFieldSupport } from '../mappings/product-field-support';
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

    for (const [field, owner] of Object.entries(flow.fields ?? {})) {
      const path: ConfigPath = ['flows', i, 'fields', field];
      if (!checkConnector(owner, path)) continue;
      if (flow.entity === 'product') issues.push(...checkProductField(config, flow, field, owner, path));
    }

    if (flow.entity === 'inventory') {
      const members = [flow.from, ...flow.to];
      if (!flow.locations || Object.keys(flow.locations).length === 0) {
        issues.push({ path: ['flows', i, 'entity'], message: 'expected `locations` on an inventory flow: location name → { connector id: that connector\'s location id } (got none)' });
      }
      for (const [name, ids] of Object.entries(flow.locations ?? {})) {
        for (const member of members) {
          if (!Object.hasOwn(ids, member)) issues.push({ path: ['flows', i, 'locations', name], message: `expected a location id for every connector of the flow (got none for ${JSON.stringify(member)})` });
        }
        for (const id of Object.keys(ids)) {
          if (!members.includes(id)) issues.push({ path: ['flows', i, 'locations', name, id], message: `expected one of the flow's connectors: ${members.join(', ')} (got ${JSON.stringify(id)})` });
        }
      }
    }
    if (flow.catalogFlow !== undefined) {
      const target = config.flows.find((f) => f.id === flow.catalogFlow);
      if (!target || target.entity !== 'product') {
        const ids = config.flows.filter((f) => f.entity === 'product').map((f) => f.id);
        issues.push({ path: ['flows', i, 'catalogFlow'], message: `expected the id of a product flow, one of: ${ids.join(', ') || '(none defined)'} (got ${JSON.stringify(flow.catalogFlow)})` });
      }
    }
  });
  return issues;
}

/**
 * One `fields:` entry of a product flow: a field name we know, owned by a
 * connector of this flow that holds the field and can report it back.
 */
function checkProductField(config: SwitchyardConfig, flow: SwitchyardConfig['flows'][number], field: string, owner: string, path: ConfigPath): PendingIssue[] {
  if (!isProductField(field)) {
    return [{ path, message: `expected a product field, one of: ${PRODUCT_FIELDS.join(', ')} (got ${JSON.stringify(field)}${didYouMean(field, PRODUCT_FIELDS)})` }];
  }
  const members = [flow.from, ...flow.to];
  if (!members.includes(owner)) {
    return [{ path, message: `expected one of the flow's connectors: ${members.join(', ')} (got ${JSON.stringify(owner)})` }];
  }
  if (STRUCTURAL_FIELDS.includes(field) && owner !== flow.from) {
    return [{ path, message: `expected the flow's source ${JSON.stringify(flow.from)}: ${field} shape the product, so only the catalog's source owns them (got ${JSON.stringify(owner)})` }];
  }
  const kind = config.connectors[owner]?.kind ?? 'unknown';
  const support = productFieldSupport(kind);
  if (support && !support.owns.includes(field)) {
    return [{ path, message: `expected a connector that holds ${field}: ${kind} holds ${support.owns.join(', ')} (got ${JSON.stringify(owner)})` }];
  }
  return [];
}
