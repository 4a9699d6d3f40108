// A Stock object forgets what it no longer needs: sold-out answers name only the orders that may
// still retry, and old rows go while sold units stay counted.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { COMMITTED_KEEP_MS, RELEASED_KEEP_MS, type Stock } from '../../workers/objects/stock';
import { callJson, createProduct, uniq } from '../helpers';

const stockStub = (productId: string) => env.STOCK.get(env.STOCK.idFromName(`${productId}:0`));
const stockAvailable = async (productId: string) => (await callJson(`/api/products/${productId}`)).body.product.stockAvailable as number;

describe('Stock pruning', () => {
  it('a sold-out answer names held orders and recent sales only; old rows are pruned and sold units stay sold', async () => {
    const p = await createProduct({ stock: 4 });
    const stub = stockStub(p.id);
    const key = { productId: p.id, shard: 0, shards: 1 };
    const sold = [uniq('o_old'), uniq('o_old'), uniq('o_new')];
    for (const id of sold) {
      expect((await stub.hold(key, id, 1, Date.now() + 60_000, 'h')).kind).toBe('held');
      expect(await stub.commit(key, id, 1)).toEqual({ ok: true });
    }
    const lapsed = uniq('o_lapsed');
    expect((await stub.hold(key, lapsed, 1, Date.now() + 60_000, 'h')).kind).toBe('held');
    // Two sales are long past, and the held order's reservation runs out (long ago, as far as pruning goes).
    await runInDurableObject(stub, (_i: Stock, state) => {
      state.storage.sql.exec(`UPDATE reservations SET committed_at = ? WHERE order_id IN (?, ?)`, Date.now() - COMMITTED_KEEP_MS - 1, sold[0], sold[1]);
      state.storage.sql.exec(`UPDATE reservations SET expires_at = ? WHERE order_id = ?`, Date.now() - RELEASED_KEEP_MS - 1, lapsed);
    });
    const full = await stub.hold(key, uniq('o_'), 1, Date.now() + 60_000, 'h');
    expect(full).toEqual({ kind: 'out_of_stock', available: 0, holders: expect.any(Array) });
    expect(new Set((full as { holders: string[] }).holders)).toEqual(new Set([sold[2], lapsed]));

    await runDurableObjectAlarm(stub);
    const rows = await runInDurableObject(stub, (_i: Stock, state) =>
      state.storage.sql.exec<{ order_id: string }>(`SELECT order_id FROM reservations`).toArray().map((r) => r.order_id),
    );
    expect(rows).toEqual([sold[2]]);
    // The lapsed unit is back; the three sold ones are still sold.
    expect(await stockAvailable(p.id)).toBe(1);
    expect(await stub.available(key)).toBe(1);
  });
});
