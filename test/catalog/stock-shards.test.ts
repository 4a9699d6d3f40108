// STOCK_SHARDS > 1, through checkout itself: the shards split the total, orders fall through to
// a shard that has units, the sum can never be oversold, and a retried order finds its own hold
// whichever shard has it.
import { env } from 'cloudflare:workers';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { createProduct as createProductAs } from '../../workers/services/catalog/product-writes';
import { createOrder, scopeIdempotencyKey } from '../../workers/services/orders/checkout';
import { availableStock, commitStock, releaseStock, startShard, syncStockTotal, type StockLine } from '../../workers/services/catalog/stock';
import { openDb, withDb } from '../../workers/storage/db';
import { findOrderRecord } from '../../workers/storage/orders/orders-repo';
import { orderBody } from '../checkout-helpers';
import { productBody, uniq } from '../helpers';
import { clone } from '../stripe-helpers';
import sessionCreated from '../fixtures/stripe/checkout-session-created.json';
import apiError from '../fixtures/stripe/error-api.json';

const base = env as unknown as AppEnv;
const sharded = { ...base, STOCK_SHARDS: '4' } as AppEnv;
const one = { ...base, STOCK_SHARDS: '1' } as AppEnv;
const pool = openDb(base);
afterAll(async () => {
  await pool.close();
  await new Promise((r) => setTimeout(r, 200));
});

/** A product created while the deployment runs with `e`'s STOCK_SHARDS. */
const createProduct = (overrides: Record<string, unknown>, e: AppEnv = sharded) =>
  withDb(e, (db) => createProductAs(e, db, productBody(overrides) as Parameters<typeof createProductAs>[2]));

/** POST /api/orders' service, as the Worker runs it with `e`'s STOCK_SHARDS. */
async function order(e: AppEnv, productId: string, quantity = 1, key = uniq('idem-'), fetch?: typeof globalThis.fetch) {
  const created = await createOrder({ env: e, db: pool.db, fetch }, { body: orderBody([{ productId, quantity }]) as never, idempotencyKey: key, origin: 'https://pinlink.example' });
  return created.body.order.id;
}

async function linesOf(orderId: string): Promise<StockLine[]> {
  const rec = await findOrderRecord(pool.db, orderId);
  return rec!.items.map((i) => ({ productId: i.productId, variantId: i.variantId, quantity: i.quantity, shard: i.stockShard }));
}

/** Orders and pays one unit at a time until the product refuses; returns how many sold. */
async function sellOut(e: AppEnv, productId: string): Promise<number> {
  for (let sold = 0; ; sold++) {
    let id: string;
    try {
      id = await order(e, productId);
    } catch (err) {
      if ((err as { code?: string }).code === 'out_of_stock') return sold;
      throw err;
    }
    expect(await commitStock(e, id, await linesOf(id))).toBe(true);
  }
}

async function sell(e: AppEnv, productId: string, n: number) {
  for (let i = 0; i < n; i++) {
    const id = await order(e, productId);
    expect(await commitStock(e, id, await linesOf(id))).toBe(true);
  }
}

describe('sharded checkout', () => {
  it('splits the total over 4 shards and sells exactly the total under concurrency', async () => {
    const p = await createProduct({ stock: 10 });
    expect(await availableStock(sharded, p.id)).toBe(10);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => order(sharded, p.id)));
    const ok = results.filter((r): r is PromiseFulfilledResult<string> => r.status === 'fulfilled');
    expect(ok).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'out_of_stock')).toBe(true);
    const shards = await Promise.all(ok.map(async (r) => (await linesOf(r.value))[0]!.shard));
    expect(new Set(shards).size).toBe(4);
    expect(await availableStock(sharded, p.id)).toBe(0);
  });

  it('takes ops changes on every shard', async () => {
    const p = await createProduct({ stock: 3 });
    await sell(sharded, p.id, 1);
    await syncStockTotal(sharded, p.id, 9, Date.now());
    expect(await availableStock(sharded, p.id)).toBe(8);
    // An older version arriving late does not win.
    await syncStockTotal(sharded, p.id, 1, Date.now() - 60_000);
    expect(await availableStock(sharded, p.id)).toBe(8);
  });

  it('a retry finds its own hold on another shard, even when its first shard has units again', async () => {
    // One unit per shard. A blocker takes the unit on the key's first shard, so the first attempt
    // holds elsewhere; the provider then fails, so no order exists yet when the retry comes.
    const p = await createProduct({ stock: 4 });
    const blocker = await order(sharded, p.id);
    const blockerLines = await linesOf(blocker);
    const body = orderBody([{ productId: p.id, quantity: 1 }]);
    let key = '';
    for (let i = 0; !key; i++) {
      const k = uniq(`idem-${i}-`);
      const { orderId } = await scopeIdempotencyKey({ body: body as never, idempotencyKey: k });
      if (startShard(orderId, 4) === blockerLines[0]!.shard) key = k;
    }
    const stripeEnv = { ...sharded, PAYMENT_PROVIDER: 'stripe' } as AppEnv;
    let sessions = 0;
    const stripe = (async (input: RequestInfo | URL) => {
      if (new URL(String(input)).pathname !== '/v1/checkout/sessions') return Response.json({}, { status: 404 });
      return ++sessions === 1 ? Response.json(apiError, { status: 500 }) : Response.json({ ...clone(sessionCreated), id: `cs_test_${uniq()}` });
    }) as typeof fetch;
    const attempt = () => createOrder({ env: stripeEnv, db: pool.db, fetch: stripe }, { body: body as never, idempotencyKey: key, origin: 'https://pinlink.example' });

    await expect(attempt()).rejects.toBeTruthy();
    expect(await availableStock(sharded, p.id)).toBe(2);
    // The blocker is cancelled: its unit on the key's first shard is free again.
    await releaseStock(sharded, blocker, blockerLines);
    expect(await availableStock(sharded, p.id)).toBe(3);
    const created = await attempt();
    expect(created.status).toBe(201);
    // Still one hold for the order, on the shard the first attempt took, and the order records that shard.
    expect(await availableStock(sharded, p.id)).toBe(3);
    const [line] = await linesOf(created.body.order.id);
    expect(line!.shard).not.toBe(blockerLines[0]!.shard);
  });
});

describe('changing STOCK_SHARDS', () => {
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
    const held = await order(one, p.id, 3);
    expect(await sellOut(one, p.id)).toBe(22);
    await releaseStock(sharded, held, await linesOf(held));
    expect(await sellOut(sharded, p.id)).toBe(3);
    expect(await availableStock(one, p.id)).toBe(0);
  });
});
