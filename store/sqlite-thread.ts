import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * SQLite on a thread of its own. better-sqlite3 is synchronous: on the
 * worker's event loop every statement stops everything else in the process
 * (activities mapping the next page, the webhook ingress acking a delivery)
 * for as long as SQLite takes — ~10 ms for a page's id-map upsert, two
 * B-trees of random keys per row. Here the connection lives on a dedicated
 * thread; the event loop only sends the compiled SQL and its parameters and
 * gets rows back, so that time runs in parallel with the rest of the worker.
 *
 * One connection, one statement at a time, in order (the same serialisation
 * Kysely's own SQLite driver gives, which is what keeps transactions safe).
 * Short prepared statements are cached on the thread by their SQL.
 */

export interface SqliteThreadOptions {
  path: string;
  busyTimeoutMs: number;
  /** Run on the thread's connection once it is open (pragmas), in order. */
  pragmas: string[];
}

// Plain CommonJS, so it runs the same under tsx, vitest and compiled JS.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
  for (const p of workerData.pragmas) db.pragma(p);
  parentPort.postMessage({ id: 0, ok: true });
} catch (err) {
  parentPort.postMessage({ id: 0, ok: false, error: { message: err.message, code: err.code, name: err.name } });
}
// Only short statements are cached: a multi-row batch's SQL differs with its row count, and each
// prepared batch statement holds a program of its own (tens of MB across a cache of them).
const cache = new Map();
const CACHE_MAX = 64;
const CACHE_MAX_SQL = 2048;
function statement(sql) {
  if (sql.length > CACHE_MAX_SQL) return db.prepare(sql);
  let stmt = cache.get(sql);
  if (stmt) { cache.delete(sql); cache.set(sql, stmt); return stmt; }
  stmt = db.prepare(sql);
  cache.set(sql, stmt);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value);
  return stmt;
}
parentPort.on('message', (m) => {
  if (m.type === 'close') {
    cache.clear();
    try { db && db.close(); } catch { /* already closed */ }
    parentPort.postMessage({ id: m.id, ok: true });
    parentPort.close();
    return;
  }
  try {
    const stmt = statement(m.sql);
    if (stmt.reader) {
      parentPort.postMessage({ id: m.id, ok: true, rows: stmt.all(m.parameters) });
    } else {
      const r = stmt.run(m.parameters);
      parentPort.postMessage({ id: m.id, ok: true, changes: r.changes, lastInsertRowid: r.lastInsertRowid });
    }
  } catch (err) {
    parentPort.postMessage({ id: m.id, ok: false, error: { message: err.message, code: err.code, name: err.name } });
  }
});
`;

interface Reply {
  id: number;
  ok: boolean;
  rows?: unknown[];
  changes?: number;
  lastInsertRowid?: number | bigint;
  error?: { message: string; code?: string; name?: string };
}

/** An error raised on the thread, with SQLite's code (e.g. SQLITE_CONSTRAINT_UNIQUE) kept. */
export class SqliteThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

class SqliteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  #next = 1;
  #dead: Error | null = null;
  readonly ready: Promise<void>;

  constructor(opts: SqliteThreadOptions) {
    // The driver is resolved here: an eval'd thread would resolve it from the working directory.
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(THREAD, { eval: true, workerData: { driver, path: opts.path, busyTimeoutMs: opts.busyTimeoutMs, pragmas: opts.pragmas } });
    this.#worker.unref(); // referenced only while a statement is in flight
    this.ready = new Promise<void>((resolve, reject) => {
      this.#pending.set(0, { resolve: (r) => (r.ok ? resolve() : reject(toError(r))), reject });
    });
    this.#worker.ref();
    this.#worker.on('message', (r: Reply) => {
      const p = this.#pending.get(r.id);
      if (!p) return;
      this.#pending.delete(r.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (r.ok) p.resolve(r);
      else p.reject(toError(r));
    });
    const fail = (err: Error) => {
      this.#dead ??= err;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    this.#worker.on('error', (err) => fail(new Error(`SQLite thread failed: ${err.message}`, { cause: err })));
    this.#worker.on('exit', (code) => fail(new Error(`SQLite thread exited (code ${code})`)));
  }

  #send(message: Record<string, unknown>): Promise<Reply> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise<Reply>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  async execute(sql: string, parameters: readonly unknown[]): Promise<QueryResult<unknown>> {
    const r = await this.#send({ type: 'query', sql, parameters });
    if (r.rows) return { rows: r.rows };
    return {
      numAffectedRows: r.changes === undefined ? undefined : BigInt(r.changes),
      insertId: r.lastInsertRowid === undefined ? undefined : BigInt(r.lastInsertRowid),
      rows: [],
    };
  }

  async close(): Promise<void> {
    if (this.#dead) return;
    await this.#send({ type: 'close' }).catch(() => undefined);
    await this.#worker.terminate();
  }
}

function toError(r: Reply): Error {
  return new SqliteThreadError(r.error?.message ?? 'SQLite error', r.error?.code);
}

class ThreadConnection implements DatabaseConnection {
  constructor(private readonly thread: SqliteThread) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return this.thread.execute(compiled.sql, compiled.parameters) as Promise<QueryResult<R>>;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the SQLite store does not stream queries');
  }
}

/** Kysely's single-connection discipline: one holder at a time, the rest wait in order. */
class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;

  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
  }

  unlock(): void {
    const release = this.#release;
    this.#release = null;
    release?.();
  }
}

class ThreadDriver implements Driver {
  readonly #mutex = new ConnectionMutex();
  #thread: SqliteThread | null = null;
  #connection: ThreadConnection | null = null;

  constructor(
    private readonly opts: SqliteThreadOptions,
    private readonly onClose: () => void,
  ) {}

  async init(): Promise<void> {
    this.#thread = new SqliteThread(this.opts);
    this.#connection = new ThreadConnection(this.#thread);
    await this.#thread.ready;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection!;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.onClose();
    await this.#thread?.close();
  }
}

export class ThreadedSqliteDialect implements Dialect {
  constructor(
    private readonly opts: SqliteThreadOptions,
    /** Called when Kysely is destroyed, before the thread closes its connection. */
    private readonly onClose: () => void = () => undefined,
  ) {}

  createDriver(): Driver {
    return new ThreadDriver(this.opts, this.onClose);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
