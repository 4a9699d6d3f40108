import type { Exec } from '../orders/orders-repo';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { buyerCodes, follows, orderItems, orders, reviews, sellers, type ReviewRow } from '../schema';

export async function upsertBuyerCode(db: Db, email: string, codeHash: string, expiresAt: Date): Promise<void> {
  await db
    .insert(buyerCodes)
    .values({ email, codeHash, expiresAt })
    .onConflictDoUpdate({ target: buyerCodes.email, set: { codeHash, expiresAt, createdAt: sql`now()` } });
}

/** Deletes the code if it matches and is live; true for exactly one caller per code. */
export async function consumeBuyerCode(db: Db, email: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .delete(buyerCodes)
    .where(and(eq(buyerCodes.email, email), eq(buyerCodes.codeHash, codeHash), sql`${buyerCodes.expiresAt} > now()`))
    .returning({ email: buyerCodes.email });
  return rows.length === 1;
}

/** The name the buyer gave on their latest delivered/completed order of the product, if any. */
export async function findDeliveredPurchase(db: Db, email: string, productId: string): Promise<{ buyerName: string } | undefined> {
  const [row] = await db
    .select({ buyerName: orders.buyerName })
    .from(orders)
    .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(and(eq(orders.buyerEmail, email), eq(orderItems.productId, productId), sql`${orders.status} in ('delivered', 'completed')`))
    .orderBy(desc(orders.createdAt))
    .limit(1);
  return row;
}

export async function insertReview(db: Db, r: typeof reviews.$inferInsert): Promise<ReviewRow> {
  const [row] = await db.insert(reviews).values(r).returning();
  return row!;
}

export async function listVisibleReviews(db: Db, productId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<ReviewRow[]> {
  const visible = and(eq(reviews.productId, productId), eq(reviews.hidden, false));
  const where = after ? and(visible, or(lt(reviews.createdAt, after.createdAt), and(eq(reviews.createdAt, after.createdAt), lt(reviews.id, after.id)))) : visible;
  return db.select().from(reviews).where(where).orderBy(desc(reviews.createdAt), desc(reviews.id)).limit(limit);
}

export async function reviewSummary(db: Db, productId: string): Promise<{ average: number | null; count: number }> {
  const [row] = await db
    .select({ avg: sql<string | null>`avg(${reviews.rating})`, count: sql<number>`count(*)::int` })
    .from(reviews)
    .where(and(eq(reviews.productId, productId), eq(reviews.hidden, false)));
  return { average: row?.avg == null ? null : Math.round(Number(row.avg) * 10) / 10, count: row?.count ?? 0 };
}

export async function setReviewHidden(db: Exec, id: string, hidden: boolean): Promise<ReviewRow | undefined> {
  const [row] = await db.update(reviews).set({ hidden }).where(eq(reviews.id, id)).returning();
  return row;
}

export async function insertFollow(db: Db, buyerEmail: string, sellerId: string): Promise<void> {
  await db.insert(follows).values({ buyerEmail, sellerId }).onConflictDoNothing();
}

export async function deleteFollow(db: Db, buyerEmail: string, sellerId: string): Promise<void> {
  await db.delete(follows).where(and(eq(follows.buyerEmail, buyerEmail), eq(follows.sellerId, sellerId)));
}

export async function listFollowing(db: Db, buyerEmail: string) {
  return db
    .select({ handle: sellers.handle, displayName: sellers.displayName, sellerId: sellers.id, followedAt: follows.createdAt })
    .from(follows)
    .innerJoin(sellers, eq(sellers.id, follows.sellerId))
    .where(eq(follows.buyerEmail, buyerEmail))
    .orderBy(desc(follows.createdAt))
    .limit(200);
}

export async function countFollowers(db: Db, sellerId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(follows).where(eq(follows.sellerId, sellerId));
  return row?.n ?? 0;
}

/** The seller who referred this buyer's first attributed order, if any. */
export async function findFirstReferrer(db: Db, buyerEmail: string): Promise<string | undefined> {
  const [row] = await db
    .select({ sellerId: orders.attributedSellerId })
    .from(orders)
    .where(and(eq(orders.buyerEmail, buyerEmail), sql`${orders.attributedSellerId} is not null`, sql`${orders.status} not in ('pending_payment', 'cancelled')`))
    .orderBy(orders.createdAt, orders.id)
    .limit(1);
  return row?.sellerId ?? undefined;
}

export async function listBuyerOrderIds(db: Db, buyerEmail: string, limit: number, after?: { createdAt: Date; id: string }) {
  const mine = eq(orders.buyerEmail, buyerEmail);
  const where = after ? and(mine, or(lt(orders.createdAt, after.createdAt), and(eq(orders.createdAt, after.createdAt), lt(orders.id, after.id)))) : mine;
  return db.select({ id: orders.id, createdAt: orders.createdAt }).from(orders).where(where).orderBy(desc(orders.createdAt), desc(orders.id)).limit(limit);
}

export async function listReviewedProductIds(db: Db, buyerEmail: string): Promise<string[]> {
  const rows = await db.select({ productId: reviews.productId }).from(reviews).where(eq(reviews.buyerEmail, buyerEmail)).limit(500);
  return rows.map((r) => r.productId);
}
