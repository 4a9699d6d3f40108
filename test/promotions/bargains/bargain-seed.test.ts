/// <reference types="vite/client" />
// The demo bargains on a fresh database: the white tea's offer, one open bargain and one that
// succeeded, whose cuts keep the cut rules; a second run changes nothing.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDb, type Db } from '../../../workers/storage/db';
import { bargainCuts, bargains, products } from '../../../workers/storage/schema';
import { seedDemoInto } from '../../../scripts/seed/seed-demo';
import { DEMO_BARGAINS, seedDemoBargains } from '../../../scripts/seed/seed-bargains';
import { uniq } from '../../helpers';
import { appEnv, db as mainDb } from '../../ledger-helpers';

const migrations = import.meta.glob('../../../migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const name = uniq('seedbargain_').toLowerCase();
const url = appEnv.DATABASE_URL!.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const fresh = <T>(fn: (db: Db) => Promise<T>) => withDb({ ...appEnv, DATABASE_URL: url }, fn);

beforeAll(async () => {
  await mainDb((d) => d.execute(sql.raw(`create database ${name}`)));
  await fresh(async (d) => {
    for (const file of Object.keys(migrations).sort()) {
      for (const stmt of migrations[file]!.split('--> statement-breakpoint')) if (stmt.trim()) await d.execute(sql.raw(stmt));
    }
    await seedDemoInto(d);
  });
}, 120_000);

afterAll(async () => {
  await mainDb((d) => d.execute(sql.raw(`drop database if exists ${name} with (force)`)));
});

describe('demo bargains seed', () => {
  it('gives the white tea an offer, one open bargain and one succeeded, each cut by the rules; twice is once', async () => {
    await fresh((d) => seedDemoBargains(d));
    await fresh((d) => seedDemoBargains(d));
    await fresh(async (d) => {
      const [tea] = await d.select().from(products).where(eq(products.id, 'p_demoTea00003'));
      expect(tea!.bargain).toEqual({ floorPriceAmount: 4900, helpersNeeded: 5, durationHours: 48 });
      const rows = await d.select().from(bargains);
      expect(rows.map((r) => [r.id, r.status]).sort()).toEqual([
        [DEMO_BARGAINS.open, 'open'],
        [DEMO_BARGAINS.succeeded, 'succeeded'],
      ]);
      for (const r of rows) {
        const cuts = (await d.select().from(bargainCuts).where(eq(bargainCuts.bargainId, r.id))).map((c) => c.amount);
        const span = r.startPriceAmount - r.floorPriceAmount;
        const sum = cuts.reduce((a, b) => a + b, 0);
        expect(cuts.every((c) => c >= 1)).toBe(true);
        if (r.status === 'succeeded') expect([cuts.length, sum]).toEqual([r.helpersNeeded, span]);
        else expect(span - sum).toBeGreaterThanOrEqual(r.helpersNeeded - cuts.length);
        expect(r.expiresAt.getTime()).toBeGreaterThan(r.createdAt.getTime());
      }
    });
  });
});
