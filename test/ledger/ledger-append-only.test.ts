/// <reference types="vite/client" />
// The ledger is append-only by construction: no code path updates or deletes an entry. A
// Postgres trigger would need a hand-written migration, which this project does not allow, so
// the guarantee is this scan over every Worker source file (it fails if anyone adds a path).
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['../../workers/**/*.ts', '../../workers/**/*.tsx', '!../../workers/**/*.test.ts', '!../../workers/**/*.test.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const FORBIDDEN = [
  /\.update\(\s*commissionEntries\b/,
  /\.delete\(\s*commissionEntries\b/,
  /\bupdate\s+"?commission_entries"?/i,
  /\bdelete\s+from\s+"?commission_entries"?/i,
  /\btruncate\b[^;]*commission_entries/i,
  /onConflictDoUpdate\(/,
  // The ops audit log is append-only the same way.
  /\.update\(\s*auditLog\b/,
  /\.delete\(\s*auditLog\b/,
  /\bupdate\s+"?audit_log"?/i,
  /\bdelete\s+from\s+"?audit_log"?/i,
  /\btruncate\b[^;]*audit_log/i,
];

describe('commission ledger is append-only', () => {
  it('scans the Worker sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    expect(Object.keys(sources).some((p) => p.endsWith('storage/ledger/ledger-repo.ts'))).toBe(true);
  });

  it('no source updates, deletes or upserts ledger entries', () => {
    const offenders = Object.entries(sources).flatMap(([path, text]) =>
      FORBIDDEN.filter((re) => (re.source.startsWith('onConflictDoUpdate') ? path.includes('ledger') && re.test(text) : re.test(text))).map((re) => `${path}: ${re}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the scan would catch one', () => {
    const sample = 'await tx.update(commissionEntries).set({ amount: 0 })';
    expect(FORBIDDEN.some((re) => re.test(sample))).toBe(true);
    expect(FORBIDDEN.some((re) => re.test('DELETE FROM commission_entries WHERE true'))).toBe(true);
    expect(FORBIDDEN.some((re) => re.test('await db.delete(auditLog)'))).toBe(true);
  });
});
