import { type CommentRecord, type FieldRecord, type JsonObject, type OrganizationRecord, type TicketRecord, type UserRecord } from './types';

/**
 * JSON shapes of the Support API resources, field for field as the reference
 * pages show them (Users: https://developer.zendesk.com/api-reference/ticketing/users/users/,
 * Tickets: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/).
 * `base` is the origin the client called, so `url` and pagination links work
 * against the sandbox the way they do against {subdomain}.zendesk.com.
 */

/** Zendesk timestamps: ISO 8601 UTC, whole seconds. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function renderUser(u: UserRecord, base: string): JsonObject {
  const staff = u.role !== 'end-user';
  return {
    id: u.id,
    url: `${base}/api/v2/users/${u.id}.json`,
    name: u.name,
    email: u.email ?? '',
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    time_zone: u.time_zone,
    iana_time_zone: u.time_zone === 'UTC' ? 'Etc/UTC' : u.time_zone,
    phone: u.phone,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: u.locale,
    organization_id: u.organization_id,
    role: u.role,
    verified: u.verified,
    external_id: u.external_id,
    tags: [...u.tags],
    alias: null,
    active: u.active,
    shared: false,
    shared_agent: false,
    last_login_at: null,
    two_factor_auth_enabled: false,
    signature: null,
    details: u.details,
    notes: u.notes,
    role_type: null,
    custom_role_id: null,
    moderator: staff,
    ticket_restriction: staff ? null : 'requested',
    only_private_comments: false,
    restricted_agent: !staff,
    suspended: u.suspended,
    default_group_id: null,
    report_csv: staff,
    user_fields: { ...u.user_fields },
  };
}

export function renderOrganization(o: OrganizationRecord, base: string): JsonObject {
  return {
    id: o.id,
    url: `${base}/api/v2/organizations/${o.id}.json`,
    name: o.name,
    shared_tickets: o.shared_tickets,
    shared_comments: o.shared_comments,
    external_id: o.external_id,
    created_at: iso(o.created_at),
    updated_at: iso(o.updated_at),
    domain_names: [...o.domain_names],
    details: o.details,
    notes: o.notes,
    group_id: o.group_id,
    tags: [...o.tags],
    organization_fields: { ...o.organization_fields },
  };
}

export function renderTicket(t: TicketRecord, base: string): JsonObject {
  return {
    url: `${base}/api/v2/tickets/${t.id}.json`,
    id: t.id,
    external_id: t.external_id,
    via: { channel: t.channel, source: { from: {}, to: {}, rel: null } },
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
    generated_timestamp: Math.floor(t.updated_at / 1000),
    type: t.type,
    subject: t.subject,
    raw_subject: t.subject,
    description: t.description,
    priority: t.priority,
    status: t.status,
    recipient: null,
    requester_id: t.requester_id,
    submitter_id: t.submitter_id,
    assignee_id: t.assignee_id,
    organization_id: t.organization_id,
    group_id: t.group_id,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: t.due_at === null ? null : iso(t.due_at),
    tags: [...t.tags],
    custom_fields: t.custom_fields.map((f) => ({ id: f.id, value: f.value })),
    sharing_agreement_ids: [],
    custom_status_id: t.status === 'deleted' ? null : customStatusId(t.status),
    fields: t.custom_fields.map((f) => ({ id: f.id, value: f.value })),
    followup_ids: [],
    brand_id: 1,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
}

const STATUS_IDS: Record<string, number> = { new: 1, open: 2, pending: 3, hold: 4, solved: 5, closed: 6 };

function customStatusId(status: string): number | null {
  return STATUS_IDS[status] ?? null;
}

export function renderComment(c: CommentRecord): JsonObject {
  const html = `<div class="zd-comment" dir="auto">${escapeHtml(c.body).replace(/\n/g, '<br>')}</div>`;
  return {
    id: c.id,
    type: 'Comment',
    author_id: c.author_id,
    body: c.body,
    html_body: html,
    plain_body: c.body,
    public: c.public,
    attachments: [],
    audit_id: c.audit_id,
    via: { channel: c.channel, source: { from: {}, to: {}, rel: null } },
    created_at: iso(c.created_at),
    metadata: { system: {}, custom: {} },
  };
}

export function renderField(f: FieldRecord, base: string): JsonObject {
  const common: JsonObject = {
    url: `${base}/api/v2/${f.kind}_fields/${f.id}.json`,
    id: f.id,
    type: f.type,
    title: f.title,
    raw_title: f.title,
    description: f.description,
    raw_description: f.description,
    position: f.position,
    active: f.active,
    created_at: iso(f.created_at),
    updated_at: iso(f.updated_at),
  };
  const options = f.options.map((o, i) => ({ id: o.id, name: o.name, raw_name: o.name, value: o.value, position: i, default: false }));
  if (f.kind === 'user') {
    return { ...common, key: f.key ?? '', system: f.system, regexp_for_validation: null, ...(options.length ? { custom_field_options: options } : {}) };
  }
  return {
    ...common,
    required: f.required,
    collapsed_for_agents: false,
    regexp_for_validation: null,
    title_in_portal: f.title,
    raw_title_in_portal: f.title,
    visible_in_portal: f.system,
    editable_in_portal: f.system,
    required_in_portal: false,
    tag: null,
    removable: !f.system,
    agent_description: '',
    ...(options.length ? { custom_field_options: options } : {}),
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
