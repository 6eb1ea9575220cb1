import { createUser } from './user-ops';
import { recordInvalid, ZendeskError, type FieldError } from './errors';
import { iso, renderComment } from './render';
import { type ZendeskState } from './state';
import {
  isJsonObject, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES,
  type CommentRecord, type JsonObject, type TicketPriority, type TicketRecord, type TicketStatus, type TicketType, type UserRecord,
} from './types';

/**
 * Ticket writes per https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/:
 * a create needs a `comment` (it becomes the description), comments are added
 * by updating the ticket with `comment: {body, public}`, closed tickets refuse
 * updates, `safe_update` + `updated_stamp` detect lost updates (409), and a
 * delete is a soft delete (status "deleted" in the incremental export).
 * Each change publishes the documented ticket events
 * (https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/).
 */

export type AuditEvent = JsonObject;

export function ticketEventDetail(t: TicketRecord, actorId: number): JsonObject {
  const s = (v: number | null): string | null => (v === null ? null : String(v));
  return {
    actor_id: String(actorId), assignee_id: s(t.assignee_id), brand_id: '1', created_at: iso(t.created_at), custom_status: String(t.status === 'deleted' ? 0 : TICKET_STATUSES.indexOf(t.status) + 1),
    description: t.description, external_id: t.external_id, form_id: '1', group_id: s(t.group_id), id: String(t.id), is_public: true,
    organization_id: s(t.organization_id), priority: t.priority?.toUpperCase() ?? null, requester_id: String(t.requester_id),
    status: t.status.toUpperCase(), subject: t.subject, submitter_id: String(t.submitter_id), tags: [...t.tags], type: t.type?.toUpperCase() ?? null,
    updated_at: iso(t.updated_at), via: { channel: t.channel === 'api' ? 'web_service' : t.channel },
  };
}

function enumValue<T extends string>(values: readonly T[], v: unknown, field: string, errors: Record<string, FieldError[]>): T | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  (errors[field] ??= []).push({ description: `${field[0]!.toUpperCase()}${field.slice(1)}: ${String(v)} is not valid`, error: 'InvalidValue' });
  return undefined;
}

interface CommentInput {
  body: string;
  public: boolean;
  authorId: number | null;
}

function commentOf(input: JsonObject): CommentInput | null {
  const c = input.comment;
  if (!isJsonObject(c)) return null;
  const raw = typeof c.body === 'string' ? c.body : typeof c.html_body === 'string' ? c.html_body.replace(/<[^>]+>/g, '') : '';
  if (!raw.trim()) return null;
  return { body: raw, public: c.public !== false, authorId: typeof c.author_id === 'number' ? c.author_id : null };
}

function normTags(v: unknown): string[] | undefined {
  return Array.isArray(v) ? [...new Set(v.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase().replace(/\s+/g, '_')))] : undefined;
}

/** Applies the writable fields; returns validation errors instead of throwing so callers can add their own. */
function applyFields(state: ZendeskState, t: TicketRecord, input: JsonObject, errors: Record<string, FieldError[]>): void {
  if (typeof input.subject === 'string') t.subject = input.subject;
  const status = enumValue<TicketStatus>(TICKET_STATUSES, input.status, 'status', errors);
  if (status) t.status = status;
  const priority = enumValue<TicketPriority>(TICKET_PRIORITIES, input.priority, 'priority', errors);
  if (priority !== undefined) t.priority = priority;
  const type = enumValue<TicketType>(TICKET_TYPES, input.type, 'type', errors);
  if (type !== undefined) t.type = type;
  if (input.assignee_id !== undefined) {
    const a = input.assignee_id === null ? null : state.users.get(Number(input.assignee_id));
    if (a === null) t.assignee_id = null;
    else if (a && a.active && a.role !== 'end-user') t.assignee_id = a.id;
    else (errors.assignee ??= []).push({ description: 'Assignee: is not an agent', error: 'InvalidValue' });
  }
  if (typeof input.requester_id === 'number') {
    const r = state.users.get(input.requester_id);
    if (r?.active) t.requester_id = r.id;
    else (errors.requester ??= []).push({ description: 'Requester: is invalid', error: 'InvalidValue' });
  }
  if (typeof input.organization_id === 'number' || input.organization_id === null) t.organization_id = input.organization_id;
  if (typeof input.group_id === 'number' || input.group_id === null) t.group_id = input.group_id;
  if (input.external_id !== undefined) t.external_id = input.external_id === null ? null : String(input.external_id);
  if (typeof input.due_at === 'string') t.due_at = Date.parse(input.due_at);
  const tags = normTags(input.tags);
  if (tags) t.tags = tags;
  const custom = input.custom_fields ?? input.fields;
  if (Array.isArray(custom)) {
    for (const f of custom) {
      if (!isJsonObject(f) || typeof f.id !== 'number' || state.fields.get(f.id)?.kind !== 'ticket') continue;
      const rest = t.custom_fields.filter((c) => c.id !== f.id);
      t.custom_fields = [...rest, { id: f.id, value: f.value ?? null }].sort((a, b) => a.id - b.id);
    }
  }
}

