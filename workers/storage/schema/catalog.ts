import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const products = pgTable(
  'products',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    images: jsonb('images').$type<string[]>().notNull(),
    priceAmount: integer('price_amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    // Stock ops have put on sale in total; the Stock object owns what is still available.
    stock: integer('stock').notNull(),
    level1Bps: integer('level1_bps').notNull(),
    level2Bps: integer('level2_bps').notNull(),
    groupSize: integer('group_size'),
    groupPriceAmount: integer('group_price_amount'),
    groupDurationMinutes: integer('group_duration_minutes'),
    groupAutoFillPercent: integer('group_auto_fill_percent'),
    active: boolean('active').notNull().default(true),
    // Millisecond precision so a JS Date round-trips exactly in list cursors.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('products_list_idx').on(t.createdAt, t.id),
    index('products_category_idx').on(t.category),
    check('products_stock_ck', sql`${t.stock} >= 0`),
    check('products_price_ck', sql`${t.priceAmount} >= 0`),
  ],
);

export type ProductRow = typeof products.$inferSelect;

/**
 * Ops product changes sent with an Idempotency-Key: a retry of a change that already reached
 * Postgres (say its Stock sync failed) is recognised here and never applies a stockDelta twice.
 * `request_hash` is the patch's hash, so the same key with another patch is refused, not dropped
 * (null on rows written before it was kept).
 */
export const productChanges = pgTable('product_changes', {
  changeId: text('change_id').primaryKey(),
  productId: text('product_id')
    .notNull()
    .references(() => products.id),
  requestHash: text('request_hash'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
