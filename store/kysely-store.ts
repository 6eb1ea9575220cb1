import type { Kysely } from 'kysely';
import { Batcher, type BulkRunner } from './batch';
import { isUniqueViolation, StoreClosedError, StoreConflictError, StoreError } from './errors';
import * as eventQueries from './event-queries';
import * as idMapQueries from './id-map-queries';
import { migrateToLatest } from './migrations/index';
import * as outboxQueries from './outbox-queries';
import * as quarantineQueries from './quarantine-queries';
import * as recordQueries from './record-queries';
import type { StoreDatabase } from './schema';
import type {
  CanonicalEvent,
  CanonicalRecord,
  NewCanonicalEvent,
  IdMapping,
  NewOutboxEntry,
  NewQuarantineEntry,
  OutboxEntry,
  QuarantineEntry,
  RecordHash,
  Store,
} from './types';

type Db = Kysely<StoreDatabase>;

export interface KyselyStoreOptions {
  kind: Store['kind'];
  db: Db;
  /** Bind-parameter ceiling of the dialect; batches are chunked under it. */
  maxParams: number;
  /** Runs a one-row write for many rows in one go (the SQLite thread); multi-row statements without it. */
  bulk?: BulkRunner;
  /** PostgreSQL schema holding the tables (and the migration bookkeeping). */
  schema?: string;
}

/** Default page of listQuarantine when the caller gives no limit. */
const DEFAULT_QUARANTINE_LIMIT = 100;

/**
 * The one Store implementation for both dialects: every query is built with
 * Kysely (in the *-queries modules); the dialect only decides the connection,
 * the bind-parameter ceiling and one column type in the migration. This class
 * owns the lifecycle and turns driver errors into typed StoreErrors.
 */
export class KyselyStore implements Store {
  readonly kind: Store['kind'];
  #db: Db | null;
  readonly #batch: Batcher;
  readonly #schema: string | undefined;

  constructor(opts: KyselyStoreOptions) {
    this.kind = opts.kind;
    this.#db = opts.db;
    this.#batch = new Batcher(opts.maxParams, opts.bulk);
    this.#schema = opts.schema;
  }

  migrate(): Promise<void> {
    return this.#run('migrate', (db) => migrateToLatest(db, this.kind, this.#schema));
  }

