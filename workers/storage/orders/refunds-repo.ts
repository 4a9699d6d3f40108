import { and, asc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Exec } from './orders-repo';
import { refundRequests, type RefundRequestRow } from '../schema';

/** The longest an owed refund waits between asks. */
export const REFUND_BACKOFF_MAX_MS = 6 * 60 * 60 * 1000;

/** Asks (failed or not) after which a refund is flagged to ops: it needs a person, not another retry. */
export const REFUND_FLAG_ATTEMPTS = 5;

export type NewRefundRequest = Pick<RefundRequestRow, 'orderId' | 'provider' | 'reason' | 'amount' | 'providerPaymentId'>;

/** Records that a refund is owed; a second decision for the same order changes nothing. */
export async function oweRefund(exec: Exec, r: NewRefundRequest): Promise<void> {
  await exec.insert(refundRequests).values(r).onConflictDoNothing();
}

export async function findRefundRequest(db: Db, orderId: string): Promise<RefundRequestRow | undefined> {
  const [r] = await db.select().from(refundRequests).where(eq(refundRequests.orderId, orderId)).limit(1);
  return r;
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
export async function markRefundRequestSent(exec: Exec, orderId: string): Promise<void> {
  await exec
    .update(refundRequests)
    .set({ state: 'requested', attempts: sql`${refundRequests.attempts} + 1`, lastError: null, updatedAt: new Date() })
    .where(and(eq(refundRequests.orderId, orderId), eq(refundRequests.state, 'owed')));
}

/**
 * The ask failed: the row waits 2^attempts minutes (capped at REFUND_BACKOFF_MAX_MS) before the
 * minute job asks again, so it never holds up refunds that have not failed.
 */
export async function markRefundRequestFailed(db: Db, orderId: string, error: string): Promise<void> {
  await db
    .update(refundRequests)
    .set({
      attempts: sql`${refundRequests.attempts} + 1`,
      lastError: error.slice(0, 300),
      nextAttemptAt: sql`now() + least(power(2, ${refundRequests.attempts}) * interval '1 minute', ${REFUND_BACKOFF_MAX_MS} * interval '1 millisecond')`,
      updatedAt: new Date(),
    })
    .where(and(eq(refundRequests.orderId, orderId), eq(refundRequests.state, 'owed')));
}

/**
 * The provider accepted the refund and later reported it failed: owed again, asked for at once
 * (as a new refund: the earlier one is spent), and counted.
 */
export async function reopenFailedRefundRequest(exec: Exec, orderId: string, reason: string): Promise<boolean> {
  const rows = await exec
    .update(refundRequests)
    .set({ state: 'owed', failures: sql`${refundRequests.failures} + 1`, lastError: reason.slice(0, 300), nextAttemptAt: new Date(), updatedAt: new Date() })
    .where(and(eq(refundRequests.orderId, orderId), eq(refundRequests.state, 'requested')))
    .returning({ orderId: refundRequests.orderId });
  return rows.length > 0;
}

/** The provider's refund event arrived: the money is back. */
export async function settleRefundRequest(exec: Exec, orderId: string): Promise<void> {
  await exec.update(refundRequests).set({ state: 'settled', updatedAt: new Date() }).where(eq(refundRequests.orderId, orderId));
}
