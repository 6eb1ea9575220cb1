import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import { z } from 'zod';
import type { WebhookEvent } from '../connectors/types';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';

/**
 * What the forwarder asks Temporal to do for one accepted webhook: a
 * signalWithStart on the entity's workflow. It is written as JSON into
 * OutboxEntry.signal in the same transaction as the dedupe key, so it must
 * stay small: ids and timestamps, never the vendor payload.
 */
export interface StartSpec {
  workflowType: string;
  /** Entity key (e.g. `product:shop:gid://shopify/Product/1`): duplicates collapse onto one workflow. */
  workflowId: string;
  taskQueue: string;
  /** Workflow arguments used only if the signal has to start the workflow. Small JSON, ids only. */
  args: unknown[];
  signal: string;
  signalArgs: unknown[];
  /** Keyword search attributes by name (e.g. `SwitchyardConnector`); names must be in temporal/search-attributes.ts. */
  searchAttributes?: Record<string, string>;
}

/** No workflow cares (null), one does, or several do (one delivery about many stock levels). */
export type RouteResult = StartSpec | StartSpec[] | null;

/** Maps a verified webhook to the workflows that care; may look ids up in the store first. */
export type WebhookRouter = (connectorId: string, event: WebhookEvent) => RouteResult | Promise<RouteResult>;

/** An outbox row whose spec can never be delivered as written (corrupt JSON, wrong shape). */
export class StartSpecError extends Error {
  override readonly name = 'StartSpecError';
}

const StartSpecSchema = z.object({
  workflowType: z.string().min(1),
  workflowId: z.string().min(1),
  taskQueue: z.string().min(1),
  args: z.array(z.unknown()),
  signal: z.string().min(1),
  signalArgs: z.array(z.unknown()),
  searchAttributes: z.record(z.string(), z.string()).optional(),
});

export function serializeStartSpec(spec: StartSpec): string {
  return JSON.stringify(spec);
}

/** Parses an outbox row's `signal` column; throws StartSpecError (never a raw SyntaxError). */
export function parseStartSpec(text: string): StartSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StartSpecError('start spec is not valid JSON', { cause: err });
  }
  const parsed = StartSpecSchema.safeParse(raw);
  if (!parsed.success) {
    // Issue paths only: the message must not echo values (they are ids, but keep logs predictable).
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new StartSpecError(`start spec has the wrong shape at: ${where}`);
  }
  return parsed.data;
}

const KEYS_BY_NAME = new Map(SEARCH_ATTRIBUTES.map((k) => [k.name, k] as const));

/** Keyword attributes by name → typed pairs; a name not in temporal/search-attributes.ts makes the spec undeliverable. */
export function typedSearchAttributesOf(spec: StartSpec): TypedSearchAttributes | undefined {
  if (!spec.searchAttributes) return undefined;
  const pairs: SearchAttributePair[] = [];
  for (const [name, value] of Object.entries(spec.searchAttributes)) {
    const key = KEYS_BY_NAME.get(name);
    if (!key) throw new StartSpecError(`unknown search attribute ${name}`);
    pairs.push({ key, value });
  }
  return new TypedSearchAttributes(pairs);
}
