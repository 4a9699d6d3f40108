import { and, asc, desc, eq, gte, like, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { linkDailyStats, links } from '../schema';

export interface DailyStatsRow {
  linkId: string;
  day: string;
  dimension: string;
  clicks: number;
  uniqueVisitors: number;
  botClicks: number;
}

/**
 * Writes absolute day totals. GREATEST keeps it idempotent and monotonic: a replayed or
 * reordered flush can never lower a count that a later flush already raised.
 */
export async function upsertDailyStats(db: Db, rows: DailyStatsRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(linkDailyStats)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [linkDailyStats.linkId, linkDailyStats.day, linkDailyStats.dimension],
        set: {
          clicks: sql`greatest(${linkDailyStats.clicks}, excluded.clicks)`,
          uniqueVisitors: sql`greatest(${linkDailyStats.uniqueVisitors}, excluded.unique_visitors)`,
          botClicks: sql`greatest(${linkDailyStats.botClicks}, excluded.bot_clicks)`,
          updatedAt: sql`now()`,
        },
      });
  }
}

const sums = {
  clicks: sql<number>`coalesce(sum(${linkDailyStats.clicks}), 0)::int`,
  uniqueVisitors: sql<number>`coalesce(sum(${linkDailyStats.uniqueVisitors}), 0)::int`,
  botClicks: sql<number>`coalesce(sum(${linkDailyStats.botClicks}), 0)::int`,
};

const sellerTotalRows = (sellerId: string) => and(eq(links.sellerId, sellerId), eq(linkDailyStats.dimension, 'total'));

export async function sumSellerClicks(db: Db, sellerId: string) {
  const [r] = await db.select(sums).from(linkDailyStats).innerJoin(links, eq(links.id, linkDailyStats.linkId)).where(sellerTotalRows(sellerId));
  return r ?? { clicks: 0, uniqueVisitors: 0, botClicks: 0 };
}

export async function sumSellerClicksByDay(db: Db, sellerId: string, sinceDay: string) {
  return db
    .select({ day: sql<string>`${linkDailyStats.day}::text`, ...sums })
    .from(linkDailyStats)
    .innerJoin(links, eq(links.id, linkDailyStats.linkId))
    .where(and(sellerTotalRows(sellerId), gte(linkDailyStats.day, sinceDay)))
    .groupBy(linkDailyStats.day)
    .orderBy(asc(linkDailyStats.day));
}

export async function sumSellerClicksByChannel(db: Db, sellerId: string) {
  const channel = sql<string>`coalesce(${links.channel}, 'direct')`;
  return db
    .select({ channel, clicks: sums.clicks, uniqueVisitors: sums.uniqueVisitors })
    .from(linkDailyStats)
    .innerJoin(links, eq(links.id, linkDailyStats.linkId))
    .where(sellerTotalRows(sellerId))
    .groupBy(channel)
    .orderBy(desc(sums.clicks));
}

/** Clicks per value of one dimension family, e.g. prefix 'device:' → [{ value: 'mobile', clicks }]. */
export async function sumSellerClicksByDimension(db: Db, sellerId: string, prefix: 'device:' | 'country:') {
  const rows = await db
    .select({ dimension: linkDailyStats.dimension, clicks: sums.clicks })
    .from(linkDailyStats)
    .innerJoin(links, eq(links.id, linkDailyStats.linkId))
    .where(and(eq(links.sellerId, sellerId), like(linkDailyStats.dimension, `${prefix}%`)))
    .groupBy(linkDailyStats.dimension)
    .orderBy(desc(sums.clicks), asc(linkDailyStats.dimension));
  return rows.map((r) => ({ value: r.dimension.slice(prefix.length), clicks: r.clicks }));
}
