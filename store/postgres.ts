import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { StoreConfigError } from './errors';
import type { StoreDatabase } from './schema';

/** The wire protocol counts bind parameters in an int16. */
export const POSTGRES_MAX_PARAMS = 65_535;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `schema` is a plain lower-case identifier (it ends up in DDL and search_path). */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreConfigError(
      `invalid PostgreSQL schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _ (max 63)`,
    );
  }
}

/** host:port/db of a connection URL, never the password (it ends up in logs). */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable url)';
  }
}

export interface PostgresOptions {
  url: string;
  schema?: string;
  /** Pool size; a worker runs a handful of activities at once, so small is right. */
  maxConnections?: number;
}

/**
 * Creates the pool, checks the server is reachable (so a bad URL fails here
 * with a clear message rather than inside a migration) and, with `schema`,
 * creates that schema and pins every pooled connection's search_path to it.
 */
export async function openPostgresKysely(opts: PostgresOptions): Promise<Kysely<StoreDatabase>> {
  const { url, schema } = opts;
  if (schema !== undefined) assertSchemaName(schema);

  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 10,
    // Without it a blackholed host hangs the first query forever.
    connectionTimeoutMillis: 10_000,
  });
  // An idle pooled client whose server went away emits 'error' on the pool;
  // unhandled, that kills the process. The pool drops the client and the next
  // checkout reconnects, so there is nothing else to do here.
  pool.on('error', () => {});

  try {
    if (schema !== undefined) await ensureSchema(pool, schema);
    else await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => {});
    const detail = err instanceof Error ? err.message : String(err);
    throw new StoreConfigError(`cannot use PostgreSQL store at ${describePostgresUrl(url)}: ${detail}`, {
      cause: err,
    });
  }

  const searchPath = schema === undefined ? null : CompiledQuery.raw(`set search_path to "${schema}"`);
  return new Kysely<StoreDatabase>({
    dialect: new PostgresDialect({
      pool,
      // Runs once per physical connection, so unqualified table names in every
      // query resolve inside the configured schema.
      ...(searchPath === null ? {} : { onCreateConnection: async (conn) => void (await conn.executeQuery(searchPath)) }),
    }),
  });
}

async function ensureSchema(pool: pg.Pool, schema: string): Promise<void> {
  // Look first: CREATE SCHEMA checks the CREATE privilege even when the schema
  // exists, and a production role is often allowed to use but not create one.
  const { rowCount } = await pool.query('select 1 from pg_namespace where nspname = $1', [schema]);
  if (rowCount !== null && rowCount > 0) return;
  try {
    // Safe to interpolate: assertSchemaName allowed only [a-z0-9_].
    await pool.query(`create schema if not exists "${schema}"`);
  } catch (err) {
    // Two processes creating the schema at once: IF NOT EXISTS still races on
    // the catalog's unique index (23505). The schema exists either way.
    if (!(typeof err === 'object' && err !== null && 'code' in err && err.code === '23505')) throw err;
  }
}
