import type { Kysely, Migration } from 'kysely';
import type { Store } from '../types';

/**
 * The canonical event stream: facts the engine observed that later flows act
 * on (back in stock, oversell). `dedupe_key` makes an append idempotent, so a
 * retried activity never records the same fact twice.
 */
export function eventsMigration(kind: Store['kind']): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const serialId = kind === 'postgres' ? 'serial' : 'integer';
      await db.schema
        .createTable('events')
        .addColumn('id', serialId, (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('canonical_id', 'text', (c) => c.notNull())
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_by_type_idx').on('events').columns(['type', 'id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('events').ifExists().execute();
    },
  };
}
