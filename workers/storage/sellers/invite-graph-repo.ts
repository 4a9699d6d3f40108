// What the invitation graph draws: the seller and two levels below with each one's net earnings,
// and how many sellers sit under each level-2 node: one statement of two range scans on
// sellers_path_idx, whatever the size of the network.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { likePrefix } from './network-repo';

export interface GraphRow {
  id: string;
  handle: string;
  inviterId: string | null;
  relDepth: number;
  earnings: number;
}

/**
 * The seller and their first two levels, shallowest first, at most `limit` rows; and everyone
 * deeper, counted by the level-2 seller they sit under. One statement (a request's connection
 * costs more than both scans): a path is "/<depth 0 id>/<depth 1 id>/.../", so the ancestor at
 * absolute depth d is part d + 2 of it.
 */
export async function listGraphTop(db: Db, root: { path: string; depth: number }, limit: number): Promise<{ rows: GraphRow[]; deep: Map<string, number> }> {
  const prefix = likePrefix(root.path);
  const res = await db.execute<Record<string, unknown>>(sql`
    (select 'n' as k, s.id, s.handle, s.inviter_id, s.depth - ${root.depth} as rel,
      (select coalesce(sum(case c.kind when 'accrue' then c.amount when 'reverse' then -c.amount when 'clawback' then c.amount else 0 end), 0)
        from commission_entries c where c.seller_id = s.id)::bigint as n
    from sellers s
    where s.path like ${prefix} and s.depth <= ${root.depth + 2}
    order by s.depth, s.path
    limit ${limit})
    union all
    (select 'c', split_part(path, '/', ${root.depth + 4}), null, null, null, count(*)::bigint
    from sellers where path like ${prefix} and depth > ${root.depth + 2}
    group by 2)`);
  const rows: GraphRow[] = [];
  const deep = new Map<string, number>();
  for (const r of res.rows) {
    if (r.k === 'c') deep.set(String(r.id), Number(r.n));
    else rows.push({ id: String(r.id), handle: String(r.handle), inviterId: r.inviter_id === null ? null : String(r.inviter_id), relDepth: Number(r.rel), earnings: Number(r.n) });
  }
  // Shallowest first, whatever order the union came back in.
  rows.sort((a, b) => a.relDepth - b.relDepth);
  return { rows, deep };
}

/** How many sellers the first two levels hold, the seller included. */
export async function countGraphTop(db: Db, root: { path: string; depth: number }): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from sellers where path like ${likePrefix(root.path)} and depth <= ${root.depth + 2}`);
  return Number(res.rows[0]?.n ?? 0);
}
