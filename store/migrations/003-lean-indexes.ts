import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Store } from '../types';

/**
 * Fewer B-tree writes per row on the two tables a backfill writes most
 * (~5 id-map rows and 2 hashes per variant; canonical ids are hashes, so
 * every row lands on a random page of every index and each index costs a
 * page write per row).
 *
 * - id_map: 001 kept the external-side primary key, the canonical-side
 *   unique constraint on (connector, external_type, entity, canonical_id) and
 *   a lookup index on (connector, canonical_id) for findByCanonical. A unique
 *   constraint is the same constraint whatever its column order, so it moves
 *   to (connector, canonical_id, external_type, entity), where it also serves
 *   findByCanonical, and the lookup index goes.
 * - SQLite only: id_map and record_hashes become WITHOUT ROWID tables
 *   (clustered on their primary key, one B-tree less each; their rows are
 *   small, which is where SQLite recommends it).
 *
 * Same constraints, same queries; SQLite rebuilds the two tables inside the
 * migration's transaction (it cannot change constraints in place).
 */
type Columns = readonly string[];
const ID_MAP: Columns = ['connector', 'external_type', 'external_id', 'entity', 'canonical_id', 'external_version', 'updated_at'];
const HASHES: Columns = ['connector', 'entity', 'canonical_id', 'hash'];

type IdMapColumn = 'connector' | 'external_type' | 'external_id' | 'entity' | 'canonical_id' | 'external_version' | 'updated_at';

function idMapTable(db: Kysely<unknown>, name: string, canonicalKey: IdMapColumn[]): CreateTableBuilder<string, IdMapColumn> {
  return db.schema
    .createTable(name)
    .addColumn('connector', 'text', (c) => c.notNull())
    .addColumn('external_type', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('canonical_id', 'text', (c) => c.notNull())
    .addColumn('external_version', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('id_map_pk', ['connector', 'external_type', 'external_id'])
    .addUniqueConstraint('id_map_canonical_uq', canonicalKey);
}

function hashesTable(db: Kysely<unknown>, name: string): CreateTableBuilder<string, 'connector' | 'entity' | 'canonical_id' | 'hash'> {
  return db.schema
    .createTable(name)
    .addColumn('connector', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('canonical_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_hashes_pk', ['connector', 'entity', 'canonical_id']);
}

/** Copies `table` into the freshly created `next`, then puts `next` in its place. */
async function swap(db: Kysely<unknown>, table: string, next: string, columns: Columns): Promise<void> {
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  await sql`insert into ${sql.table(next)} (${cols}) select ${cols} from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(next).renameTo(table).execute();
}

export function leanIndexesMigration(kind: Store['kind']): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (kind === 'postgres') {
        await db.schema.alterTable('id_map').dropConstraint('id_map_canonical_uq').execute();
        await db.schema.alterTable('id_map').addUniqueConstraint('id_map_canonical_uq', ['connector', 'canonical_id', 'external_type', 'entity']).execute();
        await db.schema.dropIndex('id_map_by_canonical_idx').execute();
        return;
      }
      await idMapTable(db, 'id_map_v3', ['connector', 'canonical_id', 'external_type', 'entity']).modifyEnd(sql`without rowid`).execute();
      await swap(db, 'id_map', 'id_map_v3', ID_MAP);
      await hashesTable(db, 'record_hashes_v3').modifyEnd(sql`without rowid`).execute();
      await swap(db, 'record_hashes', 'record_hashes_v3', HASHES);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (kind === 'postgres') {
        await db.schema.createIndex('id_map_by_canonical_idx').on('id_map').columns(['connector', 'canonical_id']).execute();
        await db.schema.alterTable('id_map').dropConstraint('id_map_canonical_uq').execute();
        await db.schema.alterTable('id_map').addUniqueConstraint('id_map_canonical_uq', ['connector', 'external_type', 'entity', 'canonical_id']).execute();
        return;
      }
      await idMapTable(db, 'id_map_v1', ['connector', 'external_type', 'entity', 'canonical_id']).execute();
      await swap(db, 'id_map', 'id_map_v1', ID_MAP);
      await db.schema.createIndex('id_map_by_canonical_idx').on('id_map').columns(['connector', 'canonical_id']).execute();
      await hashesTable(db, 'record_hashes_v1').execute();
      await swap(db, 'record_hashes', 'record_hashes_v1', HASHES);
    },
  };
}
