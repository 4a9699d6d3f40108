import { and, asc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Exec } from './orders-repo';
import { legacyRefundRequests, refundRequests, type RefundRequestRow } from '../schema';

/** The longest an owed refund waits between asks. */
export const REFUND_BACKOFF_MAX_MS = 6 * 60 * 60 * 1000;

/** Asks (failed or not) after which a refund is flagged to ops: it needs a person, not another retry. */
export const REFUND_FLAG_ATTEMPTS = 5;

export type NewRefundRequest = Pick<RefundRequestRow, 'orderId' | 'provider' | 'reason' | 'amount' | 'providerPaymentId'> & { afterSaleId?: string | null };

/** The provider's idempotency key of a refund: the after-sale's id, or the order's for a whole-order refund. */
export const refundKeyOf = (r: { orderId: string; afterSaleId?: string | null }) => r.afterSaleId ?? r.orderId;

/** Records that a refund is owed; a second decision for the same order (or after-sale) changes nothing. */
export async function oweRefund(exec: Exec, r: NewRefundRequest): Promise<void> {
  await exec
    .insert(refundRequests)
    .values({ ...r, id: refundKeyOf(r), afterSaleId: r.afterSaleId ?? null })
    .onConflictDoNothing();
}

export async function findRefundRequest(db: Db, id: string): Promise<RefundRequestRow | undefined> {
  const [r] = await db.select().from(refundRequests).where(eq(refundRequests.id, id)).limit(1);
  return r;
}

/** Every refund owed or made for this order (its whole-order refund and its after-sales'). */
export async function findOrderRefundRequests(db: Db, orderId: string): Promise<RefundRequestRow[]> {
  return db.select().from(refundRequests).where(eq(refundRequests.orderId, orderId)).orderBy(asc(refundRequests.createdAt));
}

export async function listRefundRequests(db: Db, state: RefundRequestRow['state'], limit: number): Promise<RefundRequestRow[]> {
  return db.select().from(refundRequests).where(eq(refundRequests.state, state)).orderBy(asc(refundRequests.createdAt)).limit(limit);
}

/** Refunds asked for REFUND_FLAG_ATTEMPTS times or more and still not settled, oldest first. */
export async function listFlaggedRefundRequests(db: Db, limit: number): Promise<RefundRequestRow[]> {
  return db
    .select()
    .from(refundRequests)
    .where(and(ne(refundRequests.state, 'settled'), gte(refundRequests.attempts, REFUND_FLAG_ATTEMPTS)))
    .orderBy(asc(refundRequests.createdAt))
    .limit(limit);
}

/** Owed refunds whose backoff has run out, the longest-waiting turn first. */
export async function listDueRefundRequests(db: Db, now: Date, limit: number): Promise<RefundRequestRow[]> {
  return db
    .select()
    .from(refundRequests)
    .where(and(eq(refundRequests.state, 'owed'), lte(refundRequests.nextAttemptAt, now)))
    .orderBy(asc(refundRequests.nextAttemptAt), asc(refundRequests.createdAt))
    .limit(limit);
}

/** The provider accepted the request (only an owed row moves: a settlement that raced ahead wins). */
export async function markRefundRequestSent(exec: Exec, id: string): Promise<void> {
  await exec
    .update(refundRequests)
    .set({ state: 'requested', attempts: sql`${refundRequests.attempts} + 1`, lastError: null, updatedAt: new Date() })
    .where(and(eq(refundRequests.id, id), eq(refundRequests.state, 'owed')));
}

/**
 * The ask failed: the row waits 2^attempts minutes (capped at REFUND_BACKOFF_MAX_MS) before the
 * minute job asks again, so it never holds up refunds that have not failed.
 */
export async function markRefundRequestFailed(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(refundRequests)
    .set({
      attempts: sql`${refundRequests.attempts} + 1`,
      lastError: error.slice(0, 300),
      nextAttemptAt: sql`now() + least(power(2, ${refundRequests.attempts}) * interval '1 minute', ${REFUND_BACKOFF_MAX_MS} * interval '1 millisecond')`,
      updatedAt: new Date(),
    })
    .where(and(eq(refundRequests.id, id), eq(refundRequests.state, 'owed')));
}

/**
 * The provider accepted the refund and later reported it failed: owed again, asked for at once
 * (as a new refund: the earlier one is spent), and counted.
 */
export async function reopenFailedRefundRequest(exec: Exec, id: string, reason: string): Promise<boolean> {
  const rows = await exec
    .update(refundRequests)
    .set({ state: 'owed', failures: sql`${refundRequests.failures} + 1`, lastError: reason.slice(0, 300), nextAttemptAt: new Date(), updatedAt: new Date() })
    .where(and(eq(refundRequests.id, id), eq(refundRequests.state, 'requested')))
    .returning({ id: refundRequests.id });
  return rows.length > 0;
}

/** The provider's refund event arrived: the money is back. */
export async function settleRefundRequest(exec: Exec, id: string): Promise<void> {
  await exec.update(refundRequests).set({ state: 'settled', updatedAt: new Date() }).where(eq(refundRequests.id, id));
}

/**
 * Copies refunds decided before after-sales (the per-order refund_requests table) into the
 * outbox, keyed on their order; a row already there is left alone, so it is safe to repeat.
 * Run at deploy, after the migrations (scripts/migrate.ts).
 */
export async function copyLegacyRefundRequests(db: Db): Promise<number> {
  const res = await db.execute(sql`
    insert into ${refundRequests} (id, order_id, after_sale_id, provider, reason, amount, currency, provider_payment_id, state, attempts, last_error, next_attempt_at, failures, created_at, updated_at)
    select l.order_id, l.order_id, null, l.provider, l.reason, l.amount, l.currency, l.provider_payment_id, l.state, l.attempts, l.last_error, l.next_attempt_at, l.failures, l.created_at, l.updated_at
    from ${legacyRefundRequests} l
    on conflict do nothing`);
  return res.rowCount ?? 0;
}
