/**
 * Stock arithmetic shared by the Stock object and its tests. A product's total on sale is
 * split over `shards` objects; shard i owns an equal share, the first `total % shards`
 * shards one unit more, so the shares always add up to the total.
 */
export function shardShare(total: number, shards: number, shard: number): number {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`shards must be a positive integer, got ${shards}`);
  if (!Number.isInteger(shard) || shard < 0 || shard >= shards) throw new RangeError(`shard ${shard} is outside 0..${shards - 1}`);
  const t = Math.max(0, Math.floor(total));
  return Math.floor(t / shards) + (shard < t % shards ? 1 : 0);
}

/** What is left to reserve. Never negative, even when ops cut the total below what is sold. */
export function availableUnits(share: number, held: number, committed: number): number {
  return Math.max(0, share - held - committed);
}

/** Parses STOCK_SHARDS; anything but a positive integer up to 64 falls back to 1. */
export function parseShardCount(raw: string | undefined): number {
  const n = Number(raw ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 1;
}

/** The order in which an order tries the shards: start at a random one, then wrap around. */
export function shardOrder(shards: number, start: number): number[] {
  return Array.from({ length: shards }, (_, i) => (start + i) % shards);
}
