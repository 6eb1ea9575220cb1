import type { Kysely } from 'kysely';
import { now, toCount } from './rows';
import type { StoreDatabase } from './schema';
import type { CanonicalEvent, CanonicalRecord, NewCanonicalEvent } from './types';

/** The canonical event stream, record compare-and-set and record paging. */

type Db = Kysely<StoreDatabase>;

export async function appendEvents(db: Db, events: NewCanonicalEvent[]): Promise<void> {
  if (!events.length) return;
  const at = now();
  await db
    .insertInto('events')
    .values(events.map((e) => ({ type: e.type, entity: e.entity, canonical_id: e.canonicalId, flow_id: e.flowId, data: e.data, dedupe_key: e.dedupeKey, created_at: at })))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export async function listEvents(db: Db, opts: { type?: string; afterId?: number; limit?: number; newestFirst?: boolean }): Promise<CanonicalEvent[]> {
  let q = db.selectFrom('events').selectAll().where('id', '>', opts.afterId ?? 0);
  if (opts.type) q = q.where('type', '=', opts.type);
  const rows = await q.orderBy('id', opts.newestFirst ? 'desc' : 'asc').limit(opts.limit ?? 1000).execute();
  return rows.map((r) => ({ id: Number(r.id), type: r.type, entity: r.entity, canonicalId: r.canonical_id, flowId: r.flow_id, data: r.data, dedupeKey: r.dedupe_key, createdAt: r.created_at }));
}

export async function countEvents(db: Db, type: string, flowId: string | undefined): Promise<number> {
  let q = db.selectFrom('events').where('type', '=', type);
  if (flowId !== undefined) q = q.where('flow_id', '=', flowId);
  return toCount(await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst());
}

export async function putRecordIf(db: Db, row: CanonicalRecord, expectedHash: string | null): Promise<boolean> {
  const values = { entity: row.entity, canonical_id: row.canonicalId, hash: row.hash, data: row.data, updated_at: row.updatedAt, deleted: row.deleted ? 1 : 0 };
  if (expectedHash === null) {
    const res = await db.insertInto('records').values(values).onConflict((oc) => oc.columns(['entity', 'canonical_id']).doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const res = await db
    .updateTable('records')
    .set({ hash: values.hash, data: values.data, updated_at: values.updated_at, deleted: values.deleted })
    .where('entity', '=', row.entity)
    .where('canonical_id', '=', row.canonicalId)
    .where('hash', '=', expectedHash)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function listRecordIds(db: Db, entity: string, afterId: string | null, limit: number, includeDeleted = false): Promise<string[]> {
  let q = db.selectFrom('records').select('canonical_id').where('entity', '=', entity);
  if (!includeDeleted) q = q.where('deleted', '=', 0);
  if (afterId !== null) q = q.where('canonical_id', '>', afterId);
  const rows = await q.orderBy('canonical_id').limit(limit).execute();
  return rows.map((r) => r.canonical_id);
}
