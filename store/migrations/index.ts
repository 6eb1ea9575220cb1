import { Migrator, type Kysely, type Migration } from 'kysely';
import { StoreMigrationError } from '../errors';
import type { Store } from '../types';
import { initialMigration } from './001-initial';
import { eventsMigration } from './002-events';
import { leanIndexesMigration } from './003-lean-indexes';

/**
 * Versioned migrations, provided in code (no filesystem scan) so they ship
 * inside any bundle and run the same under tsx, vitest and Temporal workers.
 * Kysely applies them in key order and records each in `kysely_migration`.
 */
export function migrationsFor(kind: Store['kind']): Record<string, Migration> {
  return {
    '001-initial': initialMigration(kind),
    '002-events': eventsMigration(kind),
    '003-lean-indexes': leanIndexesMigration(kind),
  };
}

/**
 * Applies pending migrations; a no-op when up to date. Kysely takes a lock
 * (an advisory lock on PostgreSQL, the single connection on SQLite) so
 * concurrent starters do not race.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  kind: Store['kind'],
  schema: string | undefined,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(kind) },
    // Keep the bookkeeping tables next to the data tables, so dropping the
    // schema really resets everything.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? null;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StoreMigrationError(
      `store migration ${failed ?? '(setup)'} failed: ${detail}`,
      failed,
      { cause: error },
    );
  }
}
