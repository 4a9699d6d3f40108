import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { products } from './catalog';

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['seller', 'ops'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('accounts_email_uq').on(t.email)],
);

export const sellers = pgTable(
  'sellers',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    handle: text('handle').notNull(),
    displayName: text('display_name').notNull(),
    bio: text('bio').notNull().default(''),
    avatarUrl: text('avatar_url'),
    focusCategory: text('focus_category'),
    inviteCode: text('invite_code').notNull(),
    inviterId: text('inviter_id'),
    // Materialized path of ancestor ids ("/root/.../self/"): the subtree is one
    // prefix scan, the chain above is the path itself. Set once at signup, so no cycles.
    path: text('path').notNull(),
    depth: integer('depth').notNull().default(0),
    // Set by ops: while set, the seller's links still take buyers to the product but earn no
    // commission (no new ledger entries at level 1 or 2), and their sessions were revoked.
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    // Enrollment (API.md v3): a seller who signed up under `approval` is pending until ops
    // decide; a pending or rejected seller earns nothing and can't make links or codes.
    approval: text('approval', { enum: ['approved', 'pending', 'rejected'] }).notNull().default('approved'),
    // The seller's level (seller_levels.id); null = no level (no boost).
    levelId: text('level_id'),
    levelSetAt: timestamp('level_set_at', { withTimezone: true }),
    // Leaderboards show a seller by name only once they opt in; otherwise as 匿名.
    leaderboardOptIn: boolean('leaderboard_opt_in').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sellers_account_uq').on(t.accountId),
    uniqueIndex('sellers_handle_uq').on(t.handle),
    uniqueIndex('sellers_invite_code_uq').on(t.inviteCode),
    index('sellers_inviter_idx').on(t.inviterId),
    index('sellers_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    check('sellers_handle_ck', sql`${t.handle} ~ '^[a-z0-9_]{3,30}$'`),
  ],
);

export const storefrontPicks = pgTable(
  'storefront_picks',
  {
    sellerId: text('seller_id').notNull().references(() => sellers.id),
    productId: text('product_id').notNull().references(() => products.id),
    position: integer('position').notNull(),
    // The seller's own experience of the product (体验分享), shown beside verified reviews.
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.productId] })],
);

export type AccountRow = typeof accounts.$inferSelect;
export type SellerRow = typeof sellers.$inferSelect;
