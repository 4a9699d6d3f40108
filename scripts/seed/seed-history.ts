// The demo's 30 days of history, written in one transaction with fixed ids: a re-run finds the
// first order and changes nothing; `npm run dev -- --fresh` starts from an empty database.
// The rows are planned by seed-history-network.ts and seed-history-orders.ts with the Worker's
// own commission rules; test/app/seed-history.test.ts proves balances and entries consistent.
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../workers/services/identity/passwords';
import type { Db } from '../../workers/storage/db';
import { accounts, commissionEntries, groups, linkDailyStats, links, orderItems, orders, payments, payouts, refundRequests, sellers, storefrontPicks } from '../../workers/storage/schema';
import { DEMO_SELLER_PASSWORD, DEMO_SELLERS, demoProductId } from './seed-demo';
import { DAY, HOUR, planClicks, planLinks, planNetwork, rng } from './seed-history-network';
import { planOrders, type Sale } from './seed-history-orders';

export const FIRST_DEMO_ORDER = 'o_demo00001';

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 200) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface HistorySummary {
  skipped: boolean;
  sellers: number;
  links: number;
  orders: number;
  groups: number;
  entries: number;
}

/** Needs the base demo (seed-demo.ts) in place. `now` anchors the 30 days (tests pin it). */
export async function seedDemoHistory(db: Db, opts: { now?: number } = {}): Promise<HistorySummary> {
  const [done] = await db.select({ id: orders.id }).from(orders).where(eq(orders.id, FIRST_DEMO_ORDER)).limit(1);
  if (done) return { skipped: true, sellers: 28, links: 0, orders: 0, groups: 0, entries: 0 };
  const now = opts.now ?? Date.now();
  const r = rng(2026);
  const net = planNetwork(now, r);
  const allIds = [...DEMO_SELLERS.map((s) => s.id as string), ...net.added.map((s) => s.id)];
  const inviterOf = new Map<string, string | null>([...DEMO_SELLERS.map((s) => [s.id as string, s.inviterId as string | null] as const), ...net.added.map((s) => [s.id, s.inviterId ?? null] as const)]);
  const linkRows = planLinks(allIds, net.weights, net.picks, now, r);
  const { stats, clicksByLinkDay } = planClicks(linkRows, net.weights, now, r);

  // Sales follow clicks (about 3.5% convert), plus direct visitors and a few orders today.
  const sales: Sale[] = [];
  const linkById = new Map(linkRows.map((l) => [l.id!, l]));
  for (const [key, clicks] of clicksByLinkDay) {
    const [linkId, day] = key.split('|') as [string, string];
    const link = linkById.get(linkId)!;
    const start = Date.parse(`${day}T00:00:00Z`);
    for (let k = Math.floor(clicks * 0.035 + r.next()); k > 0; k--) sales.push({ sellerId: link.sellerId, link, at: start + r.between(0, 14) * HOUR });
  }
  for (let d = 29; d >= 1; d--) for (let k = r.int(0, 2); k > 0; k--) sales.push({ sellerId: null, link: null, at: now - d * DAY + r.between(-6, 6) * HOUR });
  for (let k = 0; k < 3; k++) sales.push({ sellerId: k === 0 ? DEMO_SELLERS[0].id : null, link: k === 0 ? linkRows[0]! : null, at: now - r.between(1, 6) * HOUR });
  sales.sort((a, b) => a.at - b.at);
  const late = sales.find((s) => s.sellerId === DEMO_SELLERS[0].id && s.at < now - 22 * DAY && s.at > now - 26 * DAY);
  if (late) late.lateRefund = true;
  const plan = planOrders(sales, inviterOf, now, r);

  const passwordHash = await hashPassword(DEMO_SELLER_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(accounts).values(net.added.map((s) => ({ id: s.accountId, email: s.email, passwordHash, role: 'seller' as const, createdAt: s.createdAt }))).onConflictDoNothing();
    await tx.insert(sellers).values(net.added.map(({ email: _e, weight: _w, picks: _p, ...s }) => s)).onConflictDoNothing();
    await tx
      .insert(storefrontPicks)
      .values(net.added.flatMap((s) => [...new Set(s.picks)].map((k, position) => ({ sellerId: s.id, productId: demoProductId(k), position }))))
      .onConflictDoNothing();
    await tx.insert(links).values(linkRows).onConflictDoNothing();
    await insertChunks(stats, (c) => tx.insert(linkDailyStats).values(c).onConflictDoNothing(), 500);
    await insertChunks(plan.groups, (c) => tx.insert(groups).values(c).onConflictDoNothing());
    await insertChunks(plan.orders, (c) => tx.insert(orders).values(c).onConflictDoNothing());
    await insertChunks(plan.items, (c) => tx.insert(orderItems).values(c).onConflictDoNothing());
    await insertChunks(plan.payments, (c) => tx.insert(payments).values(c).onConflictDoNothing());
    await insertChunks(plan.refunds, (c) => tx.insert(refundRequests).values(c).onConflictDoNothing());
    if (plan.payout) await tx.insert(payouts).values(plan.payout).onConflictDoNothing();
    // In time order, so seq orders each seller's entries as the events happened.
    await insertChunks(plan.entries, (c) => tx.insert(commissionEntries).values(c).onConflictDoNothing());
  });
  return { skipped: false, sellers: net.added.length, links: linkRows.length, orders: plan.orders.length, groups: plan.groups.length, entries: plan.entries.length };
}
