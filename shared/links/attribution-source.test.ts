import { describe, expect, it } from 'vitest';
import { BINDING_MODES } from '../program/program-schemas';
import { bindingAfterPayment, bindingInForce, chooseAttributionSource, type BindingCandidate } from './attribution-source';

const NOW = 1_800_000_000_000;
const code = { sellerId: 's_code' };
const link = { sellerId: 's_link' };
const group = { sellerId: 's_group' };
const live: BindingCandidate = { sellerId: 's_bound', expiresAt: NOW + 1 };
const permanent: BindingCandidate = { sellerId: 's_bound', expiresAt: null };
const lapsed: BindingCandidate = { sellerId: 's_bound', expiresAt: NOW };

describe('chooseAttributionSource', () => {
  // Every combination of present/absent candidates, in every mode, against an oracle written as the contract's list.
  const options = {
    code: [null, code],
    link: [null, link],
    binding: [null, live, permanent, lapsed],
    group: [null, group],
  } as const;
  for (const mode of BINDING_MODES) {
    for (const c of options.code) {
      for (const l of options.link) {
        for (const b of options.binding) {
          for (const g of options.group) {
            const inForce = b !== null && b !== lapsed;
            const expected = c
              ? ['code', 's_code']
              : inForce && mode === 'first'
                ? ['binding', 's_bound']
                : l
                  ? ['link', 's_link']
                  : inForce
                    ? ['binding', 's_bound']
                    : g
                      ? ['group', 's_group']
                      : null;
            it(`${mode}: code=${!!c} link=${!!l} binding=${b === null ? 'none' : b === lapsed ? 'lapsed' : b.expiresAt === null ? 'permanent' : 'live'} group=${!!g} → ${expected?.[0] ?? 'none'}`, () => {
              const got = chooseAttributionSource({ code: c, link: l, binding: b, group: g, bindingMode: mode, now: NOW });
              expect(got ? [got.source, got.winner.sellerId] : null).toEqual(expected);
            });
          }
        }
      }
    }
  }

  it('a binding lapses at its expiry instant, not a millisecond later', () => {
    expect(bindingInForce({ sellerId: 's', expiresAt: NOW }, NOW)).toBe(false);
    expect(bindingInForce({ sellerId: 's', expiresAt: NOW + 1 }, NOW)).toBe(true);
    expect(bindingInForce({ sellerId: 's', expiresAt: null }, NOW)).toBe(true);
    expect(bindingInForce(null, NOW)).toBe(false);
  });
});

describe('bindingAfterPayment', () => {
  it('first keeps a binding in force and rebinds a lapsed or missing one', () => {
    expect(bindingAfterPayment({ mode: 'first', current: live, hasEarlierPaidOrder: true, now: NOW })).toBe('keep');
    expect(bindingAfterPayment({ mode: 'first', current: permanent, hasEarlierPaidOrder: true, now: NOW })).toBe('keep');
    expect(bindingAfterPayment({ mode: 'first', current: lapsed, hasEarlierPaidOrder: true, now: NOW })).toBe('bind');
    expect(bindingAfterPayment({ mode: 'first', current: null, hasEarlierPaidOrder: true, now: NOW })).toBe('bind');
  });
  it('latest always moves it', () => {
    expect(bindingAfterPayment({ mode: 'latest', current: live, hasEarlierPaidOrder: true, now: NOW })).toBe('bind');
    expect(bindingAfterPayment({ mode: 'latest', current: null, hasEarlierPaidOrder: false, now: NOW })).toBe('bind');
  });
  it('new_buyers_only binds only a buyer with no earlier paid order', () => {
    expect(bindingAfterPayment({ mode: 'new_buyers_only', current: null, hasEarlierPaidOrder: false, now: NOW })).toBe('bind');
    expect(bindingAfterPayment({ mode: 'new_buyers_only', current: null, hasEarlierPaidOrder: true, now: NOW })).toBe('keep');
    expect(bindingAfterPayment({ mode: 'new_buyers_only', current: lapsed, hasEarlierPaidOrder: true, now: NOW })).toBe('keep');
  });
});
