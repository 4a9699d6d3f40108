import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableUnits, parseShardCount, shardOrder, shardShare } from './stock';

describe('shardShare', () => {
  it('splits a total exactly over the shards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 64 }), (total, shards) => {
        let sum = 0;
        for (let i = 0; i < shards; i++) {
          const s = shardShare(total, shards, i);
          expect(s).toBeGreaterThanOrEqual(Math.floor(total / shards));
          expect(s).toBeLessThanOrEqual(Math.ceil(total / shards));
          sum += s;
        }
        expect(sum).toBe(total);
      }),
    );
  });
  it('gives one shard everything', () => expect(shardShare(10, 1, 0)).toBe(10));
  it('rejects a shard outside the range', () => {
    expect(() => shardShare(10, 2, 2)).toThrow(RangeError);
    expect(() => shardShare(10, 0, 0)).toThrow(RangeError);
  });
});

describe('availableUnits', () => {
  it('never goes below zero', () => {
    expect(availableUnits(5, 3, 4)).toBe(0);
    expect(availableUnits(10, 3, 4)).toBe(3);
  });
});

describe('parseShardCount', () => {
  it('accepts 1..64 and falls back to 1', () => {
    expect(parseShardCount('4')).toBe(4);
    expect(parseShardCount(undefined)).toBe(1);
    expect(parseShardCount('0')).toBe(1);
    expect(parseShardCount('abc')).toBe(1);
    expect(parseShardCount('100')).toBe(1);
  });
});

describe('shardOrder', () => {
  it('visits every shard once', () => expect(shardOrder(4, 2)).toEqual([2, 3, 0, 1]));
});
