import type { Kysely } from 'kysely';
import { distinct, type Batcher } from './batch';
import { now, toCount, toOutboxEntry } from './rows';
import type { StoreDatabase } from './schema';
import type { NewOutboxEntry, OutboxEntry } from './types';

type Db = Kysely<StoreDatabase>;

/**
 * Dedupe and enqueue in ONE statement: the UNIQUE (connector, event_id)
 * constraint is the dedupe key, so the row either goes in (accepted) or the
 * conflict leaves everything untouched (duplicate). No read-then-write race,
 * no transaction round trips: this runs before the webhook is acknowledged.
 */
export async function accept(db: Db, entry: NewOutboxEntry): Promise<'accepted' | 'duplicate'> {
  const result = await db
    .insertInto('webhook_outbox')
    .values({
      connector: entry.connector,
      event_id: entry.eventId,
      topic: entry.topic,
      workflow_id: entry.workflowId,
      signal: entry.signal,
      received_at: now(),
    })
    .onConflict((oc) => oc.columns(['connector', 'event_id']).doNothing())
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n ? 'accepted' : 'duplicate';
}

/** Oldest undelivered first (ids are monotonic, so id order is arrival order). */
export async function pending(db: Db, limit: number): Promise<OutboxEntry[]> {
  const n = Math.floor(limit);
  if (!(n > 0)) return [];
  const rows = await db
    .selectFrom('webhook_outbox')
    .selectAll()
    .where('delivered_at', 'is', null)
    .orderBy('id')
    .limit(n)
    .execute();
  return rows.map(toOutboxEntry);
}

/** Idempotent: an already delivered row keeps its first deliveredAt. */
export async function markDelivered(db: Db, batch: Batcher, ids: number[]): Promise<void> {
  const deliveredAt = now();
  await batch.write(db, distinct(ids), 1, (q, part) =>
    q
      .updateTable('webhook_outbox')
      .set({ delivered_at: deliveredAt })
      .where('id', 'in', part)
      .where('delivered_at', 'is', null)
      .execute(),
  );
}

export async function markAttempted(db: Db, batch: Batcher, ids: number[]): Promise<void> {
  await batch.write(db, distinct(ids), 1, (q, part) =>
    q
      .updateTable('webhook_outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', part)
      .execute(),
  );
}

export async function count(db: Db, delivered: boolean | undefined): Promise<number> {
  let q = db.selectFrom('webhook_outbox');
  if (delivered === true) q = q.where('delivered_at', 'is not', null);
  if (delivered === false) q = q.where('delivered_at', 'is', null);
  return toCount(await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst());
}
