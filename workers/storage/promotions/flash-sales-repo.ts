import { and, asc, desc, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Exec, Tx } from '../orders/orders-repo';
import { flashSales, products, type FlashSaleRow } from '../schema';

export type NewFlashSaleRow = typeof flashSales.$inferInsert;

/** Serialises sale creation per product, so two overlapping sales can never both pass the check. */
export async function lockProductForSale(tx: Tx, productId: string): Promise<boolean> {
  const rows = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).for('update');
  return rows.length > 0;
}

/** A sale of this product whose window meets [startsAt, endsAt). */
export async function overlappingSale(tx: Tx, productId: string, startsAt: Date, endsAt: Date): Promise<FlashSaleRow | undefined> {
  const [row] = await tx
    .select()
    .from(flashSales)
    .where(and(eq(flashSales.productId, productId), lt(flashSales.startsAt, endsAt), gt(flashSales.endsAt, startsAt)))
    .limit(1);
  return row;
}

export async function insertFlashSale(tx: Tx, row: NewFlashSaleRow): Promise<FlashSaleRow> {
  const [created] = await tx.insert(flashSales).values(row).returning();
  return created!;
}

export async function findFlashSale(db: Exec, id: string): Promise<FlashSaleRow | undefined> {
  const [row] = await db.select().from(flashSales).where(eq(flashSales.id, id));
  return row;
}

export type FlashSaleWindow = 'upcoming' | 'ongoing' | 'ended';

/** By window at `now`: upcoming soonest first, ongoing ending soonest first, ended latest first. */
export async function listFlashSaleRows(db: Db, opts: { window?: FlashSaleWindow; now: Date; limit: number }): Promise<FlashSaleRow[]> {
  const { now, limit } = opts;
  const q = db.select().from(flashSales);
  if (opts.window === 'upcoming') return q.where(gt(flashSales.startsAt, now)).orderBy(asc(flashSales.startsAt)).limit(limit);
  if (opts.window === 'ongoing') return q.where(and(lte(flashSales.startsAt, now), gt(flashSales.endsAt, now))).orderBy(asc(flashSales.endsAt)).limit(limit);
  if (opts.window === 'ended') return q.where(lte(flashSales.endsAt, now)).orderBy(desc(flashSales.endsAt)).limit(limit);
  return q.orderBy(desc(flashSales.startsAt)).limit(limit);
}

/** Ends the sale at `at` (not later than planned); undefined when it had already ended. */
export async function stopFlashSaleRow(tx: Tx, id: string, at: Date): Promise<FlashSaleRow | undefined> {
  const [row] = await tx
    .update(flashSales)
    .set({ startsAt: sql`least(${flashSales.startsAt}, ${at.toISOString()}::timestamptz)`, endsAt: at, stoppedAt: at })
    .where(and(eq(flashSales.id, id), gt(flashSales.endsAt, at)))
    .returning();
  return row;
}

/** The unsold units given back so far; only ever grows. `settled` once no hold is left to lapse. */
export async function recordFlashSaleReturn(db: Db, id: string, returnedQuantity: number, settled: boolean): Promise<void> {
  await db
    .update(flashSales)
    .set({
      returnedQuantity: sql`greatest(${flashSales.returnedQuantity}, ${returnedQuantity})`,
      ...(settled ? { settledAt: sql`coalesce(${flashSales.settledAt}, now())` } : {}),
    })
    .where(eq(flashSales.id, id));
}
