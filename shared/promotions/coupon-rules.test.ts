import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { payAmounts } from '../orders/discount-split';
import { couponDiscountAmount, inCouponScope, shownCouponState } from './coupon-rules';
import { chinaTimeToIso } from './coupon-form';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });
const discountArb = fc.oneof(
  fc.integer({ min: 1, max: 100_000 }).map((a) => ({ kind: 'amount' as const, amount: cny(a) })),
  fc.record({ percentOff: fc.integer({ min: 1, max: 90 }), cap: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }) }).map(({ percentOff, cap }) => ({
    kind: 'percent' as const,
    percentOff,
    ...(cap === undefined ? {} : { maxDiscount: cny(cap) }),
  })),
);

describe('a coupon over an order', () => {
  it('takes off no more than the lines it covers, split over exactly those lines, none below 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 0, max: 500_000 }), covered: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        discountArb,
        (lines, d) => {
          const inScope = lines.reduce((s, l) => s + (l.covered ? l.amount : 0), 0);
          const off = couponDiscountAmount(d, inScope);
          expect(off).toBeGreaterThanOrEqual(0);
          expect(off).toBeLessThanOrEqual(inScope);
          if (d.kind === 'percent') expect(off).toBeLessThanOrEqual(Math.min(d.maxDiscount?.amount ?? Infinity, Math.floor((inScope * d.percentOff) / 100)));
          const pays = payAmounts(lines.map((l) => l.amount), off, lines.map((l) => l.covered));
          expect(pays.reduce((s, p) => s + p, 0)).toBe(lines.reduce((s, l) => s + l.amount, 0) - off);
          lines.forEach((l, i) => {
            expect(pays[i]).toBeGreaterThanOrEqual(0);
            // A line the coupon does not cover pays its whole amount.
            if (!l.covered) expect(pays[i]).toBe(l.amount);
          });
        },
      ),
    );
  });

  it('rounds a percentage down and caps it', () => {
    expect(couponDiscountAmount({ kind: 'percent', percentOff: 15 }, 13333)).toBe(1999);
    expect(couponDiscountAmount({ kind: 'percent', percentOff: 15, maxDiscount: cny(1234) }, 13333)).toBe(1234);
    expect(couponDiscountAmount({ kind: 'amount', amount: cny(2000) }, 1500)).toBe(1500);
  });

  it('covers every variant of a product and its category', () => {
    expect(inCouponScope({ kind: 'category', categories: ['Tea'] }, { productId: 'p_1', category: 'Tea' })).toBe(true);
    expect(inCouponScope({ kind: 'products', productIds: ['p_2'] }, { productId: 'p_1', category: 'Tea' })).toBe(false);
    expect(inCouponScope({ kind: 'all' }, { productId: 'p_1', category: 'x' })).toBe(true);
  });
});

describe('what a buyer sees', () => {
  const now = Date.parse('2026-12-06T00:00:00Z');
  const later = new Date(now + 1000);
  const before = new Date(now - 1000);
  it('frees a lapsed lock only when its order was never written', () => {
    expect(shownCouponState({ state: 'locked', validUntil: later, lockedUntil: before }, false, now)).toBe('unused');
    expect(shownCouponState({ state: 'locked', validUntil: later, lockedUntil: before }, true, now)).toBe('locked');
    expect(shownCouponState({ state: 'locked', validUntil: later, lockedUntil: later }, false, now)).toBe('locked');
    expect(shownCouponState({ state: 'locked', validUntil: before, lockedUntil: before }, false, now)).toBe('expired');
  });
  it('shows an unused coupon past its window as expired, a used one as used', () => {
    expect(shownCouponState({ state: 'unused', validUntil: before, lockedUntil: null }, false, now)).toBe('expired');
    expect(shownCouponState({ state: 'used', validUntil: before, lockedUntil: null }, true, now)).toBe('used');
  });
  it('reads China time from the ops form', () => {
    expect(chinaTimeToIso('2026-12-06T10:00')).toBe('2026-12-06T02:00:00.000Z');
    expect(chinaTimeToIso('tomorrow')).toBeUndefined();
  });
});
