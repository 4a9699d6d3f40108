// The one page cursor of every newest-first list: the last row's creation time and id, so rows
// sharing a timestamp (a burst's holds, one import's products) are never skipped or repeated.
// Opaque to clients: URL-safe base64 of `<ISO time>|<id>`, so it goes in a query string as is. Lists order by (created_at desc, id desc)
// with millisecond timestamps, so the time round-trips exactly through a JS Date.
import { ApiError } from './errors';

export interface PageCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(row: { createdAt: Date | string; id: string }): string {
  const at = typeof row.createdAt === 'string' ? row.createdAt : row.createdAt.toISOString();
  return btoa(`${at}|${row.id}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The cursor a list handed out; anything else is 400 invalid_input. */
export function decodeCursor(s: string): PageCursor {
  let text: string;
  try {
    text = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw new ApiError('invalid_input', 'Malformed cursor.');
  }
  const bar = text.indexOf('|');
  const createdAt = bar > 0 ? text.slice(0, bar) : '';
  const id = bar > 0 ? text.slice(bar + 1) : '';
  if (!id || Number.isNaN(Date.parse(createdAt)) || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiError('invalid_input', 'Malformed cursor.');
  return { createdAt: new Date(createdAt).toISOString(), id };
}

/** The `{ items, nextCursor }` page of a query that fetched `limit + 1` rows. */
export function pageOf<R extends { createdAt: Date; id: string }, V>(rows: R[], limit: number, view: (r: R) => V): { items: V[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
