import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { StoreConfigError } from './errors';
import { SAFETY_AUTOCHECKPOINT_PAGES, startCheckpointer, WAL_SIZE_LIMIT_BYTES } from './sqlite-checkpointer';
import type { BulkRunner } from './batch';
import type { StoreDatabase } from './schema';
import { ThreadedSqliteDialect } from './sqlite-thread';

/** How long a writer waits on another process's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * SQLITE_MAX_VARIABLE_NUMBER of the SQLite that better-sqlite3 bundles
 * (32766 since SQLite 3.32); batches are chunked to stay under it.
 */
export const SQLITE_MAX_PARAMS = 32_766;

/**
 * Opens (creating if needed) the database file with the pragmas the engine
 * relies on:
 * - WAL: readers never block the single writer, and a commit is one append;
 * - synchronous=NORMAL: in WAL mode this is still crash-safe for the database
 *   (a power cut can lose the last commits, never corrupt), and it drops the
 *   fsync per commit that would otherwise dominate acceptWebhook latency;
 * - busy_timeout: a CLI or second worker on the same file waits instead of
 *   failing with SQLITE_BUSY.
 */
const CONNECTION_PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', `busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`] as const;

export function openSqliteDatabase(path: string): Database.Database {
  const inMemory = path === ':memory:' || path === '';
  try {
    if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
    const db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    for (const p of CONNECTION_PRAGMAS) db.pragma(p);
    return db;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new StoreConfigError(`cannot open SQLite store at ${path}: ${detail}`, { cause: err });
  }
}

/**
 * The store's Kysely instance and its bulk runner (one-row writes repeated
 * over many rows): the connection runs on its own thread (sqlite-thread.ts),
 * so SQLite's time never blocks the worker's event loop.
 * The file is opened here first, synchronously, so a bad path fails at once
 * with a StoreConfigError (and WAL mode, which is persistent, is set).
 */
export function openSqliteKysely(path: string): { db: Kysely<StoreDatabase>; bulk: BulkRunner } {
  const inMemory = path === ':memory:' || path === '';
  openSqliteDatabase(path).close();
  const pragmas: string[] = [...CONNECTION_PRAGMAS];
  let onClose = (): void => undefined;
  if (!inMemory) {
    // Checkpoints run on a thread of their own (see sqlite-checkpointer.ts); this
    // connection checkpoints only if that thread ever falls far behind.
    pragmas.push(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`, `journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    const checkpointer = startCheckpointer(resolve(path), SQLITE_BUSY_TIMEOUT_MS);
    onClose = () => checkpointer.stop();
  }
  const dialect = new ThreadedSqliteDialect({ path: inMemory ? ':memory:' : resolve(path), busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, pragmas }, onClose);
  return { db: new Kysely<StoreDatabase>({ dialect }), bulk: (sql, values, width) => dialect.runMany(sql, values, width) };
}
