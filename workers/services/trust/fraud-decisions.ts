// Ops decisions on commissions held by fraud signals, and the list ops decide from. A decision
// writes ledger entries like any other ledger verb (idempotent per order, seller, level, kind)
// and is recorded in the audit log in the same transaction.
import { decodeCursor, pageOf } from '../../../shared/cursor';
import { ApiError } from '../../../shared/errors';
import { decisionsFor, type HoldDecision, type SignalView } from '../../../shared/trust/fraud';
import { money, type Money } from '../../../shared/money';
import type { AppEnv } from '../../env';
import type { Db } from '../../storage/db';
import { decideSignals, listSignalRows, lockOpenSignals } from '../../storage/trust/fraud-repo';
import { lockOrder } from '../../storage/ledger/ledger-repo';
import type { CommissionEntryRow, FraudSignalKind, FraudSignalState } from '../../storage/schema';
import { recordAudit } from './audit';
import { correctCommissionForRefund, holdDays, releaseLockedOrder } from '../ledger/commissions';

export type { HoldDecision, SignalView } from '../../../shared/trust/fraud';

export interface DecisionResult {
  orderId: string;
  decision: HoldDecision;
  /** The signals this decision closed. */
  signals: FraudSignalKind[];
  /** Ledger entries written now: `release` when the delivery hold is over, `reverse`/`clawback` on reverse. */
  entries: { sellerId: string; level: number; kind: CommissionEntryRow['kind']; amount: Money }[];
  /** Release only: the order is not yet past HOLD_DAYS after delivery, so the daily job releases it then. */
  releasesLater: boolean;
}

/**
 * Release: the hold is lifted, and commission already due (delivered HOLD_DAYS ago) moves to
 * available now; otherwise the daily job releases it when due, as for any order. A refunded or
 * cancelled order has nothing to release (409). Reverse: every commission of the order is
 * reversed (out of pending or available) or clawed back after a payout, exactly as a refund
 * would; an order that has not accrued yet (a group still filling, an unpaid order) never
 * accrues, because accrual and release both skip a reversed order. The order row is locked
 * first, as by refunds, accrual (its status change) and the release job, so a decision, a
 * refund, an accrual and a release never interleave; a second decision finds nothing open (409).
 */
export async function decideHeldOrder(db: Db, env: Pick<AppEnv, 'HOLD_DAYS'>, input: { orderId: string; decision: HoldDecision; actor: string; now?: Date }): Promise<DecisionResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    if (!order) throw new ApiError('not_found', 'No such order.');
    const open = await lockOpenSignals(tx, input.orderId);
    if (open.length === 0) throw new ApiError('conflict', 'This order has no commission on hold: nothing to decide (already decided, or never flagged).');
    if (!decisionsFor(order.status).includes(input.decision)) throw new ApiError('conflict', `An order in status ${order.status} earns no commission: there is nothing to release.`);
    let written: CommissionEntryRow[] = [];
    let releasesLater = false;
    if (input.decision === 'reverse') {
      written = await correctCommissionForRefund(tx, { id: input.orderId });
    } else {
      const cutoff = now.getTime() - holdDays(env) * 86_400_000;
      const due = (order.status === 'delivered' || order.status === 'completed') && order.deliveredAt !== null && order.deliveredAt.getTime() <= cutoff;
      if (due) written = await releaseLockedOrder(tx, input.orderId);
      else releasesLater = order.status !== 'refunded' && order.status !== 'cancelled';
    }
    const state = input.decision === 'release' ? 'released' : 'reversed';
    await decideSignals(
      tx,
      open.map((s) => s.id),
      state,
      input.actor,
      now,
    );
    const result: DecisionResult = {
      orderId: input.orderId,
      decision: input.decision,
      signals: open.map((s) => s.kind),
      entries: written.map((e) => ({ sellerId: e.sellerId, level: e.level ?? 0, kind: e.kind, amount: money(e.amount, 'CNY') })),
      releasesLater,
    };
    await recordAudit(tx, {
      actor: input.actor,
      action: `commission.${input.decision}`,
      target: `order:${input.orderId}`,
      before: { hold: 'open', signals: result.signals },
      after: { hold: state, entries: written.map((e) => ({ seq: e.seq, sellerId: e.sellerId, level: e.level, kind: e.kind, amount: e.amount })), releasesLater },
    });
    return result;
  });
}

export async function listSignals(db: Db, q: { state?: FraudSignalState; limit: number; cursor?: string }): Promise<{ items: SignalView[]; nextCursor: string | null }> {
  const rows = await listSignalRows(db, { state: q.state, limit: q.limit + 1, before: q.cursor ? decodeCursor(q.cursor) : undefined });
  return pageOf(
    rows.map((r) => ({ ...r, createdAt: r.signal.createdAt, id: r.signal.id })),
    q.limit,
    ({ signal: s, sellerHandle, linkCode, orderStatus, orderTotal }): SignalView => ({
      id: s.id,
      kind: s.kind,
      state: s.state,
      orderId: s.orderId,
      orderStatus,
      orderTotal: orderTotal === null ? null : money(orderTotal, 'CNY'),
      sellerId: s.sellerId,
      sellerHandle,
      linkId: s.linkId,
      linkCode,
      observed: s.observed,
      threshold: s.threshold,
      decidedBy: s.decidedBy,
      decidedAt: s.decidedAt ? s.decidedAt.toISOString() : null,
      createdAt: s.createdAt.toISOString(),
    }),
  );
}
