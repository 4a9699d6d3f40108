import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bargainOfferProblem, nextCut } from './bargain-cut';

/** Every cut of one bargain, in order, with the random numbers given. */
function runBargain(start: number, floor: number, helpers: number, draws: number[]): number[] {
  const cuts: number[] = [];
  let remaining = start - floor;
  for (let i = 0; i < helpers; i++) {
    const cut = nextCut(remaining, helpers - i, () => draws[i % draws.length]!);
    cuts.push(cut);
    remaining -= cut;
  }
  return cuts;
}

describe('bargain cut', () => {
  it('sums exactly, never cuts below 1 fen, and the last help lands on the floor (sizes 2–50, random prices)', () => {
    const offer = fc
      .record({ helpers: fc.integer({ min: 2, max: 50 }), floor: fc.integer({ min: 0, max: 500_000 }), gap: fc.integer({ min: 0, max: 2_000_000 }) })
      .map((o) => ({ ...o, start: o.floor + o.helpers + o.gap }));
    fc.assert(
      fc.property(offer, fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 60 }), ({ helpers, floor, start }, draws) => {
        const cuts = runBargain(start, floor, helpers, draws);
        expect(cuts).toHaveLength(helpers);
        expect(cuts.reduce((a, b) => a + b, 0)).toBe(start - floor);
        expect(cuts.every((c) => Number.isInteger(c) && c >= 1)).toBe(true);
        // After each help, every help still to come can take 1 fen.
        let price = start;
        cuts.forEach((c, i) => {
          price -= c;
          expect(price - floor).toBeGreaterThanOrEqual(helpers - i - 1);
        });
        expect(price).toBe(floor);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds at the edges: the smallest gap gives 1 fen each, and a greedy random source still leaves 1 fen per help', () => {
    expect(runBargain(110, 100, 10, [0.999999])).toEqual(Array(10).fill(1));
    const greedy = runBargain(100_000, 0, 5, [0.999999]);
    expect(greedy.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.min(...greedy)).toBeGreaterThanOrEqual(1);
    expect(runBargain(1000, 0, 2, [0])).toEqual([1, 999]);
  });

  it('refuses a cut that cannot leave 1 fen per help, and an offer whose gap is below 1 fen per helper', () => {
    expect(() => nextCut(4, 5, Math.random)).toThrow(RangeError);
    expect(bargainOfferProblem(1000, 1000, 2)).toMatch(/lower/);
    expect(bargainOfferProblem(1009, 1000, 10)).toMatch(/at least 0.01/);
    expect(bargainOfferProblem(1010, 1000, 10)).toBeNull();
  });
});
