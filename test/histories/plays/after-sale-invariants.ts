// The after-sales invariants of a history: an order's refunds never exceed its payment, the
// order's money and lines agree with its refunded after-sales, and units are refunded at most once.
import { inArray } from 'drizzle-orm';
import { afterSaleLines, afterSales, type OrderItemRow, type OrderRow, type RefundRequestRow } from '../../../workers/storage/schema';
import type { Ctx } from '../context';

export async function checkAfterSales(c: Ctx, rows: OrderRow[], lines: OrderItemRow[], owed: RefundRequestRow[]): Promise<string[]> {
  const bad: string[] = [];
  const ids = rows.map((o) => o.id);
  const sales = ids.length ? await c.db.select().from(afterSales).where(inArray(afterSales.orderId, ids)) : [];
  const saleLines = sales.length ? await c.db.select().from(afterSaleLines).where(inArray(afterSaleLines.afterSaleId, sales.map((a) => a.id))) : [];
  for (const o of rows) {
    const mine = sales.filter((a) => a.orderId === o.id);
    const refunded = mine.filter((a) => a.status === 'refunded');
    const asked = owed.filter((r) => r.orderId === o.id).reduce((n, r) => n + r.amount, 0);
    if (asked > o.totalAmount) bad.push(`order ${o.id}: refunds asked of the provider add up to ${asked}, more than its payment ${o.totalAmount}`);
    if (o.refundedAmount > o.totalAmount) bad.push(`order ${o.id}: refunded ${o.refundedAmount} of ${o.totalAmount}`);
    const bySales = refunded.reduce((n, a) => n + a.amount, 0);
    const whole = owed.some((r) => r.orderId === o.id && r.afterSaleId === null && o.status === 'refunded');
    if (!whole && o.refundedAmount !== bySales) bad.push(`order ${o.id}: refundedAmount ${o.refundedAmount}, its refunded after-sales ${bySales}`);
    if (o.status === 'refunded' && o.refundedAmount !== o.totalAmount) bad.push(`order ${o.id} is refunded with ${o.refundedAmount} of ${o.totalAmount} refunded`);
    if (mine.filter((a) => ['requested', 'approved', 'returned'].includes(a.status)).length > 1) bad.push(`order ${o.id} has more than one open after-sale`);
    for (const a of refunded) {
      if (!owed.some((r) => r.afterSaleId === a.id)) bad.push(`after-sale ${a.id} is refunded but no refund is owed for it`);
      if (a.restockedAt === null) bad.push(`after-sale ${a.id} is refunded but its units never went back on sale`);
    }
    // Units: what after-sales refunded of each line is the line's refunded count, never more than it holds.
    for (const l of lines.filter((x) => x.orderId === o.id)) {
      const units = saleLines.filter((sl) => sl.productId === l.productId && refunded.some((a) => a.id === sl.afterSaleId)).reduce((n, sl) => n + sl.quantity, 0);
      if (!whole && units !== l.refundedQuantity) bad.push(`order ${o.id} line ${l.productId}: after-sales refunded ${units} units, the line says ${l.refundedQuantity}`);
      if (l.refundedQuantity > l.quantity || l.restockedQuantity > l.refundedQuantity) bad.push(`order ${o.id} line ${l.productId}: ${l.refundedQuantity} refunded, ${l.restockedQuantity} restocked of ${l.quantity}`);
      if (l.restockedQuantity !== units) bad.push(`order ${o.id} line ${l.productId}: ${l.restockedQuantity} units back on sale, after-sales refunded ${units}`);
    }
  }
  return bad;
}
