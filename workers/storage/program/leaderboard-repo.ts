// The leaderboards' two rankings (API.md v3, 排行榜), each one statement over an indexed range of
// the period. Ranks are dense over the value; among equal values whoever reached it first comes
// first, which also decides who makes the cut at the last place.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';

export interface RankedRow {
  sellerId: string;
  handle: string;
  displayName: string;
  optIn: boolean;
  value: number;
  rank: number;
  reachedAt: Date;
}

/**
 * Earnings: the commission accrued in the period, less every reversal of those same accruals
 * (reverse or clawback, whenever it happened), so a refunded sale never ranks. Reached = the
 * latest of those entries. Suspended sellers and net values ≤ 0 are left off.
 */
const earningsTotals = (start: Date, end: Date) => sql`
  with acc as (
    select seller_id, order_id, level, amount, created_at from commission_entries
    where kind = 'accrue' and created_at >= ${start.toISOString()} and created_at < ${end.toISOString()}
  ), per as (
    select a.seller_id,
      a.amount + coalesce(sum(case when r.kind = 'reverse' then -r.amount else r.amount end), 0) as net,
      greatest(a.created_at, max(r.created_at)) as at
    from acc a
    left join commission_entries r on r.order_id = a.order_id and r.seller_id = a.seller_id
      and r.level = a.level and r.kind in ('reverse', 'clawback')
    group by a.seller_id, a.order_id, a.level, a.amount, a.created_at
  )
  select seller_id, sum(net)::bigint as value, max(at) as reached_at from per group by seller_id having sum(net) > 0`;

/**
 * Invites: an invitee counts for their inviter once they have a paid order of their own (one
 * attributed to them), in the period of the first such order. Reached = the latest of those.
 */
const invitesTotals = (start: Date, end: Date) => sql`
  with cand as (
    select distinct attributed_seller_id as id from orders
    where paid_at >= ${start.toISOString()} and paid_at < ${end.toISOString()} and attributed_seller_id is not null
  ), firsts as (
    select i.inviter_id, (select min(o.paid_at) from orders o where o.attributed_seller_id = i.id and o.paid_at is not null) as first_paid
    from cand c join sellers i on i.id = c.id where i.inviter_id is not null
  )
  select inviter_id as seller_id, count(*)::bigint as value, max(first_paid) as reached_at from firsts
  where first_paid >= ${start.toISOString()} and first_paid < ${end.toISOString()} group by inviter_id`;

export type Board = 'earnings' | 'invites';

const totalsOf = (board: Board, start: Date, end: Date): SQL => (board === 'earnings' ? earningsTotals(start, end) : invitesTotals(start, end));

const ranked = (totals: SQL) => sql`
  with t as (${totals}), ranked as (
    select t.seller_id, t.value, t.reached_at, s.handle, s.display_name, s.leaderboard_opt_in,
      dense_rank() over (order by t.value desc) as rank,
      row_number() over (order by t.value desc, t.reached_at asc, t.seller_id asc) as pos
    from t join sellers s on s.id = t.seller_id
    where s.suspended_at is null
  )`;

/** The top `limit` of one board and period. */
export async function rankSellers(db: Db, board: Board, start: Date, end: Date, limit: number): Promise<RankedRow[]> {
  const res = await db.execute<Record<string, unknown>>(sql`${ranked(totalsOf(board, start, end))}
    select * from ranked where pos <= ${limit} order by pos`);
  return res.rows.map((r) => ({
    sellerId: String(r.seller_id),
    handle: String(r.handle),
    displayName: String(r.display_name),
    optIn: r.leaderboard_opt_in === true,
    value: Number(r.value),
    rank: Number(r.rank),
    reachedAt: new Date(String(r.reached_at)),
  }));
}

export interface RankWindow {
  key: string;
  board: Board;
  start: Date;
  end: Date;
}

/**
 * One seller's rank and value on several boards and periods, in one statement (a page's
 * statements in parallel would each take a connection). Keys without a row: not ranked.
 */
export async function rankOfSeller(db: Db, sellerId: string, windows: RankWindow[]): Promise<Map<string, { rank: number; value: number }>> {
  const parts = windows.map((w) => sql`(${ranked(totalsOf(w.board, w.start, w.end))} select ${w.key} as k, rank, value from ranked where seller_id = ${sellerId})`);
  const res = await db.execute<Record<string, unknown>>(sql.join(parts, sql` union all `));
  return new Map(res.rows.map((r) => [String(r.k), { rank: Number(r.rank), value: Number(r.value) }]));
}

export async function setLeaderboardOptIn(db: Db, sellerId: string, optIn: boolean): Promise<boolean> {
  const res = await db.execute<{ opt_in: boolean }>(
    sql`update sellers set leaderboard_opt_in = ${optIn} where id = ${sellerId} returning leaderboard_opt_in as opt_in`,
  );
  return res.rows[0]?.opt_in === true;
}
