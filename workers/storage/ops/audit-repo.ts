import type { Exec } from '../orders/orders-repo';
// The audit log: inserts and reads only (append-only, like the ledger).
import { desc } from 'drizzle-orm';
import type { PageCursor } from '../../../shared/cursor';
import { olderThan } from '../cursor-sql';
import { newId } from '../../../shared/ids';
import type { Db } from '../db';
import { auditLog, type AuditRow } from '../schema';

export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one entry. Pass the same `db` as the change (a transaction) so both land or neither. */
export async function recordAudit(db: Exec, e: AuditInput): Promise<AuditRow> {
  const [row] = await db
    .insert(auditLog)
    .values({ id: newId('x'), actor: e.actor, action: e.action, target: e.target, before: e.before ?? null, after: e.after ?? null })
    .returning();
  return row!;
}

/** Newest first; `before` is the last row of the previous page (shared/cursor.ts). */
export async function listAudit(db: Db, opts: { limit: number; before?: PageCursor }): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(opts.before ? olderThan(auditLog.createdAt, auditLog.id, opts.before) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(opts.limit);
}
