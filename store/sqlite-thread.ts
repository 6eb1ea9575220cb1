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
 * One connection; the thread runs statements one at a time in the order they
 * were sent. A statement outside a transaction is sent as soon as it is
 * issued, without waiting for the ones before it to come back: the thread
 * then runs a page's reads and writes back to back instead of idling for a
 * turn of the event loop between each (the event loop is busy mapping the
 * next page). A transaction is exclusive, as with Kysely's own SQLite
 * driver: other statements wait until it commits or rolls back, so none of
 * them lands inside it. (Kysely's `db.connection()` is not exclusive here;
 * only the migrator uses it, when the store opens, before anything else.)
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
    if (m.type === 'many') {
      // One statement over many rows, all or none (a savepoint when a transaction is open).
      const width = m.width;
      const values = m.values;
      let changes = 0;
      db.transaction(() => {
        for (let i = 0; i < values.length; i += width) changes += stmt.run(values.slice(i, i + width)).changes;
      })();
      parentPort.postMessage({ id: m.id, ok: true, changes });
    } else if (stmt.reader) {
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

  /** Runs one short statement once per row of `values` (`width` parameters each), in one transaction on the thread. */
  async executeMany(sql: string, values: readonly unknown[], width: number): Promise<number> {
    const r = await this.#send({ type: 'many', sql, values, width });
    return r.changes ?? 0;
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

/**
 * Who may send statements now: anyone while no transaction is open; only the
 * transaction's own connection while one is. Transactions queue for it in order.
 */
class TransactionGate {
  #tail: Promise<void> = Promise.resolve();
  /** Open or waiting transactions; statements outside them wait while any exist. */
  #holders = 0;
  #idle: Promise<void> = Promise.resolve();
  #wake: (() => void) | null = null;

  /** Resolves once no transaction is open or waiting. */
  idle(): Promise<void> {
    return this.#holders === 0 ? Promise.resolve() : this.#idle;
  }

  /** Waits for the transactions before it; returns the release. */
  async lock(): Promise<() => void> {
    if (this.#holders++ === 0) this.#idle = new Promise<void>((resolve) => (this.#wake = resolve));
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      if (--this.#holders === 0) this.#wake?.();
    };
  }
}

/** One acquisition of the connection (Kysely acquires per statement, or once per transaction). */
class ThreadConnection implements DatabaseConnection {
  #release: (() => void) | null = null;

  constructor(
    private readonly thread: SqliteThread,
    private readonly gate: TransactionGate,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#release) await this.gate.idle();
    return this.thread.execute(compiled.sql, compiled.parameters) as Promise<QueryResult<R>>;
  }

  /** Owns the connection until end(): Kysely rolls back after any failure, begin and commit included. */
  async begin(): Promise<void> {
    this.#release = await this.gate.lock();
    await this.thread.execute('begin', []);
  }

  end(): void {
    this.#release?.();
    this.#release = null;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the SQLite store does not stream queries');
  }
}

class ThreadDriver implements Driver {
  readonly #gate = new TransactionGate();
  #thread: SqliteThread | null = null;

  constructor(
    private readonly opts: SqliteThreadOptions,
    private readonly onClose: () => void,
  ) {}

  async init(): Promise<void> {
    this.#thread = new SqliteThread(this.opts);
    await this.#thread.ready;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ThreadConnection(this.#thread!, this.#gate);
  }

  /** See ThreadedSqliteDialect.runMany. */
  async runMany(sql: string, values: readonly unknown[], width: number): Promise<number> {
    if (!this.#thread) throw new Error('the SQLite store is not open yet');
    await this.#gate.idle();
    return this.#thread.executeMany(sql, values, width);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as ThreadConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    (connection as ThreadConnection).end();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (err) {
      // A begin that failed left nothing to roll back; the caller rethrows the original error.
      if (!(err instanceof SqliteThreadError && /no transaction is active/.test(err.message))) throw err;
    } finally {
      (connection as ThreadConnection).end();
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as ThreadConnection).end();
  }

  async destroy(): Promise<void> {
    this.onClose();
    await this.#thread?.close();
  }
}

export class ThreadedSqliteDialect implements Dialect {
  #driver: ThreadDriver | null = null;

  constructor(
    private readonly opts: SqliteThreadOptions,
    /** Called when Kysely is destroyed, before the thread closes its connection. */
    private readonly onClose: () => void = () => undefined,
  ) {}

  createDriver(): Driver {
    this.#driver = new ThreadDriver(this.opts, this.onClose);
    return this.#driver;
  }

  /**
   * Runs a one-row statement for every row of `values` (a flat list,
   * `width` parameters per row) in a single message and transaction: a
   * page's thousands of id-map rows cost one prepared statement on the
   * thread instead of a multi-row statement built, compiled, sent and
   * parsed anew for each page. Ordered with every other statement, and never
   * inside another caller's transaction. Returns the rows changed. Kysely
   * must have been initialised (any query does that).
   */
  runMany(sql: string, values: readonly unknown[], width: number): Promise<number> {
    if (!this.#driver) return Promise.reject(new Error('the SQLite dialect has no driver yet'));
    return this.#driver.runMany(sql, values, width);
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
