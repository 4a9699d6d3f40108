import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf } from './cursor';

describe('page cursor', () => {
  it('round-trips time and id, and accepts the cursors lists handed out before', () => {
    const c = encodeCursor({ createdAt: new Date('2026-03-01T08:00:00.123Z'), id: 'f_abc123' });
    expect(decodeCursor(c)).toEqual({ createdAt: '2026-03-01T08:00:00.123Z', id: 'f_abc123' });
    expect(decodeCursor(btoa('2026-03-01T08:00:00.123Z|p_x'))).toEqual({ createdAt: '2026-03-01T08:00:00.123Z', id: 'p_x' });
  });

  it('is URL-safe', () => {
    for (let i = 0; i < 50; i++) {
      const row = { createdAt: new Date(Date.UTC(2026, 0, 1) + i * 7919), id: `${i}~?>` .replace(/[^0-9]/g, '') || '1' };
      const c = encodeCursor(row);
      expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(c).id).toBe(row.id);
    }
  });

  it('refuses anything else with invalid_input', () => {
    for (const bad of ['', '%%%', btoa('nope|x'), btoa('2026-03-01T08:00:00Z'), btoa('2026-03-01T08:00:00Z|'), btoa("2026-03-01T08:00:00Z|x' or 1=1")]) {
      expect(() => decodeCursor(bad), bad).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });

  it('pages: a next cursor only when there is more', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(0), id: `r${n}` }));
    expect(pageOf(rows, 2, (r) => r.id)).toEqual({ items: ['r1', 'r2'], nextCursor: encodeCursor(rows[1]!) });
    expect(pageOf(rows, 3, (r) => r.id).nextCursor).toBeNull();
  });
});
