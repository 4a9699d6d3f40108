import { and, desc, eq, gte, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import type { OrderStatus } from '../../shared/order-state';
import type { Db } from './db';
import {
  accounts,
  idempotencyKeys,
  orderItems,
  orders,
  payments,
  sellers,
  webhookEvents,
  type IdempotencyRow,
  type OrderItemRow,
  type OrderRow,
  type PaymentRow,
  type PaymentStatus,
} from './schema';

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

// ---- idempotency keys ----

/** A crashed attempt's lock is taken over after this long. */
const IDEMPOTENCY_LOCK_SECONDS = 60;

export type KeyClaim =
  | { kind: 'new'; orderId: string; firstSeenAt: Date }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'busy' };

/**
 * Claims a key for one attempt. A retry of a failed or abandoned attempt reuses its order id,
 * so everything keyed on that id (stock reservation, order row, provider session) is reused too.
 */
export async function claimIdempotencyKey(db: Db, key: string, requestHash: string, freshOrderId: string): Promise<KeyClaim> {
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ key, requestHash, orderId: freshOrderId, state: 'in_progress' })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { kind: 'new', orderId: inserted.orderId, firstSeenAt: inserted.createdAt };
  const [existing] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).limit(1);
  if (!existing) return { kind: 'busy' }; // deleted between the two statements; the client retries
  return decideExisting(db, existing, requestHash);
}

async function decideExisting(db: Db, row: IdempotencyRow, requestHash: string): Promise<KeyClaim> {
  if (row.requestHash !== requestHash) return { kind: 'mismatch' };
  if (row.state === 'done') return { kind: 'replay', status: row.responseStatus ?? 201, body: row.responseBody };
  const [taken] = await db
    .update(idempotencyKeys)
    .set({ state: 'in_progress', lockedAt: new Date() })
    .where(
      and(
        eq(idempotencyKeys.key, row.key),
        or(
          eq(idempotencyKeys.state, 'failed'),
          lt(idempotencyKeys.lockedAt, sql`now() - make_interval(secs => ${IDEMPOTENCY_LOCK_SECONDS})`),
        ),
      ),
    )
    .returning();
  return taken ? { kind: 'new', orderId: taken.orderId, firstSeenAt: taken.createdAt } : { kind: 'busy' };
}

export async function completeIdempotencyKey(db: Db, key: string, status: number, body: unknown): Promise<void> {
  await db.update(idempotencyKeys).set({ state: 'done', responseStatus: status, responseBody: body }).where(eq(idempotencyKeys.key, key));
}

export async function failIdempotencyKey(db: Db, key: string): Promise<void> {
  await db.update(idempotencyKeys).set({ state: 'failed' }).where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.state, 'in_progress')));
}

// ---- orders ----

/** Idempotent on the order id: a retried attempt finds the row already there. */
export async function insertOrder(db: Db, order: NewOrderRow, items: NewOrderItemRow[], payment: NewPaymentRow): Promise<void> {
  await db.transaction(async (tx) => {
    const [created] = await tx.insert(orders).values(order).onConflictDoNothing().returning({ id: orders.id });
    if (!created) return;
    await tx.insert(orderItems).values(items);
    await tx.insert(payments).values(payment);
  });
}

export async function findOrderRecord(db: Exec, id: string): Promise<OrderRecord | undefined> {
  const [order] = await db.select().from(orders).where(eq(orders.id, id)).limit(1);
  if (!order) return undefined;
  const [items, [payment]] = await Promise.all([
    db.select().from(orderItems).where(eq(orderItems.orderId, id)).orderBy(orderItems.productId),
    db.select().from(payments).where(eq(payments.orderId, id)).limit(1),
  ]);
  return { order, items, payment };
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
  const stamp = STATUS_TIMESTAMP[to];
  if (stamp) (set as Record<string, unknown>)[stamp] = now;
  const [row] = await db.update(orders).set(set).where(and(eq(orders.id, id), eq(orders.status, from))).returning();
  return row;
}

export async function markRefundRequested(db: Exec, id: string): Promise<void> {
  await db.update(orders).set({ refundRequestedAt: new Date(), updatedAt: new Date() }).where(eq(orders.id, id));
}

/** The reservation expired: an unpaid order is cancelled. Safe to repeat. */
// ---- payments ----

export async function setPaymentSession(db: Db, orderId: string, sessionId: string): Promise<void> {
  await db.update(payments).set({ providerSessionId: sessionId, updatedAt: new Date() }).where(eq(payments.orderId, orderId));
}

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
export async function committedUnits(db: Db, productId: string, shard: number, shards: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`coalesce(sum(${orderItems.quantity}), 0)::int` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        eq(orderItems.productId, productId),
        shard === 0 ? or(eq(orderItems.stockShard, 0), gte(orderItems.stockShard, shards)) : eq(orderItems.stockShard, shard),
        notInArray(orders.status, ['pending_payment', 'cancelled']),
      ),
    );
  return r?.n ?? 0;
}

// ---- lookups ----

export async function findSellerEmail(db: Db, sellerId: string): Promise<string | undefined> {
  const [r] = await db
    .select({ email: accounts.email })
    .from(sellers)
    .innerJoin(accounts, eq(accounts.id, sellers.accountId))
    .where(eq(sellers.id, sellerId))
    .limit(1);
  return r?.email;
}

export interface OrderListFilter {
  status?: OrderStatus;
  from?: Date;
  to?: Date;
  cursor?: { createdAt: string; id: string };
  limit: number;
}

/** Newest first; `to` is exclusive, `from` inclusive. */
export async function listOrderRows(db: Db, f: OrderListFilter): Promise<OrderRow[]> {
  const conds = [];
  if (f.status) conds.push(eq(orders.status, f.status));
  if (f.from) conds.push(gte(orders.createdAt, f.from));
  if (f.to) conds.push(lt(orders.createdAt, f.to));
  if (f.cursor) {
    const at = new Date(f.cursor.createdAt);
    conds.push(or(lt(orders.createdAt, at), and(eq(orders.createdAt, at), lt(orders.id, f.cursor.id))));
  }
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


export async function findPaymentsForOrders(db: Db, ids: string[]): Promise<PaymentRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(payments).where(inArray(payments.orderId, ids));
}
