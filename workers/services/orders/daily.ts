// The daily cron: releases held commissions and sweeps reservations the Stock objects did not
// cancel (an alarm that kept failing, an object that never woke). Every step is safe to repeat.
import { CODE_TTL_MS } from '../../../shared/buyers/buyer-schemas';
import { deliverPendingEmails, dropExpiredCodeEmails } from '../email/emails';
import type { AppEnv } from '../../env';
import { withDb, type Db } from '../../storage/db';
import { findStalePendingOrders } from '../../storage/ledger/ledger-repo';
import { findOrderRecord } from '../../storage/orders/orders-repo';
import { holdDays, releaseDueCommissions } from '../ledger/commissions';
import { pruneSellerSightings } from '../trust/fraud-signals';
import { moveOrder } from './orders';
import { retryOwedRefunds } from './payments';
import { releaseStock } from '../catalog/stock';
import { lineStockRef } from '../../storage/schema';

/**
 * The Stock object's own alarm cancels at the reservation's end; the sweep only takes orders
 * this long past it, so it never races a payment the object is still honouring.
 */
export const SWEEP_MARGIN_MS = 10 * 60_000;

/** Must match wrangler.toml [triggers] crons; the other trigger is the minute one. */
export const DAILY_CRON = '17 3 * * *';

/** Every minute: ask again for refunds the provider has not taken yet (those whose backoff has run out), send mail, drop expired sign-in codes. */
export async function runMinuteJobs(env: AppEnv): Promise<void> {
  await withDb(env, async (db) => {
    const r = await retryOwedRefunds({ env, db });
    if (r.sent || r.stillOwed) console.log(JSON.stringify({ level: 'info', msg: 'owed refunds retried', ...r }));
    // Expired codes first: a code email that never went out is not sent dead.
    await dropExpiredCodeEmails(db, CODE_TTL_MS);
    await deliverPendingEmails(env, db);
  });
}

export interface DailyResult {
  released: number;
  cancelled: number;
}

export async function runDailyJobs(env: AppEnv, now: Date): Promise<DailyResult> {
  return withDb(env, async (db) => {
    const released = await releaseDueCommissions(db, { now, holdDays: holdDays(env) });
    const cancelled = await sweepStaleReservations(env, db, now);
    await pruneSellerSightings(db, now);
    console.log(JSON.stringify({ level: 'info', msg: 'daily jobs', released, cancelled }));
    return { released, cancelled };
  });
}

/**
 * Unpaid orders whose reservation ended (RESERVATION_TTL_SECONDS) more than SWEEP_MARGIN_MS ago:
 * their held units go back to the Stock objects first, then the order is cancelled through
 * moveOrder. Held-only release never touches sold units, so a payment that sneaked in keeps them.
 */
export async function sweepStaleReservations(env: AppEnv, db: Db, now: Date, onlyOrderIds?: string[]): Promise<number> {
  // reservation_expires_at is already creation + RESERVATION_TTL_SECONDS.
  const cutoff = new Date(now.getTime() - SWEEP_MARGIN_MS);
  const failed = new Set<string>();
  let cancelled = 0;
  for (let round = 0; round < 50; round++) {
    const stale = (await findStalePendingOrders(db, cutoff, 100 + failed.size, onlyOrderIds)).filter((o) => !failed.has(o.id));
    if (stale.length === 0) break;
    for (const { id } of stale) {
      try {
        const rec = await findOrderRecord(db, id);
        if (!rec || rec.order.status !== 'pending_payment') continue;
        await releaseStock(
          env,
          id,
          rec.items.map(lineStockRef),
        );
        if (await moveOrder(db, id, 'pending_payment', 'cancelled')) cancelled++;
      } catch (e) {
        // Tomorrow's run retries it; one bad order must not stop the sweep.
        failed.add(id);
        console.warn(JSON.stringify({ level: 'warn', msg: 'sweep: could not cancel stale order', orderId: id, error: String(e) }));
      }
    }
  }
  return cancelled;
}
