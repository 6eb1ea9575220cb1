import { z } from 'zod';
import { VendorError, type Page } from '../types';

/**
 * Incremental reads over If-Modified-Since
 * (https://developer.xero.com/documentation/api/accounting/requests-and-responses#if-modified-since)
 * without gaps or repeats at the boundary.
 *
 * Xero compares If-Modified-Since at or after a timestamp sent to the second
 * (`yyyy-mm-ddThh:mm:ss`), records carry UpdatedDateUTC to the millisecond,
 * and many records can share a millisecond. So the cursor remembers the last
 * UpdatedDateUTC seen (`t`) and every id seen at exactly `t` (`ids`); reads ask
 * from the whole second containing `t` (`a`), ordered by UpdatedDateUTC, and drop
 * what is older than `t` or already seen at `t`. A page that brings nothing new
 * but is full (more than a page of records in that second) moves on to the next
 * page (`p`) of the same anchor. Records changed while we page move past `t`
 * and are read again later — that is a new change, not a repeat.
 */

const Cursor = z.object({ a: z.number(), p: z.number().int().min(1), t: z.number(), ids: z.array(z.string()) });
type CursorState = z.infer<typeof Cursor>;

export interface IncrementalPage<T> extends Page<T> {
  /** Where to resume the next sync (pass it as `cursor`); always set, even when caught up. */
  checkpoint: string;
}

export function encodeCursor(c: CursorState): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(s: string): CursorState {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new VendorError('Xero: malformed incremental cursor', 'xero', 400, null, 'BAD_CURSOR');
  }
}

export function startCursor(modifiedAfter: string): CursorState {
  const t = Date.parse(modifiedAfter);
  if (Number.isNaN(t)) throw new VendorError(`Xero: modifiedAfter '${modifiedAfter}' is not a timestamp`, 'xero', 400, null, 'BAD_CURSOR');
  return { a: Math.floor(t / 1000) * 1000, p: 1, t, ids: [] };
}

const MAX_EMPTY_PAGES = 50;

export async function readIncrementally<T>(
  cursor: CursorState,
  pageSize: number,
  fetchPage: (since: Date, page: number) => Promise<T[]>,
  key: (rec: T) => { ms: number; id: string },
): Promise<IncrementalPage<T>> {
  let c = { ...cursor, ids: [...cursor.ids] };
  for (let hop = 0; hop < MAX_EMPTY_PAGES; hop++) {
    const records = await fetchPage(new Date(c.a), c.p);
    const seen = new Set(c.ids);
    const fresh = records
      .map((r) => ({ r, k: key(r) }))
      .filter(({ k }) => k.ms > c.t || (k.ms === c.t && !seen.has(k.id)))
      .sort((x, y) => x.k.ms - y.k.ms || x.k.id.localeCompare(y.k.id));
    const full = records.length >= pageSize;
    if (!fresh.length) {
      if (full) {
        c = { ...c, p: c.p + 1 };
        continue;
      }
      return { items: [], nextCursor: null, checkpoint: encodeCursor(c) };
    }
    for (const { k } of fresh) {
      if (k.ms > c.t) c = { ...c, t: k.ms, ids: [k.id] };
      else c.ids.push(k.id);
    }
    const anchor = Math.floor(c.t / 1000) * 1000;
    if (anchor !== c.a) c = { ...c, a: anchor, p: 1 };
    const next = encodeCursor(c);
    return { items: fresh.map((x) => x.r), nextCursor: full ? next : null, checkpoint: next };
  }
  throw new VendorError('Xero: incremental read found no progress after many pages', 'xero', 500, null, 'NO_PROGRESS');
}
