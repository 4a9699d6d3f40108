import { describe, it, expect } from 'vitest';
import { computeCommissions, computeOrderCommissions, deriveBalances, refundCorrection, type LedgerEntryLike } from './commission';
import { money } from '../money';

const A = { id: 'A', inviterId: null };
const B = { id: 'B', inviterId: 'A' };
const C = { id: 'C', inviterId: 'B' };

describe('computeCommissions', () => {
  it('chain A<-B<-C: C earns level 1, B level 2, A nothing', () => {
    const shares = computeCommissions({
      paidAmount: money(10000),
      level1Bps: 1000,
      level2Bps: 300,
      seller: C,
      commissionable: true,
    });
    expect(shares).toEqual([
      { sellerId: 'C', level: 1, amount: money(1000) },
      { sellerId: 'B', level: 2, amount: money(300) },
    ]);
    expect(shares.some((s) => s.sellerId === 'A')).toBe(false);
  });

  it.each([
    // label, seller, paid, l1, l2, expected [sellerId, level, amount][]
    ['root seller has no level 2', A, 10000, 1000, 300, [['A', 1, 1000]]],
    ['B sells: A gets level 2', B, 10000, 1000, 300, [['B', 1, 1000], ['A', 2, 300]]],
    ['floor rounding on both levels', C, 1999, 500, 250, [['C', 1, 99], ['B', 2, 49]]],
    ['zero level-2 amount omitted', C, 30, 1000, 300, [['C', 1, 3]]],
    ['zero level-2 rate omitted', C, 10000, 1000, 0, [['C', 1, 1000]]],
    ['zero level-1 rate keeps level 2', C, 10000, 0, 300, [['B', 2, 300]]],
    ['everything rounds to zero', C, 9, 1000, 1000, []],
    ['free order', C, 0, 1000, 300, []],
    ['self-invite never pays level 2', { id: 'S', inviterId: 'S' }, 10000, 1000, 300, [['S', 1, 1000]]],
    ['empty inviter id is no inviter', { id: 'S', inviterId: '' }, 10000, 1000, 300, [['S', 1, 1000]]],
  ] as const)('%s', (_label, seller, paid, l1, l2, expected) => {
    const shares = computeCommissions({
      paidAmount: money(paid),
      level1Bps: l1,
      level2Bps: l2,
      seller,
      commissionable: true,
    });
    expect(shares).toEqual(expected.map(([sellerId, level, amount]) => ({ sellerId, level, amount: money(amount) })));
  });

  it('pays nothing when not commissionable', () => {
    expect(
      computeCommissions({ paidAmount: money(10000), level1Bps: 1000, level2Bps: 300, seller: C, commissionable: false }),
    ).toEqual([]);
  });

  it('rejects invalid rates and amounts via bpsOf', () => {
    const input = { paidAmount: money(100), level1Bps: 1000, level2Bps: 300, seller: C, commissionable: true };
    expect(() => computeCommissions({ ...input, level1Bps: 10001 })).toThrow(RangeError);
    expect(() => computeCommissions({ ...input, level2Bps: 1.5 })).toThrow(RangeError);
    expect(() => computeCommissions({ ...input, paidAmount: { amount: 10.5, currency: 'CNY' } })).toThrow(RangeError);
  });
});

const e = (kind: LedgerEntryLike['kind'], amount: number, from?: 'pending' | 'available'): LedgerEntryLike =>
  from ? { kind, amount, from } : { kind, amount };

