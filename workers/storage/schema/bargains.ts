import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { products } from './catalog';

export const BARGAIN_ROW_STATUSES = ['open', 'succeeded', 'expired', 'purchased'] as const;

/**
 * A record of each bargain (砍价), for the owner's "one open bargain per product", for ops and for
 * attribution. The Bargain Durable Object is the authority on its cuts and status; it writes the
 * granted cuts and every status change here idempotently (retried by its alarm).
 */
export const bargains = pgTable(
  'bargains',
  {
    id: text('id').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    // The variant bargained for; null for a product sold as its default variant.
    variantId: text('variant_id'),
    ownerEmail: text('owner_email').notNull(),
    ownerName: text('owner_name').notNull(),
    startPriceAmount: integer('start_price_amount').notNull(),
    floorPriceAmount: integer('floor_price_amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    helpersNeeded: integer('helpers_needed').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: BARGAIN_ROW_STATUSES }).notNull().default('open'),
    // The seller (and link, channel) whose link brought the owner, as a group's origin does.
    // Plain text, no FK, as on orders.
    attributedSellerId: text('attributed_seller_id'),
    attributedLinkId: text('attributed_link_id'),
    attributedChannel: text('attributed_channel'),
    // The paid order that bought it (status purchased).
    orderId: text('order_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
  },
  (t) => [
    // One open bargain per buyer and product (409 conflict on a second).
    uniqueIndex('bargains_open_owner_uq').on(t.productId, t.ownerEmail).where(sql`${t.status} = 'open'`),
    index('bargains_owner_idx').on(t.ownerEmail, t.createdAt),
    check('bargains_helpers_ck', sql`${t.helpersNeeded} between 2 and 50`),
    check('bargains_floor_ck', sql`${t.floorPriceAmount} >= 0 and ${t.startPriceAmount} - ${t.floorPriceAmount} >= ${t.helpersNeeded}`),
  ],
);

/** The granted cuts, one per helper: the object writes each once, keyed bargain + helper. */
export const bargainCuts = pgTable(
  'bargain_cuts',
  {
    bargainId: text('bargain_id')
      .notNull()
      .references(() => bargains.id),
    helperEmail: text('helper_email').notNull(),
    helperName: text('helper_name').notNull(),
    amount: integer('amount').notNull(),
    // Its place among the bargain's cuts, from 1.
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bargainId, t.helperEmail] }), check('bargain_cuts_amount_ck', sql`${t.amount} >= 1`)],
);

export type BargainRow = typeof bargains.$inferSelect;
export type NewBargainRow = typeof bargains.$inferInsert;
export type BargainCutRow = typeof bargainCuts.$inferSelect;
