import fs from 'node:fs';
import { parse } from 'yaml';
import { OpenApiContract } from '../framework/openapi-contract';
import { specPath } from '../framework/specs';
import { isObject } from './types';

/**
 * Xero's published OpenAPI documents (XeroAPI/Xero-OpenAPI 16.1.0, see
 * <repo>/../shared/specs/README.md): the Accounting API (OAS 3.0, ~1 MB YAML,
 * server https://api.xero.com/api.xro/2.0) and the Webhooks payloads (OAS 3.1).
 * Parsed once per process; the files are never edited, defects are patched in memory.
 */

/** Where the spec's paths live on our server (the spec's server URL path). */
export const ACCOUNTING_BASE = '/api.xro/2.0';

/** Problem-details bodies of the identity layer (401/403/429/500), which the spec does not describe. */
const PROBLEM_DETAILS = {
  type: 'object',
  required: ['Title', 'Status'],
  properties: {
    Type: { type: ['string', 'null'] },
    Title: { type: 'string' },
    Status: { type: 'integer' },
    Detail: { type: 'string' },
    Instance: { type: 'string' },
    Extensions: { type: 'object' },
  },
};

/** Error statuses an operation does not declare: Xero's Error body or problem details. */
const ERROR_RESPONSE = { anyOf: [{ $ref: '#/components/schemas/Error' }, PROBLEM_DETAILS] };

export interface XeroSpecs {
  accounting: OpenApiContract;
  webhooks: OpenApiContract;
}

let cached: XeroSpecs | null = null;

function load(file: string): Record<string, unknown> {
  const doc: unknown = parse(fs.readFileSync(specPath('xero', file), 'utf8'), { maxAliasCount: -1 });
  if (!isObject(doc)) throw new Error(`${file} is not an OpenAPI document`);
  return doc;
}

/**
 * README workaround: `/Accounts` has a path-level parameter `$ref` with a
 * sibling `type: string`, which OAS 3.0 forbids; the sibling is deleted.
 */
function patchAccounting(doc: Record<string, unknown>): void {
  const paths = doc.paths;
  const accounts = isObject(paths) ? paths['/Accounts'] : undefined;
  if (isObject(accounts) && Array.isArray(accounts.parameters)) {
    accounts.parameters = accounts.parameters.map((p) => (isObject(p) && typeof p.$ref === 'string' ? { $ref: p.$ref } : p));
  }
}

/**
 * The webhooks spec types `eventDateUtc` as `format: date-time` (RFC 3339, zone
 * required) while its own example and Xero's deliveries carry no zone
 * (`2025-12-02T00:44:09.923`). The format is relaxed to that shape in memory.
 */
function patchWebhooks(schemas: Record<string, unknown>): void {
  const ev = structuredClone(schemas.WebhookEvent);
  const props = isObject(ev) ? ev.properties : undefined;
  const events = isObject(props) ? props.events : undefined;
  const items = isObject(events) ? events.items : undefined;
  const fields = isObject(items) ? items.properties : undefined;
  if (isObject(fields)) fields.eventDateUtc = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$' };
  schemas.WebhookEvent = ev;
}

export function xeroSpecs(): XeroSpecs {
  if (cached) return cached;
  const accountingDoc = load('xero_accounting.yaml');
  patchAccounting(accountingDoc);
  const accounting = new OpenApiContract(accountingDoc, { id: 'xero-accounting.yaml', errorResponseSchema: ERROR_RESPONSE });
  const webhooks = new OpenApiContract(load('xero-webhooks.yaml'), { id: 'xero-webhooks.yaml', patchSchemas: patchWebhooks });
  cached = { accounting, webhooks };
  return cached;
}
