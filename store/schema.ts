import type { Generated } from 'kysely';

/**
 * Row shapes of the tables created by the migrations, as both drivers return
 * them. Deliberately the lowest common denominator of SQLite and PostgreSQL so
 * one query builder codebase serves both:
 * - timestamps are ISO-8601 UTC text written by the app (fixed width, so text
 *   order is time order, and there is no driver-specific Date conversion);
 * - booleans are 0/1 integers (better-sqlite3 cannot bind booleans);
 * - ids are 32-bit integers (pg returns int8 as strings).
 */

export interface IdMapTable {
  connector: string;
  external_type: string;
  external_id: string;
  entity: string;
  canonical_id: string;
  external_version: string | null;
  updated_at: string;
}

export interface RecordsTable {
  entity: string;
  canonical_id: string;
  hash: string;
  data: string;
  updated_at: string;
  deleted: number;
}

export interface RecordHashesTable {
  connector: string;
  entity: string;
  canonical_id: string;
  hash: string;
}

export interface CursorsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface WebhookOutboxTable {
  id: Generated<number>;
  connector: string;
  event_id: string;
  topic: string;
  workflow_id: string;
  signal: string;
  received_at: string;
  delivered_at: string | null;
  attempts: Generated<number>;
}

export interface QuarantineTable {
  id: Generated<number>;
  flow_id: string;
  connector: string;
  entity: string;
  external_id: string;
  reason: string;
  payload: string;
  created_at: string;
  resolved_at: string | null;
}

export interface StoreDatabase {
  id_map: IdMapTable;
  records: RecordsTable;
  record_hashes: RecordHashesTable;
  cursors: CursorsTable;
  webhook_outbox: WebhookOutboxTable;
  quarantine: QuarantineTable;
  events: EventsTable;
}

export interface EventsTable {
  id: Generated<number>;
  type: string;
  entity: string;
  canonical_id: string;
  flow_id: string;
  data: string;
  dedupe_key: string;
  created_at: string;
}
