import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { OPEN_AFTER_SALE_STATUSES, type AfterSaleStatus } from '../../../shared/orders/after-sale-state';
import type { Exec } from '../orders/orders-repo';
import { afterSaleLines, afterSales, orderItems, orders, type AfterSaleLineRow, type AfterSaleRow } from '../schema';

export interface AfterSaleRecord {
  afterSale: AfterSaleRow;
  /** `title`: the order line's, when it is read with the after-sale (null for a line inserted by hand). */
  lines: (AfterSaleLineRow & { title?: string | null })[];
}

/** Inserts the after-sale and its lines. A second open one for the order breaks after_sales_open_uq. */
export async function insertAfterSale(exec: Exec, row: typeof afterSales.$inferInsert, lines: Omit<AfterSaleLineRow, 'afterSaleId'>[]): Promise<void> {
  await exec.insert(afterSales).values(row);
  await exec.insert(afterSaleLines).values(lines.map((l) => ({ ...l, afterSaleId: row.id })));
}

export async function hasOpenAfterSale(exec: Exec, orderId: string): Promise<boolean> {
  const [r] = await exec
    .select({ id: afterSales.id })
    .from(afterSales)
    .where(and(eq(afterSales.orderId, orderId), inArray(afterSales.status, [...OPEN_AFTER_SALE_STATUSES])))
    .limit(1);
  return r !== undefined;
}

async function withLines(exec: Exec, rows: AfterSaleRow[]): Promise<AfterSaleRecord[]> {
  if (rows.length === 0) return [];
  // Each line with its order line's title (the product and variant as bought), for the pages.
  const lines = await exec
    .select({ line: afterSaleLines, title: orderItems.title })
    .from(afterSaleLines)
    .innerJoin(afterSales, eq(afterSales.id, afterSaleLines.afterSaleId))
    .leftJoin(orderItems, and(eq(orderItems.orderId, afterSales.orderId), eq(orderItems.productId, afterSaleLines.productId)))
    .where(
      inArray(
        afterSaleLines.afterSaleId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(afterSaleLines.productId));
  return rows.map((afterSale) => ({
    afterSale,
    lines: lines.filter((l) => l.line.afterSaleId === afterSale.id).map((l) => ({ ...l.line, title: l.title })),
  }));
}

export async function findAfterSale(exec: Exec, id: string, opts: { lock?: boolean } = {}): Promise<AfterSaleRecord | undefined> {
  const q = exec.select().from(afterSales).where(eq(afterSales.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ? (await withLines(exec, [row]))[0] : undefined;
}

export async function listOrderAfterSales(exec: Exec, orderIds: string[]): Promise<AfterSaleRecord[]> {
  if (orderIds.length === 0) return [];
  const rows = await exec.select().from(afterSales).where(inArray(afterSales.orderId, orderIds)).orderBy(desc(afterSales.createdAt));
  return withLines(exec, rows);
}

/** The ops queue: oldest first within a status, so the longest-waiting is answered first. */
export async function listAfterSalesByStatus(exec: Exec, status: AfterSaleStatus | undefined, limit: number): Promise<(AfterSaleRecord & { buyerEmail: string; lang: string | null })[]> {
  const rows = await exec
    .select({ a: afterSales, buyerEmail: orders.buyerEmail, lang: orders.lang })
    .from(afterSales)
    .innerJoin(orders, eq(orders.id, afterSales.orderId))
    .where(status ? eq(afterSales.status, status) : undefined)
    .orderBy(status ? asc(afterSales.createdAt) : desc(afterSales.createdAt))
    .limit(limit);
  const recs = await withLines(
    exec,
    rows.map((r) => r.a),
  );
  return recs.map((r, i) => ({ ...r, buyerEmail: rows[i]!.buyerEmail, lang: rows[i]!.lang }));
}

/** Compare-and-set on the status: undefined when the after-sale was no longer in `from`. */
export async function moveAfterSaleRow(exec: Exec, id: string, from: AfterSaleStatus, to: AfterSaleStatus, patch: Partial<typeof afterSales.$inferInsert> = {}): Promise<AfterSaleRow | undefined> {
  const [row] = await exec
    .update(afterSales)
    .set({ ...patch, status: to, updatedAt: new Date() })
    .where(and(eq(afterSales.id, id), eq(afterSales.status, from)))
    .returning();
  return row;
}

/** Counts by status, for the ops queue's tabs. */
export async function countAfterSalesByStatus(exec: Exec): Promise<Record<string, number>> {
  const rows = await exec
    .select({ status: afterSales.status, n: sql<number>`count(*)::int` })
    .from(afterSales)
    .groupBy(afterSales.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Marks the after-sale's units restocked; false when they already were. */
export async function markRestocked(exec: Exec, id: string): Promise<boolean> {
  const rows = await exec
    .update(afterSales)
    .set({ restockedAt: new Date() })
    .where(and(eq(afterSales.id, id), sql`${afterSales.restockedAt} is null`))
    .returning({ id: afterSales.id });
  return rows.length > 0;
}

/** A buyer's after-sales across their orders, newest first. */
export async function listAfterSalesOfBuyer(exec: Exec, buyerEmail: string, limit: number): Promise<AfterSaleRecord[]> {
  const rows = await exec
    .select({ a: afterSales })
    .from(afterSales)
    .innerJoin(orders, eq(orders.id, afterSales.orderId))
    .where(eq(orders.buyerEmail, buyerEmail))
    .orderBy(desc(afterSales.createdAt))
    .limit(limit);
  return withLines(
    exec,
    rows.map((r) => r.a),
  );
}

/** Refunded after-sales whose units were never put back on sale (the step after the commit failed). */
export async function findUnrestocked(exec: Exec, before: Date, limit: number): Promise<AfterSaleRecord[]> {
  const rows = await exec
    .select()
    .from(afterSales)
    .where(and(eq(afterSales.status, 'refunded'), sql`${afterSales.restockedAt} is null`, sql`${afterSales.refundedAt} < ${before.toISOString()}::timestamptz`))
    .orderBy(asc(afterSales.refundedAt))
    .limit(limit);
  return withLines(exec, rows);
}
