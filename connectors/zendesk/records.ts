import { z } from 'zod';

/**
 * The parts of Zendesk's ticket and user JSON the connector relies on
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/,
 * https://developer.zendesk.com/api-reference/ticketing/users/users/), parsed at
 * the module edge so nothing untyped leaves it. Unknown fields pass through.
 */

export const ZendeskTicket = z.looseObject({
  id: z.number().int(),
  subject: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted']),
  priority: z.string().nullable().optional(),
  requester_id: z.number().int(),
  assignee_id: z.number().int().nullable().optional(),
  external_id: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ZendeskTicket = z.infer<typeof ZendeskTicket>;

export const ZendeskUser = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable().optional(),
  role: z.string(),
  external_id: z.string().nullable().optional(),
  organization_id: z.number().int().nullable().optional(),
  phone: z.string().nullable().optional(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ZendeskUser = z.infer<typeof ZendeskUser>;

export const CursorExport = z.looseObject({
  tickets: z.array(z.unknown()),
  after_cursor: z.string().nullable(),
  end_of_stream: z.boolean(),
});

export const TimeExport = z.looseObject({ users: z.array(z.unknown()), end_time: z.number().int(), end_of_stream: z.boolean() });

export const CursorList = z.looseObject({
  users: z.array(z.unknown()),
  meta: z.looseObject({ has_more: z.boolean(), after_cursor: z.string().nullable() }),
});

export interface TicketInput {
  subject?: string;
  comment?: { body: string; public?: boolean; author_id?: number };
  requester_id?: number;
  requester?: { name?: string; email: string };
  status?: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  priority?: 'urgent' | 'high' | 'normal' | 'low' | null;
  external_id?: string | null;
  tags?: string[];
  custom_fields?: { id: number; value: string | number | boolean | string[] | null }[];
}

export interface UserInput {
  name?: string;
  email?: string;
  external_id?: string | null;
  phone?: string | null;
  organization_id?: number | null;
  role?: 'end-user' | 'agent' | 'admin';
  tags?: string[];
  user_fields?: { [key: string]: string | number | boolean | null };
}
