import { and, desc, eq, gte, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { OrderStatus } from '../../../shared/orders/order-state';
import { isFlashSaleUnit } from '../../../shared/promotions/flash-sale-unit';
import type { PageCursor } from '../../../shared/cursor';
import { olderThan } from '../cursor-sql';
import type { Db } from '../db';
import {
  orderItems,
  orders,
  payments,
  webhookEvents,
  type OrderItemRow,
  type OrderRow,
  type PaymentRow,
  type PaymentStatus,
} from '../schema';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Exec = Db | Tx;

export type NewOrderRow = typeof orders.$inferInsert;
export type NewOrderItemRow = typeof orderItems.$inferInsert;
export type NewPaymentRow = typeof payments.$inferInsert;

export interface OrderRecord {
  order: OrderRow;
  items: OrderItemRow[];
  payment: PaymentRow | undefined;
}

// ---- orders ----

/** Which lines a Stock object counts: a variant's, or the default variant's (the product's lines without one). */
export interface StockUnit {
  productId: string;
  variantId?: string | null;
}

// A flash sale's objects hold only the lines bought from it; a variant's (or product's) objects
// hold every other line of it.
const linesOfUnit = (u: StockUnit) =>
  isFlashSaleUnit(u.variantId)
    ? eq(orderItems.stockUnit, u.variantId)
    : and(
        isNull(orderItems.stockUnit),
        u.variantId ? eq(orderItems.variantId, u.variantId) : and(eq(orderItems.productId, u.productId), isNull(orderItems.variantId)),
      );

/** Of `ids`, the orders with a line for this product (or variant) on this stock shard. */
export async function ordersWithLineOn(db: Db, ids: string[], unit: StockUnit, shard: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: orderItems.orderId })
    .from(orderItems)
    .where(and(inArray(orderItems.orderId, ids), linesOfUnit(unit), eq(orderItems.stockShard, shard)));
  return rows.map((r) => r.id);
}

export async function findOrderRecord(db: Exec, id: string): Promise<OrderRecord | undefined> {
  const [order] = await db.select().from(orders).where(eq(orders.id, id)).limit(1);
  if (!order) return undefined;
  // Both reads settle before either failure is thrown: a caller that closes its pool on the
  // error must not do it while the other read still holds a connection (see close in db.ts).
  const [items, pays] = await Promise.allSettled([
    db.select().from(orderItems).where(eq(orderItems.orderId, id)).orderBy(orderItems.productId),
    db.select().from(payments).where(eq(payments.orderId, id)).limit(1),
  ]);
  if (items.status === 'rejected') throw items.reason;
  if (pays.status === 'rejected') throw pays.reason;
  return { order, items: items.value, payment: pays.value[0] };
}

const STATUS_TIMESTAMP: Partial<Record<OrderStatus, keyof NewOrderRow>> = {
  paid: 'paidAt',
  awaiting_group: 'paidAt',
  confirmed: 'confirmedAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  completed: 'completedAt',
  cancelled: 'cancelledAt',
  refunded: 'refundedAt',
};

/** Compare-and-set: moves the order only if it is still in `from`. Returns the row, or undefined if it moved meanwhile. */
export async function transitionOrderRow(
  db: Exec,
  id: string,
  from: OrderStatus,
  to: OrderStatus,
  patch: Partial<NewOrderRow> = {},
): Promise<OrderRow | undefined> {
  const now = new Date();
  const set: Partial<NewOrderRow> = { ...patch, status: to, updatedAt: now };
  // A move that keeps the status (a partial refund) keeps its timestamps too.
  const stamp = from === to ? undefined : STATUS_TIMESTAMP[to];
  if (stamp) (set as Record<string, unknown>)[stamp] = now;
  const [row] = await db.update(orders).set(set).where(and(eq(orders.id, id), eq(orders.status, from))).returning();
  return row;
}

export async function markRefundRequested(db: Exec, id: string): Promise<void> {
  await db.update(orders).set({ refundRequestedAt: new Date(), updatedAt: new Date() }).where(eq(orders.id, id));
}

/** The reservation expired: an unpaid order is cancelled. Safe to repeat. */
// ---- payments ----

export async function updatePayment(
  db: Exec,
  orderId: string,
  patch: { status: PaymentStatus; providerPaymentId?: string | null },
  onlyFrom?: PaymentStatus[],
): Promise<PaymentRow | undefined> {
  const set: Partial<NewPaymentRow> = { status: patch.status, updatedAt: new Date() };
  if (patch.providerPaymentId) set.providerPaymentId = patch.providerPaymentId;
  const cond = onlyFrom ? and(eq(payments.orderId, orderId), inArray(payments.status, onlyFrom)) : eq(payments.orderId, orderId);
  const [row] = await db.update(payments).set(set).where(cond).returning();
  return row;
}

// ---- webhook events ----

export async function isWebhookEventSeen(db: Db, provider: string, eventId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: webhookEvents.eventId })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, provider), eq(webhookEvents.eventId, eventId)))
    .limit(1);
  return !!r;
}

/**
 * Records the event and applies its effect in one transaction: the unique index on
 * (provider, event_id) makes a concurrent duplicate roll back instead of applying twice.
 * Returns false when the event had already been recorded.
 */
export async function recordWebhookEvent(
  db: Db,
  ev: { provider: string; eventId: string; type: string; orderId: string | null; outcome: string },
  apply: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(webhookEvents).values(ev).onConflictDoNothing().returning({ id: webhookEvents.eventId });
    if (!row) return false;
    await apply(tx);
    return true;
  });
}

// ---- stock bookkeeping for the Stock object ----

/**
 * Units sold through one shard. Shard 0 also answers for lines recorded on shards outside the
 * product's layout (sold before the layout was fixed), so no sold unit is ever forgotten.
 */
export async function committedUnits(db: Db, unit: StockUnit, shard: number, shards: number): Promise<number> {
  const [r] = await db
    // Units an after-sale put back on sale are no longer sold.
    .select({ n: sql<number>`coalesce(sum(${orderItems.quantity} - ${orderItems.restockedQuantity}), 0)::int` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        linesOfUnit(unit),
        shard === 0 ? or(eq(orderItems.stockShard, 0), gte(orderItems.stockShard, shards)) : eq(orderItems.stockShard, shard),
        notInArray(orders.status, ['pending_payment', 'cancelled']),
      ),
    );
  return r?.n ?? 0;
}

// ---- lookups ----

export interface OrderListFilter {
  status?: OrderStatus;
  from?: Date;
  to?: Date;
  cursor?: PageCursor;
  limit: number;
}

/** Newest first; `to` is exclusive, `from` inclusive. */
export async function listOrderRows(db: Db, f: OrderListFilter): Promise<OrderRow[]> {
  const conds = [];
  if (f.status) conds.push(eq(orders.status, f.status));
  if (f.from) conds.push(gte(orders.createdAt, f.from));
  if (f.to) conds.push(lt(orders.createdAt, f.to));
  if (f.cursor) conds.push(olderThan(orders.createdAt, orders.id, f.cursor));
  return db
    .select()
    .from(orders)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(f.limit);
}

export async function findItemsForOrders(db: Db, ids: string[]): Promise<OrderItemRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(orderItems).where(inArray(orderItems.orderId, ids));
}


export async function findPaymentsForOrders(db: Exec, ids: string[]): Promise<PaymentRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(payments).where(inArray(payments.orderId, ids));
}
