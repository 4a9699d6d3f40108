import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sellers } from './accounts';
import { products } from './catalog';

/**
 * A buyer is an email: the one a buyer already gives at checkout. One live sign-in code per
 * email; a new request replaces it. Only the SHA-256 of the code is kept, and using it deletes
 * the row, so a code works once even when two requests race.
 */
export const buyerCodes = pgTable('buyer_codes', {
  email: text('email').primaryKey(),
  codeHash: text('code_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const reviews = pgTable(
  'reviews',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull().references(() => products.id),
    buyerEmail: text('buyer_email').notNull(),
    buyerName: text('buyer_name').notNull(),
    rating: integer('rating').notNull(),
    text: text('text').notNull(),
    hidden: boolean('hidden').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reviews_buyer_product_uq').on(t.productId, t.buyerEmail),
    index('reviews_product_idx').on(t.productId, t.createdAt, t.id),
    check('reviews_rating_ck', sql`${t.rating} between 1 and 5`),
  ],
);

export const follows = pgTable(
  'follows',
  {
    buyerEmail: text('buyer_email').notNull(),
    sellerId: text('seller_id')
      .notNull()
      .references(() => sellers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.buyerEmail, t.sellerId] }), index('follows_seller_idx').on(t.sellerId)],
);

/**
 * Every email is written here first (in the transaction of whatever caused it) and sent after
 * the response, retried by the minute cron, so a slow or failing provider never fails a request.
 * `dedupeKey` makes "this order's shipped email" exist once however often the hook runs.
 * A sign-in email's `code` (and the code in its subject and text) is masked out once a provider
 * has sent it, and in every row once the code has expired (minute cron); until then only the
 * development outbox route shows it.
 */
export const EMAIL_STATES = ['pending', 'sent', 'failed'] as const;
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: text('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull(),
    to: text('to_email').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    code: text('code'),
    state: text('state', { enum: EMAIL_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('email_outbox_dedupe_uq').on(t.dedupeKey), index('email_outbox_state_idx').on(t.state, t.createdAt), index('email_outbox_to_idx').on(t.to, t.createdAt)],
);

export type ReviewRow = typeof reviews.$inferSelect;
export type EmailRow = typeof emailOutbox.$inferSelect;
