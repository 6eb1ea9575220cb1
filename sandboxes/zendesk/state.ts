import {
  type CommentRecord,
  type FieldRecord,
  type JobStatusRecord,
  type JsonObject,
  type OrganizationRecord,
  type TicketRecord,
  type UserRecord,
  type WebhookRecord,
} from './types';

/**
 * The account's data. A sandbox clock (real time plus an offset the admin can
 * advance) stamps every record, so tests can cross a rate-limit window or an
 * incremental-export boundary without sleeping.
 */

/** A domain event for webhook subscriptions (zen:event-type:*), see events.ts. */
export interface ZendeskDomainEvent {
  type: string;
  subject: string;
  detail: JsonObject;
  event: JsonObject;
  /** Ticket events carry the ticket for trigger-style (conditional) webhooks. */
  ticketId?: number;
}

export interface ZendeskEventSink {
  publish(e: ZendeskDomainEvent): void;
}

export interface IdempotentEntry {
  fingerprint: string;
  status: number;
  body: unknown;
  expiresAt: number;
}

type IdKind = 'user' | 'organization' | 'ticket' | 'comment' | 'audit' | 'field' | 'option';

const FIRST_ID: Record<IdKind, number> = {
  user: 360_000_001,
  organization: 370_000_001,
  ticket: 1,
  comment: 380_000_001,
  audit: 390_000_001,
  field: 400_001,
  option: 500_001,
};

export class ZendeskState {
  readonly users = new Map<number, UserRecord>();
  readonly organizations = new Map<number, OrganizationRecord>();
  readonly tickets = new Map<number, TicketRecord>();
  readonly comments = new Map<number, CommentRecord[]>();
  readonly fields = new Map<number, FieldRecord>();
  readonly webhooks = new Map<string, WebhookRecord>();
  readonly jobs = new Map<string, JobStatusRecord>();
  /** Idempotency-Key → stored response of a ticket create (kept 2 hours). */
  readonly idempotency = new Map<string, IdempotentEntry>();
  /** OAuth access tokens accepted as `Authorization: Bearer`. */
  readonly oauthTokens = new Set<string>();
  private ids: Record<IdKind, number> = { ...FIRST_ID };
  private seq = 0;
  private webhookCounter = 0;
  private offsetMs = 0;
  sink: ZendeskEventSink | null = null;
  /** The agent the API token belongs to (created at startup). */
  agentId = 0;

  constructor(
    readonly subdomain: string,
    readonly accountId: number,
  ) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  nextId(kind: IdKind): number {
    return this.ids[kind]++;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Webhook ids look like ULIDs ("01GDXYEY1FQYN6HKVXB5YHB6E1"); ours are deterministic. */
  nextWebhookId(): string {
    const n = (++this.webhookCounter).toString(32).toUpperCase();
    return `01HZSANDBOX${n.padStart(15, '0')}`;
  }

  publish(e: ZendeskDomainEvent): void {
    this.sink?.publish(e);
  }

  userByEmail(email: string): UserRecord | undefined {
    const e = email.toLowerCase();
    for (const u of this.users.values()) if (u.active && u.email?.toLowerCase() === e) return u;
    return undefined;
  }

  userByExternalId(externalId: string): UserRecord | undefined {
    for (const u of this.users.values()) if (u.active && u.external_id === externalId) return u;
    return undefined;
  }

  clear(): void {
    for (const m of [this.users, this.organizations, this.tickets, this.comments, this.fields, this.webhooks, this.jobs, this.idempotency]) m.clear();
    this.ids = { ...FIRST_ID };
    this.seq = 0;
    this.webhookCounter = 0;
  }
}
