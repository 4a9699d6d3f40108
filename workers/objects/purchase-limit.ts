// A buyer's purchase count of one limited product or flash sale (限购, API.md v3 "Purchase
// limits"): one object per (product or sale, buyer), so a buyer's concurrent orders queue here and
// exactly `limit` units get through. An unpaid order's units count until its reservation ends,
// like its Stock hold, so a lapse needs no call; payment makes them count for good, and a cancel
// or a full refund takes them out. Every call is keyed on the order id, so a retry repeats nothing.
import { DurableObject } from 'cloudflare:workers';
import type { AppEnv } from '../env';

/** `fresh`: this call added the order's entry (false when the order already had one). */
export type LimitTake = { ok: true; count: number; fresh: boolean } | { ok: false; count: number };

export class PurchaseLimit extends DurableObject<AppEnv> {
  /** Seam for tests: the clock holds expire by (history tests move it, like Stock's). */
  now: () => number = () => Date.now();
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS entries (
        order_id TEXT PRIMARY KEY,
        qty INTEGER NOT NULL,
        state TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      )`);
    });
  }

  /**
   * Counts `qty` for the order until `expiresAt` unless that would pass `limit`. The order's own
   * earlier take counts once, and a later expiry extends its hold (checkout takes a short hold
   * before it holds units, then the reservation's once it has them).
   */
  async take(orderId: string, qty: number, limit: number, expiresAt: number): Promise<LimitTake> {
    const now = this.now();
    this.sql.exec(`DELETE FROM entries WHERE state = 'held' AND expires_at <= ?`, now);
    const count = this.count(now);
    if (this.sql.exec(`SELECT 1 FROM entries WHERE order_id = ?`, orderId).toArray().length) {
      this.sql.exec(`UPDATE entries SET expires_at = max(expires_at, ?) WHERE order_id = ? AND state = 'held'`, expiresAt, orderId);
      return { ok: true, count, fresh: false };
    }
    if (count + qty > limit) return { ok: false, count };
    this.sql.exec(`INSERT INTO entries (order_id, qty, state, expires_at) VALUES (?, ?, 'held', ?)`, orderId, qty, expiresAt);
    return { ok: true, count: count + qty, fresh: true };
  }

  /** Paid: the units count for good (also for a payment that arrived after its hold expired). */
  async confirm(orderId: string, qty: number): Promise<void> {
    this.sql.exec(
      `INSERT INTO entries (order_id, qty, state, expires_at) VALUES (?, ?, 'paid', 0)
       ON CONFLICT (order_id) DO UPDATE SET state = 'paid'`,
      orderId,
      qty,
    );
  }

  /** Cancelled or refunded in full: the units no longer count. */
  async release(orderId: string): Promise<void> {
    this.sql.exec(`DELETE FROM entries WHERE order_id = ?`, orderId);
  }

  /** What counts now: paid units and unexpired holds. */
  async current(): Promise<number> {
    return this.count(this.now());
  }

  private count(now: number): number {
    return this.sql
      .exec<{ n: number }>(`SELECT coalesce(sum(qty), 0) AS n FROM entries WHERE state = 'paid' OR expires_at > ?`, now)
      .one().n;
  }
}
