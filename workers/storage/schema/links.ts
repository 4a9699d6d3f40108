import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { products } from './catalog';
import { sellers } from './accounts';
import { groups } from './groups';

export const LINK_KINDS = ['storefront', 'product', 'group'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const links = pgTable(
  'links',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    sellerId: text('seller_id')
      .notNull()
      .references(() => sellers.id),
    kind: text('kind', { enum: LINK_KINDS }).notNull(),
    productId: text('product_id').references(() => products.id),
    groupId: text('group_id').references(() => groups.id),
    channel: text('channel'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('links_code_uq').on(t.code),
    index('links_seller_idx').on(t.sellerId, t.createdAt),
    check(
      'links_target_ck',
      sql`(${t.kind} = 'storefront' and ${t.productId} is null and ${t.groupId} is null)
        or (${t.kind} = 'product' and ${t.productId} is not null and ${t.groupId} is null)
        or (${t.kind} = 'group' and ${t.groupId} is not null and ${t.productId} is null)`,
    ),
  ],
);

/**
 * Daily click aggregates per link and dimension ('total', 'device:mobile', 'country:CN', ...).
 * Written only by the ClickCounter object with absolute day totals, so a replayed flush is a no-op.
 * Unique visitors are per day: the visitor hash is salted per day and cannot be joined across days.
 */
export const linkDailyStats = pgTable(
  'link_daily_stats',
  {
    linkId: text('link_id')
      .notNull()
      .references(() => links.id),
    day: date('day').notNull(),
    dimension: text('dimension').notNull(),
    clicks: integer('clicks').notNull().default(0),
    uniqueVisitors: integer('unique_visitors').notNull().default(0),
    botClicks: integer('bot_clicks').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.day, t.dimension] }), index('link_daily_stats_day_idx').on(t.day)],
);

export type LinkRow = typeof links.$inferSelect;
export type LinkDailyStatsRow = typeof linkDailyStats.$inferSelect;
