import { describe, expect, it } from 'vitest';
import { WITHDRAWAL_ACTIONS, WITHDRAWAL_STATES, maskAccount, nextWithdrawalState, returnsMoney, shownBalance, withdrawalFee } from './withdrawal-state';

describe('withdrawal states', () => {
  it('allows exactly the contract moves', () => {
    const allowed: string[] = [];
    for (const s of WITHDRAWAL_STATES) for (const a of WITHDRAWAL_ACTIONS) {
      const to = nextWithdrawalState(s, a);
      if (to) allowed.push(`${s}-${a}->${to}`);
    }
    expect(allowed.sort()).toEqual(['approved-fail->failed', 'approved-mark-paid->paid', 'requested-approve->approved', 'requested-reject->rejected']);
  });

  it('returns money only when rejected or failed', () => {
    expect(WITHDRAWAL_STATES.filter(returnsMoney)).toEqual(['rejected', 'failed']);
  });
});

describe('withdrawal money', () => {
  it('rounds the fee down and nets it', () => {
    expect(withdrawalFee(1000, 0)).toEqual({ fee: 0, net: 1000 });
    expect(withdrawalFee(1999, 60)).toEqual({ fee: 11, net: 1988 }); // 11.994 → 11
    expect(withdrawalFee(3333, 2000)).toEqual({ fee: 666, net: 2667 }); // 666.6 → 666
    expect(withdrawalFee(1, 2000)).toEqual({ fee: 0, net: 1 });
  });

  it('shows a negative fold as zero available and the debt owed', () => {
    expect(shownBalance(500)).toEqual({ available: 500, owed: 0 });
    expect(shownBalance(-120)).toEqual({ available: 0, owed: 120 });
  });

  it('masks all but the last four characters', () => {
    expect(maskAccount('6222 0212 3456 7890')).toBe('****7890');
    expect(maskAccount('ab')).toBe('****ab');
  });
});
