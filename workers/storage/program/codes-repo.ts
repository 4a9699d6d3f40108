// Seller codes (推广码), stored upper-case so uniqueness and matching ignore case.
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Tx, Exec } from '../orders/orders-repo';
import { sellerCodes, type SellerCodeRow } from '../schema';

/**
 * Makes `code` the seller's one active code; their earlier one stops working. A code another
 * seller ever used is refused (null); the seller's own earlier code is made active again.
 */
export async function putActiveCode(tx: Tx, sellerId: string, code: string): Promise<SellerCodeRow | null> {
  // One writer per seller: the partial unique index would otherwise fail the second of two racing requests with a 500.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`seller-code:${sellerId}`}))`);
  await tx.update(sellerCodes).set({ active: 0 }).where(and(eq(sellerCodes.sellerId, sellerId), eq(sellerCodes.active, 1), ne(sellerCodes.code, code)));
  const [row] = await tx
    .insert(sellerCodes)
    .values({ code, sellerId, active: 1 })
    .onConflictDoUpdate({ target: sellerCodes.code, set: { active: 1 }, setWhere: eq(sellerCodes.sellerId, sellerId) })
    .returning();
  return row ?? null;
}

export async function listSellerCodes(exec: Exec, sellerId: string): Promise<SellerCodeRow[]> {
  return exec.select().from(sellerCodes).where(eq(sellerCodes.sellerId, sellerId)).orderBy(desc(sellerCodes.active), desc(sellerCodes.createdAt)).limit(20);
}
