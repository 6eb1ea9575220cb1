import { recordInvalid, type FieldError } from './errors';
import { iso } from './render';
import { type ZendeskState } from './state';
import { isJsonObject, type Json, type JsonObject, type UserRecord, type UserRole } from './types';

/**
 * Users as https://developer.zendesk.com/api-reference/ticketing/users/users/
 * describes them: unique primary email and external_id among active users,
 * roles end-user / agent / admin, "Delete User" deactivates (active: false)
 * rather than removing, and user.* webhook events
 * (https://developer.zendesk.com/api-reference/webhooks/event-types/user-events/).
 */

const ROLES: readonly UserRole[] = ['end-user', 'agent', 'admin'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function userEventDetail(u: UserRecord): JsonObject {
  return {
    created_at: iso(u.created_at),
    email: u.email ?? '',
    external_id: u.external_id,
    default_group_id: null,
    id: String(u.id),
    organization_id: u.organization_id === null ? null : String(u.organization_id),
    role: u.role,
    updated_at: iso(u.updated_at),
  };
}

function str(v: Json | undefined): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  return typeof v === 'string' ? v : String(v);
}

/** Validates and applies `input` onto `target` (a draft); throws 422 RecordInvalid. */
function apply(state: ZendeskState, target: UserRecord, input: JsonObject, creating: boolean): void {
  const errors: Record<string, FieldError[]> = {};
  const add = (field: string, description: string, error: string): void => {
    (errors[field] ??= []).push({ description, error });
  };
  const name = str(input.name);
  if (name !== undefined) target.name = (name ?? '').trim();
  if (creating || name !== undefined) {
    if (!target.name) add('name', 'Name:  is too short (minimum is 1 character)', 'BlankValue');
  }
  const email = str(input.email);
  if (email !== undefined && email !== null && email !== '') {
    const other = state.userByEmail(email);
    if (!EMAIL.test(email)) add('email', `Email: ${email} is not properly formatted`, 'InvalidValue');
    else if (other && other.id !== target.id) add('email', `Email: ${email} is already being used by another user`, 'DuplicateValue');
    else target.email = email;
  }
  const externalId = str(input.external_id);
  if (externalId !== undefined) {
    const other = externalId ? state.userByExternalId(externalId) : undefined;
    if (other && other.id !== target.id) add('external_id', `External: ${externalId} has already been taken`, 'DuplicateValue');
    else target.external_id = externalId || null;
  }
  const role = str(input.role);
  if (role !== undefined && role !== null) {
    if ((ROLES as readonly string[]).includes(role)) target.role = role as UserRole;
    else add('role', `Role: ${role} is not a valid role`, 'InvalidValue');
  }
  if (input.organization_id !== undefined) {
    const org = input.organization_id;
    if (org === null) target.organization_id = null;
    else if (typeof org === 'number' && state.organizations.has(org)) target.organization_id = org;
    else add('organization_id', `Organization: ${String(org)} does not exist`, 'InvalidValue');
  }
  const phone = str(input.phone);
  if (phone !== undefined) target.phone = phone || null;
  for (const k of ['notes', 'details', 'time_zone', 'locale'] as const) {
    const v = str(input[k]);
    if (v !== undefined && v !== null) target[k] = v;
  }
  for (const k of ['verified', 'suspended'] as const) if (typeof input[k] === 'boolean') target[k] = input[k];
  const tags = input.tags;
  if (Array.isArray(tags)) target.tags = [...new Set(tags.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase().replace(/\s+/g, '_')))];
  const fields = input.user_fields;
  if (isJsonObject(fields)) {
    const known = new Set([...state.fields.values()].filter((f) => f.kind === 'user').map((f) => f.key));
    for (const [k, v] of Object.entries(fields)) if (known.has(k)) target.user_fields[k] = v;
  }
  if (Object.keys(errors).length) throw recordInvalid(errors);
}

export function createUser(state: ZendeskState, input: JsonObject): UserRecord {
  const now = state.now();
  const draft: UserRecord = {
    id: 0, name: '', email: null, role: 'end-user', external_id: null, organization_id: null, phone: null, tags: [],
    user_fields: {}, notes: '', details: '', verified: false, active: true, suspended: false, time_zone: 'UTC', locale: 'en-US',
    created_at: now, updated_at: now, seq: 0,
  };
  for (const f of state.fields.values()) if (f.kind === 'user' && f.key) draft.user_fields[f.key] = null;
  apply(state, draft, input, true);
  draft.id = state.nextId('user');
  draft.seq = state.nextSeq();
  state.users.set(draft.id, draft);
  state.publish({ type: 'zen:event-type:user.created', subject: `zen:user:${draft.id}`, detail: userEventDetail(draft), event: {} });
  return draft;
}

export function updateUser(state: ZendeskState, user: UserRecord, input: JsonObject): UserRecord {
  const draft: UserRecord = structuredClone(user);
  apply(state, draft, input, false);
  const changed = JSON.stringify({ ...draft, updated_at: 0, seq: 0 }) !== JSON.stringify({ ...user, updated_at: 0, seq: 0 });
  if (!changed) return user;
  draft.updated_at = state.now();
  draft.seq = state.nextSeq();
  state.users.set(draft.id, draft);
  const subject = `zen:user:${draft.id}`;
  if (draft.name !== user.name) state.publish({ type: 'zen:event-type:user.name_changed', subject, detail: userEventDetail(draft), event: { current: draft.name, previous: user.name } });
  if (draft.external_id !== user.external_id) {
    state.publish({ type: 'zen:event-type:user.external_id_changed', subject, detail: userEventDetail(draft), event: { current: draft.external_id, previous: user.external_id } });
  }
  return draft;
}

export function deleteUser(state: ZendeskState, user: UserRecord): UserRecord {
  const deleted: UserRecord = { ...user, active: false, updated_at: state.now(), seq: state.nextSeq() };
  state.users.set(user.id, deleted);
  state.publish({ type: 'zen:event-type:user.deleted', subject: `zen:user:${user.id}`, detail: userEventDetail(deleted), event: {} });
  return deleted;
}

/** Create or Update User: matched on email, then external_id. */
export function createOrUpdateUser(state: ZendeskState, input: JsonObject): { user: UserRecord; created: boolean } {
  const email = str(input.email);
  const externalId = str(input.external_id);
  const existing = (email ? state.userByEmail(email) : undefined) ?? (externalId ? state.userByExternalId(externalId) : undefined);
  if (existing) return { user: updateUser(state, existing, input), created: false };
  return { user: createUser(state, input), created: true };
}

/** `query` of Search Users: "email:x", "external_id:x", "name:x", or free text over name and email. */
export function searchUsers(state: ZendeskState, query: string): UserRecord[] {
  const m = /^(email|external_id|name|role):"?([^"]*)"?$/i.exec(query.trim());
  const text = ((m ? m[2] : query) ?? '').trim().toLowerCase();
  return [...state.users.values()].filter((u) => {
    if (!u.active) return false;
    switch (m?.[1]?.toLowerCase()) {
      case 'email': return (u.email ?? '').toLowerCase() === text;
      case 'external_id': return (u.external_id ?? '').toLowerCase() === text;
      case 'role': return u.role === text;
      case 'name': return u.name.toLowerCase().includes(text);
      default: return u.name.toLowerCase().includes(text) || (u.email ?? '').toLowerCase().includes(text);
    }
  });
}
