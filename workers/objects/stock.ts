import { DurableObject } from 'cloudflare:workers';
import { availableUnits, shardShare } from '../../shared/catalog/stock';
import type { AppEnv } from '../env';
import { withDb } from '../storage/db';
import { isFlashSaleUnit } from '../../shared/promotions/flash-sale-unit';
import { readInitialStock, shardsFor } from './stock-init';
import { COMMITTED_KEEP_MS, createStockTables, RECENT_HOLDER_MS, RELEASED_KEEP_MS, type HoldResult, type LapseOrders, type ReservationState, type ReserveResult, type StockKey } from './stock-types';

export { COMMITTED_KEEP_MS, RECENT_HOLDER_MS, RELEASED_KEEP_MS } from './stock-types';
export type { HoldResult, LapseOrders, ReservationState, ReserveResult, StockKey } from './stock-types';

/** How soon the alarm retries a Postgres write that failed. */
const RETRY_MS = 30_000;

/**
 * The authority on one product's (or one shard's) units. Every change is a single
 * synchronous SQLite transaction inside the object, so concurrent orders are serialised
 * here and availability can never go below zero. Reservations are keyed by order id,
 * which makes every method safe to repeat.
 */
export class Stock extends DurableObject<AppEnv> {
  /** Seam for tests: the clock reservations expire by (history tests move it, like GroupBuy's). */
  now: () => number = () => Date.now();
  /** Set by the composition root (workers/index.ts); until then lapsed orders wait in the outbox. */
  lapseOrders: LapseOrders = async () => {
    throw new Error('Stock was built without its effects (see workers/index.ts)');
  };
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => createStockTables(this.sql));
  }

  /**
   * Shard 0 holds the product's layout: the shard count its objects were created with. It is
   * fixed at the product's first stock call, so a later STOCK_SHARDS change applies to new
   * products only and can never give one product's units out twice (the shares of an old and
   * a new layout overlap).
   */
  async layout(key: StockKey): Promise<number> {
    await this.ensureInit(key);
    return this.sql.exec<{ shards: number }>('SELECT shards FROM stock_state WHERE id = 1').one().shards;
  }

  async available(key: StockKey): Promise<number> {
    await this.ensureInit(key);
    return this.currentAvailable(key);
  }

  /**
   * Order creation's first call: holds the units for this order, or tells what an earlier
   * attempt of the same order left here. A sold-out answer costs nothing but this call.
   */
  async hold(key: StockKey, orderId: string, qty: number, expiresAt: number, requestHash: string): Promise<HoldResult> {
    await this.ensureInit(key);
    const existing = this.sql
      .exec<{ state: ReservationState; expires_at: number; request_hash: string | null; response: string | null }>(
        `SELECT state, expires_at, request_hash, response FROM reservations WHERE order_id = ?`,
        orderId,
      )
      .toArray()[0];
    if (existing) {
      return { kind: 'existing', state: existing.state, expiresAt: existing.expires_at, requestHash: existing.request_hash, response: existing.response };
    }
    const placed = this.sql.exec<{ shard: number }>(`SELECT shard FROM placements WHERE order_id = ?`, orderId).toArray()[0];
    if (placed) return { kind: 'elsewhere', shard: placed.shard };
    // A flash sale that ended gave its units back (setAside 'close:…'): it sells nothing more.
    if (isFlashSaleUnit(key.variantId) && this.sql.exec(`SELECT 1 FROM restocks WHERE ref LIKE 'close:%'`).toArray().length) {
      return { kind: 'out_of_stock', available: 0, holders: [] };
    }
    const available = this.currentAvailable(key);
    if (qty > available) {
      // Sold out here: the orders that do hold units, so the caller can tell their retries from new buyers.
      const holders =
        available > 0
          ? []
          : this.sql
              .exec<{ order_id: string }>(
                `SELECT order_id FROM reservations WHERE state = 'held' OR (state = 'committed' AND coalesce(committed_at, expires_at) > ?)`,
                this.now() - RECENT_HOLDER_MS,
              )
              .toArray()
              .map((r) => r.order_id);
      return { kind: 'out_of_stock', available, holders };
    }
    this.sql.exec(
      `INSERT INTO reservations (order_id, qty, state, expires_at, request_hash) VALUES (?, ?, 'held', ?, ?)`,
      orderId,
      qty,
      expiresAt,
      requestHash,
    );
    await this.scheduleAlarm();
    return { kind: 'held', expiresAt };
  }

  /**
   * On the order's first shard: records that its units are held on `shard`, unless an attempt
   * got here first (a hold here, or another shard recorded). Returns the shard that holds the
   * order's units, which every attempt then uses.
   */
  async place(orderId: string, shard: number, expiresAt: number): Promise<number> {
    const here = this.sql.exec<{ shard: number }>(`SELECT shard FROM stock_state WHERE id = 1`).one().shard;
    if (this.sql.exec(`SELECT 1 FROM reservations WHERE order_id = ?`, orderId).toArray().length) return here;
    this.sql.exec(`INSERT OR IGNORE INTO placements (order_id, shard, expires_at) VALUES (?, ?, ?)`, orderId, shard, expiresAt);
    return this.sql.exec<{ shard: number }>(`SELECT shard FROM placements WHERE order_id = ?`, orderId).one().shard;
  }

  /**
   * Takes back a hold this attempt just made and that must leave no trace (the request turned
   * out to be a mismatched retry of an order held elsewhere). Only a held reservation with this
   * attempt's request hash goes, so the first attempt's own hold can never be dropped by it.
   */
  async drop(orderId: string, requestHash: string): Promise<void> {
    this.sql.exec(`DELETE FROM reservations WHERE order_id = ? AND state = 'held' AND request_hash = ?`, orderId, requestHash);
  }

  /** The order was created: its 201 body, replayed byte for byte to a retry of the same key. */
  async rememberResponse(orderId: string, response: string): Promise<void> {
    this.sql.exec(`UPDATE reservations SET response = ? WHERE order_id = ?`, response, orderId);
  }

  /**
   * Payment arrived: the held units become sold. A payment that lands after its reservation
   * expired still gets the units if they are free; otherwise the caller refunds it.
   */
  async commit(key: StockKey, orderId: string, qty: number): Promise<ReserveResult> {
    await this.ensureInit(key);
    const r = this.reservation(orderId);
    if (r?.state === 'committed') return { ok: true };
    if (r?.state === 'held') {
      this.sql.exec(`UPDATE reservations SET state = 'committed', committed_at = ? WHERE order_id = ?`, this.now(), orderId);
      return { ok: true };
    }
    const available = this.currentAvailable(key);
    if (qty > available) return { ok: false, available };
    this.sql.exec(
      `INSERT INTO reservations (order_id, qty, state, expires_at, committed_at) VALUES (?, ?, 'committed', 0, ?)
       ON CONFLICT (order_id) DO UPDATE SET qty = excluded.qty, state = 'committed', committed_at = excluded.committed_at`,
      orderId,
      qty,
      this.now(),
    );
    return { ok: true };
  }

  /** Payment failed or the order was cancelled. Sold units stay sold unless `includeCommitted` (a voided late payment). */
  async release(key: StockKey, orderId: string, opts: { includeCommitted?: boolean } = {}): Promise<void> {
    await this.ensureInit(key);
    const states = opts.includeCommitted ? `('held','committed')` : `('held')`;
    this.sql.exec(`UPDATE reservations SET state = 'released' WHERE order_id = ? AND state IN ${states}`, orderId);
  }

  /** Sold units back on sale (a received return, a refund before shipping); a repeated ref changes nothing. */
  async restock(key: StockKey, ref: string, qty: number): Promise<number> {
    await this.ensureInit(key);
    if (this.sql.exec(`SELECT 1 FROM restocks WHERE ref = ?`, ref).toArray().length === 0) this.restockRow(ref, qty);
    return this.currentAvailable(key);
  }

  private restockRow(ref: string, qty: number): void {
    this.sql.exec(`INSERT INTO restocks (ref, qty) VALUES (?, ?)`, ref, qty);
    this.sql.exec(`UPDATE stock_state SET base_committed = base_committed - ? WHERE id = 1`, qty);
  }

  /**
   * Takes units out of what is available, once per ref (stored as a negative restock): a flash
   * sale's quantity from its product, or an ended sale's unsold units (`partial`: whatever is
   * free, up to qty). Without `partial`, fewer than qty available takes nothing. `heldUntil`: when
   * the last hold here lapses, after which no more units can come free (0 with none held).
   */
  async setAside(key: StockKey, ref: string, qty: number, partial = false): Promise<{ taken: number; heldUntil: number }> {
    await this.ensureInit(key);
    const prior = this.sql.exec<{ qty: number }>(`SELECT qty FROM restocks WHERE ref = ?`, ref).toArray()[0];
    const available = this.currentAvailable(key);
    const taken = prior ? -prior.qty : partial ? Math.min(qty, available) : qty <= available ? qty : 0;
    if (!prior && (taken > 0 || partial)) this.restockRow(ref, -taken);
    const heldUntil = this.sql.exec<{ t: number | null }>(`SELECT max(expires_at) AS t FROM reservations WHERE state = 'held'`).one().t ?? 0;
    return { taken, heldUntil };
  }

  /** Ops changed the total on sale. Versions (the product's updatedAt) keep a late, older update from winning. */
  async setTotal(key: StockKey, total: number, version: number): Promise<number> {
    await this.ensureInit(key);
    this.sql.exec(`UPDATE stock_state SET total = ?, total_version = ? WHERE id = 1 AND total_version <= ?`, total, version, version);
    return this.currentAvailable(key);
  }

  /** Expires reservations, then pushes the cancellations to Postgres; a failed push is retried by the next alarm. */
  override async alarm(): Promise<void> {
    const now = this.now();
    const expired = this.sql
      .exec<{ order_id: string }>(`SELECT order_id FROM reservations WHERE state = 'held' AND expires_at <= ?`, now)
      .toArray();
    for (const { order_id } of expired) {
      this.sql.exec(`UPDATE reservations SET state = 'released' WHERE order_id = ?`, order_id);
      this.sql.exec(`INSERT OR IGNORE INTO cancel_outbox (order_id) VALUES (?)`, order_id);
    }
    this.prune(now);
    const pending = this.sql.exec<{ order_id: string }>(`SELECT order_id FROM cancel_outbox`).toArray().map((r) => r.order_id);
    let retry = false;
    if (pending.length) {
      try {
        const at = this.sql
          .exec<{ product_id: string; variant_id: string | null; shard: number }>('SELECT product_id, variant_id, shard FROM stock_state WHERE id = 1')
          .one();
        await withDb(this.env, (db) => this.lapseOrders(db, pending, { productId: at.product_id, variantId: at.variant_id, shard: at.shard }));
        for (const id of pending) this.sql.exec(`DELETE FROM cancel_outbox WHERE order_id = ?`, id);
      } catch (e) {
        console.warn(JSON.stringify({ level: 'warn', msg: 'stock: cancelling expired orders failed, will retry', error: String(e) }));
        retry = true;
      }
    }
    // The alarm that is running is spent, so the next one is set unconditionally.
    const want = this.nextAlarm(retry ? Date.now() + RETRY_MS : undefined);
    if (want !== undefined) await this.ctx.storage.setAlarm(want);
  }

  private async ensureInit(key: StockKey): Promise<void> {
    if (this.hasState()) return;
    // Runs once per object: the first caller reads Postgres while everyone else waits.
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.hasState()) return;
      const { total, committed } = await withDb(this.env, (db) => readInitialStock(db, key));
      this.sql.exec(
        `INSERT INTO stock_state (id, product_id, variant_id, shard, shards, total, total_version, base_committed) VALUES (1, ?, ?, ?, ?, ?, 0, ?)`,
        key.productId,
        key.variantId ?? null,
        key.shard,
        shardsFor(key),
        total,
        committed,
      );
    });
  }

  /** See RELEASED_KEEP_MS: old rows go, sold units stay counted. One synchronous step. */
  private prune(now: number): void {
    if (!this.hasState()) return;
    this.sql.exec(`DELETE FROM reservations WHERE state = 'released' AND expires_at < ?`, now - RELEASED_KEEP_MS);
    this.sql.exec(`DELETE FROM placements WHERE expires_at < ?`, now - RELEASED_KEEP_MS);
    const before = now - COMMITTED_KEEP_MS;
    const sold = this.sql
      .exec<{ qty: number }>(`SELECT coalesce(sum(qty), 0) AS qty FROM reservations WHERE state = 'committed' AND coalesce(committed_at, 0) < ?`, before)
      .one().qty;
    if (sold > 0) {
      this.sql.exec(`UPDATE stock_state SET base_committed = base_committed + ? WHERE id = 1`, sold);
      this.sql.exec(`DELETE FROM reservations WHERE state = 'committed' AND coalesce(committed_at, 0) < ?`, before);
    }
  }

  private hasState(): boolean {
    return this.sql.exec(`SELECT 1 FROM stock_state WHERE id = 1`).toArray().length > 0;
  }

  private currentAvailable(key: StockKey): number {
    // The share comes from the layout stored at creation, whatever the caller believes.
    const s = this.sql
      .exec<{ total: number; base_committed: number; shards: number }>(`SELECT total, base_committed, shards FROM stock_state WHERE id = 1`)
      .one();
    const sums = this.sql
      .exec<{ held: number; committed: number }>(
        `SELECT coalesce(sum(CASE WHEN state = 'held' THEN qty END), 0) AS held,
                coalesce(sum(CASE WHEN state = 'committed' THEN qty END), 0) AS committed FROM reservations`,
      )
      .one();
    if (key.shard >= s.shards) return 0;
    return availableUnits(shardShare(s.total, s.shards, key.shard), sums.held, s.base_committed + sums.committed);
  }

  private reservation(orderId: string): { state: ReservationState; qty: number } | undefined {
    return this.sql
      .exec<{ state: ReservationState; qty: number }>(`SELECT state, qty FROM reservations WHERE order_id = ?`, orderId)
      .toArray()[0];
  }

  private nextAlarm(at?: number): number | undefined {
    const next = this.sql
      .exec<{ t: number | null }>(`SELECT min(expires_at) AS t FROM reservations WHERE state = 'held'`)
      .one().t;
    const candidates = [next, at].filter((t): t is number => typeof t === 'number');
    return candidates.length ? Math.min(...candidates) : undefined;
  }

  private async scheduleAlarm(): Promise<void> {
    const want = this.nextAlarm();
    if (want === undefined) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > want) await this.ctx.storage.setAlarm(want);
  }
}
