// STOCK_SHARDS > 1: the shards split the total, orders fall through to a shard that has units,
// and the sum can still never be oversold.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../workers/env';
import { availableStock, commitStock, reserveStock, syncStockTotal } from '../workers/services/stock';
import { createProduct, uniq } from './helpers';

const sharded = { ...(env as unknown as AppEnv), STOCK_SHARDS: '4' } as AppEnv;

describe('sharded Stock', () => {
  it('splits the total over 4 shards and sells exactly the total under concurrency', async () => {
    const p = await createProduct({ stock: 10 });
    expect(await availableStock(sharded, p.id)).toBe(10);
    const expires = Date.now() + 60_000;
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => reserveStock(sharded, uniq('o_'), [{ productId: p.id, quantity: 1 }], expires)),
    );
    const ok = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof reserveStock>>> => r.status === 'fulfilled');
    expect(ok).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'out_of_stock')).toBe(true);
    expect(new Set(ok.map((r) => r.value[0]!.shard)).size).toBe(4);
    expect(await availableStock(sharded, p.id)).toBe(0);
  });

  it('takes ops changes on every shard', async () => {
    const p = await createProduct({ stock: 3 });
    const id = uniq('o_');
    const lines = await reserveStock(sharded, id, [{ productId: p.id, quantity: 1 }], Date.now() + 60_000);
    expect(await commitStock(sharded, id, lines)).toBe(true);
    await syncStockTotal(sharded, p.id, 9, Date.now());
    expect(await availableStock(sharded, p.id)).toBe(8);
    // An older version arriving late does not win.
    await syncStockTotal(sharded, p.id, 1, Date.now() - 60_000);
    expect(await availableStock(sharded, p.id)).toBe(8);
  });
});
