// Coupons in the demo: a welcome coupon anyone can claim, a tea coupon with a threshold, and a
// percentage off for a month, with one of them already claimed by a buyer of the demo history.
// Written straight to Postgres: each coupon's object rebuilds its counts from these rows on its
// first call. Fixed ids make a re-run change nothing.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../workers/storage/db';
import { buyerCoupons, coupons, orders } from '../../workers/storage/schema';

const DAY = 86_400_000;
const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

export async function seedDemoCoupons(db: Db, opts: { now?: number } = {}): Promise<{ coupons: number; claims: number }> {
  const now = opts.now ?? Date.now();
  const rows = [
    {
      id: 'c_demoWelcome01',
      title: '新人立减 ¥10 Welcome',
      discount: { kind: 'amount' as const, amount: cny(1000) },
      minSpendAmount: 0,
      scope: { kind: 'all' as const },
      totalCount: 500,
      perBuyerLimit: 1,
      validity: { kind: 'after_claim' as const, days: 14 },
    },
    {
      id: 'c_demoTea00001',
      title: '茶饮满 ¥199 减 ¥30 Tea',
      discount: { kind: 'amount' as const, amount: cny(3000) },
      minSpendAmount: 19900,
      scope: { kind: 'category' as const, categories: ['茶饮 Tea'] },
      totalCount: 100,
      perBuyerLimit: 2,
      validity: { kind: 'after_claim' as const, days: 7 },
    },
    {
      id: 'c_demoPercent1',
      title: '全场 9 折 10% off',
      discount: { kind: 'percent' as const, percentOff: 10, maxDiscount: cny(5000) },
      minSpendAmount: 0,
      scope: { kind: 'all' as const },
      totalCount: null,
      perBuyerLimit: 1,
      validity: { kind: 'fixed' as const, startsAt: new Date(now - DAY).toISOString(), endsAt: new Date(now + 30 * DAY).toISOString() },
    },
  ];
  const made = await db.insert(coupons).values(rows.map((r) => ({ ...r, createdAt: new Date(now - 2 * DAY) }))).onConflictDoNothing().returning({ id: coupons.id });
  const [buyer] = await db.select({ email: orders.buyerEmail }).from(orders).where(eq(orders.status, 'completed')).orderBy(desc(orders.createdAt)).limit(1);
  if (!buyer) return { coupons: made.length, claims: 0 };
  const claimed = await db
    .insert(buyerCoupons)
    .values({ id: 'k_demoClaim0001', couponId: 'c_demoWelcome01', buyerEmail: buyer.email, claimNo: 1, validFrom: new Date(now - DAY), validUntil: new Date(now + 13 * DAY), claimedAt: new Date(now - DAY) })
    .onConflictDoNothing()
    .returning({ id: buyerCoupons.id });
  return { coupons: made.length, claims: claimed.length };
}
