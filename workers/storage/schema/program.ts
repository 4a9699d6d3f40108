import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ProgramSettings } from '../../../shared/program/program-schemas';

/** The program's settings: one row (id = 1), written by PUT /api/ops/program. */
export const programSettings = pgTable(
  'program_settings',
  {
    id: smallint('id').primaryKey(),
    settings: jsonb('settings').$type<ProgramSettings>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('program_settings_one_ck', sql`${t.id} = 1`)],
);

/** Levels (分销等级): a higher rank boosts a seller's rate by boostBps. */
export const sellerLevels = pgTable(
  'seller_levels',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    rank: integer('rank').notNull(),
    boostBps: integer('boost_bps').notNull(),
    // { paidOrders?, sales?: amount in fen, invitees? }: every condition set must be met.
    upgrade: jsonb('upgrade').$type<{ paidOrders?: number; salesAmount?: number; invitees?: number }>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('seller_levels_rank_uq').on(t.rank),
    check('seller_levels_rank_ck', sql`${t.rank} between 1 and 10`),
    check('seller_levels_boost_ck', sql`${t.boostBps} between 0 and 10000`),
  ],
);

/** Seller codes (推广码): stored upper-case, so uniqueness and matching ignore case. */
export const sellerCodes = pgTable(
  'seller_codes',
  {
    code: text('code').primaryKey(),
    sellerId: text('seller_id').notNull(),
    active: integer('active').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('seller_codes_one_active_uq').on(t.sellerId).where(sql`${t.active} = 1`),
    check('seller_codes_code_ck', sql`${t.code} ~ '^[A-Z0-9]{4,16}$'`),
  ],
);

/**
 * Buyer binding (锁粉): keyed by the buyer's email, decided at checkout from this row. `expiresAt`
 * null = permanent.
 */
export const buyerBindings = pgTable(
  'buyer_bindings',
  {
    buyerEmail: text('buyer_email').primaryKey(),
    sellerId: text('seller_id').notNull(),
    boundAt: timestamp('bound_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    // The paid order that made (or last moved) the binding.
    orderId: text('order_id').notNull(),
  },
  (t) => [index('buyer_bindings_seller_idx').on(t.sellerId, t.expiresAt)],
);

export const WITHDRAWAL_STATUSES = ['requested', 'approved', 'paid', 'rejected', 'failed'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

/** Withdrawals (提现): the one way money leaves a seller's balance (ledger kinds withdraw, withdraw_return). */
export const withdrawals = pgTable(
  'withdrawals',
  {
    id: text('id').primaryKey(),
    sellerId: text('seller_id').notNull(),
    amount: integer('amount').notNull(),
    fee: integer('fee').notNull(),
    net: integer('net').notNull(),
    currency: text('currency').notNull().default('CNY'),
    method: jsonb('method').$type<{ kind: 'alipay' | 'wechat' | 'bank'; account: string; name: string }>().notNull(),
    status: text('status', { enum: WITHDRAWAL_STATUSES }).notNull(),
    reason: text('reason'),
    reference: text('reference'),
    // The payout batch (the transfer file ops export) that carries this approved withdrawal.
    payoutId: text('payout_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('withdrawals_seller_idx').on(t.sellerId, t.createdAt),
    index('withdrawals_status_idx').on(t.status, t.createdAt, t.id),
    index('withdrawals_payout_idx').on(t.payoutId),
    check('withdrawals_amount_ck', sql`${t.amount} > 0 and ${t.fee} >= 0 and ${t.net} = ${t.amount} - ${t.fee}`),
  ],
);

export type SellerLevelRow = typeof sellerLevels.$inferSelect;
export type SellerCodeRow = typeof sellerCodes.$inferSelect;
export type BuyerBindingRow = typeof buyerBindings.$inferSelect;
export type WithdrawalRow = typeof withdrawals.$inferSelect;
