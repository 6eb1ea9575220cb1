/**
 * Records the Zendesk sandbox keeps. Times are epoch milliseconds inside the
 * store and rendered as ISO 8601 without milliseconds, as Zendesk does
 * ("2024-01-02T03:04:05Z"). `seq` is a store-wide change counter: the
 * cursor-based incremental export orders by it, so two changes in the same
 * second never tie (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isJsonObject(v: unknown): v is JsonObject {
  return isRecord(v);
}

export type UserRole = 'end-user' | 'agent' | 'admin';

export interface UserRecord {
  id: number;
  name: string;
  email: string | null;
  role: UserRole;
  external_id: string | null;
  organization_id: number | null;
  phone: string | null;
  tags: string[];
  user_fields: JsonObject;
  notes: string;
  details: string;
  verified: boolean;
  active: boolean;
  suspended: boolean;
  time_zone: string;
  locale: string;
  created_at: number;
  updated_at: number;
  seq: number;
}

export interface OrganizationRecord {
  id: number;
  name: string;
  external_id: string | null;
  domain_names: string[];
  details: string | null;
  notes: string | null;
  group_id: number | null;
  shared_tickets: boolean;
  shared_comments: boolean;
  tags: string[];
  organization_fields: { [key: string]: string | number };
  created_at: number;
  updated_at: number;
}

export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_TYPES = ['problem', 'incident', 'question', 'task'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export interface CustomFieldValue {
  id: number;
  value: Json;
}

export interface TicketRecord {
  id: number;
  subject: string;
  description: string;
  /** 'deleted' once soft-deleted: only the incremental export still shows it. */
  status: TicketStatus | 'deleted';
  priority: TicketPriority | null;
  type: TicketType | null;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  external_id: string | null;
  tags: string[];
  custom_fields: CustomFieldValue[];
  due_at: number | null;
  channel: string;
  created_at: number;
  updated_at: number;
  seq: number;
}

export interface CommentRecord {
  id: number;
  ticket_id: number;
  audit_id: number;
  author_id: number;
  body: string;
  public: boolean;
  channel: string;
  created_at: number;
}

export type FieldKind = 'user' | 'ticket';

export interface FieldOption {
  id: number;
  name: string;
  value: string;
}

export interface FieldRecord {
  id: number;
  kind: FieldKind;
  type: string;
  title: string;
  key: string | null;
  description: string;
  active: boolean;
  required: boolean;
  position: number;
  system: boolean;
  options: FieldOption[];
  created_at: number;
  updated_at: number;
}

export interface WebhookRecord {
  id: string;
  name: string;
  description: string;
  endpoint: string;
  http_method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  request_format: 'json' | 'xml' | 'form_encoded';
  status: 'active' | 'inactive';
  subscriptions: string[];
  secret: string;
  custom_headers: { [key: string]: string };
  created_at: number;
  updated_at: number;
  created_by: number;
  updated_by: number;
}

export interface JobStatusRecord {
  id: string;
  job_type: string;
  status: 'queued' | 'working' | 'completed' | 'failed';
  total: number;
  progress: number;
  message: string | null;
  results: JsonObject[];
}
