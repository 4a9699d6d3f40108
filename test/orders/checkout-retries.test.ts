// A retried Idempotency-Key with another body is refused and takes nothing: no units, no seat,
// no slot. A hold or seat that an order id holds somewhere it never ordered from cannot cancel
// or refund that order when it lapses.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import type { GroupBuy } from '../../workers/objects/group-buy';
import type { Stock } from '../../workers/objects/stock';
import { createOrder } from '../../workers/services/orders/checkout';
import { openDb } from '../../workers/storage/db';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { callJson, createProduct, opsToken, uniq } from '../helpers';

const groupStub = (id: string) => env.GROUP_BUY.get(env.GROUP_BUY.idFromName(id));
const stockStub = (productId: string) => env.STOCK.get(env.STOCK.idFromName(`${productId}:0`));
const stockAvailable = async (productId: string) => (await callJson(`/api/products/${productId}`)).body.product.stockAvailable as number;
const groupHeld = async (id: string) => (await callJson(`/api/groups/${id}`)).body.group.held as number;
const opsOrder = async (id: string) => (await callJson(`/api/orders/${id}`, { token: await opsToken() })).body.order;
const groupProduct = () => createProduct({ stock: 20, groupBuy: { size: 3, price: { amount: 5900, currency: 'CNY' }, durationMinutes: 60 } });
const buyer = () => ({ email: `${uniq('buyer')}@example.test`, name: '李四 Li Si' });
const address = { name: '李四', line1: '2 Huaihai Rd', city: 'Shanghai', postalCode: '200002', country: 'CN' };

async function openGroup(productId: string) {
  const r = await placeOrder(orderBody([{ productId, quantity: 1 }], { buyer: buyer(), group: { open: true } }));
  expect(r.status).toBe(201);
  return r.body.order.groupId as string;
}

describe('a retried key with another body', () => {
  it('another product, quantity or group: 422 each time, and nothing is held', async () => {
    const [a, b, g] = await Promise.all([createProduct({ stock: 5 }), createProduct({ stock: 5 }), groupProduct()]);
    const gid = await openGroup(g.id);
    const key = uniq('idem-');
    const who = buyer();
    const first = await placeOrder(orderBody([{ productId: a.id, quantity: 1 }], { buyer: who }), key);
    expect(first.status).toBe(201);
    const before = { a: await stockAvailable(a.id), b: await stockAvailable(b.id), g: await stockAvailable(g.id), held: await groupHeld(gid) };
    expect(before).toEqual({ a: 4, b: 5, g: 19, held: 1 });

    const retries = [
      orderBody([{ productId: b.id, quantity: 1 }], { buyer: who }),
      orderBody([{ productId: a.id, quantity: 2 }], { buyer: who }),
      orderBody([{ productId: b.id, quantity: 1 }, { productId: a.id, quantity: 1 }], { buyer: who }),
      orderBody([{ productId: g.id, quantity: 1 }], { buyer: who, group: { join: gid } }),
      orderBody([{ productId: g.id, quantity: 1 }], { buyer: who, group: { open: true } }),
    ];
    for (const body of retries) {
      const r = await placeOrder(body, key);
      expect(r.status, JSON.stringify(body.items)).toBe(422);
      expect(r.body.error.code).toBe('idempotency_mismatch');
    }
    expect({ a: await stockAvailable(a.id), b: await stockAvailable(b.id), g: await stockAvailable(g.id), held: await groupHeld(gid) }).toEqual(before);
    // The first body still replays its order.
    const again = await placeOrder(orderBody([{ productId: a.id, quantity: 1 }], { buyer: who }), key);
    expect(again.status).toBe(201);
    expect(again.body.order.id).toBe(first.body.order.id);
  });

  it('a join retried into another group: 422, and neither group nor stock changes', async () => {
    const [p, q] = await Promise.all([groupProduct(), groupProduct()]);
    const [g1, g2, g3] = await Promise.all([openGroup(p.id), openGroup(p.id), openGroup(q.id)]);
    const key = uniq('idem-');
    const who = buyer();
    const first = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { buyer: who, group: { join: g1 } }), key);
    expect(first.status).toBe(201);
    const snap = async () => ({ p: await stockAvailable(p.id), q: await stockAvailable(q.id), g1: await groupHeld(g1), g2: await groupHeld(g2), g3: await groupHeld(g3) });
    const before = await snap();
    expect(before).toEqual({ p: 17, q: 19, g1: 2, g2: 1, g3: 1 });
    for (const [productId, gid] of [[p.id, g2], [q.id, g3]] as const) {
      const r = await placeOrder(orderBody([{ productId, quantity: 1 }], { buyer: who, group: { join: gid } }), key);
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('idempotency_mismatch');
    }
    // Same group, another address: the order's own seat and unit stay where they are.
    const moved = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { buyer: who, group: { join: g1 }, shippingAddress: address }), key);
    expect(moved.status).toBe(422);
    expect(await snap()).toEqual(before);
  });
});

