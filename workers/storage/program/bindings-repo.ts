// Buyer bindings (锁粉): written in the payment transaction, read at checkout (checkout-context-repo.ts).
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { BindingMode } from '../../../shared/links/attribution-source';
import type { Exec, Tx } from '../orders/orders-repo';
import { buyerBindings } from '../schema';

/** Statuses of an order that was paid for (a refunded one was paid too, and still makes the buyer not new). */
export const WAS_PAID_STATUSES = ['paid', 'awaiting_group', 'confirmed', 'shipped', 'delivered', 'completed', 'refunded'] as const;

/**
 * Binds (or moves) the buyer to the order's seller, as the mode decides (shared/links/
 * attribution-source.ts, bindingAfterPayment), in one statement so two payments of one buyer
 * cannot interleave between a read and a write: `latest` always moves it, `first` only replaces a
 * lapsed binding, `new_buyers_only` binds only when the buyer has no other paid order. Returns
 * whether the row was written.
 */
export async function bindBuyerOnPayment(
  tx: Tx,
  b: { buyerEmail: string; sellerId: string; orderId: string; mode: BindingMode; days: number | null },
): Promise<boolean> {
  const expires = b.days === null ? sql`null::timestamptz` : sql`now() + make_interval(days => ${b.days}::int)`;
  const wasPaid = sql.join(WAS_PAID_STATUSES.map((s) => sql`${s}`), sql`, `);
  const res = await tx.execute(sql`
    insert into buyer_bindings (buyer_email, seller_id, bound_at, expires_at, order_id)
    select ${b.buyerEmail}, ${b.sellerId}, now(), ${expires}, ${b.orderId}
    where ${b.mode} <> 'new_buyers_only' or not exists (
      select 1 from orders o where o.buyer_email = ${b.buyerEmail} and o.id <> ${b.orderId} and o.status in (${wasPaid}))
    on conflict (buyer_email) do update
      set seller_id = excluded.seller_id, bound_at = excluded.bound_at, expires_at = excluded.expires_at, order_id = excluded.order_id
      where ${b.mode} = 'latest' or (buyer_bindings.expires_at is not null and buyer_bindings.expires_at <= excluded.bound_at)
    returning buyer_email`);
  return res.rows.length > 0;
}

/** Buyers bound to this seller right now. */
export async function countBoundBuyers(exec: Exec, sellerId: string, now = new Date()): Promise<number> {
  const [r] = await exec
    .select({ n: sql<number>`count(*)::int` })
    .from(buyerBindings)
    .where(and(eq(buyerBindings.sellerId, sellerId), or(isNull(buyerBindings.expiresAt), gt(buyerBindings.expiresAt, now))));
  return Number(r?.n ?? 0);
}

export async function findBinding(exec: Exec, buyerEmail: string) {
  const [r] = await exec.select().from(buyerBindings).where(eq(buyerBindings.buyerEmail, buyerEmail)).limit(1);
  return r ?? null;
}
