/// <reference types="vite/client" />
// The demo's program on a fresh database, after the 30-day history: levels, codes, opt-ins,
// bindings, and a withdrawal in every state whose ledger entries keep every balance sound.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveBalances } from '../../shared/ledger/commission';
import { getLeaderboard } from '../../workers/services/program/leaderboards';
import { withDb, type Db } from '../../workers/storage/db';
import { buyerBindings, commissionEntries, sellerCodes, sellerLevels, sellers, withdrawals } from '../../workers/storage/schema';
import { seedDemoInto } from '../../scripts/seed/seed-demo';
import { seedDemoHistory } from '../../scripts/seed/seed-history';
import { seedDemoProgram } from '../../scripts/seed/seed-program';
import { uniq } from '../helpers';
import { appEnv, db as mainDb } from '../ledger-helpers';

const migrations = import.meta.glob('../../migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const NOW = Date.parse('2026-11-20T09:30:00Z');
const name = uniq('seedprog_').toLowerCase();
const url = appEnv.DATABASE_URL!.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const fresh = <T>(fn: (db: Db) => Promise<T>) => withDb({ ...appEnv, DATABASE_URL: url }, fn);

beforeAll(async () => {
  await mainDb((d) => d.execute(sql.raw(`create database ${name}`)));
  await fresh(async (d) => {
    for (const file of Object.keys(migrations).sort()) {
      for (const stmt of migrations[file]!.split('--> statement-breakpoint')) if (stmt.trim()) await d.execute(sql.raw(stmt));
    }
    await seedDemoInto(d);
    await seedDemoHistory(d, { now: NOW });
  });
}, 120_000);

afterAll(async () => {
  await mainDb((d) => d.execute(sql.raw(`drop database if exists ${name} with (force)`)));
});

describe('demo program seed', () => {
  it('shows the program in use, keeps every balance sound, and a second run changes nothing', async () => {
    const first = await fresh((d) => seedDemoProgram(d, { now: NOW }));
    expect(first).toMatchObject({ skipped: false, levels: 2, codes: 2 });
    expect(first.bindings).toBeGreaterThanOrEqual(3);
    await fresh(async (d) => {
      expect((await d.select().from(sellerLevels)).map((l) => l.rank).sort()).toEqual([1, 2]);
      expect((await d.select().from(sellers).where(sql`${sellers.levelId} is not null`)).length).toBeGreaterThanOrEqual(2);
      for (const c of await d.select().from(sellerCodes)) expect(c.code).toBe(c.code.toUpperCase());
      const bound = await d.select().from(buyerBindings);
      expect(bound.length).toBe(first.bindings);
      for (const b of bound) expect(b.expiresAt!.getTime()).toBeGreaterThan(b.boundAt.getTime());

      const ws = await d.select().from(withdrawals).orderBy(asc(withdrawals.id));
      expect(new Set(ws.map((w) => w.status))).toEqual(new Set(['requested', 'approved', 'paid', 'rejected', 'failed']));
      for (const w of ws) {
        const moves = await d.select().from(commissionEntries).where(eq(commissionEntries.withdrawalId, w.id));
        const kinds = moves.map((m) => m.kind).sort();
        expect(kinds, w.status).toEqual(w.status === 'rejected' || w.status === 'failed' ? ['withdraw', 'withdraw_return'] : ['withdraw']);
        for (const m of moves) expect([m.sellerId, m.amount]).toEqual([w.sellerId, w.amount]);
        expect(w.net).toBe(w.amount - w.fee);
        // The available balance never dips below zero, after any entry of this seller.
        const es = await d.select().from(commissionEntries).where(eq(commissionEntries.sellerId, w.sellerId)).orderBy(asc(commissionEntries.seq));
        const firstWithdraw = es.findIndex((e) => e.kind === 'withdraw');
        for (let k = firstWithdraw; k < es.length; k++) {
          const b = deriveBalances(es.slice(0, k + 1).map((e) => ({ kind: e.kind, amount: e.amount, from: e.fromBucket ?? undefined })));
          expect(b.available, `${w.sellerId} after entry ${k}`).toBeGreaterThanOrEqual(0);
        }
      }

      // The month's board shows names, and the sellers left anonymous as 匿名.
      const board = await getLeaderboard(d, 'Asia/Shanghai', 'earnings', 'month', new Date(NOW));
      expect(board.items.length).toBeGreaterThan(3);
      expect(board.items.filter((i) => !i.anonymous).length).toBeGreaterThan(3);
      const quiet = await d.select().from(sellers).where(eq(sellers.leaderboardOptIn, false));
      expect(quiet.length).toBeGreaterThanOrEqual(2);
      expect(quiet.map((s) => s.handle)).not.toContain('lily_tea');
    });
    const again = await fresh((d) => seedDemoProgram(d, { now: NOW }));
    expect(again.skipped).toBe(true);
    expect(await fresh(async (d) => (await d.select().from(withdrawals)).length)).toBe(5);
  }, 120_000);
});
