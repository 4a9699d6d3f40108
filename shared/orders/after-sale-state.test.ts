import { describe, expect, it } from 'vitest';
import { afterSaleBlock, DAY_MS, nextAfterSaleStatus, returnDays, type AfterSaleAction, type AfterSaleStatus } from './after-sale-state';
import { afterSaleReversal } from '../ledger/line-reversal';

const delivered = new Date('2026-03-01T08:00:00.000Z');
const base = { status: 'delivered' as const, deliveredAt: delivered, refundRequested: false, allRefunded: false, hasOpen: false };

describe('the return window', () => {
  it('is open at exactly RETURN_DAYS after delivery, closed a millisecond later', () => {
    const edge = new Date(delivered.getTime() + 7 * DAY_MS);
    expect(afterSaleBlock(base, 'return', edge, 7)).toBeNull();
    expect(afterSaleBlock(base, 'return', new Date(edge.getTime() + 1), 7)).toBe('window_passed');
    expect(afterSaleBlock({ ...base, status: 'completed' }, 'return', edge, 7)).toBeNull();
  });

  it('says why an order cannot take an after-sale of each kind', () => {
    const now = new Date(delivered.getTime() + DAY_MS);
    expect(afterSaleBlock({ ...base, status: 'paid', deliveredAt: null }, 'refund', now, 7)).toBeNull();
    expect(afterSaleBlock({ ...base, status: 'confirmed', deliveredAt: null }, 'refund', now, 7)).toBeNull();
    expect(afterSaleBlock({ ...base, status: 'shipped', deliveredAt: null }, 'refund', now, 7)).toBe('shipped_use_return');
    expect(afterSaleBlock({ ...base, status: 'shipped', deliveredAt: null }, 'return', now, 7)).toBe('not_delivered');
    expect(afterSaleBlock({ ...base, status: 'paid', deliveredAt: null }, 'return', now, 7)).toBe('not_delivered');
    expect(afterSaleBlock({ ...base, status: 'pending_payment' }, 'refund', now, 7)).toBe('not_paid');
    expect(afterSaleBlock({ ...base, status: 'awaiting_group' }, 'refund', now, 7)).toBe('group_pending');
    expect(afterSaleBlock({ ...base, status: 'refunded' }, 'return', now, 7)).toBe('refunded');
    expect(afterSaleBlock({ ...base, refundRequested: true }, 'return', now, 7)).toBe('refunded');
    expect(afterSaleBlock({ ...base, allRefunded: true }, 'return', now, 7)).toBe('fully_refunded');
    expect(afterSaleBlock({ ...base, hasOpen: true }, 'return', now, 7)).toBe('open');
  });

  it('reads RETURN_DAYS, 7 when unset or malformed', () => {
    expect(returnDays(undefined)).toBe(7);
    expect(returnDays('')).toBe(7);
    expect(returnDays('abc')).toBe(7);
    expect(returnDays('-1')).toBe(7);
    expect(returnDays('14')).toBe(14);
    expect(returnDays('0')).toBe(0);
  });
});

describe("an after-sale's path", () => {
  const cases: [AfterSaleStatus, AfterSaleAction, AfterSaleStatus | null][] = [
    ['requested', 'approve', 'approved'],
    ['requested', 'reject', 'rejected'],
    ['requested', 'send_back', null],
    ['requested', 'receive', null],
    ['approved', 'send_back', 'returned'],
    ['approved', 'reject', null],
    ['approved', 'receive', null],
    ['returned', 'receive', 'refunded'],
    ['returned', 'approve', null],
    ['refunded', 'receive', null],
    ['rejected', 'approve', null],
  ];
  it.each(cases)('%s + %s -> %s', (from, action, to) => expect(nextAfterSaleStatus(from, action)).toBe(to));
});

describe('the commission an after-sale reverses', () => {
  const lines = [
    { refundPay: 3333, level1Bps: 1000, level2Bps: 300 },
    { refundPay: 999, level1Bps: 500, level2Bps: 0 },
  ];
  it("is each line's rate on its refunded pay amount, floored per line", () => {
    expect(afterSaleReversal({ sellerId: 's', level: 1, accrued: 10_000, reversed: 0 }, lines, false)).toBe(333 + 49);
    expect(afterSaleReversal({ sellerId: 's', level: 2, accrued: 10_000, reversed: 0 }, lines, false)).toBe(99);
  });
  it('never passes what is left, and the last one takes exactly what is left', () => {
    expect(afterSaleReversal({ sellerId: 's', level: 1, accrued: 400, reversed: 100 }, lines, false)).toBe(300);
    expect(afterSaleReversal({ sellerId: 's', level: 1, accrued: 400, reversed: 100 }, [], true)).toBe(300);
    expect(afterSaleReversal({ sellerId: 's', level: 1, accrued: 400, reversed: 400 }, lines, true)).toBe(0);
  });
});
