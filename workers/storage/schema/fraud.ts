import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { FRAUD_SIGNAL_KINDS, FRAUD_SIGNAL_STATES } from '../../../shared/trust/fraud';

export { FRAUD_SIGNAL_KINDS, FRAUD_SIGNAL_STATES, type FraudSignalKind, type FraudSignalState } from '../../../shared/trust/fraud';

/**
 * Referral fraud signals. A row with an order is a hold on that order's commission until ops
 * decide (`open` → `released` | `reversed`); a row without an order is an observation on a link
 * or a seller (a click spike, a refund burst) that later orders inherit as holds of their own.
 * Nothing here names a person: visitors are daily salted hashes, addresses are compared in SQL
 * and never copied.
 */
export const fraudSignals = pgTable(
  'fraud_signals',
  {
    id: text('id').primaryKey(),
    /** Names the fact once (`order:<id>:<kind>`, `link:<id>:<kind>:<subject>:<window>`), so retries add nothing. */
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind', { enum: FRAUD_SIGNAL_KINDS }).notNull(),
    sellerId: text('seller_id'),
    linkId: text('link_id'),
    orderId: text('order_id'),
    /** What was counted, never raw: a visitor hash, `asn:<n>`, or null. */
    subject: text('subject'),
    observed: integer('observed').notNull(),
    threshold: integer('threshold').notNull(),
    state: text('state', { enum: FRAUD_SIGNAL_STATES }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('fraud_signals_dedupe_uq').on(t.dedupeKey),
    index('fraud_signals_state_idx').on(t.state, t.createdAt),
    index('fraud_signals_order_idx').on(t.orderId),
    index('fraud_signals_link_idx').on(t.linkId, t.createdAt),
    index('fraud_signals_seller_idx').on(t.sellerId, t.createdAt),
    check('fraud_signals_state_ck', sql`(${t.orderId} is null) = (${t.state} = 'observed')`),
  ],
);

/**
 * Where a signed-in seller was seen, as the same daily salted visitor hash clicks use: an order
 * placed the same day from the same address and browser is a self-purchase however the buyer
 * names themself. Kept two days (the daily cron prunes), and never joinable across days.
 */
export const sellerVisitors = pgTable(
  'seller_visitors',
  {
    sellerId: text('seller_id').notNull(),
    day: date('day').notNull(),
    visitorHash: text('visitor_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.day, t.visitorHash] })],
);

export type FraudSignalRow = typeof fraudSignals.$inferSelect;
export type NewFraudSignal = typeof fraudSignals.$inferInsert;
