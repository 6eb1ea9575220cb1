import type { Selectable } from 'kysely';
import type { IdMapTable, QuarantineTable, RecordsTable, WebhookOutboxTable } from './schema';
import type { CanonicalRecord, IdMapping, OutboxEntry, QuarantineEntry } from './types';

/** Row ⇄ domain conversions, kept in one place so both dialects agree. */

export function now(): string {
  return new Date().toISOString();
}

export function toIdMapping(r: Selectable<IdMapTable>): IdMapping {
  return {
    entity: r.entity,
    canonicalId: r.canonical_id,
    connector: r.connector,
    externalType: r.external_type,
    externalId: r.external_id,
    externalVersion: r.external_version,
  };
}

export function toCanonicalRecord(r: Selectable<RecordsTable>): CanonicalRecord {
  return {
    entity: r.entity,
    canonicalId: r.canonical_id,
    hash: r.hash,
    data: r.data,
    updatedAt: r.updated_at,
    // 0/1 integer in both dialects (see schema.ts).
    deleted: Number(r.deleted) !== 0,
  };
}

export function toOutboxEntry(r: Selectable<WebhookOutboxTable>): OutboxEntry {
  return {
    id: Number(r.id),
    connector: r.connector,
    eventId: r.event_id,
    topic: r.topic,
    workflowId: r.workflow_id,
    signal: r.signal,
    receivedAt: r.received_at,
    deliveredAt: r.delivered_at,
    attempts: Number(r.attempts),
  };
}

export function toQuarantineEntry(r: Selectable<QuarantineTable>): QuarantineEntry {
  return {
    id: Number(r.id),
    flowId: r.flow_id,
    connector: r.connector,
    entity: r.entity,
    externalId: r.external_id,
    reason: r.reason,
    payload: r.payload,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  };
}

/** COUNT(*) is a JS number from SQLite but an int8 string from pg. */
export function toCount(row: { n: string | number | bigint } | undefined): number {
  return row === undefined ? 0 : Number(row.n);
}
