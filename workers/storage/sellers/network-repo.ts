import { and, asc, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { sellers } from '../schema';

export interface NetworkNode {
  id: string;
  handle: string;
  inviterId: string | null;
  depth: number;
}

/** LIKE treats _ and % as wildcards, and ids contain _: escape them so the prefix is literal. */
export const likePrefix = (path: string) => `${path.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

const subtreeWhere = (path: string) => sql`${sellers.path} like ${likePrefix(path)}`;

/**
 * Everyone at or below the seller with this materialized path: one range scan on
 * sellers_path_idx (text_pattern_ops), shallowest first.
 */
export async function listSubtree(db: Db, path: string, limit: number): Promise<NetworkNode[]> {
  return db
    .select({ id: sellers.id, handle: sellers.handle, inviterId: sellers.inviterId, depth: sellers.depth })
    .from(sellers)
    .where(subtreeWhere(path))
    .orderBy(asc(sellers.depth), asc(sellers.path))
    .limit(limit);
}

export async function countSubtree(db: Db, path: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(sellers).where(subtreeWhere(path));
  return r?.n ?? 0;
}

export const pathIds = (path: string): string[] => path.split('/').filter(Boolean);

/** The chain above a seller, nearest inviter first: one primary-key lookup of the ids in the path. */
export async function listAncestors(db: Db, path: string, maxLevels = Infinity): Promise<NetworkNode[]> {
  const ids = pathIds(path).slice(0, -1).reverse().slice(0, maxLevels);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: sellers.id, handle: sellers.handle, inviterId: sellers.inviterId, depth: sellers.depth })
    .from(sellers)
    .where(and(inArray(sellers.id, ids)));
  return rows.sort((a, b) => b.depth - a.depth);
}

/** The query plans behind the two network queries, for the proof that they use indexes. */
export async function explainNetworkQueries(db: Db, path: string): Promise<{ subtree: string; ancestors: string }> {
  const plan = async (q: ReturnType<typeof sql>) => {
    const res = await db.execute(q);
    return (res.rows as Record<string, string>[]).map((r) => r['QUERY PLAN']).join('\n');
  };
  const ids = pathIds(path);
  return {
    subtree: await plan(sql`explain select id, handle, inviter_id, depth from sellers where path like ${likePrefix(path)}`),
    ancestors: await plan(sql`explain select id, handle, inviter_id, depth from sellers where id in ${ids}`),
  };
}
