import { and, asc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
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

/** A sign-in email's code masked out of its subject and body, and dropped; other messages are left as they are. */
const withoutCode = {
  subject: sql`case when ${emailOutbox.code} is null then ${emailOutbox.subject} else replace(${emailOutbox.subject}, ${emailOutbox.code}, '······') end`,
  text: sql`case when ${emailOutbox.code} is null then ${emailOutbox.text} else replace(${emailOutbox.text}, ${emailOutbox.code}, '······') end`,
  code: null,
};

/** `dropCode`: the provider has the message, so the row need not keep a sign-in code it carries. */
export async function markEmailSent(db: Db, id: string, opts: { dropCode: boolean }): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ state: 'sent', sentAt: sql`now()`, attempts: sql`${emailOutbox.attempts} + 1`, ...(opts.dropCode ? withoutCode : {}) })
    .where(eq(emailOutbox.id, id));
}

/**
 * Sign-in code emails written before `cutoff` hold codes that no longer work: their rows keep no
 * code from then on. One still unsent is never sent (it could only deliver a dead code).
 */
export async function dropExpiredCodes(db: Db, cutoff: Date): Promise<number> {
  const rows = await db
    .update(emailOutbox)
    .set({
      ...withoutCode,
      state: sql`case when ${emailOutbox.state} = 'pending' then 'failed' else ${emailOutbox.state} end`,
      lastError: sql`case when ${emailOutbox.state} = 'pending' then 'code expired before it was sent' else ${emailOutbox.lastError} end`,
    })
    .where(and(isNotNull(emailOutbox.code), lt(emailOutbox.createdAt, cutoff)))
    .returning({ id: emailOutbox.id });
  return rows.length;
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
