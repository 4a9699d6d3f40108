// Reads behind the ops payouts page: the newest clawbacks, carried against the next payout.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { commissionEntries, sellers } from '../schema';

export interface ClawbackRow {
  sellerId: string;
  handle: string;
  orderId: string;
  amount: number;
  createdAt: Date;
}

/** The newest clawbacks: refunds after payout, carried against each seller's next payout. */
export async function listRecentClawbacks(db: Db, limit: number): Promise<ClawbackRow[]> {
  const rows = await db
    .select({ sellerId: commissionEntries.sellerId, handle: sellers.handle, orderId: commissionEntries.orderId, amount: commissionEntries.amount, createdAt: commissionEntries.createdAt })
    .from(commissionEntries)
    .innerJoin(sellers, eq(sellers.id, commissionEntries.sellerId))
    .where(eq(commissionEntries.kind, 'clawback'))
    .orderBy(desc(commissionEntries.seq))
    .limit(limit);
  return rows.map((r) => ({ ...r, orderId: r.orderId ?? '' }));
}
