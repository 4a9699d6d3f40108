// The email outbox: a message is a row first, written with whatever caused it, and sent
// after the response (waitUntil) and again by the minute cron until the provider takes it.
import { afterSaleEmailText, codeEmailText, orderEmailKindFor, orderEmailText, type AfterSaleEmailKind } from '../../../shared/email-text';
import { newId } from '../../../shared/ids';
import type { Locale } from '../../../shared/i18n';
import { formatMoney } from '../../../shared/money';
import { emailProviderFor } from '../../email/provider-for';
import type { AppEnv } from '../../env';
import { withDb, type Db } from '../../storage/db';
import { dropExpiredCodes, findPendingEmails, insertEmail, listEmailsTo, markEmailAttemptFailed, markEmailSent } from '../../storage/email/email-repo';
import type { Exec } from '../../storage/orders/orders-repo';
import type { OrderRow } from '../../storage/schema';

/** Queues the sign-in code email; returns the row id so the caller can send it right away. */
export async function queueCodeEmail(db: Db, to: string, code: string, lang: Locale): Promise<string> {
  const id = newId('m');
  await insertEmail(db, { id, dedupeKey: id, to, code, ...codeEmailText(lang, code) });
  return id;
}

/**
 * Called by moveOrder after a status change: queues that change's email once per order and
 * kind. A savepoint keeps a failed insert from undoing the status change it follows.
 */
export async function queueOrderEmail(exec: Exec, row: OrderRow, from: string, to: string): Promise<void> {
  const kind = orderEmailKindFor(from, to);
  if (!kind) return;
  const lang: Locale = row.lang === 'en' ? 'en' : 'zh-CN';
  const text = orderEmailText(lang, kind, {
    orderId: row.id,
    total: formatMoney({ amount: row.totalAmount, currency: 'CNY' }),
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
  });
  try {
    await exec.transaction((tx) => insertEmail(tx, { id: newId('m'), dedupeKey: `${row.id}:${kind}`, to: row.buyerEmail, ...text }));
  } catch (e) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'email not queued', orderId: row.id, kind, error: (e as Error)?.name }));
  }
}

/** Sends pending messages (the given ones, or the oldest). Never throws: failures stay pending. */
export async function deliverPendingEmails(env: AppEnv, db: Db, ids?: string[], fetcher: typeof fetch = fetch): Promise<number> {
  const provider = emailProviderFor(env, fetcher);
  let sent = 0;
  try {
    for (const msg of await findPendingEmails(db, ids, 50)) {
      try {
        await provider.send({ id: msg.id, to: msg.to, subject: msg.subject, text: msg.text });
        await markEmailSent(db, msg.id, { dropCode: !provider.deliversFromOutbox });
        sent++;
      } catch (e) {
        await markEmailAttemptFailed(db, msg.id, String((e as Error)?.message ?? e));
      }
    }
  } catch (e) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'email delivery pass failed', error: (e as Error)?.name }));
  }
  return sent;
}

/** Sign-in codes live `codeTtlMs`; after that no outbox row keeps one (run by the minute cron). */
export async function dropExpiredCodeEmails(db: Db, codeTtlMs: number, now = Date.now()): Promise<number> {
  return dropExpiredCodes(db, new Date(now - codeTtlMs));
}

export async function listOutbox(db: Db, to: string) {
  const rows = await listEmailsTo(db, to);
  return rows.map((r) => ({ to: r.to, subject: r.subject, text: r.text, ...(r.code ? { code: r.code } : {}) }));
}

/** For waitUntil after the response: its own pool, because the request's closes with the response. */
export async function sendQueuedEmails(env: AppEnv, ids: string[]): Promise<void> {
  try {
    await withDb(env, (db) => deliverPendingEmails(env, db, ids));
  } catch (e) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'email send after response failed', error: (e as Error)?.name }));
  }
}

/**
 * Queues an after-sale step's email in the order's language, once per after-sale and step, in
 * the transaction that takes the step (a savepoint: a failed insert never undoes the step).
 */
export async function queueAfterSaleEmail(
  exec: Exec,
  order: Pick<OrderRow, 'id' | 'lang' | 'buyerEmail'>,
  afterSale: { id: string; amount: number; rejectReason?: string | null },
  kind: AfterSaleEmailKind,
): Promise<void> {
  const lang: Locale = order.lang === 'en' ? 'en' : 'zh-CN';
  const text = afterSaleEmailText(lang, kind, { orderId: order.id, amount: formatMoney({ amount: afterSale.amount, currency: 'CNY' }), reason: afterSale.rejectReason });
  try {
    await exec.transaction((tx) => insertEmail(tx, { id: newId('m'), dedupeKey: `${afterSale.id}:${kind}`, to: order.buyerEmail, ...text }));
  } catch (e) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'email not queued', afterSaleId: afterSale.id, kind, error: (e as Error)?.name }));
  }
}
