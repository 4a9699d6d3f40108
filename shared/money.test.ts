import { describe, it, expect } from 'vitest';
import { addMoney, bpsOf, formatMoney, money, multiplyMoney, zeroMoney, type Money } from './money';

const NOT_SAFE_INTEGERS = [1.5, 0.1, Number.NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, 2 ** 60];

describe('money', () => {
  it('builds CNY by default', () => {
    expect(money(1290)).toEqual({ amount: 1290, currency: 'CNY' });
    expect(money(-5, 'CNY')).toEqual({ amount: -5, currency: 'CNY' });
    expect(zeroMoney()).toEqual({ amount: 0, currency: 'CNY' });
  });

  it.each(NOT_SAFE_INTEGERS)('rejects amount %s', (amount) => {
    expect(() => money(amount)).toThrow(RangeError);
  });

  it('rejects an unknown currency', () => {
    expect(() => money(1, 'USD' as never)).toThrow(RangeError);
  });
});

describe('addMoney', () => {
  it.each([
    [0, 0, 0],
    [1290, 10, 1300],
    [1, -1, 0],
    [Number.MAX_SAFE_INTEGER - 1, 1, Number.MAX_SAFE_INTEGER],
  ])('%i + %i = %i', (a, b, sum) => {
    expect(addMoney(money(a), money(b))).toEqual(money(sum));
  });

  it('refuses to leave the safe-integer range', () => {
    expect(() => addMoney(money(Number.MAX_SAFE_INTEGER), money(1))).toThrow(RangeError);
  });

  it('refuses mixed currencies', () => {
    const usd = { amount: 1, currency: 'USD' } as unknown as Money;
    expect(() => addMoney(money(1), usd)).toThrow(RangeError);
  });

  it('rejects a float smuggled in through the type', () => {
    expect(() => addMoney({ amount: 0.1, currency: 'CNY' }, money(1))).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const a = Object.freeze(money(1));
    const b = Object.freeze(money(2));
    addMoney(a, b);
    expect(a.amount).toBe(1);
    expect(b.amount).toBe(2);
  });
});

describe('multiplyMoney', () => {
  it.each([
    [1290, 0, 0],
    [1290, 1, 1290],
    [1290, 3, 3870],
    [1, 99, 99],
    [-250, 2, -500],
  ])('%i x %i = %i', (a, q, product) => {
    expect(multiplyMoney(money(a), q)).toEqual(money(product));
  });

  it.each(NOT_SAFE_INTEGERS)('rejects quantity %s', (qty) => {
    expect(() => multiplyMoney(money(100), qty)).toThrow(RangeError);
  });

  it('refuses a product outside the safe-integer range', () => {
    expect(() => multiplyMoney(money(2 ** 30), 2 ** 30)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it.each([
    [1290, '¥12.90'],
    [0, '¥0.00'],
    [5, '¥0.05'],
    [99, '¥0.99'],
    [100, '¥1.00'],
    [123456789, '¥1,234,567.89'],
    [-1290, '-¥12.90'],
    [-5, '-¥0.05'],
  ])('formats %i as %s', (amount, text) => {
    expect(formatMoney(money(amount))).toBe(text);
  });

  it('keeps every cent of the largest safe amount', () => {
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER))).toBe('¥90,071,992,547,409.91');
  });

  it('honours the locale', () => {
    expect(formatMoney(money(1290), 'en-US')).toBe('CN¥12.90');
  });

  it('rejects a float amount', () => {
    expect(() => formatMoney({ amount: 12.9, currency: 'CNY' })).toThrow(RangeError);
  });
});

describe('bpsOf', () => {
  it.each([
    // amount, bps, expected
    [10000, 1000, 1000],
    [1290, 1000, 129],
    [0, 500, 0],
    [12345, 0, 0],
    [12345, 10000, 12345],
    // floor, never round up: 1999 * 5% = 99.95
    [1999, 500, 99],
    // exactly half a minor unit is dropped: 10 * 0.5% = 0.05 -> 0; 1 * 50% = 0.5 -> 0
    [10, 50, 0],
    [1, 5000, 0],
    [3, 5000, 1],
    // just below the next unit
    [9999, 1, 0],
    [10000, 1, 1],
    [19999, 1, 1],
    // 3333 bps of 3 = 0.9999
    [3, 3333, 0],
    [99, 3333, 32],
  ])('bpsOf(%i, %i) = %i', (amount, bps, expected) => {
    expect(bpsOf(amount, bps)).toBe(expected);
  });

  it('is exact where amount * bps exceeds the safe-integer range', () => {
    // 9007199254740991 * 9999 / 10000 = 9006298534815516.9009 -> floor
    expect(bpsOf(Number.MAX_SAFE_INTEGER, 9999)).toBe(9006298534815516);
    expect(bpsOf(Number.MAX_SAFE_INTEGER, 10000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('never exceeds the rate and is short by less than one unit', () => {
    for (let amount = 0; amount < 2000; amount += 7) {
      for (const bps of [1, 33, 250, 1000, 3333, 9999, 10000]) {
        const got = bpsOf(amount, bps);
        expect(Number.isInteger(got)).toBe(true);
        expect(got * 10000).toBeLessThanOrEqual(amount * bps);
        expect((got + 1) * 10000).toBeGreaterThan(amount * bps);
      }
    }
  });

  it.each(NOT_SAFE_INTEGERS)('rejects amount %s', (amount) => {
    expect(() => bpsOf(amount, 100)).toThrow(RangeError);
  });

  it.each(NOT_SAFE_INTEGERS)('rejects bps %s', (bps) => {
    expect(() => bpsOf(100, bps)).toThrow(RangeError);
  });

  it.each([
    [-1, 100],
    [100, -1],
    [100, 10001],
  ])('rejects out-of-range bpsOf(%i, %i)', (amount, bps) => {
    expect(() => bpsOf(amount, bps)).toThrow(RangeError);
  });
});
