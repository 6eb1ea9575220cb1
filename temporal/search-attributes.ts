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