function addComment(state: ZendeskState, t: TicketRecord, c: CommentInput, actor: UserRecord, auditId: number): CommentRecord {
  const rec: CommentRecord = { id: state.nextId('comment'), ticket_id: t.id, audit_id: auditId, author_id: c.authorId ?? actor.id, body: c.body, public: c.public, channel: t.channel, created_at: state.now() };
  state.comments.set(t.id, [...(state.comments.get(t.id) ?? []), rec]);
  return rec;
}

function resolveRequester(state: ZendeskState, input: JsonObject, actor: UserRecord, errors: Record<string, FieldError[]>): number {
  const r = input.requester;
  if (isJsonObject(r) && typeof r.email === 'string') {
    const found = state.userByEmail(r.email);
    if (found) return found.id;
    return createUser(state, { name: typeof r.name === 'string' ? r.name : r.email.split('@')[0] ?? r.email, email: r.email }).id;
  }
  if (input.requester_id === undefined) return actor.id;
  const u = typeof input.requester_id === 'number' ? state.users.get(input.requester_id) : undefined;
  if (u?.active) return u.id;
  (errors.requester ??= []).push({ description: 'Requester: is invalid', error: 'InvalidValue' });
  return actor.id;
}

export function createTicket(state: ZendeskState, input: JsonObject, actor: UserRecord, channel = 'api'): TicketRecord {
  const errors: Record<string, FieldError[]> = {};
  const comment = commentOf(input);
  if (!comment) errors.base = [{ description: 'Description: cannot be blank', error: 'BlankValue' }];
  const now = state.now();
  const t: TicketRecord = {
    id: 0, subject: '', description: comment?.body ?? '', status: 'new', priority: null, type: null, requester_id: 0, submitter_id: actor.id,
    assignee_id: null, organization_id: null, group_id: null, external_id: null, tags: [], custom_fields: [], due_at: null, channel,
    created_at: now, updated_at: now, seq: 0,
  };
  t.requester_id = resolveRequester(state, input, actor, errors);
  const { requester_id: _ignored, ...rest } = input;
  void _ignored;
  applyFields(state, t, rest, errors);
  if (Object.keys(errors).length || !comment) throw recordInvalid(errors);
  if (!t.subject) t.subject = comment.body.split('\n')[0]!.slice(0, 50);
  if (t.status === 'new' && t.assignee_id !== null) t.status = 'open';
  t.organization_id ??= state.users.get(t.requester_id)?.organization_id ?? null;
  t.id = state.nextId('ticket');
  t.seq = state.nextSeq();
  state.tickets.set(t.id, t);
  addComment(state, t, { ...comment, authorId: comment.authorId ?? (input.requester !== undefined || input.requester_id !== undefined ? t.requester_id : actor.id) }, actor, state.nextId('audit'));
  state.publish({ type: 'zen:event-type:ticket.created', subject: `zen:ticket:${t.id}`, detail: ticketEventDetail(t, actor.id), event: {}, ticketId: t.id });
  return t;
}

export interface TicketUpdateResult {
  ticket: TicketRecord;
  audit: JsonObject;
}

