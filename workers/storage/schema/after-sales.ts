import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { AFTER_SALE_KINDS, AFTER_SALE_STATUSES } from '../../../shared/orders/after-sale-state';
import { orders } from './orders';

/**
 * A buyer's after-sale (售后, API.md v3): a refund before shipping, answered at once, or a
 * return within RETURN_DAYS of delivery, which ops approve (or reject), the buyer ships back,
 * and ops receive. Its money is fixed when it is asked for (the lines' payAmount share).
 */
export const afterSales = pgTable(
  'after_sales',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    kind: text('kind', { enum: AFTER_SALE_KINDS }).notNull(),
    status: text('status', { enum: AFTER_SALE_STATUSES }).notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    rejectReason: text('reject_reason'),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }),
    // When its units went back on sale (once; see services/aftersales).
    restockedAt: timestamp('restocked_at', { withTimezone: true }),
  },
  (t) => [
    // One open after-sale per order: a second ask while one is open is 409 conflict.
    uniqueIndex('after_sales_open_uq')
      .on(t.orderId)
      .where(sql`${t.status} in ('requested', 'approved', 'returned')`),
    index('after_sales_order_idx').on(t.orderId, t.createdAt),
    index('after_sales_status_idx').on(t.status, t.createdAt),
    check('after_sales_amount_ck', sql`${t.amount} >= 0`),
  ],
);

/** The units of each order line an after-sale refunds, and what they cost the buyer. */
export const afterSaleLines = pgTable(
  'after_sale_lines',
  {
    afterSaleId: text('after_sale_id')
      .notNull()
      .references(() => afterSales.id),
    productId: text('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    amount: integer('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.afterSaleId, t.productId] }), check('after_sale_lines_qty_ck', sql`${t.quantity} between 1 and 99`)],
);

export type AfterSaleRow = typeof afterSales.$inferSelect;
export type AfterSaleLineRow = typeof afterSaleLines.$inferSelect;
