import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, json, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ORDER_STATUSES, REFUND_STATES } from '../../../shared/orders/order-state';
import { products, productVariants } from './catalog';
import { groups } from './groups';

export interface ShippingAddress {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
  phone?: string;
}

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    totalAmount: integer('total_amount').notNull(),
    // v3 money (API.md "Additions (v3)"): total = subtotal − discount. Null subtotal on orders
    // made before v3, which had no discount (subtotal = total).
    subtotalAmount: integer('subtotal_amount'),
    discountAmount: integer('discount_amount').notNull().default(0),
    // What after-sales have refunded so far; the order is `refunded` once every line is.
    refundedAmount: integer('refunded_amount').notNull().default(0),
    currency: text('currency').notNull().default('CNY'),
    buyerEmail: text('buyer_email').notNull(),
    buyerName: text('buyer_name').notNull(),
    shippingAddress: jsonb('shipping_address').$type<ShippingAddress>().notNull(),
    // Set by the group-buy work; a group order holds a seat as well as stock.
    groupId: text('group_id').references(() => groups.id),
    // Plain text, no FK: links and sellers may be archived without touching the sale record.
    attributedSellerId: text('attributed_seller_id'),
    attributedLinkId: text('attributed_link_id'),
    attributionChannel: text('attribution_channel'),
    // How the order was attributed (API.md v3): link, binding, group or code. Null when it was not.
    attributionSource: text('attribution_source', { enum: ['link', 'binding', 'group', 'code'] }),
    commissionable: boolean('commissionable').notNull().default(false),
    paymentProvider: text('payment_provider').notNull(),
    // The language the buyer ordered in (zh-CN or en): their order emails speak it.
    lang: text('lang', { enum: ['zh-CN', 'en'] }).notNull().default('zh-CN'),
    // Promotions (API.md v3). At most one discount per order: the claimed coupon it locks or used,
    // the flash sale or the bargain it buys from. `purchaseLimited`: a line counts against a
    // purchase limit (限购), so cancelling or refunding the order gives its quantity back.
    buyerCouponId: text('buyer_coupon_id'),
    flashSaleId: text('flash_sale_id'),
    bargainId: text('bargain_id'),
    purchaseLimited: boolean('purchase_limited').notNull().default(false),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    reservationExpiresAt: timestamp('reservation_expires_at', { withTimezone: true }).notNull(),
    // Millisecond precision so a JS Date round-trips exactly in list cursors.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    refundRequestedAt: timestamp('refund_requested_at', { withTimezone: true }),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
  },
  (t) => [
    index('orders_list_idx').on(t.createdAt, t.id),
    index('orders_status_idx').on(t.status, t.createdAt),
    index('orders_seller_idx').on(t.attributedSellerId),
    // Leaderboards: the orders paid in a week or month.
    index('orders_paid_idx').on(t.paidAt),
    index('orders_group_idx').on(t.groupId),
    index('orders_buyer_idx').on(t.buyerEmail, t.createdAt),
    check('orders_total_ck', sql`${t.totalAmount} >= 0`),
    check('orders_discount_ck', sql`${t.discountAmount} >= 0`),
    check('orders_refunded_ck', sql`${t.refundedAmount} between 0 and ${t.totalAmount}`),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    orderId: text('order_id').notNull().references(() => orders.id),
    productId: text('product_id').notNull().references(() => products.id),
    // The variant bought; null for a product sold as its default variant (no options).
    variantId: text('variant_id').references(() => productVariants.id),
    quantity: integer('quantity').notNull(),
    unitPriceAmount: integer('unit_price_amount').notNull(),
    // unit price × quantity less this line's share of the order's discount (shared/orders/
    // discount-split.ts). Null on lines written before v3: read it through linePayAmount().
    payAmount: integer('pay_amount'),
    // Units refunded by after-sales so far (never more than quantity).
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    // Units put back on sale by after-sales (received returns, refunds before shipping): the
    // Stock object counts the line's units less these as sold.
    restockedQuantity: integer('restocked_quantity').notNull().default(0),
    title: text('title').notNull(),
    // Which Stock shard holds this line's units (STOCK_SHARDS): commits and releases go back to it.
    stockShard: integer('stock_shard').notNull().default(0),
    // The Stock object's unit when it is not the line's variant (or product): a flash sale's id,
    // whose own objects hold the units set aside for it. Null for every other line.
    stockUnit: text('stock_unit'),
    // The product's commission rates when the order was placed: a later rate change by ops
    // must not change what this sale earns. Null on rows written without a snapshot, which
    // then fall back to the product's current rates.
    level1Bps: integer('level1_bps'),
    level2Bps: integer('level2_bps'),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.productId] }),
    index('order_items_product_idx').on(t.productId, t.stockShard),
    index('order_items_variant_idx').on(t.variantId, t.stockShard),
    check('order_items_qty_ck', sql`${t.quantity} between 1 and 99`),
    check('order_items_refunded_ck', sql`${t.refundedQuantity} between 0 and ${t.quantity}`),
    check('order_items_restocked_ck', sql`${t.restockedQuantity} between 0 and ${t.refundedQuantity}`),
  ],
);

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refund_pending', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => orders.id),
    provider: text('provider').notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    // Provider's checkout/session id, and the charge-level id a refund needs (Stripe payment_intent).
    providerSessionId: text('provider_session_id'),
    providerPaymentId: text('provider_payment_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payments_order_uq').on(t.orderId)],
);