describe('deriveBalances', () => {
  it.each([
    ['empty ledger', [], { pending: 0, available: 0, paid: 0, reversed: 0 }],
    ['accrued only', [e('accrue', 500), e('accrue', 300)], { pending: 800, available: 0, paid: 0, reversed: 0 }],
    ['released', [e('accrue', 500), e('release', 500)], { pending: 0, available: 500, paid: 0, reversed: 0 }],
    ['paid out', [e('accrue', 500), e('release', 500), e('payout', 500)], { pending: 0, available: 0, paid: 500, reversed: 0 }],
    ['reversed while pending', [e('accrue', 500), e('reverse', 500)], { pending: 0, available: 0, paid: 0, reversed: 500 }],
    [
      'reversed after release',
      [e('accrue', 500), e('release', 500), e('reverse', 500, 'available')],
      { pending: 0, available: 0, paid: 0, reversed: 500 },
    ],
    [
      // Order X released, order Y pending; reversing X must not eat Y's pending.
      'reverse names its bucket',
      [e('accrue', 500), e('accrue', 200), e('release', 500), e('reverse', 500, 'available'), e('release', 200)],
      { pending: 0, available: 200, paid: 0, reversed: 500 },
    ],
    [
      'refund after payout: clawback goes against the next payout',
      [e('accrue', 500), e('release', 500), e('payout', 500), e('clawback', -500)],
      { pending: 0, available: -500, paid: 500, reversed: 500 },
    ],
    [
      'next earnings absorb the clawback',
      [
        e('accrue', 500),
        e('release', 500),
        e('payout', 500),
        e('clawback', -500),
        e('accrue', 800),
        e('release', 800),
        e('payout', 300),
      ],
      { pending: 0, available: 0, paid: 800, reversed: 500 },
    ],
  ] as const)('%s', (_label, entries, expected) => {
    expect(deriveBalances(entries)).toEqual(expected);
  });

  it('conserves money: pending + available + paid + reversed == accrued', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 200; run++) {
      const entries: LedgerEntryLike[] = [];
      let accrued = 0;
      for (let i = 0; i < 30; i++) {
        const amount = 1 + rand(1000);
        const kind = (['accrue', 'release', 'reverse', 'payout', 'clawback'] as const)[rand(5)]!;
        if (kind === 'accrue') accrued += amount;
        entries.push(
          kind === 'clawback'
            ? e(kind, -amount)
            : kind === 'reverse'
              ? e(kind, amount, rand(2) ? 'pending' : 'available')
              : e(kind, amount),
        );
      }
      const b = deriveBalances(entries);
      expect(b.pending + b.available + b.paid + b.reversed).toBe(accrued);
      for (const v of Object.values(b)) expect(Number.isInteger(v)).toBe(true);
    }
  });

  it.each([
    ['float amount', e('accrue', 1.5)],
    ['NaN amount', e('accrue', Number.NaN)],
    ['zero accrue', e('accrue', 0)],
    ['negative accrue', e('accrue', -1)],
    ['negative release', e('release', -1)],
    ['negative reverse', e('reverse', -1)],
    ['negative payout', e('payout', -1)],
    ['positive clawback', e('clawback', 1)],
    ['zero clawback', e('clawback', 0)],
    ['unknown kind', { kind: 'bonus', amount: 1 } as unknown as LedgerEntryLike],
  ])('rejects %s', (_label, entry) => {
    expect(() => deriveBalances([entry])).toThrow(RangeError);
  });
});

describe('computeOrderCommissions', () => {
  it('rates each line at its own product, floors per line, sums per seller and level', () => {
    const shares = computeOrderCommissions({
      lines: [
        { paidAmount: 1999, level1Bps: 500, level2Bps: 250 }, // 99.95 -> 99, 49.975 -> 49
        { paidAmount: 3333, level1Bps: 1000, level2Bps: 0 }, // 333.3 -> 333, 0
      ],
      seller: C,
      commissionable: true,
    });
    expect(shares).toEqual([
      { sellerId: 'C', level: 1, amount: money(432) },
      { sellerId: 'B', level: 2, amount: money(49) },
    ]);
  });

  it('is empty when not commissionable or everything rounds to zero', () => {
    const lines = [{ paidAmount: 10000, level1Bps: 1000, level2Bps: 300 }];
    expect(computeOrderCommissions({ lines, seller: C, commissionable: false })).toEqual([]);
    expect(computeOrderCommissions({ lines: [{ paidAmount: 9, level1Bps: 1000, level2Bps: 1000 }], seller: C, commissionable: true })).toEqual([]);
  });

  it('never pays more than the rate of the total (floor per line)', () => {
    for (let i = 1; i < 300; i++) {
      const lines = [
        { paidAmount: i * 7, level1Bps: 1234, level2Bps: 321 },
        { paidAmount: i * 13, level1Bps: 1234, level2Bps: 321 },
      ];
      const [l1, l2] = computeOrderCommissions({ lines, seller: C, commissionable: true });
      const total = i * 20;
      expect(l1!.amount.amount).toBeLessThanOrEqual(Math.floor((total * 1234) / 10000));
      expect(l1!.amount.amount).toBeGreaterThanOrEqual(Math.floor((total * 1234) / 10000) - 2);
      if (l2) expect(l2.amount.amount).toBeLessThanOrEqual(Math.floor((total * 321) / 10000));
    }
  });
});

describe('refundCorrection', () => {
  it.each([
    [{ released: false, settled: false, corrected: false }, { kind: 'reverse', from: 'pending' }],
    [{ released: true, settled: false, corrected: false }, { kind: 'reverse', from: 'available' }],
    [{ released: true, settled: true, corrected: false }, { kind: 'clawback' }],
    [{ released: true, settled: true, corrected: true }, null],
    [{ released: false, settled: false, corrected: true }, null],
  ] as const)('%o -> %o', (state, expected) => {
    expect(refundCorrection(state)).toEqual(expected);
  });
});
