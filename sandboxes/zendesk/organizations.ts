import { type SandboxServer } from '../framework/server';
import { notFound, recordInvalid, type FieldError } from './errors';
import { intParam, mountApi, type ApiContext } from './http';
import { paginate } from './pagination';
import { renderOrganization } from './render';
import { type ZendeskState } from './state';
import { type JsonObject, type OrganizationRecord } from './types';
import { requireRoot } from './users';

/** Organizations API: https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/ */

function applyOrg(state: ZendeskState, target: OrganizationRecord, input: JsonObject, creating: boolean): void {
  const errors: Record<string, FieldError[]> = {};
  if (typeof input.name === 'string') target.name = input.name.trim();
  if ((creating || input.name !== undefined) && !target.name) errors.name = [{ description: 'Name: cannot be blank', error: 'BlankValue' }];
  else if ([...state.organizations.values()].some((o) => o.id !== target.id && o.name.toLowerCase() === target.name.toLowerCase())) {
    errors.name = [{ description: 'Name: has already been taken', error: 'DuplicateValue' }];
  }
  if (input.external_id !== undefined) target.external_id = input.external_id === null ? null : String(input.external_id);
  for (const k of ['details', 'notes'] as const) if (typeof input[k] === 'string' || input[k] === null) target[k] = input[k] as string | null;
  if (Array.isArray(input.domain_names)) target.domain_names = input.domain_names.filter((d): d is string => typeof d === 'string');
  if (Array.isArray(input.tags)) target.tags = input.tags.filter((d): d is string => typeof d === 'string');
  for (const k of ['shared_tickets', 'shared_comments'] as const) if (typeof input[k] === 'boolean') target[k] = input[k];
  if (Object.keys(errors).length) throw recordInvalid(errors);
}

export function createOrganization(state: ZendeskState, input: JsonObject): OrganizationRecord {
  const now = state.now();
  const org: OrganizationRecord = {
    id: 0, name: '', external_id: null, domain_names: [], details: null, notes: null, group_id: null,
    shared_tickets: false, shared_comments: false, tags: [], organization_fields: {}, created_at: now, updated_at: now,
  };
  applyOrg(state, org, input, true);
  org.id = state.nextId('organization');
  state.organizations.set(org.id, org);
  state.publish({ type: 'zen:event-type:organization.created', subject: `zen:organization:${org.id}`, detail: { id: String(org.id), name: org.name, external_id: org.external_id }, event: {} });
  return org;
}

export function mountOrganizationRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  const find = (id: string | undefined): OrganizationRecord => {
    const o = state.organizations.get(intParam(id));
    if (!o) throw notFound();
    return o;
  };
  // https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#list-organizations
  mountApi(server, ctx, 'GET', '/api/v2/organizations', (call) => {
    const orgs = [...state.organizations.values()].sort((a, b) => a.id - b.id);
    return { status: 200, body: paginate(call, orgs, 'organizations', (o) => renderOrganization(o, call.base)) };
  });
  // https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#create-organization
  mountApi(server, ctx, 'POST', '/api/v2/organizations', (call) => ({
    status: 201,
    body: { organization: renderOrganization(createOrganization(state, requireRoot(call, 'organization')), call.base) },
  }));
  // https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#show-organization
  mountApi(server, ctx, 'GET', '/api/v2/organizations/{organization_id}', (call) => ({
    status: 200,
    body: { organization: renderOrganization(find(call.req.params.organization_id), call.base) },
  }));
  // https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#update-organization
  mountApi(server, ctx, 'PUT', '/api/v2/organizations/{organization_id}', (call) => {
    const draft = structuredClone(find(call.req.params.organization_id));
    applyOrg(state, draft, requireRoot(call, 'organization'), false);
    draft.updated_at = state.now();
    state.organizations.set(draft.id, draft);
    return { status: 200, body: { organization: renderOrganization(draft, call.base) } };
  });
  // https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#delete-organization
  mountApi(server, ctx, 'DELETE', '/api/v2/organizations/{organization_id}', (call) => {
    const org = find(call.req.params.organization_id);
    state.organizations.delete(org.id);
    for (const u of state.users.values()) if (u.organization_id === org.id) state.users.set(u.id, { ...u, organization_id: null });
    return { status: 204 };
  });
}