  /** Idempotent. Later calls on this store reject with StoreClosedError. */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = null;
    if (db !== null) await db.destroy();
  }

  // --- id map ---------------------------------------------------------

  /** Throws StoreConflictError (whole batch rolled back) when a canonical id would get a second link of one type. */
  putIdMappings(rows: IdMapping[]): Promise<void> {
    return this.#run('putIdMappings', (db) => idMapQueries.put(db, this.#batch, rows));
  }

  findByExternal(connector: string, externalType: string, externalIds: string[]): Promise<Map<string, IdMapping>> {
    return this.#run('findByExternal', (db) => idMapQueries.findByExternal(db, this.#batch, connector, externalType, externalIds));
  }

  findByCanonical(connector: string, canonicalIds: string[]): Promise<IdMapping[]> {
    return this.#run('findByCanonical', (db) => idMapQueries.findByCanonical(db, this.#batch, connector, canonicalIds));
  }

  deleteIdMappings(connector: string, externalType: string, externalIds: string[]): Promise<void> {
    return this.#run('deleteIdMappings', (db) => idMapQueries.remove(db, this.#batch, connector, externalType, externalIds));
  }

  countIdMappings(connector: string, externalType?: string): Promise<number> {
    return this.#run('countIdMappings', (db) => idMapQueries.count(db, connector, externalType));
  }

  // --- canonical records ---------------------------------------------------

  putRecords(rows: CanonicalRecord[]): Promise<void> {
    return this.#run('putRecords', (db) => recordQueries.putRecords(db, this.#batch, rows));
  }

  getRecords(entity: string, canonicalIds: string[]): Promise<Map<string, CanonicalRecord>> {
    return this.#run('getRecords', (db) => recordQueries.getRecords(db, this.#batch, entity, canonicalIds));
  }

  /** Live records only, unless `includeDeleted`. */
  countRecords(entity: string, opts?: { includeDeleted?: boolean }): Promise<number> {
    return this.#run('countRecords', (db) => recordQueries.countRecords(db, entity, opts?.includeDeleted === true));
  }

  // --- hashes --------------------------------------------------------------

  putHashes(rows: RecordHash[]): Promise<void> {
    return this.#run('putHashes', (db) => recordQueries.putHashes(db, this.#batch, rows));
  }

  getHashes(connector: string, entity: string, canonicalIds: string[]): Promise<Map<string, string>> {
    return this.#run('getHashes', (db) => recordQueries.getHashes(db, this.#batch, connector, entity, canonicalIds));
  }

  // --- cursors -------------------------------------------------------------

  getCursor(key: string): Promise<string | null> {
    return this.#run('getCursor', (db) => recordQueries.getCursor(db, key));
  }

  /** `null` clears the cursor (the next run starts from the beginning). */
  setCursor(key: string, value: string | null): Promise<void> {
    return this.#run('setCursor', (db) => recordQueries.setCursor(db, key, value));
  }

  // --- webhooks: dedupe + outbox ---------------------------------------------

  acceptWebhook(entry: NewOutboxEntry): Promise<'accepted' | 'duplicate'> {
    return this.#run('acceptWebhook', (db) => outboxQueries.accept(db, entry));
  }

  pendingOutbox(limit: number): Promise<OutboxEntry[]> {
    return this.#run('pendingOutbox', (db) => outboxQueries.pending(db, limit));
  }

  /** Idempotent: an already delivered row keeps its first deliveredAt. */
  markDelivered(ids: number[]): Promise<void> {
    return this.#run('markDelivered', (db) => outboxQueries.markDelivered(db, this.#batch, ids));
  }

  markAttempted(ids: number[]): Promise<void> {
    return this.#run('markAttempted', (db) => outboxQueries.markAttempted(db, this.#batch, ids));
  }

  /** All rows, or only delivered (`true`) / undelivered (`false`) ones. */
  countOutbox(opts?: { delivered?: boolean }): Promise<number> {
    return this.#run('countOutbox', (db) => outboxQueries.count(db, opts?.delivered));
  }

  // --- quarantine ----------------------------------------------------------

  quarantine(entry: NewQuarantineEntry): Promise<void> {
    return this.#run('quarantine', (db) => quarantineQueries.add(db, entry));
  }

  /** Newest first; open entries only unless `includeResolved`; default limit 100. */
  listQuarantine(opts?: { flowId?: string; limit?: number; includeResolved?: boolean }): Promise<QuarantineEntry[]> {
    const limit = opts?.limit ?? DEFAULT_QUARANTINE_LIMIT;
    return this.#run('listQuarantine', (db) => quarantineQueries.list(db, opts?.flowId, limit, opts?.includeResolved === true));
  }

  /** Open (unresolved) entries, matching listQuarantine's default. */
  countQuarantine(opts?: { flowId?: string }): Promise<number> {
    return this.#run('countQuarantine', (db) => quarantineQueries.countOpen(db, opts?.flowId));
  }

  resolveQuarantine(connector: string, entity: string, externalId: string): Promise<void> {
    return this.#run('resolveQuarantine', (db) => quarantineQueries.resolve(db, connector, entity, externalId));
  }

  /** Runs one operation on the open connection and maps driver errors to typed ones. */
  // --- record compare-and-set, paging, canonical event stream ----------------

  putRecordIf(row: CanonicalRecord, expectedHash: string | null): Promise<boolean> {
    return this.#run('putRecordIf', (db) => eventQueries.putRecordIf(db, row, expectedHash));
  }

  listRecordIds(entity: string, opts: { afterId: string | null; limit: number; includeDeleted?: boolean }): Promise<string[]> {
    return this.#run('listRecordIds', (db) => eventQueries.listRecordIds(db, entity, opts.afterId, opts.limit, opts.includeDeleted ?? false));
  }

  appendEvents(events: NewCanonicalEvent[]): Promise<void> {
    return this.#run('appendEvents', (db) => eventQueries.appendEvents(db, events));
  }

  countEvents(opts: { type: string; flowId?: string }): Promise<number> {
    return this.#run('countEvents', (db) => eventQueries.countEvents(db, opts.type, opts.flowId));
  }

  listEvents(opts: { type?: string; afterId?: number; limit?: number; newestFirst?: boolean } = {}): Promise<CanonicalEvent[]> {
    return this.#run('listEvents', (db) => eventQueries.listEvents(db, opts));
  }

  async #run<T>(operation: string, fn: (db: Db) => Promise<T>): Promise<T> {
    const db = this.#db;
    if (db === null) throw new StoreClosedError(`store is closed (${operation})`);
    try {
      return await fn(db);
    } catch (err) {
      throw translateError(operation, err);
    }
  }
}

function translateError(operation: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (isUniqueViolation(err)) {
    return new StoreConflictError(`${operation}: unique constraint violated (${detail})`, operation, { cause: err });
  }
  return new StoreError(`${operation} failed: ${detail}`, { cause: err });
}