/**
 * A refund that has been decided is owed until the provider takes it: one row per order for a
 * whole-order refund (ops, a failed group, a voided payment) and one per after-sale, written
 * in the transaction that decides it, and retried (minute cron with backoff, provider retries,
 * ops) until the provider accepts the request. A refund the provider later reports failed is
 * owed again. `settled` once the provider's refund event arrives.
 */
export { REFUND_STATES };
export const refundRequests = pgTable(
  'refund_outbox',
  {
    // The provider's idempotency key: the order id for a whole-order refund, the after-sale id
    // for an after-sale's.
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    // The after-sale this refund pays; null for a whole-order refund.
    afterSaleId: text('after_sale_id'),
    provider: text('provider').notNull(),
    reason: text('reason').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    providerPaymentId: text('provider_payment_id'),
    state: text('state', { enum: REFUND_STATES }).notNull().default('owed'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    // Backoff: an owed refund is asked for again no sooner than this, so rows that keep failing
    // wait their turn instead of filling every run of the minute job ahead of newer ones.
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    // Refunds the provider accepted and then reported failed; each failure is asked for anew.
    failures: integer('failures').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refund_outbox_order_uq').on(t.orderId, sql`coalesce(${t.afterSaleId}, '')`),
    index('refund_outbox_state_idx').on(t.state, t.createdAt),
    index('refund_outbox_due_idx').on(t.state, t.nextAttemptAt),
  ],
);

/**
 * The refund outbox before after-sales: one row per order (order_id the key). Kept read-only
 * so its rows can be copied into refund_outbox at deploy (scripts/migrate.ts,
 * copyLegacyRefundRequests); nothing writes it any more.
 */
export const legacyRefundRequests = pgTable(
  'refund_requests',
  {
    orderId: text('order_id')
      .primaryKey()
      .references(() => orders.id),
    provider: text('provider').notNull(),
    reason: text('reason').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    providerPaymentId: text('provider_payment_id'),
    state: text('state', { enum: REFUND_STATES }).notNull().default('owed'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    failures: integer('failures').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('refund_requests_state_idx').on(t.state, t.createdAt), index('refund_requests_due_idx').on(t.state, t.nextAttemptAt)],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    orderId: text('order_id'),
    outcome: text('outcome').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('webhook_events_uq').on(t.provider, t.eventId)],
);

export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  orderId: text('order_id').notNull(),
  state: text('state', { enum: ['in_progress', 'done', 'failed'] }).notNull(),
  responseStatus: integer('response_status'),
  // json, not jsonb: keeps the 201 body byte for byte for replays.
  responseBody: json('response_body'),
  lockedAt: timestamp('locked_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type OrderRow = typeof orders.$inferSelect;

/** A line's pay amount; lines written before v3 had no discount. */
export function linePayAmount(line: Pick<typeof orderItems.$inferSelect, 'payAmount' | 'unitPriceAmount' | 'quantity'>): number {
  return line.payAmount ?? line.unitPriceAmount * line.quantity;
}
export type OrderItemRow = typeof orderItems.$inferSelect;

/**
 * Where a line's units are held, for the Stock verbs: its stock unit when it has one (a flash
 * sale's objects), otherwise its variant (or its product, sold as its default variant).
 */
export function lineStockRef(line: Pick<OrderItemRow, 'productId' | 'variantId' | 'quantity' | 'stockShard' | 'stockUnit'>) {
  return { productId: line.productId, variantId: line.stockUnit ?? line.variantId, quantity: line.quantity, shard: line.stockShard };
}
export type PaymentRow = typeof payments.$inferSelect;
export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;
export type RefundRequestRow = typeof refundRequests.$inferSelect;
