// How much of an order's accrued commission one after-sale reverses. Pure: the ledger service
// reads the entries and writes what this returns.
import { bpsOf } from '../money';
import type { CommissionLevel } from './commission';

export interface RefundedLine {
  /** The pay amount of the refunded units (unitsPayAmount). */
  refundPay: number;
  level1Bps: number;
  level2Bps: number;
}

export interface AccrualState {
  sellerId: string;
  level: CommissionLevel;
  accrued: number;
  /** What earlier after-sales already reversed or clawed back of it. */
  reversed: number;
}

/**
 * The commission of the refunded units is the line's rate on their pay amount, floored per line
 * as the accrual was. The after-sale that refunds the order's last unit reverses exactly what is
 * left, so an order's reversals always add up to its accrual and never go past it.
 */
export function afterSaleReversal(a: AccrualState, lines: readonly RefundedLine[], completesOrder: boolean): number {
  const left = Math.max(0, a.accrued - a.reversed);
  if (completesOrder) return left;
  const share = lines.reduce((s, l) => s + bpsOf(l.refundPay, a.level === 1 ? l.level1Bps : l.level2Bps), 0);
  return Math.min(left, share);
}
