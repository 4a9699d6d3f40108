// Reads and the one write behind the ops seller pages: each seller's totals, and suspension. Sums
// come from the same tables the seller's own dashboard reads (link_daily_stats, orders, the ledger).
import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Exec } from '../orders/orders-repo';
import { sellers } from '../schema';

export interface SellerSummaryRow {
  id: string;
  handle: string;
  displayName: string;
  depth: number;
  suspendedAt: Date | null;
  approval: 'approved' | 'pending' | 'rejected';
  clicks: number;
  orders: number;
  /** Net commission earned: accrued, less reversals and clawbacks (pending + available + paid). */
  earnings: number;
  invitees: number;
}

const COUNTED = sql.raw(`('paid','confirmed','shipped','delivered','completed')`);

/** Every seller with their totals, best earners first. Each total is one indexed subquery. */
export async function listSellerSummaries(db: Db, opts: { limit: number; sellerIds?: string[]; approval?: 'pending' }): Promise<SellerSummaryRow[]> {
  const only = opts.sellerIds
    ? sql`where s.id in (${sql.join(opts.sellerIds.map((id) => sql`${id}`), sql`, `)})`
    : opts.approval
      ? sql`where s.approval = ${opts.approval}`
      : sql``;
  const res = await db.execute<Record<string, unknown>>(sql`
    select s.id, s.handle, s.display_name, s.depth, s.suspended_at, s.approval,
      (select coalesce(sum(d.clicks), 0) from link_daily_stats d join links l on l.id = d.link_id
        where l.seller_id = s.id and d.dimension = 'total')::bigint as clicks,
      (select count(*) from orders o where o.attributed_seller_id = s.id and o.status in ${COUNTED})::bigint as orders,
      (select coalesce(sum(case c.kind when 'accrue' then c.amount when 'reverse' then -c.amount when 'clawback' then c.amount else 0 end), 0)
        from commission_entries c where c.seller_id = s.id)::bigint as earnings,
      (select count(*) from sellers i where i.inviter_id = s.id)::bigint as invitees
    from sellers s ${only}
    order by earnings desc, s.created_at, s.id
    limit ${opts.limit}`);
  return res.rows.map((r) => ({
    id: String(r.id),
    handle: String(r.handle),
    displayName: String(r.display_name),
    depth: Number(r.depth),
    suspendedAt: r.suspended_at ? new Date(String(r.suspended_at)) : null,
    approval: String(r.approval) as SellerSummaryRow['approval'],
    clicks: Number(r.clicks),
    orders: Number(r.orders),
    earnings: Number(r.earnings),
    invitees: Number(r.invitees),
  }));
}

/** Sets or clears suspended_at; answers the row only when it changed (a repeat is a no-op). */
export async function setSellerSuspended(exec: Exec, sellerId: string, at: Date | null) {
  const [r] = await exec
    .update(sellers)
    .set({ suspendedAt: at })
    .where(and(eq(sellers.id, sellerId), at ? isNull(sellers.suspendedAt) : isNotNull(sellers.suspendedAt)))
    .returning({ id: sellers.id, accountId: sellers.accountId, handle: sellers.handle });
  return r;
}
