import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { payAmounts, splitDiscount, unitsPayAmount } from './discount-split';

describe('splitDiscount', () => {
  it('puts the remainder on the last line', () => {
    expect(splitDiscount([100, 100, 100], 100)).toEqual([33, 33, 34]);
    expect(payAmounts([100, 100, 100], 100)).toEqual([67, 67, 66]);
  });

  it('gives no share to lines out of scope, and the remainder to the last line in scope', () => {
    expect(splitDiscount([100, 500, 100], 50, [true, false, true])).toEqual([25, 0, 25]);
    expect(splitDiscount([100, 500, 100], 51, [true, true, false])).toEqual([8, 43, 0]);
  });

  it('caps a discount larger than the lines at their sum', () => {
    expect(splitDiscount([30, 20], 80)).toEqual([30, 20]);
    // Floors 0 and 2 leave 3 for a last line of 2: it takes 2 and the line before takes 1.
    expect(splitDiscount([1, 3, 2], 5)).toEqual([0, 3, 2]);
  });

  it('is exact and never drives a line below zero (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (amounts, discount) => {
          const shares = splitDiscount(amounts, discount);
          const base = amounts.reduce((s, a) => s + a, 0);
          expect(shares.reduce((s, a) => s + a, 0)).toBe(Math.min(discount, base));
          shares.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(amounts[i]! - s).toBeGreaterThanOrEqual(0);
          });
        },
      ),
    );
  });
});

describe('unitsPayAmount', () => {
  it('refunds a line unit by unit to exactly its pay amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 2147483646 }), (pay, qty, seed) => {
        let refunded = 0;
        let total = 0;
        let s = seed;
        while (refunded < qty) {
          s = (s * 48271) % 2147483647;
          const n = 1 + (s % (qty - refunded));
          const part = unitsPayAmount(pay, qty, refunded, n);
          expect(part).toBeGreaterThanOrEqual(0);
          total += part;
          refunded += n;
        }
        expect(total).toBe(pay);
      }),
    );
  });

  it('refuses more units than the line has', () => {
    expect(() => unitsPayAmount(100, 2, 1, 2)).toThrow(RangeError);
  });
});
