import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, StoreConfigError, type Store } from '../../store/index';
import { dropSchema, randomSchemaName, resolvePostgresUrl } from './harness';

describe('PostgreSQL store specifics', () => {
  it('given an invalid schema name, when the store is created, then it fails with StoreConfigError before connecting', async () => {
    const attempt = createStore({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none', schema: 'bad"; drop' });
    await expect(attempt).rejects.toBeInstanceOf(StoreConfigError);
    await expect(attempt).rejects.toThrow(/invalid PostgreSQL schema name/);
  });

  it('given an unreachable server, when the store is created, then it fails with StoreConfigError that hides the password', async () => {
    const attempt = createStore({ kind: 'postgres', url: 'postgres://user:s3cret@127.0.0.1:1/db' });
    await expect(attempt).rejects.toBeInstanceOf(StoreConfigError);
    await expect(attempt).rejects.toThrow(/127\.0\.0\.1:1\/db/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });

  describe('with a server', () => {
    let url: string;
    const schemas = [randomSchemaName(), randomSchemaName()];
    const stores: Store[] = [];
    let admin: pg.Client;

    beforeAll(async () => {
      url = resolvePostgresUrl(); // fails (never skips) when no server is configured
      admin = new pg.Client({ connectionString: url });
      await admin.connect();
      for (const schema of schemas) stores.push(await createStore({ kind: 'postgres', url, schema }));
    });

    afterAll(async () => {
      for (const store of stores) await store.close();
      if (url !== undefined) for (const schema of schemas) await dropSchema(url, schema);
      await admin?.end();
    });

    it('given two schemas, when the same event id is accepted in each, then both accept: schemas are isolated', async () => {
      const [a, b] = stores;
      const delivery = { connector: 'shopify', eventId: 'same', topic: 't', workflowId: 'w', signal: '{}' };
      expect(await a!.acceptWebhook(delivery)).toBe('accepted');
      expect(await b!.acceptWebhook(delivery)).toBe('accepted');
      expect(await a!.countOutbox()).toBe(1);
    });

    it('given a schema, when its catalog is read, then every table and the migration bookkeeping live inside it', async () => {
      const { rows } = await admin.query<{ table_name: string }>(
        'select table_name from information_schema.tables where table_schema = $1 order by table_name',
        [schemas[0]],
      );
      expect(rows.map((r) => r.table_name)).toEqual([
        'cursors',
        'events',
        'id_map',
        'kysely_migration',
        'kysely_migration_lock',
        'quarantine',
        'record_hashes',
        'records',
        'webhook_outbox',
      ]);
      const migrations = await admin.query<{ name: string }>(`select name from "${schemas[0]}".kysely_migration`);
      expect(migrations.rows.map((r) => r.name).sort()).toEqual(['001-initial', '002-events', '003-lean-indexes']);
    });

    it('given an existing schema, when a store is created on it again, then it reuses the data without re-migrating', async () => {
      await stores[0]!.setCursor('k', 'v');
      const again = await createStore({ kind: 'postgres', url, schema: schemas[0]! });
      stores.push(again);
      expect(await again.getCursor('k')).toBe('v');
    });
  });
});
