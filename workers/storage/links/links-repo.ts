import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { linkDailyStats, links, sellers, type LinkRow } from '../schema';

export type NewLinkRow = typeof links.$inferInsert;

export async function insertLink(db: Db, row: NewLinkRow): Promise<LinkRow> {
  const [r] = await db.insert(links).values(row).returning();
  return r!;
}

export interface LinkWithHandle extends LinkRow {
  handle: string;
}

export async function findLinkByCode(db: Db, code: string): Promise<LinkWithHandle | undefined> {
  const [r] = await db
    .select({ link: links, handle: sellers.handle })
    .from(links)
    .innerJoin(sellers, eq(sellers.id, links.sellerId))
    .where(eq(links.code, code))
    .limit(1);
  return r ? { ...r.link, handle: r.handle } : undefined;
}

export interface LinkWithTotals extends LinkRow {
  clicks: number;
  uniqueVisitors: number;
  botClicks: number;
}

const totals = {
  clicks: sql<number>`coalesce(sum(${linkDailyStats.clicks}), 0)::int`,
  uniqueVisitors: sql<number>`coalesce(sum(${linkDailyStats.uniqueVisitors}), 0)::int`,
  botClicks: sql<number>`coalesce(sum(${linkDailyStats.botClicks}), 0)::int`,
};

/** The seller's links, newest first, each with its all-time totals. */
export async function listSellerLinks(db: Db, sellerId: string, limit: number, code?: string): Promise<LinkWithTotals[]> {
  const rows = await db
    .select({ link: links, ...totals })
    .from(links)
    .leftJoin(linkDailyStats, and(eq(linkDailyStats.linkId, links.id), eq(linkDailyStats.dimension, 'total')))
    .where(code ? and(eq(links.sellerId, sellerId), eq(links.code, code)) : eq(links.sellerId, sellerId))
    .groupBy(links.id)
    .orderBy(desc(links.createdAt), desc(links.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.link, clicks: r.clicks, uniqueVisitors: r.uniqueVisitors, botClicks: r.botClicks }));
}

/** Deactivates one of the seller's own links; undefined when it is not theirs (or does not exist). */
export async function deactivateSellerLink(db: Db, sellerId: string, code: string): Promise<LinkRow | undefined> {
  const [r] = await db
    .update(links)
    .set({ active: false })
    .where(and(eq(links.sellerId, sellerId), eq(links.code, code)))
    .returning();
  return r;
}
