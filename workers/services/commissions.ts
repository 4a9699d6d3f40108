// The commission ledger's verbs: accrual and corrections on order transitions, release after
// the hold, payout batches, and the seller's views. Entries are only ever added (DESIGN.md
// invariants 2 and 3); balances are always derived from them.
import { computeOrderCommissions, refundCorrection } from '../../shared/commission';
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { money, type Money } from '../../shared/money';
import type { OrderStatus } from '../../shared/order-state';
import type { AppEnv } from '../env';
import { recordAudit } from '../storage/audit-repo';
import type { Db } from '../storage/db';
import {
  countSellerOrders,
  findCommissionLines,
  findInviterId,
  findOrderEntries,
  findOrdersDueForRelease,
  findPayout,
  findPayoutLines,
  findSuspendedSellerIds,
  insertEntries,
  insertPayout,
  lastPayoutSeqs,
  listPayoutRows,
  listSellerEntries,
  listSellerPayouts,
  lockOrder,
  lockSellers,
  sellerBalances,
  sellersWithAvailable,
  setPayoutPaid,
  type NewEntry,
} from '../storage/ledger-repo';
import type { Exec, Tx } from '../storage/orders-repo';
import type { CommissionEntryRow, OrderRow, PayoutRow } from '../storage/schema';

const DAY_MS = 86_400_000;

export function holdDays(env: Pick<AppEnv, 'HOLD_DAYS'>): number {
  const n = Number(env.HOLD_DAYS ?? '7');
  return Number.isInteger(n) && n >= 0 && n <= 365 ? n : 7;
}

export function payoutMinimum(env: Pick<AppEnv, 'PAYOUT_MINIMUM'>): number {
  const n = Number(env.PAYOUT_MINIMUM ?? '1000');
  return Number.isSafeInteger(n) && n >= 1 ? n : 1000;
}

/**
 * Which transitions touch the ledger. A single order earns when it is paid; a group order only
 * when its group is confirmed, because until then the group may fail and refund everyone.
 */
export function ledgerEffectOf(order: Pick<OrderRow, 'groupId'>, to: OrderStatus): 'accrue' | 'refund' | null {
  if (to === 'refunded') return 'refund';
  if (order.groupId === null && to === 'paid') return 'accrue';
  if (order.groupId !== null && to === 'confirmed') return 'accrue';
  return null;
}

/**
 * Called by moveOrder inside the transaction that changed the status, so the entries land
 * with the status change or not at all. Every write is keyed on (order, seller, level, kind)
 * and skipped when already there, so a retried transition writes nothing twice.
 */
export async function recordCommissionForTransition(tx: Tx, order: OrderRow, _from: OrderStatus, to: OrderStatus): Promise<void> {
  const effect = ledgerEffectOf(order, to);
  if (effect === 'accrue') await accrueCommission(tx, order);
  else if (effect === 'refund') await correctCommissionForRefund(tx, order);
}

export async function accrueCommission(tx: Tx, order: OrderRow): Promise<CommissionEntryRow[]> {
  if (!order.commissionable || !order.attributedSellerId) return [];
  const [lines, inviterId] = await Promise.all([findCommissionLines(tx, order.id), findInviterId(tx, order.attributedSellerId)]);
  // A suspended seller earns nothing new: a sale through their link earns no one anything (the
  // link is what stopped earning), and as an inviter they get no level-2 share either.
  const suspended = await findSuspendedSellerIds(tx, [order.attributedSellerId, ...(inviterId ? [inviterId] : [])]);
  if (suspended.has(order.attributedSellerId)) return [];
  const shares = computeOrderCommissions({
    lines,
    seller: { id: order.attributedSellerId, inviterId: inviterId ?? null },
    commissionable: true,
  });
  return insertEntries(
    tx,
    shares.filter((s) => !suspended.has(s.sellerId)).map((s) => ({ sellerId: s.sellerId, kind: 'accrue', orderId: order.id, level: s.level, amount: s.amount.amount, currency: s.amount.currency })),
  );
}

/** A refund reverses each accrued commission, or claws it back when a payout already settled it. */
async function correctCommissionForRefund(tx: Tx, order: Pick<OrderRow, 'id'>): Promise<CommissionEntryRow[]> {
  const first = await findOrderEntries(tx, order.id);
  const accruals = first.filter((e) => e.kind === 'accrue');
  if (accruals.length === 0) return [];
  await lockSellers(
    tx,
    accruals.map((a) => a.sellerId),
  );
  // Re-read under the locks: the order row lock (held by the status update) already keeps
  // this order's own entries still; the seller locks keep payouts still.
  const entries = await findOrderEntries(tx, order.id);
  const lastPayout = await lastPayoutSeqs(
    tx,
    accruals.map((a) => a.sellerId),
  );
  const writes: NewEntry[] = [];
  for (const a of accruals) {
    const mine = entries.filter((e) => e.sellerId === a.sellerId && e.level === a.level);
    const release = mine.find((e) => e.kind === 'release');
    const correction = refundCorrection({
      released: release !== undefined,
      settled: release !== undefined && (lastPayout.get(a.sellerId) ?? 0) > release.seq,
      corrected: mine.some((e) => e.kind === 'reverse' || e.kind === 'clawback'),
    });
    if (!correction) continue;
    const base = { sellerId: a.sellerId, orderId: order.id, level: a.level, currency: a.currency };
    writes.push(
      correction.kind === 'reverse'
        ? { ...base, kind: 'reverse', amount: a.amount, fromBucket: correction.from }
        : { ...base, kind: 'clawback', amount: -a.amount },
    );
  }
  return insertEntries(tx, writes);
}

