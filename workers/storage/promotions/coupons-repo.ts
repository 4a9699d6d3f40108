// Coupons and buyers' claims (优惠券). The Coupon object decides claims; this writes what it granted.
import { and, desc, eq, gt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Exec } from '../orders/orders-repo';
import { buyerCoupons, coupons, type BuyerCouponRow, type CouponRow } from '../schema';

export type NewCouponRow = typeof coupons.$inferInsert;
export type NewBuyerCouponRow = typeof buyerCoupons.$inferInsert;

export async function insertCoupon(db: Exec, row: NewCouponRow): Promise<CouponRow> {
  const [c] = await db.insert(coupons).values(row).returning();
  return c!;
}

export async function findCoupon(db: Exec, id: string): Promise<CouponRow | null> {
  const [c] = await db.select().from(coupons).where(eq(coupons.id, id));
  return c ?? null;
}

/** Mirrors what the object accepted (it alone decides: totalCount only grows). */
export async function setCouponLimits(db: Exec, id: string, v: { active: boolean; totalCount: number | null }): Promise<CouponRow | null> {
  const [c] = await db.update(coupons).set({ active: v.active, totalCount: v.totalCount }).where(eq(coupons.id, id)).returning();
  return c ?? null;
}

// Spelled out: drizzle leaves the outer table's columns unqualified, which a subquery would
// resolve to its own table.
const claimedCount = sql<number>`(select count(*)::int from buyer_coupons bc where bc.coupon_id = "coupons"."id")`;
const usedCount = sql<number>`(select count(*)::int from buyer_coupons bc where bc.coupon_id = "coupons"."id" and bc.state = 'used')`;

/** Every coupon with its claimed and used counts, newest first (the ops page). */
export async function listCouponsWithCounts(db: Db, limit = 200) {
  return db.select({ c: coupons, claimed: claimedCount, used: usedCount }).from(coupons).orderBy(desc(coupons.createdAt), desc(coupons.id)).limit(limit);
}

/** Active coupons with their claimed counts; the caller drops the exhausted and the ended. */
export async function listActiveCoupons(db: Db, limit = 100) {
  return db.select({ c: coupons, claimed: claimedCount }).from(coupons).where(eq(coupons.active, true)).orderBy(desc(coupons.createdAt), desc(coupons.id)).limit(limit);
}

/** Writes granted claims; one already written (a retry) is left as it is. */
export async function insertClaims(db: Exec, rows: NewBuyerCouponRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(buyerCoupons).values(rows).onConflictDoNothing();
}

/** Each buyer's highest claim number, for an object rebuilding its counts. */
export async function claimNumbersByBuyer(db: Exec, couponId: string): Promise<{ buyerEmail: string; claims: number }[]> {
  return db
    .select({ buyerEmail: buyerCoupons.buyerEmail, claims: sql<number>`max(${buyerCoupons.claimNo})::int` })
    .from(buyerCoupons)
    .where(eq(buyerCoupons.couponId, couponId))
    .groupBy(buyerCoupons.buyerEmail);
}

const orderWritten = sql`exists (select 1 from orders o where o.id = "buyer_coupons"."order_id")`;

/** A buyer's claims with their coupons, newest first, and whether the locking order was written. */
export async function listBuyerCoupons(db: Db, buyerEmail: string, limit = 100) {
  return db
    .select({ k: buyerCoupons, c: coupons, orderWritten: sql<boolean>`${orderWritten}` })
    .from(buyerCoupons)
    .innerJoin(coupons, eq(coupons.id, buyerCoupons.couponId))
    .where(eq(buyerCoupons.buyerEmail, buyerEmail))
    .orderBy(desc(buyerCoupons.claimedAt), desc(buyerCoupons.id))
    .limit(limit);
}

export async function findBuyerCoupon(db: Exec, id: string): Promise<{ k: BuyerCouponRow; c: CouponRow; orderWritten: boolean } | null> {
  const [r] = await db
    .select({ k: buyerCoupons, c: coupons, orderWritten: sql<boolean>`${orderWritten}` })
    .from(buyerCoupons)
    .innerJoin(coupons, eq(coupons.id, buyerCoupons.couponId))
    .where(eq(buyerCoupons.id, id));
  return r ?? null;
}

/**
 * Locks a claim for an order, in one conditional statement, so two concurrent orders can never
 * both get it: it must be unused, already this order's (a retry of the same order), or locked by
 * an order that was never written and whose reservation has ended. It must also be the buyer's
 * and inside its window. Returns whether this order holds it now.
 */
export async function lockBuyerCoupon(db: Exec, v: { id: string; buyerEmail: string; orderId: string; lockedUntil: Date; now: Date }): Promise<boolean> {
  const rows = await db
    .update(buyerCoupons)
    .set({ state: 'locked', orderId: v.orderId, lockedUntil: v.lockedUntil })
    .where(
      and(
        eq(buyerCoupons.id, v.id),
        eq(buyerCoupons.buyerEmail, v.buyerEmail),
        lte(buyerCoupons.validFrom, v.now),
        gt(buyerCoupons.validUntil, v.now),
        or(
          eq(buyerCoupons.state, 'unused'),
          and(eq(buyerCoupons.state, 'locked'), eq(buyerCoupons.orderId, v.orderId)),
          and(eq(buyerCoupons.state, 'locked'), lte(buyerCoupons.lockedUntil, v.now), sql`not ${orderWritten}`),
        ),
      ),
    )
    .returning({ id: buyerCoupons.id });
  return rows.length === 1;
}

/** Gives back a lock whose order was not written after all. */
export async function unlockUnwritten(db: Exec, id: string, orderId: string): Promise<void> {
  await db
    .update(buyerCoupons)
    .set({ state: 'unused', orderId: null, lockedUntil: null })
    .where(and(eq(buyerCoupons.id, id), eq(buyerCoupons.orderId, orderId), eq(buyerCoupons.state, 'locked'), sql`not ${orderWritten}`));
}

/** With the order's move: used once paid, unused again when cancelled or refunded in full. Only this order's claim moves. */
export async function moveBuyerCoupon(tx: Exec, id: string, orderId: string, to: 'used' | 'unused'): Promise<void> {
  await tx
    .update(buyerCoupons)
    .set(to === 'used' ? { state: 'used', lockedUntil: null } : { state: 'unused', orderId: null, lockedUntil: null })
    .where(and(eq(buyerCoupons.id, id), eq(buyerCoupons.orderId, orderId)));
}
