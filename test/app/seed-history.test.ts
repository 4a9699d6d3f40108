/// <reference types="vite/client" />
// The demo seed on a fresh database: 30 days of history whose ledger obeys the Worker's rules
// (balances equal the sums of entries, each order's entries are what accrual, release and
// refund would have written), with every status, both group outcomes, a payout and a
// clawback, and a second run that changes nothing.
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeOrderCommissions, deriveBalances, refundCorrection } from '../../shared/ledger/commission';
import { getSellerStats } from '../../workers/services/links/clicks';
import { releaseDueCommissions } from '../../workers/services/ledger/commissions';
import { withDb, type Db } from '../../workers/storage/db';
import { sellerBalances } from '../../workers/storage/ledger/ledger-repo';
import { listSubtree } from '../../workers/storage/sellers/network-repo';
import { commissionEntries, groups, orderItems, orders, payouts, productVariants, sellers } from '../../workers/storage/schema';
import { DEMO_SELLERS, seedDemoInto } from '../../scripts/seed/seed-demo';
import { seedDemoHistory } from '../../scripts/seed/seed-history';
import { DEMO_PAYOUT_ID, HOLD_DAYS, PAYOUT_MINIMUM } from '../../scripts/seed/seed-history-orders';
import { uniq } from '../helpers';
import { appEnv, db as mainDb } from '../ledger-helpers';

const migrations = import.meta.glob('../../migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T09:30:00Z');
const LILY = DEMO_SELLERS[0].id;

const name = uniq('seedtest_').toLowerCase();
const url = appEnv.DATABASE_URL!.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const fresh = <T>(fn: (db: Db) => Promise<T>) => withDb({ ...appEnv, DATABASE_URL: url }, fn);

async function snapshot(d: Db) {
  const r = await d.execute(sql`select
    (select count(*) from sellers)::int as sellers, (select count(*) from accounts)::int as accounts, (select count(*) from links)::int as links,
    (select count(*) from link_daily_stats)::int as stats, (select coalesce(sum(clicks),0) from link_daily_stats)::int as clicks,
    (select count(*) from orders)::int as orders, (select count(*) from order_items)::int as items, (select count(*) from groups)::int as groups,
    (select count(*) from payments)::int as payments, (select count(*) from payouts)::int as payouts,
    (select count(*) from commission_entries)::int as entries, (select coalesce(sum(amount),0) from commission_entries)::int as entry_sum,
    (select max(seq) from commission_entries)::int as max_seq`);
  return r.rows[0];
}

beforeAll(async () => {
  await mainDb((d) => d.execute(sql.raw(`create database ${name}`)));
  await fresh(async (d) => {
    for (const file of Object.keys(migrations).sort()) {
      for (const stmt of migrations[file]!.split('--> statement-breakpoint')) if (stmt.trim()) await d.execute(sql.raw(stmt));
    }
  });
}, 60_000);

afterAll(async () => {
  await mainDb((d) => d.execute(sql.raw(`drop database if exists ${name} with (force)`)));
});

