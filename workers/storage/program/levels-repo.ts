// Levels (分销等级) and what a seller has done towards them.
import { asc, eq, sql } from 'drizzle-orm';
import type { Exec, Tx } from '../orders/orders-repo';
import { sellerLevels, sellers, type SellerLevelRow } from '../schema';

export type NewLevel = Pick<SellerLevelRow, 'id' | 'name' | 'rank' | 'boostBps' | 'upgrade'>;

/** Null when the rank is taken (the unique index decides, so two racing creates cannot both win). */
export async function insertLevel(exec: Exec, level: NewLevel): Promise<SellerLevelRow | null> {
  const [row] = await exec.insert(sellerLevels).values(level).onConflictDoNothing({ target: sellerLevels.rank }).returning();
  return row ?? null;
}

export const listLevels = (exec: Exec): Promise<SellerLevelRow[]> => exec.select().from(sellerLevels).orderBy(asc(sellerLevels.rank));

export async function findLevel(exec: Exec, id: string): Promise<SellerLevelRow | null> {
  const [row] = await exec.select().from(sellerLevels).where(eq(sellerLevels.id, id)).limit(1);
  return row ?? null;
}

/** Statuses counted as paid and not refunded (as in the seller's stats: a group order once confirmed). */
const PAID_UNREFUNDED = sql`('paid', 'confirmed', 'shipped', 'delivered', 'completed')`;

export interface SellerProgress {
  paidOrders: number;
  salesAmount: number;
  invitees: number;
}

/**
 * What the level conditions count for a seller: their paid, unrefunded commissionable orders,
 * what was paid for them (less partial refunds), and the sellers they invited who have such an
 * order of their own.
 */
export async function readSellerProgress(exec: Exec, sellerId: string): Promise<SellerProgress> {
  const res = await exec.execute<{ paid_orders: number; sales: string; invitees: number }>(sql`
    select
      count(*)::int as paid_orders,
      coalesce(sum(o.total_amount - o.refunded_amount), 0)::bigint as sales,
      (select count(*)::int from sellers i where i.inviter_id = ${sellerId} and exists (
        select 1 from orders io where io.attributed_seller_id = i.id and io.commissionable and io.status in ${PAID_UNREFUNDED})) as invitees
    from orders o
    where o.attributed_seller_id = ${sellerId} and o.commissionable and o.status in ${PAID_UNREFUNDED}`);
  const r = res.rows[0]!;
  return { paidOrders: Number(r.paid_orders), salesAmount: Number(r.sales), invitees: Number(r.invitees) };
}

/** The seller's level row, or null for none. */
export async function findSellerLevel(exec: Exec, sellerId: string): Promise<{ levelId: string | null; level: SellerLevelRow | null; inviterId: string | null } | null> {
  const [r] = await exec
    .select({ levelId: sellers.levelId, inviterId: sellers.inviterId, level: sellerLevels })
    .from(sellers)
    .leftJoin(sellerLevels, eq(sellerLevels.id, sellers.levelId))
    .where(eq(sellers.id, sellerId))
    .limit(1);
  return r ? { levelId: r.levelId, inviterId: r.inviterId, level: r.level } : null;
}

/** Moves the seller up to `level` only if that is higher than where they are (never down: a racing upgrade to a higher level stays). */
export async function raiseSellerLevel(tx: Tx, sellerId: string, level: SellerLevelRow): Promise<boolean> {
  const res = await tx.execute(sql`
    update sellers s set level_id = ${level.id}, level_set_at = now()
    where s.id = ${sellerId}
      and (s.level_id is null or coalesce((select l.rank from seller_levels l where l.id = s.level_id), 0) < ${level.rank})
    returning s.id`);
  return res.rows.length > 0;
}

/** Ops setting a level, up or down; the row before, for the audit. */
export async function setSellerLevelId(tx: Tx, sellerId: string, levelId: string | null): Promise<{ before: string | null } | null> {
  const [before] = await tx.select({ levelId: sellers.levelId }).from(sellers).where(eq(sellers.id, sellerId)).for('update').limit(1);
  if (!before) return null;
  await tx.update(sellers).set({ levelId, levelSetAt: new Date() }).where(eq(sellers.id, sellerId));
  return { before: before.levelId };
}
