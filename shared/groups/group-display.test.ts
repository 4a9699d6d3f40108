import { describe, expect, it } from 'vitest';
import { formatCountdown, initialsOf, pickOpenGroups, seatsNeeded } from './group-display';

describe('initialsOf', () => {
  it('takes one character of a CJK name and two letters of a Latin one', () => {
    expect(initialsOf('张三')).toBe('张');
    expect(initialsOf('  zhang san ')).toBe('ZS');
    expect(initialsOf('Lily')).toBe('L');
    expect(initialsOf('张三 Zhang San')).toBe('张');
    expect(initialsOf('')).toBe('?');
  });
  it('never leaks more than two characters, even of an email-like name', () => {
    expect(initialsOf('someone@example.com')).toBe('S');
    expect(initialsOf('a b c d').length).toBeLessThanOrEqual(2);
  });
});

describe('seatsNeeded', () => {
  it('counts paid seats missing while open, 0 once decided', () => {
    expect(seatsNeeded({ size: 3, members: 1, status: 'open' })).toBe(2);
    expect(seatsNeeded({ size: 3, members: 2, status: 'succeeded' })).toBe(0);
    expect(seatsNeeded({ size: 3, members: 0, status: 'failed' })).toBe(0);
  });
});

describe('formatCountdown', () => {
  it('formats h:m:s, with days, and clamps at zero', () => {
    expect(formatCountdown(3_725_000)).toBe('01:02:05');
    expect(formatCountdown(90_061_000)).toBe('1天 01:01:01');
    expect(formatCountdown(-5)).toBe('00:00:00');
    expect(formatCountdown(90_061_000, (n) => `${n}d`)).toBe('1d 01:01:01');
  });
});

describe('pickOpenGroups', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  const at = (min: number) => new Date(now + min * 60_000).toISOString();
  it('orders nearest to full first, then soonest deadline, and drops expired or fully taken groups', () => {
    const got = pickOpenGroups(
      [
        { id: 'g_a', members: 0, held: 0, size: 3, expiresAt: at(10) },
        { id: 'g_b', members: 2, held: 0, size: 3, expiresAt: at(30) },
        { id: 'g_c', members: 1, held: 0, size: 2, expiresAt: at(20) },
        { id: 'g_d', members: 1, held: 2, size: 3, expiresAt: at(5) },
        { id: 'g_e', members: 2, held: 0, size: 3, expiresAt: at(-1) },
        { id: 'g_f', members: 1, held: 0, size: 3, expiresAt: at(15) },
      ],
      now,
    );
    expect(got.map((g) => g.id)).toEqual(['g_c', 'g_b', 'g_f', 'g_a']);
    expect(pickOpenGroups(got, now, 2)).toHaveLength(2);
  });
});
