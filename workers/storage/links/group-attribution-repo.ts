import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { groups, orders } from '../schema';

export interface GroupOrigin {
  sellerId: string;
  linkId: string;
}

/**
 * The seller and link that brought the group's leader, read from the leader's order: that row
 * is written once at checkout and never re-attributed, so it is the group's origin of record.
 */
export async function findGroupOrigin(db: Db, groupId: string): Promise<GroupOrigin | null> {
  const [r] = await db
    .select({ sellerId: orders.attributedSellerId, linkId: orders.attributedLinkId })
    .from(groups)
    .innerJoin(orders, eq(orders.id, groups.leaderOrderId))
    .where(eq(groups.id, groupId))
    .limit(1);
  return r?.sellerId && r.linkId ? { sellerId: r.sellerId, linkId: r.linkId } : null;
}
