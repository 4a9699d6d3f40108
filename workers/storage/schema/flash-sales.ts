import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Flash sales (秒杀, API.md v3). The quantity is set aside from the product's (or variant's) Stock
 * objects when the row is written, and sold from the sale's own Stock object (`<id>:0`); the
 * FlashSale object's alarms open and close it. `endsAt` is moved to the stop time when ops stop a
 * sale early. `returnedQuantity` counts the unsold units given back to the product so far, and
 * `settledAt` is set once nothing more can come back (no hold on the sale's object is left).
 */
export const flashSales = pgTable(
  'flash_sales',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull(),
    // Required when the product has options: the sale's units are that variant's.
    variantId: text('variant_id'),
    priceAmount: integer('price_amount').notNull(),
    quantity: integer('quantity').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, precision: 3 }).notNull(),
    // 限购 for this sale: units per buyer email, counted on the PurchaseLimit object scoped by the sale's id.
    perBuyer: integer('per_buyer'),
    stoppedAt: timestamp('stopped_at', { withTimezone: true, precision: 3 }),
    returnedQuantity: integer('returned_quantity').notNull().default(0),
    settledAt: timestamp('settled_at', { withTimezone: true, precision: 3 }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('flash_sales_product_idx').on(t.productId, t.startsAt),
    index('flash_sales_ends_idx').on(t.endsAt),
    check('flash_sales_quantity_ck', sql`${t.quantity} >= 1`),
    check('flash_sales_window_ck', sql`${t.endsAt} >= ${t.startsAt}`),
  ],
);

export type FlashSaleRow = typeof flashSales.$inferSelect;