describe('demo history seed', () => {
  it('seeds 30 days whose ledger follows the commission rules, and a second run changes nothing', async () => {
    const t0 = Date.now();
    const first = await fresh(async (d) => {
      await seedDemoInto(d);
      return seedDemoHistory(d, { now: NOW });
    });
    const seedMs = Date.now() - t0;
    expect(first.skipped).toBe(false);
    console.log(JSON.stringify({ seedMs, ...first }));

    await fresh(async (d) => {
      const all = await d.select().from(orders);
      const items = await d.select().from(orderItems);
      const entries = await d.select().from(commissionEntries).orderBy(asc(commissionEntries.seq));
      const sellerRows = await d.select().from(sellers);
      const inviterOf = new Map(sellerRows.map((s) => [s.id, s.inviterId]));

      // Every status the demo can show from history, and both group outcomes.
      const statuses = new Set(all.map((o) => o.status));
      for (const s of ['paid', 'confirmed', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded']) expect(statuses, s).toContain(s);
      const gs = await d.select().from(groups);
      expect(new Set(gs.map((g) => g.status))).toEqual(new Set(['succeeded', 'failed']));
      for (const g of gs) {
        const members = all.filter((o) => o.groupId === g.id);
        expect(members.length).toBe(g.members);
        expect(g.members + g.autoFilled).toBeLessThanOrEqual(g.size);
        if (g.status === 'succeeded') expect(g.members + g.autoFilled).toBe(g.size);
        else expect(members.every((o) => o.status === 'refunded' && o.confirmedAt === null)).toBe(true);
      }
      expect(gs.some((g) => g.autoFilled > 0)).toBe(true);

      // Products with options sold as variants, each line a variant of its own product, and no
      // variant sold beyond the stock it was put on sale with.
      const variants = await d.select().from(productVariants);
      const variantOf = new Map(variants.map((v) => [v.id, v]));
      const withOptions = new Set(variants.map((v) => v.productId));
      expect(withOptions.size).toBeGreaterThanOrEqual(3);
      for (const i of items) {
        if (withOptions.has(i.productId)) expect(variantOf.get(i.variantId ?? '')?.productId, i.orderId).toBe(i.productId);
        else expect(i.variantId).toBeNull();
      }
      const live = new Set(all.filter((o) => o.status !== 'cancelled').map((o) => o.id));
      for (const v of variants) {
        const units = items.filter((i) => i.variantId === v.id && live.has(i.orderId)).reduce((a, i) => a + i.quantity, 0);
        expect(units, v.id).toBeLessThanOrEqual(v.stock);
      }
      expect(new Set(items.filter((i) => i.variantId).map((i) => i.productId)).size).toBe(withOptions.size);

      // Each order's entries are exactly what accrual, release and refund would have written.
      const payoutSeq = new Map(entries.filter((e) => e.kind === 'payout').map((e) => [e.sellerId, e.seq]));
      for (const o of all) {
        const mine = entries.filter((e) => e.orderId === o.id);
        const accrued = o.attributedSellerId !== null && o.commissionable && (o.groupId === null ? o.paidAt !== null : o.confirmedAt !== null);
        if (!accrued) {
          expect(mine, o.id).toEqual([]);
          continue;
        }
        const lines = items.filter((i) => i.orderId === o.id).map((i) => ({ paidAmount: i.unitPriceAmount * i.quantity, level1Bps: i.level1Bps!, level2Bps: i.level2Bps! }));
        const want = computeOrderCommissions({ lines, seller: { id: o.attributedSellerId!, inviterId: inviterOf.get(o.attributedSellerId!) ?? null }, commissionable: true });
        expect(mine.filter((e) => e.kind === 'accrue').map((e) => [e.sellerId, e.level, e.amount]), o.id).toEqual(want.map((s) => [s.sellerId, s.level, s.amount.amount]));
        for (const a of mine.filter((e) => e.kind === 'accrue')) {
          const rel = mine.find((e) => e.kind === 'release' && e.sellerId === a.sellerId && e.level === a.level);
          if (rel) expect(rel.createdAt.getTime()).toBeGreaterThanOrEqual(o.deliveredAt!.getTime() + HOLD_DAYS * DAY);
          const corr = mine.filter((e) => (e.kind === 'reverse' || e.kind === 'clawback') && e.sellerId === a.sellerId && e.level === a.level);
          if (o.status !== 'refunded') {
            expect(corr).toEqual([]);
            continue;
          }
          const c = refundCorrection({ released: !!rel, settled: !!rel && (payoutSeq.get(a.sellerId) ?? 0) > rel.seq, corrected: false })!;
          expect(corr.map((e) => [e.kind, e.fromBucket, e.amount])).toEqual([[c.kind, c.kind === 'reverse' ? c.from : null, c.kind === 'reverse' ? a.amount : -a.amount]]);
        }
      }
      // Nothing the daily job would release was left behind.
      expect(await releaseDueCommissions(d, { now: new Date(NOW), holdDays: HOLD_DAYS })).toBe(0);

      // Balances equal the sums of entries, seller by seller.
      for (const s of sellerRows) {
        const list = entries.filter((e) => e.sellerId === s.id).map((e) => ({ kind: e.kind, amount: e.amount, from: e.fromBucket ?? undefined }));
        const b = deriveBalances(list);
        expect(await sellerBalances(d, s.id), s.handle).toEqual(b);
        expect(b.pending).toBeGreaterThanOrEqual(0);
      }

      // One paid payout batch, its lines at least the minimum, and a clawback carried after it.
      const [p] = await d.select().from(payouts);
      expect(p).toMatchObject({ id: DEMO_PAYOUT_ID, status: 'paid' });
      const lines = entries.filter((e) => e.payoutId === DEMO_PAYOUT_ID);
      expect(lines.length).toBe(p!.sellerCount);
      expect(lines.reduce((x, e) => x + e.amount, 0)).toBe(p!.totalAmount);
      expect(lines.every((e) => e.amount >= PAYOUT_MINIMUM)).toBe(true);
      expect(entries.some((e) => e.kind === 'clawback' && e.sellerId === LILY)).toBe(true);

      // A three-level network of 30 under lily; her dashboard has clicks by day, channel and device.
      const tree = await listSubtree(d, `/${LILY}/`, 100);
      expect(tree.length).toBe(30);
      expect(Math.max(...tree.map((n) => n.depth))).toBe(3);
      const stats = await getSellerStats(d, LILY, 30, NOW);
      expect(stats.byDay.filter((x) => x.clicks > 0).length).toBeGreaterThanOrEqual(28);
      expect(stats.byChannel.length).toBeGreaterThanOrEqual(3);
      expect(stats.byDevice.map((x) => x.device)).toContain('mobile');
      expect(stats.orders).toBeGreaterThan(20);
      expect(stats.earnings.paid.amount).toBeGreaterThan(0);
    });

    const before = await fresh(snapshot);
    const second = await fresh(async (d) => {
      await seedDemoInto(d);
      return seedDemoHistory(d, { now: NOW + 3 * DAY });
    });
    expect(second.skipped).toBe(true);
    expect(await fresh(snapshot)).toEqual(before);
  });
});
