import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { storefrontPicks } from '../schema';

export async function listPickIds(db: Db, sellerId: string): Promise<string[]> {
  const rows = await db
    .select({ productId: storefrontPicks.productId })
    .from(storefrontPicks)
    .where(eq(storefrontPicks.sellerId, sellerId))
    .orderBy(asc(storefrontPicks.position));
  return rows.map((r) => r.productId);
}

/** Replaces the seller's picks (with their notes) in order, atomically. */
export async function replacePicks(db: Db, sellerId: string, picks: { productId: string; note?: string | null }[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(storefrontPicks).where(eq(storefrontPicks.sellerId, sellerId));
    if (picks.length) {
      await tx.insert(storefrontPicks).values(picks.map((p, position) => ({ sellerId, productId: p.productId, position, note: p.note || null })));
    }
  });
}

/** Notes by product id, for the picks that have one. */
export async function listPickNotes(db: Db, sellerId: string): Promise<Record<string, string>> {
  const rows = await db.select({ productId: storefrontPicks.productId, note: storefrontPicks.note }).from(storefrontPicks).where(eq(storefrontPicks.sellerId, sellerId));
  return Object.fromEntries(rows.filter((r) => r.note).map((r) => [r.productId, r.note!]));
}
