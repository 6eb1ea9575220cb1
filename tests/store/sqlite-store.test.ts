import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../store/index';
import { openSqliteDatabase, SQLITE_BUSY_TIMEOUT_MS } from '../../store/sqlite';

describe('SQLite store specifics', () => {
  let dir: string;
  let path: string;
  const stores: Store[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-'));
    path = join(dir, 'switchyard.db');
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<Store> {
    const store = await createStore({ kind: 'sqlite', path });
    stores.push(store);
    return store;
  }

  it('given a new file, when opened, then it runs in WAL mode with synchronous=NORMAL and a busy timeout', () => {
    const db = openSqliteDatabase(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(SQLITE_BUSY_TIMEOUT_MS);
    } finally {
      db.close();
    }
  });

  it('given a store opened twice, when the migration table is read, then each migration is recorded once', async () => {
    await (await open()).close();
    await open();
    const raw = new Database(path, { readonly: true });
    try {
      const names = raw.prepare('select name from kysely_migration order by name').pluck().all();
      expect(names).toEqual(['001-initial', '002-events', '003-lean-indexes']);
    } finally {
      raw.close();
    }
  });

  it('given a running store, when 300 webhooks are accepted one by one, then the median accept takes well under 1 ms', async () => {
    const store = await open();
    const delivery = (i: number) => ({ connector: 'shopify', eventId: `e-${i}`, topic: 't', workflowId: 'w', signal: '{}' });
    for (let i = 0; i < 50; i++) await store.acceptWebhook(delivery(-i - 1)); // warm up JIT and page cache
    const timings: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      await store.acceptWebhook(delivery(i));
      timings.push(performance.now() - t0);
    }
    timings.sort((a, b) => a - b);
    expect(timings[150]).toBeLessThan(1);
    expect(await store.countOutbox()).toBe(350);
  });

  it('given a delivered outbox row, when marked delivered again, then it keeps its first deliveredAt', async () => {
    const store = await open();
    await store.acceptWebhook({ connector: 'shopify', eventId: 'e1', topic: 't', workflowId: 'w', signal: '{}' });
    const [row] = await store.pendingOutbox(1);
    await store.markDelivered([row!.id]);
    const raw = new Database(path, { readonly: true });
    const deliveredAt = () => raw.prepare('select delivered_at from webhook_outbox where id = ?').pluck().get(row!.id);
    try {
      const first = deliveredAt();
      expect(first).toEqual(expect.stringMatching(/Z$/));
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.markDelivered([row!.id]);
      expect(deliveredAt()).toBe(first);
    } finally {
      raw.close();
    }
  });
});
