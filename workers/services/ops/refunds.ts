// What ops do with refunds: list them by state or the flagged ones (asked for too often without
// settling), and ask the provider again for one that is owed, audited when it is accepted.
import type { RefundState } from '../../../shared/orders/order-state';
import type { Db } from '../../storage/db';
import type { RefundRequestRow } from '../../storage/schema';
import { recordAudit } from '../trust/audit';
import { listFlaggedRefunds, listOrderRefunds, listRefunds, REFUND_FLAG_ATTEMPTS, sendOwedRefund, type PaymentDeps } from '../orders/payments';

export { REFUND_FLAG_ATTEMPTS };

export type RefundFilter = RefundState | 'flagged';

export const isFlagged = (r: Pick<RefundRequestRow, 'state' | 'attempts'>) => r.state !== 'settled' && r.attempts >= REFUND_FLAG_ATTEMPTS;

export async function listRefundsForOps(db: Db, filter: RefundFilter, limit = 200) {
  const rows = filter === 'flagged' ? await listFlaggedRefunds(db, limit) : await listRefunds(db, filter, limit);
  return rows.map((r) => ({
    orderId: r.orderId,
    afterSaleId: r.afterSaleId,
    reason: r.reason,
    amount: r.amount,
    state: r.state,
    attempts: r.attempts,
    failures: r.failures,
    lastError: r.lastError,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
    flagged: isFlagged(r),
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * Asks again for one owed refund, now, whatever its backoff says. When the provider accepts, the
 * audit entry lands in the transaction that records it; a refusal only counts another attempt.
 */
export async function retryRefundAsOps(deps: PaymentDeps, actor: string, orderId: string): Promise<boolean> {
  // The order's owed refund: its whole-order refund, or else the after-sale's still owed.
  const owedRows = (await listOrderRefunds(deps.db, orderId)).filter((r) => r.state === 'owed');
  const row = owedRows.find((r) => r.afterSaleId === null) ?? owedRows[0];
  if (!row) return false;
  return sendOwedRefund(deps, row.id, {
    inTx: (tx, before) =>
      recordAudit(tx, {
        actor,
        action: 'refund.retry',
        target: `order:${orderId}`,
        before: { refund: before.state, attempts: before.attempts, failures: before.failures },
        after: { refund: 'requested', attempts: before.attempts + 1, failures: before.failures },
      }).then(() => {}),
  });
}
