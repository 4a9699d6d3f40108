// The commission ledger's storage. Append-only: this module offers inserts and reads of
// commission_entries, never an update or a delete (test/ledger/ledger-append-only.test.ts keeps it so).
import { and, desc, eq, inArray, isNotNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { PageCursor } from '../../../shared/cursor';
import { olderThan } from '../cursor-sql';
import type { Db } from '../db';
import type { Exec, Tx } from '../orders/orders-repo';
import { commissionEntries, fraudSignals, orderItems, orders, payouts, products, sellers, type CommissionEntryRow, type PayoutRow } from '../schema';

export type NewEntry = typeof commissionEntries.$inferInsert;

/**
 * Serialises every balance-dependent ledger write per seller (release, reverse/clawback,
 * payout) until the transaction ends. Locks are taken in key order in one statement, so two
 * writers locking overlapping sellers cannot deadlock.
 */
export async function lockSellers(tx: Tx, sellerIds: string[]): Promise<void> {
  const ids = [...new Set(sellerIds)];
  if (ids.length === 0) return;
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  await tx.execute(
    sql`select pg_advisory_xact_lock(k) from (select distinct hashtextextended('ledger:' || s, 0) as k from unnest(array[${list}]::text[]) as s order by k) as locks`,
  );
}

/** Idempotent: an entry already there (same order, seller, level, kind or same payout, seller) is left alone. */
export async function insertEntries(exec: Exec, entries: NewEntry[]): Promise<CommissionEntryRow[]> {
  if (entries.length === 0) return [];
  return exec.insert(commissionEntries).values(entries).onConflictDoNothing().returning();
}

export async function findOrderEntries(exec: Exec, orderId: string): Promise<CommissionEntryRow[]> {
  return exec.select().from(commissionEntries).where(eq(commissionEntries.orderId, orderId)).orderBy(commissionEntries.seq);
}

/** The newest payout or withdrawal entry's seq per seller: a commission released before it is settled (a refund claws it back). */
export async function lastPayoutSeqs(exec: Exec, sellerIds: string[]): Promise<Map<string, number>> {
  if (sellerIds.length === 0) return new Map();
  const rows = await exec
    .select({ sellerId: commissionEntries.sellerId, seq: sql<number>`max(${commissionEntries.seq})`.mapWith(Number) })
    .from(commissionEntries)
    .where(and(inArray(commissionEntries.sellerId, sellerIds), inArray(commissionEntries.kind, ['payout', 'withdraw'])))
    .groupBy(commissionEntries.sellerId);
  return new Map(rows.map((r) => [r.sellerId, r.seq]));
}

/** An order's lines with the commission rates snapshotted at order time (the product's current rates for rows without one). */
export async function findCommissionLines(exec: Exec, orderId: string) {
  return exec
    .select({
      productId: orderItems.productId,
      // Commission is on each line's pay amount, after its share of any discount (API.md v3).
      paidAmount: sql<number>`coalesce(${orderItems.payAmount}, ${orderItems.unitPriceAmount} * ${orderItems.quantity})`.mapWith(Number),
      level1Bps: sql<number>`coalesce(${orderItems.level1Bps}, ${products.level1Bps})`.mapWith(Number),
      level2Bps: sql<number>`coalesce(${orderItems.level2Bps}, ${products.level2Bps})`.mapWith(Number),
    })
    .from(orderItems)
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(eq(orderItems.orderId, orderId));
}

export async function findInviterId(exec: Exec, sellerId: string): Promise<string | null | undefined> {
  const [r] = await exec.select({ inviterId: sellers.inviterId }).from(sellers).where(eq(sellers.id, sellerId)).limit(1);
  return r ? r.inviterId : undefined;
}

/**
 * Which of these sellers earn nothing now (read inside the accrual's transaction): suspended
 * ones, and ones enrollment has not approved (pending or rejected).
 */
export async function findSuspendedSellerIds(exec: Exec, sellerIds: string[]): Promise<Set<string>> {
  if (sellerIds.length === 0) return new Set();
  const rows = await exec
    .select({ id: sellers.id })
    .from(sellers)
    .where(and(inArray(sellers.id, sellerIds), or(isNotNull(sellers.suspendedAt), ne(sellers.approval, 'approved'))));
  return new Set(rows.map((r) => r.id));
}

// ---- balances: one query, summed by kind (sign conventions in shared/ledger/commission.ts) ----

const sumOf = (cond: SQL) => sql`coalesce(sum(${commissionEntries.amount}) filter (where ${cond}), 0)`;
const kindIs = (k: CommissionEntryRow['kind']) => sql`${commissionEntries.kind} = ${k}`;
const pendingExpr = sql`${sumOf(kindIs('accrue'))} - ${sumOf(kindIs('release'))} - ${sumOf(sql`${kindIs('reverse')} and ${commissionEntries.fromBucket} = 'pending'`)}`;
// A withdrawal leaves available (and counts as paid) when requested; its return puts it back.
const paidExpr = sql`${sumOf(kindIs('payout'))} + ${sumOf(kindIs('withdraw'))} - ${sumOf(kindIs('withdraw_return'))}`;
const availableExpr = sql`${sumOf(kindIs('release'))} - ${sumOf(sql`${kindIs('reverse')} and ${commissionEntries.fromBucket} = 'available'`)} - (${paidExpr}) + ${sumOf(kindIs('clawback'))}`;
const balanceColumns = {
  pending: sql<number>`(${pendingExpr})::bigint`.mapWith(Number),
  available: sql<number>`(${availableExpr})::bigint`.mapWith(Number),
  paid: sql<number>`(${paidExpr})::bigint`.mapWith(Number),
  reversed: sql<number>`(${sumOf(kindIs('reverse'))} - ${sumOf(kindIs('clawback'))})::bigint`.mapWith(Number),
};

export interface BalanceRow {
  pending: number;
  available: number;
  paid: number;
  reversed: number;
}

export async function sellerBalances(exec: Exec, sellerId: string): Promise<BalanceRow> {
  const [r] = await exec.select(balanceColumns).from(commissionEntries).where(eq(commissionEntries.sellerId, sellerId));
  return r ?? { pending: 0, available: 0, paid: 0, reversed: 0 };
}

/** Sellers whose available balance (clawbacks netted) is at least `minimum`, optionally among `onlySellerIds`. */
export async function sellersWithAvailable(exec: Exec, minimum: number, onlySellerIds?: string[]): Promise<{ sellerId: string; available: number }[]> {
  if (onlySellerIds && onlySellerIds.length === 0) return [];
  return exec
    .select({ sellerId: commissionEntries.sellerId, available: balanceColumns.available })
    .from(commissionEntries)
    .where(onlySellerIds ? inArray(commissionEntries.sellerId, onlySellerIds) : undefined)
    .groupBy(commissionEntries.sellerId)
    .having(sql`(${availableExpr}) >= ${minimum}`)
    .orderBy(commissionEntries.sellerId);
}

// ---- seller views ----

export async function listSellerEntries(db: Db, sellerId: string, opts: { beforeSeq?: number; limit: number }): Promise<CommissionEntryRow[]> {
  return db
    .select()
    .from(commissionEntries)
    .where(and(eq(commissionEntries.sellerId, sellerId), opts.beforeSeq !== undefined ? lt(commissionEntries.seq, opts.beforeSeq) : undefined))
    .orderBy(desc(commissionEntries.seq))
    .limit(opts.limit);
}

export async function listSellerPayouts(db: Db, sellerId: string, opts: { beforeSeq?: number; limit: number }) {
  return db
    .select({ seq: commissionEntries.seq, amount: commissionEntries.amount, payout: payouts })
    .from(commissionEntries)
    .innerJoin(payouts, eq(payouts.id, commissionEntries.payoutId))
    .where(
      and(
        eq(commissionEntries.sellerId, sellerId),
        eq(commissionEntries.kind, 'payout'),
        opts.beforeSeq !== undefined ? lt(commissionEntries.seq, opts.beforeSeq) : undefined,
      ),
    )
    .orderBy(desc(commissionEntries.seq))
    .limit(opts.limit);
}

/** Paid sales attributed to the seller: money received and not refunded (see services/ledger/commissions.ts). */
export async function countSellerOrders(db: Db, sellerId: string, statuses: readonly string[]): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.attributedSellerId, sellerId), inArray(orders.status, statuses as (typeof orders.status.enumValues)[number][])));
  return r?.n ?? 0;
}

