import { KyselyStore } from './kysely-store';
import { openPostgresKysely, POSTGRES_MAX_PARAMS } from './postgres';
import { openSqliteKysely, SQLITE_MAX_PARAMS } from './sqlite';
import type { Store, StoreConfig } from './types';

export type * from './types';
export {
  StoreClosedError,
  StoreConfigError,
  StoreConflictError,
  StoreError,
  StoreMigrationError,
} from './errors';

/**
 * Opens the configured store and applies pending migrations, so a returned
 * store is always ready to use. Close it with `store.close()`.
 */
export async function createStore(config: StoreConfig): Promise<Store> {
  const store =
    config.kind === 'sqlite'
      ? new KyselyStore({ kind: 'sqlite', ...openSqliteKysely(config.path), maxParams: SQLITE_MAX_PARAMS })
      : new KyselyStore({
          kind: 'postgres',
          db: await openPostgresKysely({ url: config.url, ...(config.schema === undefined ? {} : { schema: config.schema }) }),
          maxParams: POSTGRES_MAX_PARAMS,
          ...(config.schema === undefined ? {} : { schema: config.schema }),
        });
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
