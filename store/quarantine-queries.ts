import type { Kysely } from 'kysely';
import { now, toCount, toQuarantineEntry } from './rows';
import type { StoreDatabase } from './schema';
import type { NewQuarantineEntry, QuarantineEntry } from './types';

type Db = Kysely<StoreDatabase>;

/** Every refusal is its own row: the history of reasons is what an operator reads. */
export async function add(db: Db, entry: NewQuarantineEntry): Promise<void> {
  await db
    .insertInto('quarantine')
    .values({
      flow_id: entry.flowId,
      connector: entry.connector,
      entity: entry.entity,
      external_id: entry.externalId,
      reason: entry.reason,
      payload: entry.payload,
      created_at: now(),
      resolved_at: null,
    })
    .execute();
}

export async function list(
  db: Db,
  flowId: string | undefined,
  limit: number,
  includeResolved: boolean,
): Promise<QuarantineEntry[]> {
  const n = Math.floor(limit);
  if (!(n > 0)) return [];
  let q = db.selectFrom('quarantine').selectAll();
  if (flowId !== undefined) q = q.where('flow_id', '=', flowId);
  if (!includeResolved) q = q.where('resolved_at', 'is', null);
  const rows = await q.orderBy('id', 'desc').limit(n).execute();
  return rows.map(toQuarantineEntry);
}

export async function countOpen(db: Db, flowId: string | undefined): Promise<number> {
  let q = db.selectFrom('quarantine').where('resolved_at', 'is', null);
  if (flowId !== undefined) q = q.where('flow_id', '=', flowId);
  return toCount(await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst());
}

export async function resolve(db: Db, connector: string, entity: string, externalId: string): Promise<void> {
  await db
    .updateTable('quarantine')
    .set({ resolved_at: now() })
    .where('connector', '=', connector)
    .where('entity', '=', entity)
    .where('external_id', '=', externalId)
    .where('resolved_at', 'is', null)
    .execute();
}
