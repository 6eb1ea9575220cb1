import type { Kysely } from 'kysely';
import { compositeKey, lastByKey, type Batcher } from './batch';
import { now, toCanonicalRecord, toCount } from './rows';
import type { StoreDatabase } from './schema';
import type { CanonicalRecord, RecordHash } from './types';

/** Canonical records, per-connector hashes and cursors. */

type Db = Kysely<StoreDatabase>;

export async function putRecords(db: Db, batch: Batcher, rows: CanonicalRecord[]): Promise<void> {
  const unique = lastByKey(rows, (r) => compositeKey(r.entity, r.canonicalId));
  await batch.insert(
    db,
    unique,
    (r) => ({ entity: r.entity, canonical_id: r.canonicalId, hash: r.hash, data: r.data, updated_at: r.updatedAt, deleted: r.deleted ? 1 : 0 }),
    (q, values) =>
      q
        .insertInto('records')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['entity', 'canonical_id']).doUpdateSet((eb) => ({
            hash: eb.ref('excluded.hash'),
            data: eb.ref('excluded.data'),
            updated_at: eb.ref('excluded.updated_at'),
            deleted: eb.ref('excluded.deleted'),
          })),
        ),
  );
}

export async function getRecords(
  db: Db,
  batch: Batcher,
  entity: string,
  canonicalIds: string[],
): Promise<Map<string, CanonicalRecord>> {
  const rows = await batch.read(canonicalIds, 1, (part) =>
    db.selectFrom('records').selectAll().where('entity', '=', entity).where('canonical_id', 'in', part).execute(),
  );
  return new Map(rows.map((r) => [r.canonical_id, toCanonicalRecord(r)]));
}

export async function countRecords(db: Db, entity: string, includeDeleted: boolean): Promise<number> {
  let q = db.selectFrom('records').where('entity', '=', entity);
  if (!includeDeleted) q = q.where('deleted', '=', 0);
  return toCount(await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst());
}

export async function putHashes(db: Db, batch: Batcher, rows: RecordHash[]): Promise<void> {
  const unique = lastByKey(rows, (r) => compositeKey(r.connector, r.entity, r.canonicalId));
  await batch.insert(
    db,
    unique,
    (r) => ({ connector: r.connector, entity: r.entity, canonical_id: r.canonicalId, hash: r.hash }),
    (q, values) =>
      q
        .insertInto('record_hashes')
        .values(values)
        .onConflict((oc) => oc.columns(['connector', 'entity', 'canonical_id']).doUpdateSet((eb) => ({ hash: eb.ref('excluded.hash') }))),
  );
}

export async function getHashes(
  db: Db,
  batch: Batcher,
  connector: string,
  entity: string,
  canonicalIds: string[],
): Promise<Map<string, string>> {
  const rows = await batch.read(canonicalIds, 2, (part) =>
    db
      .selectFrom('record_hashes')
      .select(['canonical_id', 'hash'])
      .where('connector', '=', connector)
      .where('entity', '=', entity)
      .where('canonical_id', 'in', part)
      .execute(),
  );
  return new Map(rows.map((r) => [r.canonical_id, r.hash]));
}

export async function getCursor(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('cursors').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setCursor(db: Db, key: string, value: string | null): Promise<void> {
  if (value === null) {
    await db.deleteFrom('cursors').where('key', '=', key).execute();
    return;
  }
  await db
    .insertInto('cursors')
    .values({ key, value, updated_at: now() })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })),
    )
    .execute();
}
