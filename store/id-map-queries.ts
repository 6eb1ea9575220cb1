import type { Kysely } from 'kysely';
import { compositeKey, distinct, lastByKey, type Batcher } from './batch';
import { now, toCount, toIdMapping } from './rows';
import type { StoreDatabase } from './schema';
import type { IdMapping } from './types';

type Db = Kysely<StoreDatabase>;

/** Upsert on the external key; the canonical-side unique constraint still guards the other direction. */
export async function put(db: Db, batch: Batcher, rows: IdMapping[]): Promise<void> {
  const unique = lastByKey(rows, (r) => compositeKey(r.connector, r.externalType, r.externalId));
  const updatedAt = now();
  await batch.insert(
    db,
    unique,
    (r) => ({
      connector: r.connector,
      external_type: r.externalType,
      external_id: r.externalId,
      entity: r.entity,
      canonical_id: r.canonicalId,
      external_version: r.externalVersion,
      updated_at: updatedAt,
    }),
    (q, values) =>
      q
        .insertInto('id_map')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['connector', 'external_type', 'external_id']).doUpdateSet((eb) => ({
            entity: eb.ref('excluded.entity'),
            canonical_id: eb.ref('excluded.canonical_id'),
            external_version: eb.ref('excluded.external_version'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
  );
}

export async function findByExternal(
  db: Db,
  batch: Batcher,
  connector: string,
  externalType: string,
  externalIds: string[],
): Promise<Map<string, IdMapping>> {
  const rows = await batch.read(externalIds, 2, (part) =>
    db
      .selectFrom('id_map')
      .selectAll()
      .where('connector', '=', connector)
      .where('external_type', '=', externalType)
      .where('external_id', 'in', part)
      .execute(),
  );
  return new Map(rows.map((r) => [r.external_id, toIdMapping(r)]));
}

export async function findByCanonical(db: Db, batch: Batcher, connector: string, canonicalIds: string[]): Promise<IdMapping[]> {
  const rows = await batch.read(canonicalIds, 1, (part) =>
    db
      .selectFrom('id_map')
      .selectAll()
      .where('connector', '=', connector)
      .where('canonical_id', 'in', part)
      .orderBy('canonical_id')
      .orderBy('external_type')
      .execute(),
  );
  return rows.map(toIdMapping);
}

export async function remove(db: Db, batch: Batcher, connector: string, externalType: string, externalIds: string[]): Promise<void> {
  await batch.write(db, distinct(externalIds), 1, (q, part) =>
    q
      .deleteFrom('id_map')
      .where('connector', '=', connector)
      .where('external_type', '=', externalType)
      .where('external_id', 'in', part)
      .execute(),
  );
}

export async function count(db: Db, connector: string, externalType: string | undefined): Promise<number> {
  let q = db.selectFrom('id_map').where('connector', '=', connector);
  if (externalType !== undefined) q = q.where('external_type', '=', externalType);
  return toCount(await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst());
}
