import { and, eq, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Exec } from '../orders/orders-repo';
import { groups, orderItems, orders, type GroupRow, type NewGroupRow } from '../schema';

/** Written when the leader's order opens the group; a retried attempt finds it there. */
export async function insertGroupRow(db: Exec, row: NewGroupRow): Promise<void> {
  await db.insert(groups).values(row).onConflictDoNothing();
}

/**
 * The object's view of the group, written as a whole: an upsert keyed on the group id, so a
 * replayed write (alarms are at-least-once) lands the same row, and a row lost at open is rebuilt.
 */
export async function upsertGroupRow(db: Exec, row: NewGroupRow): Promise<void> {
  const { id: _id, createdAt: _c, ...set } = row;
  await db.insert(groups).values(row).onConflictDoUpdate({ target: groups.id, set });
}

export async function findGroupRow(db: Db, id: string): Promise<GroupRow | undefined> {
  const [r] = await db.select().from(groups).where(eq(groups.id, id)).limit(1);
  return r;
}

/** How many live orders of a group picked each variant: counts only, never who. */
export async function groupVariantCounts(db: Db, groupId: string): Promise<{ variantId: string; count: number }[]> {
  const rows = await db
    .select({ variantId: orderItems.variantId, count: sql<number>`count(*)::int` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orders.groupId, groupId), isNotNull(orderItems.variantId), notInArray(orders.status, ['cancelled', 'refunded'])))
    .groupBy(orderItems.variantId);
  return rows.map((r) => ({ variantId: r.variantId!, count: Number(r.count) }));
}
