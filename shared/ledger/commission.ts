import { bpsOf, money, type Money } from '../money';

export type CommissionLevel = 1 | 2;

export interface CommissionShare {
  sellerId: string;
  level: CommissionLevel;
  amount: Money;
}

export interface CommissionInput {
  paidAmount: Money;
  level1Bps: number;
  level2Bps: number;
  /** The attributed seller and their direct inviter. */
  seller: { id: string; inviterId: string | null };
  commissionable: boolean;
}

/**
 * Level 1 to the attributed seller, level 2 to their direct inviter. The chain stops there by
 * design (two levels, no deeper multi-level payouts), so the inviter's inviter earns nothing.
 * Zero-amount shares are omitted so the ledger holds no empty entries.
 */
export function computeCommissions(input: CommissionInput): CommissionShare[] {
  if (!input.commissionable) return [];
  const { paidAmount, seller } = input;
  const shares: CommissionShare[] = [];

  const level1 = bpsOf(paidAmount.amount, input.level1Bps);
  if (level1 > 0) shares.push({ sellerId: seller.id, level: 1, amount: money(level1, paidAmount.currency) });

  // A self-invite would pay one seller twice for one sale.
  const inviter = seller.inviterId;
  if (inviter !== null && inviter !== '' && inviter !== seller.id) {
    const level2 = bpsOf(paidAmount.amount, input.level2Bps);
    if (level2 > 0) shares.push({ sellerId: inviter, level: 2, amount: money(level2, paidAmount.currency) });
  }
  return shares;
}

export type LedgerKind = 'accrue' | 'release' | 'reverse' | 'payout' | 'clawback' | 'withdraw' | 'withdraw_return';

export interface LedgerEntryLike {
  kind: LedgerKind;
  /**
   * Integer minor units. Sign convention: every kind carries a positive amount except
   * `clawback`, which is negative — it is the debt a refund after payout leaves against the
   * seller's next payout.
   */
  amount: number;
  /**
   * `reverse` only: the bucket the reversed commission sits in — `pending` if it was never
   * released, `available` if it was. Defaults to `pending`. Ledger totals cannot tell which,
   * and guessing would drive one bucket negative when the other order is released later.
   */
  from?: 'pending' | 'available';
}

export interface Balances {
  pending: number;
  available: number;
  paid: number;
  reversed: number;
}

/**
 * Folds a seller's ledger into balances:
 *   accrue   +a  pending
 *   release   a  pending -> available
 *   reverse   a  pending (or available, see `from`) -> reversed
 *   payout    a  available -> paid
 *   clawback -a  available -= a, reversed += a; `available` may go negative, which the next
 *                payout absorbs.
 *   withdraw  a  available -> paid (requested, approved or paid out)
 *   withdraw_return a  paid -> available (rejected or failed)
 * Invariant: pending + available + paid + reversed == sum of accrues.
 * A malformed entry (non-integer, wrong sign) is a RangeError: the ledger is ours, not the
 * buyer's, and silently skipping an entry would misstate money.
 */
export function deriveBalances(entries: readonly LedgerEntryLike[]): Balances {
  const b: Balances = { pending: 0, available: 0, paid: 0, reversed: 0 };
  for (const [i, e] of entries.entries()) {
    if (!Number.isSafeInteger(e.amount)) {
      throw new RangeError(`ledger entry ${i}: amount must be a safe integer`);
    }
    if (e.kind === 'clawback' ? e.amount >= 0 : e.amount <= 0) {
      throw new RangeError(`ledger entry ${i}: ${e.kind} amount has the wrong sign (${e.amount})`);
    }
    switch (e.kind) {
      case 'accrue':
        b.pending += e.amount;
        break;
      case 'release':
        b.pending -= e.amount;
        b.available += e.amount;
        break;
      case 'reverse':
        if (e.from === 'available') b.available -= e.amount;
        else b.pending -= e.amount;
        b.reversed += e.amount;
        break;
      case 'payout':
        b.available -= e.amount;
        b.paid += e.amount;
        break;
      case 'clawback':
        b.available += e.amount;
        b.reversed -= e.amount;
        break;
      // A withdrawal leaves the available balance the moment it is requested, and is back
      // there if rejected or failed; what is in flight or paid counts as paid.
      case 'withdraw':
        b.available -= e.amount;
        b.paid += e.amount;
        break;
      case 'withdraw_return':
        b.available += e.amount;
        b.paid -= e.amount;
        break;
      default: {
        const kind: never = e.kind;
        throw new RangeError(`ledger entry ${i}: unknown kind ${String(kind)}`);
      }
    }
  }
  return b;
}

export interface CommissionLine {
  /** What the buyer paid for this line (unit price × quantity), in minor units. */
  paidAmount: number;
  level1Bps: number;
  level2Bps: number;
}

/**
 * An order's commission: each line at its own product's rates, floored per line (bpsOf), then
 * summed per (seller, level) so the ledger holds one entry per (order, seller, level, kind).
 * Per-line flooring never pays more than each product's rate of what was paid for it.
 */
export function computeOrderCommissions(input: {
  lines: readonly CommissionLine[];
  seller: { id: string; inviterId: string | null };
  commissionable: boolean;
  currency?: Money['currency'];
}): CommissionShare[] {
  const byKey = new Map<string, CommissionShare>();
  for (const line of input.lines) {
    const shares = computeCommissions({
      paidAmount: money(line.paidAmount, input.currency),
      level1Bps: line.level1Bps,
      level2Bps: line.level2Bps,
      seller: input.seller,
      commissionable: input.commissionable,
    });
    for (const s of shares) {
      const key = `${s.level}:${s.sellerId}`;
      const prev = byKey.get(key);
      byKey.set(key, prev ? { ...prev, amount: money(prev.amount.amount + s.amount.amount, s.amount.currency) } : s);
    }
  }
  return [...byKey.values()].sort((a, b) => a.level - b.level);
}

/**
 * What a refund writes for one accrued commission:
 * - never released: `reverse` out of pending;
 * - released but not yet settled by a payout: `reverse` out of available;
 * - settled (a payout came after its release): a negative `clawback`, netted against the
 *   seller's next payout.
 * Null when the commission was already corrected.
 */
export function refundCorrection(state: { released: boolean; settled: boolean; corrected: boolean }):
  | { kind: 'reverse'; from: 'pending' | 'available' }
  | { kind: 'clawback' }
  | null {
  if (state.corrected) return null;
  if (!state.released) return { kind: 'reverse', from: 'pending' };
  if (!state.settled) return { kind: 'reverse', from: 'available' };
  return { kind: 'clawback' };
}
