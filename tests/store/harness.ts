import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { createStore, type Store } from '../../store/index';

/** One isolated store location (a temp file, a fresh schema) for one test. */
export interface StoreTarget {
  /** Opens a store at this location; every call opens the same location. */
  open(): Promise<Store>;
  /** Deletes the location. */
  destroy(): Promise<void>;
}

export interface StoreBackend {
  kind: Store['kind'];
  newTarget(): Promise<StoreTarget>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PG_URL_FILE = join(REPO_ROOT, '.tools', 'pg', 'url');
const PG_HINT = 'run `bash scripts/postgres.sh` (starts a local PostgreSQL and writes .tools/pg/url) or set SWITCHYARD_PG_URL';

export function sqliteBackend(): StoreBackend {
  return {
    kind: 'sqlite',
    async newTarget() {
      const dir = mkdtempSync(join(tmpdir(), 'switchyard-store-'));
      const path = join(dir, 'nested', 'switchyard.db');
      return {
        open: () => createStore({ kind: 'sqlite', path }),
        destroy: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

/**
 * SWITCHYARD_PG_URL, else the URL scripts/postgres.sh wrote. Throws (so the
 * Postgres suite FAILS, never skips) when neither exists.
 */
export function resolvePostgresUrl(): string {
  const fromEnv = process.env['SWITCHYARD_PG_URL']?.trim();
  if (fromEnv) return fromEnv;
  const fromFile = existsSync(PG_URL_FILE) ? readFileSync(PG_URL_FILE, 'utf8').trim() : '';
  if (fromFile) return fromFile;
  throw new Error(`PostgreSQL store tests need a server: ${PG_HINT}`);
}

export function randomSchemaName(): string {
  return `sy_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

export function postgresBackend(): StoreBackend {
  return {
    kind: 'postgres',
    async newTarget() {
      const url = resolvePostgresUrl();
      const schema = randomSchemaName();
      return {
        open: async () => {
          try {
            return await createStore({ kind: 'postgres', url, schema });
          } catch (err) {
            const detail = err instanceof Error ? err.message : String(err);
            throw new Error(`${detail}\n(hint: ${PG_HINT})`, { cause: err });
          }
        },
        destroy: () => dropSchema(url, schema),
      };
    },
  };
}

/** The store under test plus a way to open more stores at the same location. */
export interface StoreFixture {
  /** A freshly created (migrated, empty) store for the current test. */
  readonly store: Store;
  /** Opens another store at the current test's location (closed after the test). */
  open(): Promise<Store>;
}

/** Registers hooks giving every test its own empty store; cleans up after it. */
export function useStoreFixture(backend: StoreBackend): StoreFixture {
  let target: StoreTarget | undefined;
  let current: Store | undefined;
  let opened: Store[] = [];

  async function open(): Promise<Store> {
    if (target === undefined) throw new Error('no store target: the beforeEach hook failed');
    const store = await target.open();
    opened.push(store);
    return store;
  }

  beforeEach(async () => {
    target = undefined;
    current = undefined;
    opened = [];
    target = await backend.newTarget();
    current = await open();
  });

  afterEach(async () => {
    // close() is idempotent, so stores a test closed itself are fine here.
    for (const store of opened) await store.close();
    await target?.destroy();
  });

  return {
    get store(): Store {
      if (current === undefined) throw new Error('no store: the beforeEach hook failed');
      return current;
    },
    open,
  };
}
