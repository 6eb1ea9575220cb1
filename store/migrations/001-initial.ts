import { sql, type Kysely, type Migration } from 'kysely';
import type { Store } from '../types';

/**
 * Initial schema. Written once with the schema builder for both dialects; the
 * only dialect fork is the auto-increment id (SQLite `integer primary key
 * autoincrement` keeps ids monotonic so outbox order is insertion order;
 * PostgreSQL `serial`, int4 so pg returns numbers, not strings).
 *
 * Never edit a migration that has shipped: add 002-..., 003-... instead.
 */
export function initialMigration(kind: Store['kind']): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const serialId = kind === 'postgres' ? 'serial' : 'integer';

      await db.schema
        .createTable('id_map')
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('external_type', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('canonical_id', 'text', (c) => c.notNull())
        .addColumn('external_version', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // External side: the upsert key.
        .addPrimaryKeyConstraint('id_map_pk', ['connector', 'external_type', 'external_id'])
        // Canonical side: one external object of a type per canonical record.
        .addUniqueConstraint('id_map_canonical_uq', ['connector', 'external_type', 'entity', 'canonical_id'])
        .execute();
      // findByCanonical asks by connector + canonical id across every type.
      await db.schema.createIndex('id_map_by_canonical_idx').on('id_map').columns(['connector', 'canonical_id']).execute();

      await db.schema
        .createTable('records')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('canonical_id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('records_pk', ['entity', 'canonical_id'])
        .execute();

      await db.schema
        .createTable('record_hashes')
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('canonical_id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_hashes_pk', ['connector', 'entity', 'canonical_id'])
        .execute();

      await db.schema
        .createTable('cursors')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('webhook_outbox')
        .addColumn('id', serialId, (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('signal', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        // This constraint IS the webhook dedupe: acceptWebhook is a single
        // INSERT ... ON CONFLICT DO NOTHING against it.
        .addUniqueConstraint('webhook_outbox_event_uq', ['connector', 'event_id'])
        .execute();
      // Delivered rows stay as dedupe keys, so keep the pending scan off them.
      await db.schema
        .createIndex('webhook_outbox_pending_idx')
        .on('webhook_outbox')
        .column('id')
        .where(sql.ref('delivered_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('quarantine')
        .addColumn('id', serialId, (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .execute();
      await db.schema.createIndex('quarantine_by_flow_idx').on('quarantine').columns(['flow_id', 'id']).execute();
      await db.schema
        .createIndex('quarantine_by_record_idx')
        .on('quarantine')
        .columns(['connector', 'entity', 'external_id'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['quarantine', 'webhook_outbox', 'cursors', 'record_hashes', 'records', 'id_map']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
