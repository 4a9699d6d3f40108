// Withdrawals (提现) rows. Their money lives in the ledger (withdraw / withdraw_return entries,
// written by the same transactions through ledger-repo); this table holds the request's state.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PageCursor } from '../../../shared/cursor';
import type { WithdrawalState } from '../../../shared/program/withdrawal-state';
import { olderThan } from '../cursor-sql';
import type { Exec, Tx } from '../orders/orders-repo';
import { sellers, withdrawals, type WithdrawalRow } from '../schema';

export type NewWithdrawal = typeof withdrawals.$inferInsert;

export async function insertWithdrawal(tx: Tx, row: NewWithdrawal): Promise<WithdrawalRow> {
  const [r] = await tx.insert(withdrawals).values(row).returning();
  return r!;
}

/** Locks the row for the rest of the transaction, so two ops steps on one withdrawal take turns. */
export async function lockWithdrawal(tx: Tx, id: string): Promise<WithdrawalRow | undefined> {
  const [r] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update');
  return r;
}

export async function setWithdrawalState(
  tx: Tx,
  id: string,
  set: { status: WithdrawalState; reason?: string; reference?: string; approvedAt?: Date; paidAt?: Date; closedAt?: Date },
): Promise<WithdrawalRow> {
  const [r] = await tx
    .update(withdrawals)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(withdrawals.id, id))
    .returning();
  return r!;
}

export async function listSellerWithdrawals(exec: Exec, sellerId: string, opts: { before?: PageCursor; limit: number }): Promise<WithdrawalRow[]> {
  const b = opts.before;
  return exec
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.sellerId, sellerId), b ? olderThan(withdrawals.createdAt, withdrawals.id, b) : undefined))
    .orderBy(desc(withdrawals.createdAt), desc(withdrawals.id))
    .limit(opts.limit);
}

const sellerCols = { id: sellers.id, handle: sellers.handle, displayName: sellers.displayName };

export async function listWithdrawalsForOps(exec: Exec, opts: { status?: WithdrawalState; before?: PageCursor; limit: number }) {
  const b = opts.before;
  return exec
    .select({ w: withdrawals, seller: sellerCols })
    .from(withdrawals)
    .leftJoin(sellers, eq(sellers.id, withdrawals.sellerId))
    .where(and(opts.status ? eq(withdrawals.status, opts.status) : undefined, b ? olderThan(withdrawals.createdAt, withdrawals.id, b) : undefined))
    .orderBy(desc(withdrawals.createdAt), desc(withdrawals.id))
    .limit(opts.limit);
}

export async function findWithdrawalForOps(exec: Exec, id: string) {
  const [r] = await exec.select({ w: withdrawals, seller: sellerCols }).from(withdrawals).leftJoin(sellers, eq(sellers.id, withdrawals.sellerId)).where(eq(withdrawals.id, id));
  return r;
}

// ---- the payout batch: the approved withdrawals paid in one transfer file ----

/** Approved withdrawals in no batch yet, locked so two batches can't take one. */
export async function lockUnbatchedApproved(tx: Tx, limit: number): Promise<WithdrawalRow[]> {
  return tx
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.status, 'approved'), isNull(withdrawals.payoutId)))
    .orderBy(asc(withdrawals.createdAt), asc(withdrawals.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function assignPayout(tx: Tx, ids: string[], payoutId: string): Promise<void> {
  if (ids.length === 0) return;
  await tx.update(withdrawals).set({ payoutId, updatedAt: new Date() }).where(inArray(withdrawals.id, ids));
}

/** The batch's withdrawals with the whole account (the transfer file needs it), oldest first. */
export async function listPayoutWithdrawals(exec: Exec, payoutId: string) {
  return exec
    .select({ w: withdrawals, seller: sellerCols })
    .from(withdrawals)
    .leftJoin(sellers, eq(sellers.id, withdrawals.sellerId))
    .where(eq(withdrawals.payoutId, payoutId))
    .orderBy(asc(withdrawals.createdAt), asc(withdrawals.id));
}

/** approved → paid for every withdrawal of the batch still approved (one that failed meanwhile stays failed). */
export async function markPayoutWithdrawalsPaid(tx: Tx, payoutId: string, at: Date, reference: string): Promise<WithdrawalRow[]> {
  return tx
    .update(withdrawals)
    .set({ status: 'paid', paidAt: at, closedAt: at, reference, updatedAt: at })
    .where(and(eq(withdrawals.payoutId, payoutId), eq(withdrawals.status, 'approved')))
    .returning();
}

export const countByStatus = (exec: Exec) =>
  exec
    .select({ status: withdrawals.status, n: sql<number>`count(*)::int` })
    .from(withdrawals)
    .groupBy(withdrawals.status);
