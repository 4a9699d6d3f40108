import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Exec } from './orders-repo';
import { refundRequests, type RefundRequestRow } from '../schema';

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

/** The provider accepted the request (only an owed row moves: a settlement that raced ahead wins). */
export async function markRefundRequestSent(db: Db, orderId: string): Promise<void> {
  await db
    .update(refundRequests)
    .set({ state: 'requested', attempts: sql`${refundRequests.attempts} + 1`, lastError: null, updatedAt: new Date() })
    .where(and(eq(refundRequests.orderId, orderId), eq(refundRequests.state, 'owed')));
}

export async function markRefundRequestFailed(db: Db, orderId: string, error: string): Promise<void> {
  await db
    .update(refundRequests)
    .set({ attempts: sql`${refundRequests.attempts} + 1`, lastError: error.slice(0, 300), updatedAt: new Date() })
    .where(and(eq(refundRequests.orderId, orderId), eq(refundRequests.state, 'owed')));
}

/** The provider's refund event arrived: the money is back. */
export async function settleRefundRequest(exec: Exec, orderId: string): Promise<void> {
  await exec.update(refundRequests).set({ state: 'settled', updatedAt: new Date() }).where(eq(refundRequests.orderId, orderId));
}
