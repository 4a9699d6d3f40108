// What refunds do to an order's money and lines (orders.refundedAmount, order_items.refunded/
// restockedQuantity). Always called inside the transaction that moves the order or the after-sale.
import { and, eq, sql } from 'drizzle-orm';
import type { Exec } from './orders-repo';
import { orderItems, orders, type OrderItemRow, type OrderRow } from '../schema';

/** Locks the order row for an after-sale decision (and reads it fresh). */
export async function lockOrderForRefund(exec: Exec, orderId: string): Promise<OrderRow | undefined> {
  const [o] = await exec.select().from(orders).where(eq(orders.id, orderId)).for('update');
  return o;
}

export async function findOrderLines(exec: Exec, orderId: string): Promise<OrderItemRow[]> {
  return exec.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(orderItems.productId);
}

/** Adds refunded units to lines and the refunded amount to the order (the caller holds the order's lock). */
export async function addRefundedUnits(exec: Exec, orderId: string, lines: { productId: string; quantity: number }[], amount: number): Promise<void> {
  for (const l of lines) {
    await exec
      .update(orderItems)
      .set({ refundedQuantity: sql`${orderItems.refundedQuantity} + ${l.quantity}` })
      .where(and(eq(orderItems.orderId, orderId), eq(orderItems.productId, l.productId)));
  }
  await exec
    .update(orders)
    .set({ refundedAmount: sql`${orders.refundedAmount} + ${amount}`, updatedAt: new Date() })
    .where(eq(orders.id, orderId));
}

/** Units put back on sale (the Stock object was told first, keyed on the after-sale). */
export async function addRestockedUnits(exec: Exec, orderId: string, lines: { productId: string; quantity: number }[]): Promise<void> {
  for (const l of lines) {
    await exec
      .update(orderItems)
      .set({ restockedQuantity: sql`${orderItems.restockedQuantity} + ${l.quantity}` })
      .where(and(eq(orderItems.orderId, orderId), eq(orderItems.productId, l.productId)));
  }
}

/** A whole-order refund settled: every unit is refunded and so is the whole total. */
export async function markAllLinesRefunded(exec: Exec, orderId: string): Promise<void> {
  await exec.update(orderItems).set({ refundedQuantity: sql`${orderItems.quantity}` }).where(eq(orderItems.orderId, orderId));
  await exec.update(orders).set({ refundedAmount: sql`${orders.totalAmount}` }).where(eq(orders.id, orderId));
}
