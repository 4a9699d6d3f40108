import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * `withdraw` takes a requested withdrawal out of the available balance; `withdraw_return` gives
 * it back when ops reject it or the transfer fails (API.md v3, withdrawals). `payout` is the v2
 * batch entry, kept for history.
 */
export const LEDGER_KINDS = ['accrue', 'release', 'reverse', 'payout', 'clawback', 'withdraw', 'withdraw_return'] as const;
export const PAYOUT_STATUSES = ['created', 'paid'] as const;

/**
 * The commission ledger: append-only. Nothing in the code base updates or deletes a row here
 * (the repo exposes inserts and reads only; test/ledger-append-only checks it); every
 * correction is a new entry. `seq` orders one seller's entries in commit order, because every
 * write that depends on a seller's balance holds that seller's advisory lock.
 */
export const commissionEntries = pgTable(
  'commission_entries',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sellerId: text('seller_id').notNull(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    // Order-level kinds carry the order and level; a payout carries its batch instead.
    orderId: text('order_id'),
    level: smallint('level'),
    payoutId: text('payout_id'),
    // `withdraw` and `withdraw_return` only: the withdrawal they move.
    withdrawalId: text('withdrawal_id'),
    // `reverse` and `clawback` of an after-sale: the after-sale whose lines they reverse. A
    // reversal of a whole order (ops refund, failed group) has none. One reversal per
    // (order, seller, level, after-sale).
    afterSaleId: text('after_sale_id'),
    // Minor units; positive except clawback (see shared/ledger/commission.ts deriveBalances).
    amount: integer('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    // `reverse` only: the bucket the reversed commission left.
    fromBucket: text('from_bucket', { enum: ['pending', 'available'] }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('commission_entries_order_uq')
      .on(t.orderId, t.sellerId, t.level, t.kind, sql`coalesce(${t.afterSaleId}, '')`)
      .where(sql`${t.orderId} is not null`),
    uniqueIndex('commission_entries_payout_uq').on(t.payoutId, t.sellerId),
    uniqueIndex('commission_entries_withdrawal_uq').on(t.withdrawalId, t.kind),
    index('commission_entries_seller_idx').on(t.sellerId, t.seq),
    index('commission_entries_order_idx').on(t.orderId),
    // Leaderboards: the accruals of a week or month.
    index('commission_entries_kind_created_idx').on(t.kind, t.createdAt),
    check(
      'commission_entries_shape_ck',
      sql`(${t.kind} = 'payout' and ${t.payoutId} is not null and ${t.orderId} is null and ${t.level} is null and ${t.withdrawalId} is null)
       or (${t.kind} in ('withdraw', 'withdraw_return') and ${t.withdrawalId} is not null and ${t.orderId} is null and ${t.level} is null and ${t.payoutId} is null)
       or (${t.kind} not in ('payout', 'withdraw', 'withdraw_return') and ${t.orderId} is not null and ${t.level} in (1, 2) and ${t.payoutId} is null and ${t.withdrawalId} is null)`,
    ),
    check('commission_entries_sign_ck', sql`case when ${t.kind} = 'clawback' then ${t.amount} < 0 else ${t.amount} > 0 end`),
    check('commission_entries_from_ck', sql`(${t.kind} = 'reverse') = (${t.fromBucket} is not null)`),
    check('commission_entries_after_sale_ck', sql`${t.afterSaleId} is null or ${t.kind} in ('reverse', 'clawback')`),
  ],
);

/** A payout batch: its `payout` entries are written when it is created; `paid` once the transfers went out. */
export const payouts = pgTable(
  'payouts',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: PAYOUT_STATUSES }).notNull(),
    totalAmount: bigint('total_amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull().default('CNY'),
    sellerCount: integer('seller_count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [index('payouts_list_idx').on(t.createdAt, t.id)],
);

export type CommissionEntryRow = typeof commissionEntries.$inferSelect;
export type PayoutRow = typeof payouts.$inferSelect;
