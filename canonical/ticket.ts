import { z } from 'zod';
import { canonicalIdSchema, ExternalRef, Timestamp } from './common';

export const TicketStatus = z.enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** Who wrote a comment. Agents are not customers, so they are named, not linked. */
export const CommentAuthor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), customerId: canonicalIdSchema('cus') }),
  z.object({ kind: z.literal('agent'), name: z.string().min(1) }),
  z.object({ kind: z.literal('system') }),
]);
export type CommentAuthor = z.infer<typeof CommentAuthor>;

export const TicketComment = z.object({
  externalRefs: z.array(ExternalRef),
  author: CommentAuthor,
  /** Plain text; HTML bodies are converted by the mapper. */
  body: z.string(),
  /** Internal notes are not public and must never be sent to the customer. */
  public: z.boolean(),
  createdAt: Timestamp,
});
export type TicketComment = z.infer<typeof TicketComment>;

export const Ticket = z.object({
  id: canonicalIdSchema('tkt'),
  externalRefs: z.array(ExternalRef),
  subject: z.string().min(1),
  status: TicketStatus,
  /** Null when the help desk has not triaged it. */
  priority: TicketPriority.nullable(),
  requesterId: canonicalIdSchema('cus'),
  /** Order the ticket is about, when the help desk links one. */
  orderId: canonicalIdSchema('ord').nullable(),
  tags: z.array(z.string().min(1)),
  /** Oldest first. */
  comments: z.array(TicketComment),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Ticket = z.infer<typeof Ticket>;
