import type { CompiledQuery, Kysely } from 'kysely';

/** Splits `items` into consecutive slices of at most `size` (size >= 1). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
  return out;
}

/**
 * Keeps the last row per key, in first-seen order. A batch that names the
 * same key twice would make PostgreSQL's multi-row upsert fail ("ON CONFLICT
 * DO UPDATE command cannot affect row a second time") while SQLite silently
 * applies both; collapsing first gives both dialects "last write wins".
 */
export function lastByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}

/** Unique, in first-seen order: IN lists need no repeats. */
export function distinct<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Composite map key; NUL cannot occur in stored ids (PostgreSQL text rejects it). */
export function compositeKey(...parts: string[]): string {
  return parts.join('\u0000');
}

/**
 * Runs a one-row statement once per row (`values` flat, `width` per row), all
 * rows or none; the SQLite store's thread offers it (sqlite-thread.ts).
 */
export type BulkRunner = (sql: string, values: readonly unknown[], width: number) => Promise<number>;

/** An insert built for some rows, not yet run. */
interface RowsQuery {
  compile(): CompiledQuery;
  execute(): Promise<unknown>;
}

/**
 * Runs IN-lists and multi-row writes in as few statements as the dialect's
 * bind-parameter ceiling allows.
 */
export class Batcher {
  constructor(
    private readonly maxParams: number,
    private readonly bulk?: BulkRunner,
  ) {}

  /**
   * Writes rows with an insert (or upsert) built by `build` for a list of
   * column values, atomically. Where the store has a bulk runner, the
   * statement is built for one row and run for every row on the store's own
   * side; else as multi-row statements under the parameter ceiling
   * (see write). `columns` gives each row's values in one fixed key order.
   */
  async insert<DB, R, V extends Record<string, unknown>>(db: Kysely<DB>, rows: readonly R[], columns: (row: R) => V, build: (q: Kysely<DB>, values: V[]) => RowsQuery): Promise<void> {
    if (!rows.length) return;
    const first = columns(rows[0]!);
    const order = Object.values(first);
    if (this.bulk) {
      const compiled = build(db, [first]).compile();
      // Kysely binds a one-row insert's values in the row's key order; anything else takes the general path.
      if (compiled.parameters.length === order.length && compiled.parameters.every((p, i) => p === order[i])) {
        const values: unknown[] = [...order];
        for (let i = 1; i < rows.length; i++) for (const v of Object.values(columns(rows[i]!))) values.push(v);
        await this.bulk(compiled.sql, values, order.length);
        return;
      }
    }
    await this.write(db, [first, ...rows.slice(1).map(columns)], order.length, (q, part) => build(q, part).execute());
  }

  /**
   * One statement is atomic by itself; a batch needing several runs them in
   * one transaction, so a page is written entirely or not at all.
   */
  async write<DB, T>(
    db: Kysely<DB>,
    rows: readonly T[],
    paramsPerRow: number,
    write: (q: Kysely<DB>, part: T[]) => Promise<unknown>,
  ): Promise<void> {
    // A few parameters of headroom for the fixed WHERE terms of deletes/updates.
    const parts = chunk(rows, (this.maxParams - 8) / paramsPerRow);
    const [only] = parts;
    if (only === undefined) return;
    if (parts.length === 1) {
      await write(db, only);
      return;
    }
    await db.transaction().execute(async (trx) => {
      for (const part of parts) await write(trx, part);
    });
  }

  /** One IN-list read per chunk of distinct ids; no query at all for none. */
  async read<T extends string | number, R>(ids: readonly T[], fixedParams: number, read: (part: T[]) => Promise<R[]>): Promise<R[]> {
    const out: R[] = [];
    for (const part of chunk(distinct(ids), this.maxParams - fixedParams)) out.push(...(await read(part)));
    return out;
  }
}
