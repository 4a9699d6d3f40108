import { asc, eq } from 'drizzle-orm';
import type { Db } from './db';
import { storefrontPicks } from './schema';

export async function listPickIds(db: Db, sellerId: string): Promise<string[]> {
  const rows = await db
    .select({ productId: storefrontPicks.productId })
    .from(storefrontPicks)
    .where(eq(storefrontPicks.sellerId, sellerId))
    .orderBy(asc(storefrontPicks.position));
  return rows.map((r) => r.productId);
}

/** Replaces the seller's picks in order, atomically. */
export async function replacePicks(db: Db, sellerId: string, productIds: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(storefrontPicks).where(eq(storefrontPicks.sellerId, sellerId));
    if (productIds.length) {
      await tx.insert(storefrontPicks).values(productIds.map((productId, position) => ({ sellerId, productId, position })));
    }
  });
}