/** The same sales by the channel that brought them (the link's tag, `group_share` for joins a shared group page brought, `direct` when none). */
export async function countSellerOrdersByChannel(db: Db, sellerId: string, statuses: readonly string[]): Promise<{ channel: string; orders: number }[]> {
  const channel = sql<string>`coalesce(${orders.attributionChannel}, 'direct')`;
  return db
    .select({ channel, orders: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.attributedSellerId, sellerId), inArray(orders.status, statuses as (typeof orders.status.enumValues)[number][])))
    .groupBy(channel)
    .orderBy(desc(sql`count(*)`));
}

// ---- payouts ----

export async function insertPayout(tx: Tx, row: typeof payouts.$inferInsert): Promise<PayoutRow> {
  const [created] = await tx.insert(payouts).values(row).returning();
  return created!;
}

export async function findPayout(db: Exec, id: string): Promise<PayoutRow | undefined> {
  const [r] = await db.select().from(payouts).where(eq(payouts.id, id)).limit(1);
  return r;
}

export async function listPayoutRows(db: Db, opts: { before?: PageCursor; limit: number }): Promise<PayoutRow[]> {
  const b = opts.before;
  return db
    .select()
    .from(payouts)
    .where(b ? olderThan(payouts.createdAt, payouts.id, b) : undefined)
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(opts.limit);
}

