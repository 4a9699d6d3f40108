import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { CouponDiscount, CouponScope, CouponValidity } from '../../../shared/promotions/coupon-schemas';

/**
 * A coupon (优惠券) as ops defined it. Its remaining count and each buyer's claim count live in
 * its Coupon object (workers/objects/coupon.ts), the one writer; `totalCount` and `active` here
 * mirror what the object accepted, and the claims below are what it granted.
 */
export const coupons = pgTable(
  'coupons',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    discount: jsonb('discount').$type<CouponDiscount>().notNull(),
    minSpendAmount: integer('min_spend_amount').notNull().default(0),
    scope: jsonb('scope').$type<CouponScope>().notNull(),
    // Null = unlimited.
    totalCount: integer('total_count'),
    perBuyerLimit: integer('per_buyer_limit').notNull().default(1),
    validity: jsonb('validity').$type<CouponValidity>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('coupons_total_ck', sql`${t.totalCount} is null or ${t.totalCount} >= 1`),
    check('coupons_per_buyer_ck', sql`${t.perBuyerLimit} >= 1`),
    check('coupons_min_spend_ck', sql`${t.minSpendAmount} >= 0`),
  ],
);

/**
 * A buyer's claim of a coupon. Keyed naturally by (coupon, buyer, claim number): the object
 * numbers each buyer's claims, so writing a grant twice (a retry after a crash) lands once.
 * `state` is stored as unused | locked | used; expired is read from validUntil, and a lock whose
 * order was never written lapses at lockedUntil (see services/promotions/coupon-checkout.ts).
 */
export const buyerCoupons = pgTable(
  'buyer_coupons',
  {
    id: text('id').primaryKey(),
    couponId: text('coupon_id')
      .notNull()
      .references(() => coupons.id),
    buyerEmail: text('buyer_email').notNull(),
    claimNo: integer('claim_no').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    state: text('state', { enum: ['unused', 'locked', 'used'] }).notNull().default('unused'),
    // The order that locked or used it.
    orderId: text('order_id'),
    // A lock lapses then unless its order was written (the order's reservation end).
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('buyer_coupons_claim_uq').on(t.couponId, t.buyerEmail, t.claimNo),
    index('buyer_coupons_buyer_idx').on(t.buyerEmail),
    index('buyer_coupons_order_idx').on(t.orderId),
    check('buyer_coupons_order_ck', sql`(${t.state} = 'unused') = (${t.orderId} is null)`),
  ],
);

export type CouponRow = typeof coupons.$inferSelect;
export type BuyerCouponRow = typeof buyerCoupons.$inferSelect;
