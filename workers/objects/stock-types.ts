// The Stock object's call contract (stock.ts), apart from the class so callers and helpers read
// it without the object, and its SQLite tables.
import type { Db } from '../storage/db';

/**
 * Which object: one per (product, shard), or per (variant, shard) for a product with options. Passed on every call so a fresh object can initialise
 * itself. `shards` is the product's layout as shard 0 recorded it (see `layout`), never a
 * caller's current STOCK_SHARDS.
 */
export interface StockKey {
  productId: string;
  /** The variant whose units these are; absent for a product sold as its default variant. */
  variantId?: string | null;
  shard: number;
  shards: number;
}

export type ReserveResult = { ok: true } | { ok: false; available: number };

/**
 * What an order creation learns from its first Stock object, without Postgres: a fresh hold, the
 * hold an earlier attempt of the same order already has (with its request hash, expiry and, once
 * the order was created, the exact 201 body to replay), or that the units are gone.
 */
export type HoldResult =
  | { kind: 'held'; expiresAt: number }
  | { kind: 'elsewhere'; shard: number }
  | { kind: 'existing'; state: ReservationState; expiresAt: number; requestHash: string | null; response: string | null }
  | { kind: 'out_of_stock'; available: number; holders: string[] };

/**
 * Pruning, so an object's rows (and its sold-out answers) stay the size of its recent traffic.
 * A lapsed or released hold is forgotten a day after it ran out (a retry after that finds the
 * order in Postgres); a sold order's row is folded into base_committed after 30 days (a release
 * of its units, which only a voided or failed-group payment asks for, comes long before); a sold
 * order stays among the holders a sold-out answer names for an hour, the time its buyer's client
 * may still retry the request that created it.
 */
export const RELEASED_KEEP_MS = 24 * 60 * 60 * 1000;
export const COMMITTED_KEEP_MS = 30 * 24 * 60 * 60 * 1000;
export const RECENT_HOLDER_MS = 60 * 60 * 1000;

export type ReservationState = 'held' | 'committed' | 'released';

/** Cancels the pending orders whose reservations lapsed; safe to repeat. Handed in by workers/index.ts. */
export type LapseOrders = (db: Db, orderIds: string[], at: { productId: string; variantId: string | null; shard: number }) => Promise<number>;


/** The object's tables, created (and added to) in its constructor. */
export function createStockTables(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS stock_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    product_id TEXT NOT NULL,
    shard INTEGER NOT NULL,
    shards INTEGER NOT NULL,
    total INTEGER NOT NULL,
    total_version INTEGER NOT NULL,
    base_committed INTEGER NOT NULL
  )`);
  sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
    order_id TEXT PRIMARY KEY,
    qty INTEGER NOT NULL,
    state TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  )`);
  // On an order's first shard (see holdStock): the other shard its units were held on, so a
  // retry, which always asks its first shard first, finds them instead of holding more here.
  sql.exec(`CREATE TABLE IF NOT EXISTS placements (order_id TEXT PRIMARY KEY, shard INTEGER NOT NULL, expires_at INTEGER NOT NULL)`);
  // Orders whose reservation expired and that still have to be cancelled in Postgres.
  sql.exec(`CREATE TABLE IF NOT EXISTS cancel_outbox (order_id TEXT PRIMARY KEY)`);
  // Units after-sales put back on sale, once per key (after-sale and line).
  sql.exec(`CREATE TABLE IF NOT EXISTS restocks (ref TEXT PRIMARY KEY, qty INTEGER NOT NULL)`);
  // Added later: the request hash and the created order's response, for replays after sell-out.
  const cols = sql.exec<{ name: string }>(`PRAGMA table_info(reservations)`).toArray().map((c) => c.name);
  const stateCols = sql.exec<{ name: string }>(`PRAGMA table_info(stock_state)`).toArray().map((c) => c.name);
  if (!stateCols.includes('variant_id')) sql.exec(`ALTER TABLE stock_state ADD COLUMN variant_id TEXT`);
  if (!cols.includes('request_hash')) sql.exec(`ALTER TABLE reservations ADD COLUMN request_hash TEXT`);
  if (!cols.includes('response')) sql.exec(`ALTER TABLE reservations ADD COLUMN response TEXT`);
  if (!cols.includes('committed_at')) {
    sql.exec(`ALTER TABLE reservations ADD COLUMN committed_at INTEGER`);
    // Sold before the column existed: their age starts now, so none is folded early.
    sql.exec(`UPDATE reservations SET committed_at = ? WHERE state = 'committed'`, Date.now());
  }
}
