import fs from 'node:fs';
import YAML from 'yaml';
import { formatIssue, OpenApiContract } from '../framework/openapi-contract';
import { type ContractCheck, type Route } from '../framework/server';
import { specPath } from '../framework/specs';
import { isRecord } from './types';

/**
 * Zendesk's published Support API OpenAPI document (2.0.0, April 2025 snapshot,
 * see <repo>/../shared/specs/README.md), parsed once per process: 1.2 MB of YAML.
 *
 * The spec's paths carry no `.json` suffix while every documented example (and
 * node-zendesk) calls `/api/v2/users.json`; both reach the same operation, so
 * the check strips the suffix before looking the operation up.
 */

/** Error bodies for statuses an operation does not declare (almost all 4xx in this spec). */
const ERROR_RESPONSE = {
  anyOf: [
    // {"error":"RecordNotFound","description":"Not found"}, {"error":"Couldn't authenticate you"}
    { type: 'object', required: ['error'], properties: { error: { type: 'string' }, description: { type: 'string' }, details: { type: 'object' } } },
    // {"error":{"title":"Forbidden","message":"..."}} (permission errors)
    { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['title', 'message'] } } },
    { $ref: '#/components/schemas/Errors' },
  ],
};

type Schemas = Record<string, unknown>;

function props(schemas: Schemas, name: string): Record<string, unknown> | null {
  const s = schemas[name];
  return isRecord(s) && isRecord(s.properties) ? s.properties : null;
}

function nullable(p: Record<string, unknown> | null, ...names: string[]): void {
  if (!p) return;
  for (const n of names) {
    const cur = p[n];
    p[n] = isRecord(cur) ? { ...cur, nullable: true } : { nullable: true };
  }
}

/**
 * In-memory fixes for spec defects, each contradicted by the spec's own
 * examples or by the endpoint docs (the file is never edited):
 * - TicketObject: `priority`, `type`, `assignee_id`, `group_id`, `organization_id`,
 *   `external_id`, `problem_id`, `forum_topic_id`, `recipient` are null on a fresh ticket (TicketResponseExample);
 *   `status` is "deleted" for soft-deleted tickets in the incremental export
 *   ("Deleted tickets ... have a status of deleted"); custom field values are
 *   string, number, boolean, array or null, not only strings.
 * - TicketUpdateInput.custom_fields references CustomFieldObject (a field
 *   *definition* requiring key/type/title) where the docs send `{id, value}`.
 * - UserForAdmin: `alias`, `signature`, `default_group_id`, `last_login_at`
 *   and `locale_id` are null for end users (UserResponseExample).
 */
function patchSchemas(schemas: Schemas): void {
  const ticket = props(schemas, 'TicketObject');
  nullable(ticket, 'priority', 'type', 'assignee_id', 'group_id', 'organization_id', 'external_id', 'problem_id', 'forum_topic_id', 'recipient', 'custom_status_id');
  if (ticket && isRecord(ticket.status)) ticket.status = { ...ticket.status, enum: ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted'] };
  if (ticket) ticket.custom_fields = { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, value: {} } } };
  const update = props(schemas, 'TicketUpdateInput');
  if (update) update.custom_fields = { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, value: {} } } };
  nullable(props(schemas, 'UserForAdmin'), 'alias', 'signature', 'default_group_id', 'last_login_at', 'locale_id');
}

/**
 * Cursor-based exports declare `start_time` required at path level, yet their
 * own after_url carries only `cursor` ("use the cursor parameter instead of
 * start_time for subsequent requests"): make it optional on those two paths.
 */
function patchDoc(doc: Record<string, unknown>): void {
  const paths = isRecord(doc.paths) ? doc.paths : {};
  for (const p of ['/api/v2/incremental/tickets/cursor', '/api/v2/incremental/users/cursor']) {
    const item = paths[p];
    if (!isRecord(item) || !Array.isArray(item.parameters)) continue;
    item.parameters = item.parameters.map((param: unknown) =>
      isRecord(param) && param.$ref === '#/components/parameters/IncrementalUnixTime' ? { name: 'start_time', in: 'query', required: false, schema: { type: 'integer' } } : param,
    );
  }
}

let cached: OpenApiContract | null = null;

export function zendeskContract(): OpenApiContract {
  if (cached) return cached;
  const doc = YAML.parse(fs.readFileSync(specPath('zendesk', 'oas.yaml'), 'utf8')) as Record<string, unknown>;
  patchDoc(doc);
  cached = new OpenApiContract(doc, { id: 'zendesk-oas.yaml', patchSchemas, errorResponseSchema: ERROR_RESPONSE });
  return cached;
}

/** `/api/v2/users/5.json` → `/api/v2/users/5`. */
export function specPathOf(path: string): string {
  return path.endsWith('.json') ? path.slice(0, -5) : path;
}

/**
 * Checks every exchange of a route the spec knows. Sandbox routes and the
 * Webhooks API (a separate Zendesk spec, not shipped) are exempt here; the
 * webhook routes validate themselves with zod (webhook-schemas.ts).
 */
export function zendeskContractCheck(contract: OpenApiContract): ContractCheck {
  const skip = (route: Route): boolean => route.pattern.startsWith('/_sandbox/') || route.pattern.startsWith('/api/v2/webhooks');
  return {
    check(route, req, res) {
      if (!route || skip(route)) return [];
      const path = specPathOf(req.path);
      const body = req.rawBody.length ? req.json : undefined;
      const issues = [
        ...contract.validateRequest(req.method, path, req.query, body),
        ...(res.raw === undefined ? contract.validateResponse(req.method, path, res.status, res.body) : []),
      ];
      return issues.map(formatIssue);
    },
  };
}
