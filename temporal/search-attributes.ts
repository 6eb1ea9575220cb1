import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes registered on the namespace so the Temporal Web UI
 * can filter syncs, e.g. `SwitchyardConnector = "shop" AND SwitchyardRunKind = "backfill"`.
 * Keep names in sync with the registration in dev-server.ts (derived from this list).
 */
export const SA_CONNECTOR = defineSearchAttributeKey('SwitchyardConnector', SearchAttributeType.KEYWORD);
export const SA_ENTITY = defineSearchAttributeKey('SwitchyardEntity', SearchAttributeType.KEYWORD);
export const SA_CANONICAL_ID = defineSearchAttributeKey('SwitchyardCanonicalId', SearchAttributeType.KEYWORD);
export const SA_EXTERNAL_ID = defineSearchAttributeKey('SwitchyardExternalId', SearchAttributeType.KEYWORD);
export const SA_RUN_KIND = defineSearchAttributeKey('SwitchyardRunKind', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [SA_CONNECTOR, SA_ENTITY, SA_CANONICAL_ID, SA_EXTERNAL_ID, SA_RUN_KIND] as const;

/** `--search-attribute Name=Keyword` flags for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`]);
}

/** The slice of the operator API used to register attributes on an existing cluster. */
export interface OperatorApi {
  listSearchAttributes(req: { namespace: string }): Promise<{ customAttributes?: Record<string, unknown> | null }>;
  addSearchAttributes(req: { namespace: string; searchAttributes: Record<string, number> }): Promise<unknown>;
}

/**
 * Registers any missing Switchyard search attributes on an existing cluster
 * (the embedded dev server gets them as start flags). Returns the names added.
 */
export async function ensureSearchAttributes(operator: OperatorApi, namespace: string): Promise<string[]> {
  const existing = (await operator.listSearchAttributes({ namespace })).customAttributes ?? {};
  const missing = SEARCH_ATTRIBUTES.filter((k) => !(k.name in existing)).map((k) => k.name);
  if (missing.length) {
    // 2 = INDEXED_VALUE_TYPE_KEYWORD in temporal.api.enums.v1.IndexedValueType.
    await operator.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((n) => [n, 2])) });
  }
  return missing;
}
