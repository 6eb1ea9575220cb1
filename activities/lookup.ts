import type { FlowConfig } from '../config/schema';
import type { AnyConnector } from '../connectors/registry';
import { ConfigurationError } from './configuration-error';

/**
 * Flow and connector lookups every activity family starts with. A miss is a
 * ConfigurationError (never retried): the YAML and the workflow disagree.
 */
export function flowLookup(flows: ReadonlyMap<string, FlowConfig>, entity: FlowConfig['entity'], noun: string): (flowId: string) => FlowConfig {
  return (flowId) => {
    const flow = flows.get(flowId);
    if (!flow) throw new ConfigurationError(`no flow "${flowId}" in the configuration`);
    if (flow.entity !== entity) throw new ConfigurationError(`flow "${flowId}" syncs ${flow.entity}, not ${noun}`);
    return flow;
  };
}

export function connectorLookup(connectors: ReadonlyMap<string, AnyConnector>): (id: string) => AnyConnector {
  return (id) => {
    const c = connectors.get(id);
    if (!c) throw new ConfigurationError(`connector "${id}" is not configured`);
    return c;
  };
}