/** The transfer lines of a batch, with who to pay. */
export async function findPayoutLines(db: Db, payoutId: string) {
  return db
    .select({ sellerId: commissionEntries.sellerId, handle: sellers.handle, displayName: sellers.displayName, amount: commissionEntries.amount, currency: commissionEntries.currency })
    .from(commissionEntries)
    .leftJoin(sellers, eq(sellers.id, commissionEntries.sellerId))
    .where(and(eq(commissionEntries.payoutId, payoutId), eq(commissionEntries.kind, 'payout')))
    .orderBy(commissionEntries.sellerId);
}

/** Compare-and-set created → paid. Undefined when the batch was not in `created`. */
export async function setPayoutPaid(db: Exec, id: string, at: Date): Promise<PayoutRow | undefined> {
  const [r] = await db.update(payouts).set({ status: 'paid', paidAt: at }).where(and(eq(payouts.id, id), eq(payouts.status, 'created'))).returning();
  return r;
}

// ---- the daily job ----

/**
 * Delivered (or completed) orders whose hold ended at `cutoff` and that still have an accrual
 * without release or correction, and no open fraud signal (those wait for an ops decision) nor a
 * reversed one (those never earn).
 */
export async function findOrdersDueForRelease(db: Db, cutoff: Date, limit: number, onlyOrderIds?: string[]): Promise<string[]> {
  if (onlyOrderIds && onlyOrderIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: orders.id })
    .from(orders)
    .innerJoin(commissionEntries, and(eq(commissionEntries.orderId, orders.id), eq(commissionEntries.kind, 'accrue')))
    .where(
      and(
        inArray(orders.status, ['delivered', 'completed']),
        isNotNull(orders.deliveredAt),
        lte(orders.deliveredAt, cutoff),
        onlyOrderIds ? inArray(orders.id, onlyOrderIds) : undefined,
        // An after-sale's partial reversal leaves the rest of the commission to release.
        sql`not exists (select 1 from ${commissionEntries} c2 where c2.order_id = ${commissionEntries.orderId} and c2.seller_id = ${commissionEntries.sellerId}
              and c2.level = ${commissionEntries.level} and (c2.kind = 'release' or (c2.kind in ('reverse', 'clawback') and c2.after_sale_id is null)))`,
        sql`not exists (select 1 from ${fraudSignals} f where f.order_id = ${orders.id} and f.state in ('open', 'reversed'))`,
      ),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Locks the order row for the rest of the transaction (refunds lock it too, through their status update). */
export async function lockOrder(tx: Tx, orderId: string) {
  const [r] = await tx.select({ status: orders.status, deliveredAt: orders.deliveredAt }).from(orders).where(eq(orders.id, orderId)).for('update');
  return r;
}

/** Unpaid orders whose reservation ended before `cutoff` (optionally among `onlyOrderIds`, for tests). */
export async function findStalePendingOrders(db: Db, cutoff: Date, limit: number, onlyOrderIds?: string[]) {
  return db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'pending_payment'), lt(orders.reservationExpiresAt, cutoff), onlyOrderIds ? inArray(orders.id, onlyOrderIds) : undefined))
    .orderBy(orders.reservationExpiresAt)
    .limit(limit);
}