export function updateTicket(state: ZendeskState, current: TicketRecord, input: JsonObject, actor: UserRecord): TicketUpdateResult {
  if (current.status === 'closed') throw recordInvalid({ status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedPreventsUpdate' }] });
  if (input.safe_update === true && typeof input.updated_stamp === 'string' && Date.parse(input.updated_stamp) !== Math.floor(current.updated_at / 1000) * 1000) {
    throw new ZendeskError(409, { error: 'UpdateConflict', description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.' });
  }
  const errors: Record<string, FieldError[]> = {};
  const t: TicketRecord = structuredClone(current);
  applyFields(state, t, input, errors);
  if (Object.keys(errors).length) throw recordInvalid(errors);
  if ((t.status === 'solved' || t.status === 'closed') && t.assignee_id === null && actor.role !== 'end-user') t.assignee_id = actor.id;
  if (t.status === 'new' && t.assignee_id !== null && input.status === undefined) t.status = 'open';
  const auditId = state.nextId('audit');
  const events: AuditEvent[] = [];
  const comment = commentOf(input);
  let added: CommentRecord | null = null;
  if (comment) {
    added = addComment(state, t, comment, actor, auditId);
    events.push({ ...renderComment(added), created_at: undefined } as unknown as AuditEvent);
  }
  const subject = `zen:ticket:${t.id}`;
  for (const field of ['status', 'priority', 'subject', 'type', 'assignee_id'] as const) {
    const prev = current[field];
    const next = t[field];
    if (prev === next) continue;
    if (next !== null && prev !== null) events.push({ id: state.nextId('audit'), type: 'Change', field_name: field, value: String(next), previous_value: String(prev) });
    else if (next !== null) events.push({ id: state.nextId('audit'), type: 'Create', field_name: field, value: String(next) });
  }
  const changed = added !== null || JSON.stringify(t) !== JSON.stringify(current);
  if (!changed) return { ticket: current, audit: auditOf(state, t, auditId, actor, []) };
  t.updated_at = state.now();
  t.seq = state.nextSeq();
  state.tickets.set(t.id, t);
  const detail = ticketEventDetail(t, actor.id);
  const pub = (type: string, event: JsonObject): void => state.publish({ type: `zen:event-type:ticket.${type}`, subject, detail, event, ticketId: t.id });
  if (current.status !== t.status) pub('status_changed', { current: t.status.toUpperCase(), previous: current.status.toUpperCase() });
  if (current.priority !== t.priority) pub('priority_changed', { current: t.priority?.toUpperCase() ?? null, previous: current.priority?.toUpperCase() ?? null });
  if (current.subject !== t.subject) pub('subject_changed', { current: t.subject, previous: current.subject });
  if (current.assignee_id !== t.assignee_id) pub('agent_assignment_changed', { current: t.assignee_id === null ? null : { id: String(t.assignee_id) }, previous: current.assignee_id === null ? null : { id: String(current.assignee_id) } });
  const addedTags = t.tags.filter((x) => !current.tags.includes(x));
  const removedTags = current.tags.filter((x) => !t.tags.includes(x));
  if (addedTags.length || removedTags.length) pub('tags_changed', { tags_added: addedTags, tags_removed: removedTags });
  if (added) {
    const author = state.users.get(added.author_id);
    pub('comment_added', { comment: { id: String(added.id), body: added.body, is_public: added.public, author: { id: String(added.author_id), is_staff: author ? author.role !== 'end-user' : false, name: author?.name ?? '' } } });
  }
  return { ticket: t, audit: auditOf(state, t, auditId, actor, events) };
}

function auditOf(state: ZendeskState, t: TicketRecord, id: number, actor: UserRecord, events: AuditEvent[]): JsonObject {
  return { id, ticket_id: t.id, created_at: iso(state.now()), author_id: actor.id, metadata: { system: {}, custom: {} }, via: { channel: 'api', source: { from: {}, to: {}, rel: null } }, events: events.map((e) => JSON.parse(JSON.stringify(e)) as JsonObject) };
}

export function softDeleteTicket(state: ZendeskState, t: TicketRecord, actor: UserRecord): void {
  const deleted: TicketRecord = { ...t, status: 'deleted', updated_at: state.now(), seq: state.nextSeq() };
  state.tickets.set(t.id, deleted);
  state.publish({ type: 'zen:event-type:ticket.soft_deleted', subject: `zen:ticket:${t.id}`, detail: ticketEventDetail(deleted, actor.id), event: {}, ticketId: t.id });
}
