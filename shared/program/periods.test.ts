import { describe, expect, it } from 'vitest';
import { localMidnight, periodOf, storeTimeZone } from './periods';

const iso = (p: { start: Date; end: Date }) => ({ start: p.start.toISOString(), end: p.end.toISOString() });

describe('leaderboard periods', () => {
  it('a sale at 23:59 on Sunday, Shanghai time, belongs to the week that ends that night', () => {
    // Sunday 2026-12-06 23:59 in Shanghai is 15:59 UTC.
    const p = periodOf('week', new Date('2026-12-06T15:59:00Z'), 'Asia/Shanghai');
    expect(iso(p)).toEqual({ start: '2026-11-29T16:00:00.000Z', end: '2026-12-06T16:00:00.000Z' });
    // One minute past midnight Monday starts the next one.
    const next = periodOf('week', new Date('2026-12-06T16:00:00Z'), 'Asia/Shanghai');
    expect(next.start.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(next.end.toISOString()).toBe('2026-12-13T16:00:00.000Z');
  });

  it('weeks are ISO weeks: Monday starts one, across a month and a year end', () => {
    // Thursday 2027-01-01 (local) sits in the week of Monday 2026-12-28.
    const p = periodOf('week', new Date('2027-01-01T02:00:00Z'), 'Asia/Shanghai');
    expect(iso(p)).toEqual({ start: '2026-12-27T16:00:00.000Z', end: '2027-01-03T16:00:00.000Z' });
    const monday = periodOf('week', new Date('2026-12-27T16:00:00Z'), 'Asia/Shanghai');
    expect(monday.start.toISOString()).toBe('2026-12-27T16:00:00.000Z');
  });

  it('months are calendar months in the zone, not in UTC', () => {
    // 2026-11-30T17:00Z is already 1 December in Shanghai.
    const p = periodOf('month', new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai');
    expect(iso(p)).toEqual({ start: '2026-11-30T16:00:00.000Z', end: '2026-12-31T16:00:00.000Z' });
    const dec = periodOf('month', new Date('2026-12-31T15:59:59Z'), 'Asia/Shanghai');
    expect(dec.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(periodOf('month', new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai').start.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('works in a zone with daylight saving: the week across the change is 169 hours long', () => {
    // Europe/Berlin leaves summer time on Sunday 2026-10-25.
    const p = periodOf('week', new Date('2026-10-22T12:00:00Z'), 'Europe/Berlin');
    expect(iso(p)).toEqual({ start: '2026-10-18T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' });
    expect((p.end.getTime() - p.start.getTime()) / 3_600_000).toBe(169);
    const ny = periodOf('month', new Date('2026-03-15T12:00:00Z'), 'America/New_York');
    expect(iso(ny)).toEqual({ start: '2026-03-01T05:00:00.000Z', end: '2026-04-01T04:00:00.000Z' });
    expect(localMidnight(2026, 3, 8, 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(localMidnight(2026, 3, 9, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('falls back to Asia/Shanghai for an unknown or empty zone name', () => {
    expect(storeTimeZone(undefined)).toBe('Asia/Shanghai');
    expect(storeTimeZone('Mars/Olympus')).toBe('Asia/Shanghai');
    expect(storeTimeZone('UTC')).toBe('UTC');
  });
});
