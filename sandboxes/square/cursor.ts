import { apiError } from './errors';

/**
 * Opaque pagination cursors (https://developer.squareup.com/docs/build-basics/common-api-patterns/pagination).
 * A cursor remembers *where* the previous page stopped (a position key in one
 * of the store's ordered indexes), never an offset, so writes between pages
 * neither skip nor repeat objects. It also pins the request it belongs to
 * (a hash of the query) and the catalog generation (reset invalidates it).
 */

export interface CursorState {
  /** Catalog generation. */
  g: number;
  /** Hash of the request the cursor continues. */
  h: string;
  /** Position key: a seq, a change-log index, or [sort value, seq]. */
  k: number | [string, number];
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null, generation: number, requestHash: string): CursorState | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    state = null;
  }
  const s = state as Partial<CursorState> | null;
  const keyOk = typeof s?.k === 'number' || (Array.isArray(s?.k) && typeof s.k[0] === 'string' && typeof s.k[1] === 'number');
  if (!s || s.g !== generation || s.h !== requestHash || !keyOk) {
    throw apiError('INVALID_CURSOR', 'The pagination cursor is invalid, expired or belongs to a different request.', 'cursor');
  }
  return s as CursorState;
}

/** Stable hash of the request fields that define a result set (not cursor/limit). */
export function requestHash(parts: unknown): string {
  const text = JSON.stringify(parts, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