// ---- release after the hold ----

export interface ReleaseOptions {
  now: Date;
  holdDays: number;
  /** Restricts the run to these orders (tests that must not touch other tests' orders). */
  onlyOrderIds?: string[];
  batchSize?: number;
}

/** Pending → available for every commission whose order was delivered at least `holdDays` ago. Safe to repeat. */
export async function releaseDueCommissions(db: Db, opts: ReleaseOptions): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - opts.holdDays * DAY_MS);
  const batch = opts.batchSize ?? 200;
  let released = 0;
  const seen = new Set<string>();
  for (;;) {
    const ids = (await findOrdersDueForRelease(db, cutoff, batch, opts.onlyOrderIds)).filter((id) => !seen.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      seen.add(id);
      released += await releaseOrderCommission(db, id, cutoff);
    }
  }
  return released;
}

async function releaseOrderCommission(db: Db, orderId: string, cutoff: Date): Promise<number> {
  return db.transaction(async (tx) => {
    // Waits for a refund in flight; once it commits the order is refunded and nothing is released.
    const o = await lockOrder(tx, orderId);
    if (!o || (o.status !== 'delivered' && o.status !== 'completed') || !o.deliveredAt || o.deliveredAt > cutoff) return 0;
    const entries = await findOrderEntries(tx, orderId);
    const due = entries.filter(
      (a) =>
        a.kind === 'accrue' &&
        !entries.some((e) => e.sellerId === a.sellerId && e.level === a.level && (e.kind === 'release' || e.kind === 'reverse' || e.kind === 'clawback')),
    );
    if (due.length === 0) return 0;
    await lockSellers(
      tx,
      due.map((a) => a.sellerId),
    );
    const rows = await insertEntries(
      tx,
      due.map((a) => ({ sellerId: a.sellerId, kind: 'release' as const, orderId, level: a.level, amount: a.amount, currency: a.currency })),
    );
    return rows.length;
  });
}

// ---- payouts ----

export interface PayoutLine {
  sellerId: string;
  handle: string | null;
  displayName: string | null;
  amount: Money;
}

export interface PayoutView {
  id: string;
  status: PayoutRow['status'];
  total: Money;
  sellerCount: number;
  createdAt: string;
  paidAt: string | null;
}

const cny = (amount: number) => money(amount, 'CNY');

export function toPayoutView(p: PayoutRow): PayoutView {
  return {
    id: p.id,
    status: p.status,
    total: cny(p.totalAmount),
    sellerCount: p.sellerCount,
    createdAt: p.createdAt.toISOString(),
    paidAt: p.paidAt ? p.paidAt.toISOString() : null,
  };
}

/**
 * One batch paying every seller whose available balance, clawbacks netted, is at least
 * `minimum`. Balances are re-read under the sellers' locks, so two batches created at the
 * same time cannot both pay one seller: the second finds nothing left. Conflict when nobody
 * qualifies (no empty batches).
 */
export async function createPayoutBatch(db: Db, opts: { minimum: number; onlySellerIds?: string[]; actor?: string }): Promise<{ payout: PayoutView; lines: PayoutLine[] }> {
  const created = await db.transaction(async (tx) => {
    const candidates = await sellersWithAvailable(tx, opts.minimum, opts.onlySellerIds);
    if (candidates.length === 0) return null;
    await lockSellers(
      tx,
      candidates.map((c) => c.sellerId),
    );
    const due = await sellersWithAvailable(
      tx,
      opts.minimum,
      candidates.map((c) => c.sellerId),
    );
    if (due.length === 0) return null;
    const id = newId('b');
    const total = due.reduce((s, d) => s + d.available, 0);
    const payout = await insertPayout(tx, { id, status: 'created', totalAmount: total, currency: 'CNY', sellerCount: due.length });
    await insertEntries(
      tx,
      due.map((d) => ({ sellerId: d.sellerId, kind: 'payout' as const, payoutId: id, amount: d.available, currency: 'CNY' })),
    );
    // An ops action: audited in the same transaction, so the batch and its record land together.
    if (opts.actor) await recordAudit(tx, { actor: opts.actor, action: 'payout.create', target: `payout:${id}`, before: null, after: { status: 'created', total, sellerCount: due.length } });
    return payout;
  });
  if (!created) throw new ApiError('conflict', 'No seller has an available balance of at least the payout minimum; no batch was created.');
  return { payout: toPayoutView(created), lines: await getPayoutLines(db, created.id) };
}

