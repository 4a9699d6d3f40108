// An after-sale reverses the commission of its lines only, at both levels: out of pending or
// available, or clawed back once a payout settled it (netted against the next one). Entries
// carry the after-sale's id and are keyed on it, so a retried decision writes nothing twice.
import type { CommissionLevel } from '../../../shared/ledger/commission';
import { refundCorrection } from '../../../shared/ledger/commission';
import { afterSaleReversal, type RefundedLine } from '../../../shared/ledger/line-reversal';
import { findOrderEntries, insertEntries, lastPayoutSeqs, lockSellers, type NewEntry } from '../../storage/ledger/ledger-repo';
import type { Tx } from '../../storage/orders/orders-repo';
import type { CommissionEntryRow } from '../../storage/schema';

/** What earlier after-sales reversed (or clawed back) of one accrual. */
export function partlyReversed(mine: readonly CommissionEntryRow[]): number {
  return mine.reduce((s, e) => s + (e.afterSaleId && (e.kind === 'reverse' || e.kind === 'clawback') ? Math.abs(e.amount) : 0), 0);
}

/** Whether a whole-order correction (ops refund, a fraud decision, a failed group) already ended this accrual. */
export const wholeOrderCorrected = (mine: readonly CommissionEntryRow[]) => mine.some((e) => !e.afterSaleId && (e.kind === 'reverse' || e.kind === 'clawback'));

/**
 * Called in the transaction that refunds the after-sale's lines (the order row is locked).
 * `completesOrder`: this after-sale refunds the order's last units, so what is left goes.
 */
export async function reverseCommissionForAfterSale(tx: Tx, orderId: string, afterSaleId: string, lines: readonly RefundedLine[], completesOrder: boolean): Promise<CommissionEntryRow[]> {
  const accruals = (await findOrderEntries(tx, orderId)).filter((e) => e.kind === 'accrue');
  if (accruals.length === 0) return [];
  const sellerIds = accruals.map((a) => a.sellerId);
  await lockSellers(tx, sellerIds);
  const entries = await findOrderEntries(tx, orderId);
  const lastPayout = await lastPayoutSeqs(tx, sellerIds);
  const writes: NewEntry[] = [];
  for (const a of accruals) {
    const mine = entries.filter((e) => e.sellerId === a.sellerId && e.level === a.level);
    if (wholeOrderCorrected(mine) || mine.some((e) => e.afterSaleId === afterSaleId)) continue;
    const amount = afterSaleReversal({ sellerId: a.sellerId, level: a.level as CommissionLevel, accrued: a.amount, reversed: partlyReversed(mine) }, lines, completesOrder);
    if (amount <= 0) continue;
    const release = mine.find((e) => e.kind === 'release');
    const correction = refundCorrection({
      released: release !== undefined,
      settled: release !== undefined && (lastPayout.get(a.sellerId) ?? 0) > release.seq,
      corrected: false,
    });
    if (!correction) continue;
    const base = { sellerId: a.sellerId, orderId, level: a.level, currency: a.currency, afterSaleId };
    writes.push(correction.kind === 'reverse' ? { ...base, kind: 'reverse', amount, fromBucket: correction.from } : { ...base, kind: 'clawback', amount: -amount });
  }
  return insertEntries(tx, writes);
}
