// The commission ledger's verbs: accrual and corrections on order transitions, and release
// after the hold (unless a fraud signal holds the order). Entries are only ever added (DESIGN.md
// invariants 2 and 3); balances are always derived from them. The seller's views are in
// commission-views.ts, re-exported here. Money leaves by withdrawals (services/program/).
import { computeOrderCommissions, refundCorrection } from '../../../shared/ledger/commission';
import type { OrderStatus } from '../../../shared/orders/order-state';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { hasSignalsIn } from '../../storage/trust/fraud-repo';
import {
  findCommissionLines,
  findInviterId,
  findOrderEntries,
  findOrdersDueForRelease,
  findSuspendedSellerIds,
  insertEntries,
  lastPayoutSeqs,
  lockOrder,
  lockSellers,
  type NewEntry,
} from '../../storage/ledger/ledger-repo';
import type { Tx } from '../../storage/orders/orders-repo';
import type { CommissionEntryRow, OrderRow } from '../../storage/schema';

import { partlyReversed, wholeOrderCorrected } from './after-sale-reversals';

export * from './after-sale-reversals';
export * from './commission-views';

const DAY_MS = 86_400_000;

export function holdDays(env: Pick<AppEnv, 'HOLD_DAYS'>): number {
  const n = Number(env.HOLD_DAYS ?? '7');
  return Number.isInteger(n) && n >= 0 && n <= 365 ? n : 7;
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
  // Ops reversed the order's hold before it accrued: it never earns. The decision locks the order
  // row, and so does this transaction's status change, so one always sees the other.
  if (await hasSignalsIn(tx, order.id, ['reversed'])) return [];
  const [lines, inviterId] = await Promise.all([findCommissionLines(tx, order.id), findInviterId(tx, order.attributedSellerId)]);

  // A suspended seller, or one enrollment has not approved, earns nothing new: a sale through
  // their link earns no one anything (the link is what stopped earning), and as an inviter they
  // get no level-2 share either.
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

/**
 * A refund (or an ops decision against a held commission) reverses each accrued commission, or
 * claws it back when a payout already settled it. Lines already corrected are left alone.
 */
export async function correctCommissionForRefund(tx: Tx, order: Pick<OrderRow, 'id'>): Promise<CommissionEntryRow[]> {
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
    // After-sales may have reversed some lines already: a full refund reverses what is left.
    const left = a.amount - partlyReversed(mine);
    const correction = refundCorrection({
      released: release !== undefined,
      settled: release !== undefined && (lastPayout.get(a.sellerId) ?? 0) > release.seq,
      corrected: wholeOrderCorrected(mine) || left <= 0,
    });
    if (!correction) continue;
    const base = { sellerId: a.sellerId, orderId: order.id, level: a.level, currency: a.currency };
    writes.push(
      correction.kind === 'reverse'
        ? { ...base, kind: 'reverse', amount: left, fromBucket: correction.from }
        : { ...base, kind: 'clawback', amount: -left },
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
    // A fraud signal holds the commission in pending until ops decide (fraud-decisions.ts locks the
    // order too); a reversed one means the order never earns, even if its accrual raced the decision.
    if (await hasSignalsIn(tx, orderId, ['open', 'reversed'])) return 0;
    return (await releaseLockedOrder(tx, orderId)).length;
  });
}

/** Pending → available for the order's accruals not yet released or corrected. The caller holds the order's row lock. */
export async function releaseLockedOrder(tx: Tx, orderId: string): Promise<CommissionEntryRow[]> {
  const entries = await findOrderEntries(tx, orderId);
  const mineOf = (a: CommissionEntryRow) => entries.filter((e) => e.sellerId === a.sellerId && e.level === a.level);
  // What an after-sale reversed out of pending before the release is not released.
  const due = entries
    .filter((a) => a.kind === 'accrue' && !mineOf(a).some((e) => e.kind === 'release') && !wholeOrderCorrected(mineOf(a)))
    .map((a) => ({ a, amount: a.amount - partlyReversed(mineOf(a).filter((e) => e.fromBucket === 'pending')) }))
    .filter((d) => d.amount > 0);
  if (due.length === 0) return [];
  await lockSellers(
    tx,
    due.map((d) => d.a.sellerId),
  );
  return insertEntries(
    tx,
    due.map(({ a, amount }) => ({ sellerId: a.sellerId, kind: 'release' as const, orderId, level: a.level, amount, currency: a.currency })),
  );
}
