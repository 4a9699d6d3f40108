import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Exec } from '../orders/orders-repo';
import { emailOutbox, type EmailRow } from '../schema';

export async function insertEmail(exec: Exec, row: typeof emailOutbox.$inferInsert): Promise<void> {
  await exec.insert(emailOutbox).values(row).onConflictDoNothing({ target: emailOutbox.dedupeKey });
}

export async function findPendingEmails(db: Db, ids: string[] | undefined, limit: number): Promise<EmailRow[]> {
  const pending = and(eq(emailOutbox.state, 'pending'), lt(emailOutbox.attempts, MAX_EMAIL_ATTEMPTS));
  return db
    .select()
    .from(emailOutbox)
    .where(ids ? and(pending, inArray(emailOutbox.id, ids)) : pending)
    .orderBy(asc(emailOutbox.createdAt))
    .limit(limit);
}

export const MAX_EMAIL_ATTEMPTS = 8;

export async function markEmailSent(db: Db, id: string): Promise<void> {
  await db.update(emailOutbox).set({ state: 'sent', sentAt: sql`now()`, attempts: sql`${emailOutbox.attempts} + 1` }).where(eq(emailOutbox.id, id));
}

export async function markEmailAttemptFailed(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(emailOutbox)
    .set({
      attempts: sql`${emailOutbox.attempts} + 1`,
      lastError: error.slice(0, 200),
      state: sql`case when ${emailOutbox.attempts} + 1 >= ${MAX_EMAIL_ATTEMPTS} then 'failed' else 'pending' end`,
    })
    .where(eq(emailOutbox.id, id));
}

export async function listEmailsTo(db: Db, to: string): Promise<EmailRow[]> {
  return db.select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(asc(emailOutbox.createdAt)).limit(100);
}
