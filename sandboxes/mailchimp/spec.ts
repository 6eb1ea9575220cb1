import fs from 'node:fs';
import YAML from 'yaml';
import { OpenApiContract } from '../framework/openapi-contract';
import { specPath } from '../framework/specs';
import { isRecord } from './types';

/**
 * The Mailchimp Marketing API spec we validate against: ../shared/specs/mailchimp/openapi.yaml,
 * an OpenAPI 3.0.1 conversion (openapi-generator 7.2.0) of Mailchimp's marketing.json
 * 3.0.55 (see the specs README). Parsed once per process (1.6 MB of YAML, ~2 s).
 *
 * In-memory corrections (the file is never edited), each a defect of the conversion,
 * not of Mailchimp's API:
 * 1. Name collisions: the generator gave the single member ("List Members" in
 *    marketing.json) and the member collection the same component `List_Members_2`,
 *    making the collection's `members[]` items the collection itself. We restore the
 *    single member (= `List_Members`, which has the same properties) and give
 *    GET /lists/{list_id}/members its collection schema. Same for webhooks
 *    (`List_Webhooks`): single webhook per https://mailchimp.com/developer/marketing/api/list-webhooks/.
 * 2. `fields` / `exclude_fields` (and any array query parameter) are `style: form,
 *    explode: false` arrays, i.e. one comma-separated string. The framework validates
 *    a query value as a scalar, so such parameters become strings (with an enum
 *    pattern when the items have an enum).
 * 3. Out of date: member responses' `status` enum lacks "archived", which the API
 *    returns for archived contacts (the 3.0.55 spec already lists it as a `status`
 *    filter of GET /lists/{list_id}/members; see
 *    https://mailchimp.com/developer/marketing/api/list-members/). Added in memory.
 * 4. `merge_fields` values are typed `object` (additionalProperties: {type: object});
 *    they are strings, numbers or, for address fields, objects
 *    (https://mailchimp.com/developer/marketing/docs/merge-fields/#structure). Loosened.
 * 5. Some 204 responses declare an "Empty Response" JSON object; a 204 has no body
 *    (RFC 9110 §15.3.5) and the API sends none, so their content is dropped.
 */

export const MAILCHIMP_SPEC_VERSION = '3.0.55';

const LINKS = { type: 'array', items: { $ref: '#/components/schemas/Resource_Link' } };

const WEBHOOK = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    events: { $ref: '#/components/schemas/Events_2' },
    sources: { $ref: '#/components/schemas/Sources_1' },
    list_id: { type: 'string' },
    _links: LINKS,
  },
};

export interface MailchimpSpec {
  doc: { [key: string]: unknown };
  contract: OpenApiContract;
}

let cached: MailchimpSpec | null = null;

export function mailchimpSpec(): MailchimpSpec {
  if (cached) return cached;
  const doc = YAML.parse(fs.readFileSync(specPath('mailchimp', 'openapi.yaml'), 'utf8')) as { [key: string]: unknown };
  patchDoc(doc);
  const contract = new OpenApiContract(doc, { id: 'mailchimp-openapi.yaml', patchSchemas });
  cached = { doc, contract };
  return cached;
}

function addArchived(schema: unknown): void {
  const status = isRecord(schema) && isRecord(schema.properties) ? schema.properties.status : undefined;
  if (isRecord(status) && Array.isArray(status.enum) && !status.enum.includes('archived')) status.enum = [...status.enum, 'archived'];
}

/** Every `merge_fields: {additionalProperties: {type: object}}` in the schema graph → any value. */
function loosenMergeFields(node: unknown, depth = 0): void {
  if (depth > 40 || (typeof node !== 'object' || node === null)) return;
  if (Array.isArray(node)) return node.forEach((n) => loosenMergeFields(n, depth + 1));
  const rec = node as { [key: string]: unknown };
  const props = isRecord(rec.properties) ? rec.properties : null;
  const merge = props && isRecord(props.merge_fields) ? props.merge_fields : null;
  if (merge && isRecord(merge.additionalProperties) && merge.additionalProperties.type === 'object') {
    merge.additionalProperties = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'object' }] };
  }
  for (const v of Object.values(rec)) loosenMergeFields(v, depth + 1);
}

function patchSchemas(schemas: { [key: string]: unknown }): void {
  loosenMergeFields(schemas);
  addArchived(schemas.List_Members);
  addArchived(schemas.List_Members_1);
  const member = schemas.List_Members;
  if (isRecord(member)) {
    schemas.List_Members_2 = member;
    schemas.Sandbox_List_Members_Collection = {
      type: 'object',
      properties: { members: { type: 'array', items: { $ref: '#/components/schemas/List_Members' } }, list_id: { type: 'string' }, total_items: { type: 'integer' }, _links: LINKS },
    };
  }
  schemas.List_Webhooks = WEBHOOK;
  schemas.Sandbox_List_Webhooks_Collection = {
    type: 'object',
    properties: { webhooks: { type: 'array', items: WEBHOOK }, list_id: { type: 'string' }, total_items: { type: 'integer' }, _links: LINKS },
  };
}

function setResponseSchema(doc: { [key: string]: unknown }, path: string, method: string, schemaName: string): void {
  const paths = isRecord(doc.paths) ? doc.paths : {};
  const item = paths[path];
  const op = isRecord(item) ? item[method] : undefined;
  const ok = isRecord(op) && isRecord(op.responses) ? op.responses['200'] : undefined;
  if (!isRecord(ok) || !isRecord(ok.content)) return;
  for (const media of Object.values(ok.content)) if (isRecord(media)) media.schema = { $ref: `#/components/schemas/${schemaName}` };
}

function patchDoc(doc: { [key: string]: unknown }): void {
  setResponseSchema(doc, '/lists/{list_id}/members', 'get', 'Sandbox_List_Members_Collection');
  setResponseSchema(doc, '/lists/{list_id}/webhooks', 'get', 'Sandbox_List_Webhooks_Collection');
  const paths = isRecord(doc.paths) ? doc.paths : {};
  for (const item of Object.values(paths)) {
    if (!isRecord(item)) continue;
    for (const op of Object.values(item)) {
      if (!isRecord(op)) continue;
      const noContent = isRecord(op.responses) ? op.responses['204'] : undefined;
      if (isRecord(noContent)) delete noContent.content;
      if (!Array.isArray(op.parameters)) continue;
      for (const p of op.parameters) {
        if (!isRecord(p) || p.in !== 'query' || !isRecord(p.schema) || p.schema.type !== 'array') continue;
        const items = isRecord(p.schema.items) ? p.schema.items : {};
        const alt = Array.isArray(items.enum) ? `(${items.enum.map((e) => String(e).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})` : '[^,]+';
        p.schema = { type: 'string', pattern: `^${alt}(,${alt})*$` };
      }
    }
  }
}
