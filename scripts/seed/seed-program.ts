// The distribution program in the demo: two levels, a couple of seller codes, leaderboard
// opt-ins, buyers bound to the sellers who brought them, and a withdrawal in every state with
// the ledger entries it moves. Runs after the 30-day history and reads its ledger, so every
// withdrawal fits the seller's available balance; fixed ids make a re-run change nothing.
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { deriveBalances } from '../../shared/ledger/commission';
import type { Db } from '../../workers/storage/db';
import { buyerBindings, commissionEntries, orders, sellerCodes, sellerLevels, sellers, withdrawals, type WithdrawalStatus } from '../../workers/storage/schema';
import { DEMO_SELLERS } from './seed-demo';

const DAY = 86_400_000;
export const DEMO_LEVELS = [
  { id: 'n_demoSilver01', name: '银牌 Silver', rank: 1, boostBps: 200, upgrade: { paidOrders: 5 } },
  { id: 'n_demoGold0001', name: '金牌 Gold', rank: 2, boostBps: 500, upgrade: { paidOrders: 20, invitees: 3 } },
];
/** Sellers left anonymous on the boards, so the demo shows both. */
const STAY_ANONYMOUS = 2;
const STATES: WithdrawalStatus[] = ['paid', 'approved', 'requested', 'rejected', 'failed'];

export interface ProgramSummary {
  skipped: boolean;
  levels: number;
  codes: number;
  bindings: number;
  withdrawals: number;
}

export async function seedDemoProgram(db: Db, opts: { now?: number } = {}): Promise<ProgramSummary> {
  const [done] = await db.select({ id: withdrawals.id }).from(withdrawals).where(eq(withdrawals.id, 'w_demo00001')).limit(1);
  if (done) return { skipped: true, levels: 0, codes: 0, bindings: 0, withdrawals: 0 };
  const now = opts.now ?? Date.now();
  return db.transaction(async (tx) => {
    await tx.insert(sellerLevels).values(DEMO_LEVELS.map((l) => ({ ...l, createdAt: new Date(now - 40 * DAY) }))).onConflictDoNothing();
    const [lily, chen] = DEMO_SELLERS;
    await tx.update(sellers).set({ levelId: DEMO_LEVELS[1]!.id, levelSetAt: new Date(now - 12 * DAY) }).where(eq(sellers.id, lily.id));
    await tx.update(sellers).set({ levelId: DEMO_LEVELS[0]!.id, levelSetAt: new Date(now - 5 * DAY) }).where(eq(sellers.id, chen.id));
    await tx
      .insert(sellerCodes)
      .values([
        { code: 'LILYTEA', sellerId: lily.id, createdAt: new Date(now - 20 * DAY) },
        { code: 'CHENSNACK', sellerId: chen.id, createdAt: new Date(now - 8 * DAY) },
      ])
      .onConflictDoNothing();

    // Everyone shows by name except the last couple of the history's sellers to sign up.
    const base = new Set<string>(DEMO_SELLERS.map((s) => s.id));
    const all = await tx.select({ id: sellers.id }).from(sellers).where(sql`${sellers.id} like 's\\_demo%'`).orderBy(asc(sellers.createdAt), asc(sellers.id));
    const added = all.filter((s) => !base.has(s.id));
    const quiet = new Set(added.slice(Math.max(0, added.length - STAY_ANONYMOUS)).map((s) => s.id));
    const named = all.filter((s) => !quiet.has(s.id)).map((s) => s.id);
    if (named.length) await tx.update(sellers).set({ leaderboardOptIn: true }).where(inArray(sellers.id, named));

    // Bind the buyers of recent paid, attributed orders to their seller (30-day latest binding).
    const recent = await tx
      .select({ id: orders.id, email: orders.buyerEmail, sellerId: orders.attributedSellerId, paidAt: orders.paidAt })
      .from(orders)
      .where(and(isNotNull(orders.attributedSellerId), isNotNull(orders.paidAt), sql`${orders.paidAt} > ${new Date(now - 20 * DAY).toISOString()}`))
      .orderBy(asc(orders.paidAt));
    const byEmail = new Map<string, (typeof recent)[number]>();
    for (const o of recent) byEmail.set(o.email.toLowerCase(), o);
    const binds = [...byEmail.entries()].slice(0, 8).map(([email, o]) => ({
      buyerEmail: email,
      sellerId: o.sellerId!,
      boundAt: o.paidAt!,
      expiresAt: new Date(o.paidAt!.getTime() + 30 * DAY),
      orderId: o.id,
    }));
    if (binds.length) await tx.insert(buyerBindings).values(binds).onConflictDoNothing();

    // Withdrawals from the sellers with the most available, each within what they have.
    const entries = await tx
      .select({ sellerId: commissionEntries.sellerId, kind: commissionEntries.kind, amount: commissionEntries.amount, from: commissionEntries.fromBucket })
      .from(commissionEntries)
      .orderBy(asc(commissionEntries.seq));
    const bySeller = new Map<string, typeof entries>();
    for (const e of entries) bySeller.set(e.sellerId, [...(bySeller.get(e.sellerId) ?? []), e]);
    const available = [...bySeller.entries()]
      .map(([sellerId, es]) => ({ sellerId, available: deriveBalances(es.map((e) => ({ kind: e.kind, amount: e.amount, from: e.from ?? undefined }))).available }))
      .filter((s) => s.available >= 2000)
      .sort((a, b) => b.available - a.available || (a.sellerId < b.sellerId ? -1 : 1));
    let made = 0;
    for (const [i, status] of STATES.entries()) {
      const s = available[i % Math.max(1, available.length)];
      if (!s) break;
      // Half of what is left, in whole yuan: a later withdrawal of the same seller still fits.
      const amount = Math.floor(s.available / 2 / 100) * 100;
      if (amount < 1000) continue;
      const id = `w_demo${String(i + 1).padStart(5, '0')}`;
      const at = now - (6 - i) * DAY;
      const closed = status === 'paid' || status === 'rejected' || status === 'failed' ? new Date(at + DAY) : null;
      await tx.insert(withdrawals).values({
        id,
        sellerId: s.sellerId,
        amount,
        fee: 0,
        net: amount,
        method: { kind: i % 2 === 0 ? 'alipay' : 'wechat', account: `demo-${i + 1}@example.com`, name: 'Demo' },
        status,
        reason: status === 'rejected' ? '账户姓名与实名不符 The account name does not match' : status === 'failed' ? '收款账户已注销 The receiving account is closed' : null,
        reference: status === 'paid' ? `DEMO-PAY-${i + 1}` : null,
        createdAt: new Date(at),
        updatedAt: closed ?? new Date(at),
        approvedAt: status === 'requested' || status === 'rejected' ? null : new Date(at + 3 * 3_600_000),
        paidAt: status === 'paid' ? closed : null,
        closedAt: closed,
      });
      await tx.insert(commissionEntries).values({ sellerId: s.sellerId, kind: 'withdraw', withdrawalId: id, amount, createdAt: new Date(at) });
      if (status === 'rejected' || status === 'failed') {
        await tx.insert(commissionEntries).values({ sellerId: s.sellerId, kind: 'withdraw_return', withdrawalId: id, amount, createdAt: closed! });
      } else {
        s.available -= amount;
      }
      made++;
    }
    return { skipped: false, levels: DEMO_LEVELS.length, codes: 2, bindings: binds.length, withdrawals: made };
  });
}