async function getPayoutLines(db: Db, id: string): Promise<PayoutLine[]> {
  const rows = await findPayoutLines(db, id);
  return rows.map((r) => ({ sellerId: r.sellerId, handle: r.handle, displayName: r.displayName, amount: cny(r.amount) }));
}

export async function getPayoutOrThrow(db: Db, id: string): Promise<{ payout: PayoutView; lines: PayoutLine[] }> {
  const p = await findPayout(db, id);
  if (!p) throw new ApiError('not_found', 'No such payout batch.');
  return { payout: toPayoutView(p), lines: await getPayoutLines(db, id) };
}

/** created → paid once the transfers went out. Repeating it is harmless: the batch stays paid at its first time. */
export async function markPayoutPaid(db: Db, id: string, now = new Date(), actor?: string): Promise<PayoutView> {
  const moved = await db.transaction(async (tx) => {
    const row = await setPayoutPaid(tx, id, now);
    // Only the call that moved it is recorded: a repeat changes nothing.
    if (row && actor) await recordAudit(tx, { actor, action: 'payout.mark_paid', target: `payout:${id}`, before: { status: 'created' }, after: { status: 'paid', paidAt: now.toISOString() } });
    return row;
  });
  if (moved) return toPayoutView(moved);
  const p = await findPayout(db, id);
  if (!p) throw new ApiError('not_found', 'No such payout batch.');
  return toPayoutView(p);
}

export async function listPayouts(db: Db, q: { cursor?: string; limit: number }) {
  const before = q.cursor ? decodePayoutCursor(q.cursor) : undefined;
  const rows = await listPayoutRows(db, { before, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toPayoutView),
    nextCursor: rows.length > q.limit && last ? btoa(JSON.stringify([last.createdAt.toISOString(), last.id])) : null,
  };
}

function decodePayoutCursor(s: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(atob(s)) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return { createdAt: new Date(at), id };
  } catch {
    // fall through
  }
  throw new ApiError('invalid_input', 'cursor: malformed');
}

export const PAYOUT_CSV_COLUMNS = ['payout_id', 'seller_id', 'handle', 'display_name', 'amount', 'amount_minor', 'currency'] as const;

/** The transfer file for the bank, WeChat Pay or Alipay: one line per seller, amounts in yuan and in fen. */
export async function exportPayoutCsv(db: Db, id: string, cell: (v: unknown) => string): Promise<string> {
  const { lines } = await getPayoutOrThrow(db, id);
  const out = [PAYOUT_CSV_COLUMNS.join(',')];
  for (const l of lines) {
    out.push([id, l.sellerId, l.handle, l.displayName, minorToDecimal(l.amount.amount), l.amount.amount, l.amount.currency].map(cell).join(','));
  }
  return `${out.join('\r\n')}\r\n`;
}

function minorToDecimal(amount: number): string {
  const abs = String(Math.abs(amount)).padStart(3, '0');
  return `${amount < 0 ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

// ---- seller views ----

/** Statuses that count as an order on the seller's dashboard: paid for, and not refunded. */
export const COUNTED_ORDER_STATUSES = ['paid', 'confirmed', 'shipped', 'delivered', 'completed'] as const satisfies readonly OrderStatus[];

export interface Earnings {
  pending: Money;
  available: Money;
  paid: Money;
  reversed: Money;
}

export async function getSellerEarnings(db: Exec, sellerId: string): Promise<Earnings> {
  const b = await sellerBalances(db, sellerId);
  return { pending: cny(b.pending), available: cny(b.available), paid: cny(b.paid), reversed: cny(b.reversed) };
}

export const countSellerPaidOrders = (db: Db, sellerId: string) => countSellerOrders(db, sellerId, COUNTED_ORDER_STATUSES);

export interface CommissionEntryView {
  id: string;
  kind: CommissionEntryRow['kind'];
  orderId: string | null;
  level: number | null;
  payoutId: string | null;
  amount: Money;
  from: 'pending' | 'available' | null;
  createdAt: string;
}

const seqCursor = (s: string | undefined) => {
  if (s === undefined) return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(s)) throw new ApiError('invalid_input', 'cursor: malformed');
  return Number(s);
};

export async function listMyCommissions(db: Db, sellerId: string, q: { cursor?: string; limit: number }) {
  const rows = await listSellerEntries(db, sellerId, { beforeSeq: seqCursor(q.cursor), limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(
      (e): CommissionEntryView => ({
        id: String(e.seq),
        kind: e.kind,
        orderId: e.orderId,
        level: e.level,
        payoutId: e.payoutId,
        amount: cny(e.amount),
        from: e.fromBucket,
        createdAt: e.createdAt.toISOString(),
      }),
    ),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.seq) : null,
  };
}

export async function listMyPayouts(db: Db, sellerId: string, q: { cursor?: string; limit: number }) {
  const rows = await listSellerPayouts(db, sellerId, { beforeSeq: seqCursor(q.cursor), limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      payoutId: r.payout.id,
      amount: cny(r.amount),
      status: r.payout.status,
      createdAt: r.payout.createdAt.toISOString(),
      paidAt: r.payout.paidAt ? r.payout.paidAt.toISOString() : null,
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.seq) : null,
  };
}
