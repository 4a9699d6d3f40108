import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { products } from './catalog';

export const GROUP_STATUSES = ['open', 'succeeded', 'failed'] as const;

/**
 * A record of each group buy, for ops and for links. The GroupBuy Durable Object is the
 * authority on seats; it writes outcomes here idempotently (retried by its alarm).
 */
export const groups = pgTable(
  'groups',
  {
    id: text('id').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    // The order that opened the group (no FK: the group row is written before its first order).
    leaderOrderId: text('leader_order_id').notNull(),
    size: integer('size').notNull(),
    priceAmount: integer('price_amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    // The auto-fill percentage in force when the group opened; null = off.
    autoFillPercent: integer('auto_fill_percent'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: GROUP_STATUSES }).notNull().default('open'),
    // Seats the platform filled at the deadline (模拟成团); reported to ops, never to buyers.
    autoFilled: integer('auto_filled').notNull().default(0),
    members: integer('members').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [
    index('groups_product_idx').on(t.productId, t.status),
    check('groups_size_ck', sql`${t.size} between 2 and 50`),
  ],
);

export type GroupRow = typeof groups.$inferSelect;
export type NewGroupRow = typeof groups.$inferInsert;