describe('a retried key with another body while Postgres is unreachable', () => {
  it('takes back the units and the seat it held before the key could be compared (history 524201022)', async () => {
    const appEnv = env as unknown as AppEnv;
    const [a, g] = await Promise.all([createProduct({ stock: 5 }), groupProduct()]);
    const gid = await openGroup(g.id);
    const key = uniq('idem-');
    const who = buyer();
    const first = await placeOrder(orderBody([{ productId: a.id, quantity: 2 }], { buyer: who }), key);
    expect(first.status).toBe(201);
    const snap = async () => ({ a: await stockAvailable(a.id), g: await stockAvailable(g.id), held: await groupHeld(gid) });
    const before = await snap();
    expect(before).toEqual({ a: 3, g: 19, held: 1 });

    // The objects answer, Postgres does not: the attempt cannot learn that its key made an order.
    const bad = new URL(appEnv.DATABASE_URL!);
    bad.pathname = '/pinlink_unreachable';
    const down = openDb({ ...appEnv, DATABASE_URL: bad.toString() });
    try {
      const retries = [
        orderBody([{ productId: g.id, quantity: 2 }], { buyer: who }),
        orderBody([{ productId: g.id, quantity: 1 }], { buyer: who, group: { join: gid } }),
      ];
      for (const body of retries) {
        const attempt = createOrder({ env: appEnv, db: down.db }, { body: body as never, idempotencyKey: key, origin: 'http://pinlink.test' });
        await expect(attempt).rejects.toBeDefined();
        expect(await snap(), JSON.stringify(body.items)).toEqual(before);
      }
    } finally {
      await down.close();
    }
    // Postgres back: the same retry is refused as a mismatch, and still takes nothing.
    const again = await placeOrder(orderBody([{ productId: g.id, quantity: 2 }], { buyer: who }), key);
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('idempotency_mismatch');
    expect(await snap()).toEqual(before);
  });
});

describe('a retried key whose new body is refused on its own', () => {
  it('answers that 409 and leaves the order its unpaid-order slot', async () => {
    const limited = { ...(env as unknown as AppEnv), LIMIT_UNPAID_ORDERS_PER_EMAIL: '1/3600' };
    const pool = openDb(limited);
    const order = (body: object, key: string) =>
      createOrder({ env: limited, db: pool.db }, { body: body as never, idempotencyKey: key, origin: 'http://pinlink.test' }).then(
        (r) => r.status,
        (e: { status?: number; code?: string }) => e.code,
      );
    try {
      const [a, p] = await Promise.all([createProduct({ stock: 5 }), createProduct({ stock: 5, groupBuy: { size: 2, price: { amount: 5900, currency: 'CNY' }, durationMinutes: 60 } })]);
      const full = await openGroup(p.id);
      expect((await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { buyer: buyer(), group: { join: full } }))).status).toBe(201);
      const who = buyer();
      const key = uniq('idem-');
      expect(await order(orderBody([{ productId: p.id, quantity: 1 }], { buyer: who, group: { open: true } }), key)).toBe(201);
      // The same key asking for a seat in a full group: refused as any buyer would be, before the key is compared.
      expect(await order(orderBody([{ productId: p.id, quantity: 1 }], { buyer: who, group: { join: full } }), key)).toBe('group_full');
      // The first order is still unpaid, so it still takes this buyer's only slot.
      expect(await order(orderBody([{ productId: a.id, quantity: 1 }], { buyer: who }), uniq('idem-'))).toBe('rate_limited');
    } finally {
      await pool.close();
    }
  });
});

describe('a lapse cancels only the order that took the hold', () => {
  it('a stray unit hold on another product lapses without cancelling the order', async () => {
    const [a, b] = await Promise.all([createProduct({ stock: 5 }), createProduct({ stock: 5 })]);
    const created = await placeOrder(orderBody([{ productId: a.id, quantity: 1 }]));
    expect(created.status).toBe(201);
    const id = created.body.order.id;
    const stub = stockStub(b.id);
    const key = { productId: b.id, shard: 0, shards: 1 };
    expect((await stub.hold(key, id, 1, Date.now() + 60_000, 'other-body')).kind).toBe('held');
    await runInDurableObject(stub, (_i: Stock, state) => {
      state.storage.sql.exec('UPDATE reservations SET expires_at = 0');
    });
    await runDurableObjectAlarm(stub);
    expect(await stockAvailable(b.id)).toBe(5);
    expect((await opsOrder(id)).status).toBe('pending_payment');
  });

  it("a stray seat in another group lapses without refunding the paid order", async () => {
    const p = await groupProduct();
    const [g1, g2] = await Promise.all([openGroup(p.id), openGroup(p.id)]);
    const created = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { buyer: buyer(), group: { join: g1 } }));
    expect(created.status).toBe(201);
    const id = created.body.order.id;
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: created.body.order.total })).status).toBe(200);
    expect((await opsOrder(id)).status).toBe('awaiting_group');
    const stray = await groupStub(g2).join(p.id, { orderId: id, buyerEmail: `${uniq('x')}@example.test`, buyerName: 'X', holdExpiresAt: Date.now() + 1_000 });
    expect(stray.ok).toBe(true);
    await runInDurableObject(groupStub(g2), (inst: GroupBuy) => {
      inst.now = () => Date.now() + 5_000;
    });
    await runDurableObjectAlarm(groupStub(g2));
    expect(await groupHeld(g2)).toBe(1);
    const after = await opsOrder(id);
    expect(after.status).toBe('awaiting_group');
    expect(after.payment.status).toBe('succeeded');
  });
});
