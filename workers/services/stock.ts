// Verbs over the Stock objects: which shard to ask, and keeping multi-product orders all-or-nothing.
import { ApiError } from '../../shared/errors';
import { parseShardCount, shardOrder } from '../../shared/stock';
import type { AppEnv } from '../env';
import type { StockKey } from '../objects/stock';

export interface StockLine {
  productId: string;
  quantity: number;
  shard: number;
}

type StockEnv = Pick<AppEnv, 'STOCK' | 'STOCK_SHARDS'>;

function stub(env: StockEnv, key: StockKey) {
  return env.STOCK.get(env.STOCK.idFromName(`${key.productId}:${key.shard}`));
}

const keyOf = (env: StockEnv, productId: string, shard: number): StockKey => ({ productId, shard, shards: parseShardCount(env.STOCK_SHARDS) });

/**
 * Reserves every line or none: a line that does not fit releases the ones already held,
 * then the order fails with out_of_stock. Each line starts at a random shard and tries the
 * others before giving up, so sharding never refuses units that exist in one shard.
 */
export async function reserveStock(
  env: StockEnv,
  orderId: string,
  lines: { productId: string; quantity: number }[],
  expiresAt: number,
): Promise<StockLine[]> {
  const shards = parseShardCount(env.STOCK_SHARDS);
  const held: StockLine[] = [];
  for (const line of lines) {
    let got: number | undefined;
    for (const shard of shardOrder(shards, Math.floor(Math.random() * shards))) {
      const r = await stub(env, keyOf(env, line.productId, shard)).reserve(keyOf(env, line.productId, shard), orderId, line.quantity, expiresAt);
      if (r.ok) {
        got = shard;
        break;
      }
    }
    if (got === undefined) {
      await releaseStock(env, orderId, held);
      throw new ApiError('out_of_stock', `Not enough stock for product ${line.productId}.`);
    }
    held.push({ ...line, shard: got });
  }
  return held;
}

/** Payment arrived. False when a line could not be honoured (its units went elsewhere); nothing stays committed then. */
export async function commitStock(env: StockEnv, orderId: string, lines: StockLine[]): Promise<boolean> {
  for (const line of lines) {
    const key = keyOf(env, line.productId, line.shard);
    const r = await stub(env, key).commit(key, orderId, line.quantity);
    if (!r.ok) {
      await releaseStock(env, orderId, lines, { includeCommitted: true });
      return false;
    }
  }
  return true;
}

export async function releaseStock(env: StockEnv, orderId: string, lines: StockLine[], opts: { includeCommitted?: boolean } = {}): Promise<void> {
  await Promise.all(
    lines.map((line) => {
      const key = keyOf(env, line.productId, line.shard);
      return stub(env, key).release(key, orderId, opts);
    }),
  );
}

/** Units still free across all shards of a product. */
export async function availableStock(env: StockEnv, productId: string): Promise<number> {
  const shards = parseShardCount(env.STOCK_SHARDS);
  const counts = await Promise.all(
    Array.from({ length: shards }, (_, shard) => {
      const key = keyOf(env, productId, shard);
      return stub(env, key).available(key);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Ops changed the total on sale (products.stock); every shard takes its share. */
export async function syncStockTotal(env: StockEnv, productId: string, total: number, version: number): Promise<void> {
  const shards = parseShardCount(env.STOCK_SHARDS);
  await Promise.all(
    Array.from({ length: shards }, (_, shard) => {
      const key = keyOf(env, productId, shard);
      return stub(env, key).setTotal(key, total, version);
    }),
  );
}
