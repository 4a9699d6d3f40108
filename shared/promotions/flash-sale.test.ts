import { describe, expect, it } from 'vitest';
import { flashSaleStatus } from './flash-sale-schemas';
import { instantToLocalInput, localInputToInstant, shortLocal } from './local-time';

describe('flash-sale status', () => {
  const sale = { startsAt: 1_000, endsAt: 2_000 };
  it('is upcoming before the start, ongoing or sold out until the end, ended at the end', () => {
    expect(flashSaleStatus(sale, 999, 5)).toBe('upcoming');
    expect(flashSaleStatus(sale, 1_000, 5)).toBe('ongoing');
    expect(flashSaleStatus(sale, 1_999, 0)).toBe('sold_out');
    expect(flashSaleStatus(sale, 2_000, 5)).toBe('ended');
  });
});

describe('store-zone times', () => {
  it('reads a datetime-local value as wall-clock time in the zone, and writes it back', () => {
    expect(localInputToInstant('2026-12-06T10:00', 'Asia/Shanghai')!.toISOString()).toBe('2026-12-06T02:00:00.000Z');
    expect(instantToLocalInput(new Date('2026-12-06T02:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-06T10:00');
    expect(shortLocal('2026-12-06T02:05:00Z', 'Asia/Shanghai')).toBe('12-06 10:05');
  });
  it('follows daylight saving time: 01:30 in New York is 06:30Z in winter and 05:30Z in summer', () => {
    expect(localInputToInstant('2026-01-15T01:30', 'America/New_York')!.toISOString()).toBe('2026-01-15T06:30:00.000Z');
    expect(localInputToInstant('2026-07-15T01:30', 'America/New_York')!.toISOString()).toBe('2026-07-15T05:30:00.000Z');
  });
  it('refuses what is not a datetime-local value', () => {
    for (const bad of ['', '2026-12-06', '2026-12-06 10:00', 'tomorrow', '2026-12-06T10:00:00Z', '2026-13-01T10:00', '2026-12-06T24:00']) expect(localInputToInstant(bad, 'Asia/Shanghai')).toBeNull();
  });
});
