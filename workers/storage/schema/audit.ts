import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every ops action (and moderation such as hiding a review): who, what, on which object, and
 * the object before and after. Append-only like the ledger: the repo exposes insert and read.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    /** The account that acted (an ops account id, or "system"). */
    actor: text('actor').notNull(),
    /** A dotted verb, e.g. `product.update`, `order.ship`, `seller.suspend`, `review.hide`. */
    action: text('action').notNull(),
    /** The object acted on, e.g. `product:p_…`, `order:o_…`. */
    target: text('target').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_created_idx').on(t.createdAt), index('audit_log_target_idx').on(t.target)],
);

export type AuditRow = typeof auditLog.$inferSelect;
