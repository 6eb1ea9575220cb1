/**
 * The store is Switchyard's memory between workflow runs: which external
 * record is which canonical record, what we last saw or wrote (hashes), where
 * each paged sync stopped (cursors), which webhook deliveries we already took
 * (dedupe + outbox), and the records we refused (quarantine).
 *
 * One interface, two implementations (SQLite embedded, PostgreSQL production),
 * one test suite run against both.
 */

/** One canonical ⇄ external link. Unique on both sides per connector. */
export interface IdMapping {
  entity: string;
  canonicalId: string;
  connector: string;
  /** Vendor object type (`Product`, `ITEM`, `ITEM_VARIATION`, ...). */
  externalType: string;
  externalId: string;
  /** Vendor optimistic-concurrency version when it has one (Square `version`). */
  externalVersion: string | null;
}

/** The canonical copy of a record plus the hash of its content. */
export interface CanonicalRecord {
  entity: string;
  canonicalId: string;
  hash: string;
  /** JSON text of the canonical record (validated by the canonical zod schema before it gets here). */
  data: string;
  updatedAt: string;
  deleted: boolean;
}

/**
 * Hash of what Switchyard last read from or wrote to one system for one
 * record. A change whose hash equals the stored one is an echo or a no-op.
 */
export interface RecordHash {
  connector: string;
  entity: string;
  canonicalId: string;
  hash: string;
}

/** A record we refused, with the reason an operator can act on. */
export interface QuarantineEntry {
  id: number;
  flowId: string;
  connector: string;
  entity: string;
  externalId: string;
  reason: string;
  /** JSON text of the offending vendor payload (or a safe excerpt). */
  payload: string;
  createdAt: string;
  resolvedAt: string | null;
}
export type NewQuarantineEntry = Omit<QuarantineEntry, 'id' | 'createdAt' | 'resolvedAt'>;

/**
 * A verified webhook delivery waiting to be handed to Temporal. It is written
 * in the same transaction as the dedupe key, before the ingress acks, so an
 * acknowledged delivery can't be lost by a crash.
 */
export interface OutboxEntry {
  id: number;
  connector: string;
  eventId: string;
  topic: string;
  /** Workflow id (entity key) the delivery is for; duplicates collapse on it. */
  workflowId: string;
  /** Small JSON text: ids and timestamps only, never the vendor payload. */
  signal: string;
  receivedAt: string;
  deliveredAt: string | null;
  attempts: number;
}
export type NewOutboxEntry = Pick<OutboxEntry, 'connector' | 'eventId' | 'topic' | 'workflowId' | 'signal'>;

/** A fact in the canonical event stream (back in stock, oversell…). */
export interface CanonicalEvent {
  id: number;
  type: string;
  entity: string;
  canonicalId: string;
  flowId: string;
  /** Small JSON text: ids, quantities, connector ids — no customer data. */
  data: string;
  /** Appending the same key twice records one event (retried activities). */
  dedupeKey: string;
  createdAt: string;
}
export type NewCanonicalEvent = Omit<CanonicalEvent, 'id' | 'createdAt'>;

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending versioned migrations; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  // --- id map ---------------------------------------------------------
  /** Insert or update (on connector+externalType+externalId) a batch of links. */
  putIdMappings(rows: IdMapping[]): Promise<void>;
  /** externalId → mapping for the ids that are known. */
  findByExternal(connector: string, externalType: string, externalIds: string[]): Promise<Map<string, IdMapping>>;
  /** All links of these canonical ids in one connector (every externalType). */
  findByCanonical(connector: string, canonicalIds: string[]): Promise<IdMapping[]>;
  deleteIdMappings(connector: string, externalType: string, externalIds: string[]): Promise<void>;
  countIdMappings(connector: string, externalType?: string): Promise<number>;

  // --- canonical records ---------------------------------------------------
  putRecords(rows: CanonicalRecord[]): Promise<void>;
  getRecords(entity: string, canonicalIds: string[]): Promise<Map<string, CanonicalRecord>>;
  countRecords(entity: string, opts?: { includeDeleted?: boolean }): Promise<number>;
  /**
   * Compare-and-set of one record on its hash: writes `row` only if the stored
   * hash is `expectedHash` (null = only if absent). Returns whether it wrote.
   * Lets two writers of one record (an entity workflow and a bulk pass) never
   * overwrite each other's update unseen.
   */
  putRecordIf(row: CanonicalRecord, expectedHash: string | null): Promise<boolean>;
  /** Canonical ids of an entity after `afterId` (exclusive), in id order: paging over every record (deleted ones too with `includeDeleted`). */
  listRecordIds(entity: string, opts: { afterId: string | null; limit: number; includeDeleted?: boolean }): Promise<string[]>;

  // --- hashes (change detection, echo suppression) --------------------------
  putHashes(rows: RecordHash[]): Promise<void>;
  getHashes(connector: string, entity: string, canonicalIds: string[]): Promise<Map<string, string>>;

  // --- cursors / checkpoints ------------------------------------------------
  getCursor(key: string): Promise<string | null>;
  setCursor(key: string, value: string | null): Promise<void>;

  // --- webhooks: dedupe + outbox -------------------------------------------
  /**
   * Atomically records the dedupe key and enqueues the outbox row.
   * Returns 'duplicate' (and enqueues nothing) when connector+eventId was seen.
   */
  acceptWebhook(entry: NewOutboxEntry): Promise<'accepted' | 'duplicate'>;
  /** Oldest undelivered outbox rows first. */
  pendingOutbox(limit: number): Promise<OutboxEntry[]>;
  markDelivered(ids: number[]): Promise<void>;
  markAttempted(ids: number[]): Promise<void>;
  countOutbox(opts?: { delivered?: boolean }): Promise<number>;

  // --- canonical event stream ---------------------------------------------
  /** Appends events; one whose dedupeKey is already recorded is skipped. */
  appendEvents(events: NewCanonicalEvent[]): Promise<void>;
  /** Events after `afterId` in append order, optionally of one type. */
  /** How many events of a type (and flow) are recorded. */
  countEvents(opts: { type: string; flowId?: string }): Promise<number>;
  listEvents(opts?: { type?: string; afterId?: number; limit?: number; newestFirst?: boolean }): Promise<CanonicalEvent[]>;

  // --- quarantine ----------------------------------------------------------
  quarantine(entry: NewQuarantineEntry): Promise<void>;
  listQuarantine(opts?: { flowId?: string; limit?: number; includeResolved?: boolean }): Promise<QuarantineEntry[]>;
  countQuarantine(opts?: { flowId?: string }): Promise<number>;
  /** Marks open entries for this record resolved (it synced fine later). */
  resolveQuarantine(connector: string, entity: string, externalId: string): Promise<void>;
}

export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema?: string };
