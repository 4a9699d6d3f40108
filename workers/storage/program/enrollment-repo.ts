// Enrollment reads and writes: what a buyer email has spent, and a seller's approval state.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { SellerApprovalState } from '../../../shared/program/program-schemas';
import type { Exec } from '../orders/orders-repo';
import { orders, sellers } from '../schema';

/** Statuses of a paid order that has not been refunded in full (see COUNTED_ORDER_STATUSES). */
const PAID = ['paid', 'confirmed', 'shipped', 'delivered', 'completed'] as const;

/** What the email paid and kept: paid orders' totals less what was refunded of them, in fen. */
export async function paidUnrefundedSpend(exec: Exec, email: string): Promise<number> {
  const [r] = await exec
    .select({ spent: sql<number>`coalesce(sum(${orders.totalAmount} - ${orders.refundedAmount}), 0)::bigint`.mapWith(Number) })
    .from(orders)
    .where(and(eq(orders.buyerEmail, email), inArray(orders.status, [...PAID])));
  return r?.spent ?? 0;
}

/** Compare-and-set of a seller's approval: undefined when the seller is missing or not in one of `from`. */
export async function setSellerApproval(exec: Exec, sellerId: string, from: SellerApprovalState[], to: SellerApprovalState) {
  const [r] = await exec
    .update(sellers)
    .set({ approval: to })
    .where(and(eq(sellers.id, sellerId), inArray(sellers.approval, from)))
    .returning({ id: sellers.id, handle: sellers.handle, approval: sellers.approval });
  return r;
}

export async function findSellerApproval(exec: Exec, sellerId: string): Promise<SellerApprovalState | undefined> {
  const [r] = await exec.select({ approval: sellers.approval }).from(sellers).where(eq(sellers.id, sellerId));
  return r?.approval;
}

export const countPendingSellers = async (exec: Exec): Promise<number> => {
  const [r] = await exec.select({ n: sql<number>`count(*)::int` }).from(sellers).where(eq(sellers.approval, 'pending'));
  return r?.n ?? 0;
};
