import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenApiContract } from '../framework/openapi-contract';
import { isRecord } from './types';

/**
 * Square's published OpenAPI document (Square-Version 2025-10-16, see
 * <repo>/../shared/specs/README.md), loaded once per process: it is 3 MB and
 * its validators take a moment to compile.
 */

export const SQUARE_SPEC_VERSION = '2025-10-16';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** SWITCHYARD_SPECS_DIR, else `<repo>/../shared/specs`. */
export function specsDir(): string {
  return process.env.SWITCHYARD_SPECS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'specs');
}

/** Error bodies of statuses an operation does not declare (Square's spec declares only 200s). */
const ERROR_RESPONSE = {
  type: 'object',
  required: ['errors'],
  properties: { errors: { type: 'array', minItems: 1, items: { $ref: '#/components/schemas/Error' } } },
};

/**
 * Load-time workarounds from the specs README (the file itself is never edited):
 * - `CatalogModifierToggleOverrideType` is referenced 5 times but undefined → a string stub;
 * - the 60 absolute `https://…squarecdn.com` refs live inside `example`s, which the
 *   schema conversion drops (no external ref is ever resolved);
 * - `info.externalDocs` and `security: [{oauth2: null}]` are never compiled, so ignored.
 * Plus one documented gap: the Catalog API answers a stale write with code
 * `VERSION_MISMATCH` (https://developer.squareup.com/docs/build-basics/common-api-patterns/optimistic-concurrency)
 * but the spec's ErrorCode enum does not list it.
 */
function patchSchemas(schemas: Record<string, unknown>): void {
  schemas.CatalogModifierToggleOverrideType = { type: 'string' };
  const code = schemas.ErrorCode;
  if (isRecord(code) && Array.isArray(code.enum) && !code.enum.includes('VERSION_MISMATCH')) {
    schemas.ErrorCode = { ...code, enum: [...code.enum, 'VERSION_MISMATCH'] };
  }
}

export interface SquareSpec {
  doc: Record<string, unknown>;
  contract: OpenApiContract;
  /** Webhook event type → component schema name (from the `x-webhook` extension). */
  eventSchemas: ReadonlyMap<string, string>;
  /** ListWebhookEventTypes metadata, from `x-webhook` / `x-since` / `x-release-status`. */
  eventTypes: { event_type: string; api_version_introduced: string; release_status: string }[];
}

let cached: SquareSpec | null = null;

export function squareSpec(): SquareSpec {
  if (cached) return cached;
  const file = path.join(specsDir(), 'square', 'openapi.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const contract = new OpenApiContract(doc, { id: 'square-openapi.json', patchSchemas, errorResponseSchema: ERROR_RESPONSE });
  const eventSchemas = new Map<string, string>();
  const eventTypes: SquareSpec['eventTypes'] = [];
  const schemas = isRecord(doc.components) && isRecord(doc.components.schemas) ? doc.components.schemas : {};
  for (const [name, schema] of Object.entries(schemas)) {
    const hook = isRecord(schema) ? schema['x-webhook'] : undefined;
    if (!isRecord(schema) || !isRecord(hook) || typeof hook.event !== 'string') continue;
    eventSchemas.set(hook.event, name);
    eventTypes.push({
      event_type: hook.event,
      api_version_introduced: typeof schema['x-since'] === 'string' ? schema['x-since'] : '2019-09-25',
      release_status: typeof schema['x-release-status'] === 'string' ? schema['x-release-status'] : 'PUBLIC',
    });
  }
  eventTypes.sort((a, b) => a.event_type.localeCompare(b.event_type));
  cached = { doc, contract, eventSchemas, eventTypes };
  return cached;
}
