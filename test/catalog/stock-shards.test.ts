// STOCK_SHARDS > 1: the shards split the total, orders fall through to a shard that has units,
// and the sum can still never be oversold.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { createProduct as createProductAs } from '../../workers/services/catalog/catalog';
import { availableStock, commitStock, releaseStock, reserveStock, syncStockTotal, type StockLine } from '../../workers/services/catalog/stock';
import { withDb } from '../../workers/storage/db';
import { productBody, uniq } from '../helpers';

const base = env as unknown as AppEnv;
const sharded = { ...base, STOCK_SHARDS: '4' } as AppEnv;

/** A product created while the deployment runs with `e`'s STOCK_SHARDS. */
const createProduct = (overrides: Record<string, unknown>, e: AppEnv = sharded) =>
  withDb(e, (db) => createProductAs(e, db, productBody(overrides) as Parameters<typeof createProductAs>[2]));

/** Reserves and pays one unit at a time until the product refuses; returns how many sold. */
async function sellOut(e: AppEnv, productId: string): Promise<number> {
  let sold = 0;
  for (;;) {
    const id = uniq('o_');
    let lines: StockLine[];
    try {
      lines = await reserveStock(e, id, [{ productId, quantity: 1 }], Date.now() + 60_000);
    } catch (err) {
      if ((err as { code?: string }).code === 'out_of_stock') return sold;
      throw err;
    }
    expect(await commitStock(e, id, lines)).toBe(true);
    sold++;
  }
}

async function sell(e: AppEnv, productId: string, n: number) {
  for (let i = 0; i < n; i++) {
    const id = uniq('o_');
    expect(await commitStock(e, id, await reserveStock(e, id, [{ productId, quantity: 1 }], Date.now() + 60_000))).toBe(true);
  }
}

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

describe('changing STOCK_SHARDS', () => {
  const one = { ...base, STOCK_SHARDS: '1' } as AppEnv;

  it('1 → 4 → 1: part sold, the count changed both ways, sold out: exactly the stock is sold', async () => {
    const p = await createProduct({ stock: 100 }, one);
    await sell(one, p.id, 80);
    // The deployment now runs with 4 shards; this product keeps the layout it was created with.
    expect(await availableStock(sharded, p.id)).toBe(20);
    await sell(sharded, p.id, 10);
    expect(await availableStock(one, p.id)).toBe(10);
    expect(await sellOut(one, p.id)).toBe(10);
    expect(await sellOut(sharded, p.id)).toBe(0);
  });

  it('4 → 1 → 4: a product created with 4 shards keeps them, and never sells more than its stock', async () => {
    const p = await createProduct({ stock: 40 }, sharded);
    await sell(sharded, p.id, 15);
    expect(await availableStock(one, p.id)).toBe(25);
    const held = uniq('o_');
    const lines = await reserveStock(one, held, [{ productId: p.id, quantity: 3 }], Date.now() + 60_000);
    expect(await sellOut(one, p.id)).toBe(22);
    await releaseStock(sharded, held, lines);
    expect(await sellOut(sharded, p.id)).toBe(3);
    expect(await availableStock(one, p.id)).toBe(0);
  });
});
