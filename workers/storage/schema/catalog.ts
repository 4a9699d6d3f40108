import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ProductOption, VariantOptions } from '../../../shared/catalog/variants';

export const products = pgTable(
  'products',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    images: jsonb('images').$type<string[]>().notNull(),
    // With variants: the lowest active variant's price (kept with every variant write), so lists,
    // cards and sorting read one row. `price_max_amount` is the highest, null without variants.
    priceAmount: integer('price_amount').notNull(),
    priceMaxAmount: integer('price_max_amount'),
    currency: text('currency').notNull().default('CNY'),
    // Stock ops have put on sale in total; the Stock object owns what is still available.
    // With variants: the sum of the active variants' stock, kept with every variant write.
    stock: integer('stock').notNull(),
    // 规格: at most 3 options of at most 20 values; [] for a product sold as one default variant.
    options: jsonb('options').$type<ProductOption[]>().notNull().default([]),
    level1Bps: integer('level1_bps').notNull(),
    level2Bps: integer('level2_bps').notNull(),
    groupSize: integer('group_size'),
    groupPriceAmount: integer('group_price_amount'),
    groupDurationMinutes: integer('group_duration_minutes'),
    groupAutoFillPercent: integer('group_auto_fill_percent'),
    // 团长价: what the buyer who opens a group pays (at most the group price); null = the group price.
    groupLeaderPriceAmount: integer('group_leader_price_amount'),
    // 限购 (API.md v3 "Purchase limits"); null = none.
    limits: jsonb('limits').$type<{ perOrder?: number; perBuyer?: number }>(),
    // 砍价 (API.md v3 "Bargains"); null = the product offers none.
    bargain: jsonb('bargain').$type<{ floorPriceAmount: number; helpersNeeded: number; durationHours: number }>(),
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
 * A product's variants (SKUs), only when it has options: a product without options is sold as
 * its one default variant, which is the product row itself (its id is the product's id), so
 * everything written before variants existed keeps its meaning. A variant that has sold is
 * deactivated, never deleted: order lines refer to it.
 */
export const productVariants = pgTable(
  'product_variants',
  {
    id: text('id').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    sku: text('sku'),
    options: jsonb('options').$type<VariantOptions>().notNull(),
    priceAmount: integer('price_amount').notNull(),
    // Stock ops have put on sale for this variant; its Stock objects own what is still available.
    stock: integer('stock').notNull(),
    image: text('image'),
    groupPriceAmount: integer('group_price_amount'),
    leaderPriceAmount: integer('leader_price_amount'),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('product_variants_product_idx').on(t.productId, t.position),
    // One row per combination, active or not: a combination sent again reuses its row.
    uniqueIndex('product_variants_combination_uq').on(t.productId, t.options),
    check('product_variants_stock_ck', sql`${t.stock} >= 0`),
    check('product_variants_price_ck', sql`${t.priceAmount} >= 0`),
  ],
);

export type VariantRow = typeof productVariants.$inferSelect;

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
