// Withdrawals (提现): the states, the moves ops may make, and the money arithmetic. Pure, so the
// Worker, the pages and the histories' model agree on one set of rules.
import { bpsOf } from '../money';

export const WITHDRAWAL_STATES = ['requested', 'approved', 'paid', 'rejected', 'failed'] as const;
export type WithdrawalState = (typeof WITHDRAWAL_STATES)[number];

export const WITHDRAWAL_ACTIONS = ['approve', 'reject', 'mark-paid', 'fail'] as const;
export type WithdrawalAction = (typeof WITHDRAWAL_ACTIONS)[number];

/** requested → approved → paid; requested → rejected; approved → failed. Nothing leaves paid, rejected or failed. */
const MOVES: Record<WithdrawalAction, { from: WithdrawalState; to: WithdrawalState }> = {
  approve: { from: 'requested', to: 'approved' },
  reject: { from: 'requested', to: 'rejected' },
  'mark-paid': { from: 'approved', to: 'paid' },
  fail: { from: 'approved', to: 'failed' },
};

/** The state an action leads to from `from`, or null when the move is not allowed. */
export function nextWithdrawalState(from: WithdrawalState, action: WithdrawalAction): WithdrawalState | null {
  const m = MOVES[action];
  return m.from === from ? m.to : null;
}

/** Rejected and failed withdrawals give the amount back to the available balance (a withdraw_return entry). */
export const returnsMoney = (to: WithdrawalState) => to === 'rejected' || to === 'failed';

/** fee = amount × feeBps / 10000 rounded down; net = amount − fee. */
export function withdrawalFee(amount: number, feeBps: number): { fee: number; net: number } {
  const fee = bpsOf(amount, feeBps);
  return { fee, net: amount - fee };
}

/**
 * What the seller sees of the ledger's available balance. The fold may be negative: a
 * refund after money was withdrawn claws the commission back, and that debt is netted against
 * the next withdrawal. The seller sees zero available and the debt as owed.
 */
export function shownBalance(available: number): { available: number; owed: number } {
  return available >= 0 ? { available, owed: 0 } : { available: 0, owed: -available };
}

/** An account number shown anywhere but the ops transfer file: the last four characters only. */
export function maskAccount(account: string): string {
  const tail = account.replace(/\s+/g, '').slice(-4);
  return `****${tail}`;
}
