import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signToken } from '../../workers/services/identity/tokens';
import { TEST_BINDINGS } from '../bindings';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { call, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';

const stockAvailable = async (productId: string) => (await callJson(`/api/products/${productId}`)).body.product.stockAvailable as number;
const stockStub = (productId: string, shard = 0) => env.STOCK.get(env.STOCK.idFromName(`${productId}:${shard}`));
const getOrder = async (id: string, token: string) => (await callJson(`/api/orders/${id}`, { token })).body.order;

describe('POST /api/orders', () => {
  it('creates a pending order with a token and a test checkout URL, and reserves its stock', async () => {
    const p = await createProduct({ stock: 5 });
    const r = await placeOrder(orderBody([{ productId: p.id, quantity: 2 }]));
    expect(r.status).toBe(201);
    expect(r.body.order).toEqual({ id: expect.stringMatching(/^o_/), status: 'pending_payment', total: { amount: 19800, currency: 'CNY' } });
    expect(r.body.payment.provider).toBe('test');
    expect(r.body.payment.checkoutUrl).toContain(`/pay/test/${r.body.order.id}?t=`);
    const order = await getOrder(r.body.order.id, r.body.orderToken);
    expect(order.status).toBe('pending_payment');
    expect(order.items).toEqual([{ productId: p.id, title: p.title, quantity: 2, unitPrice: { amount: 9900, currency: 'CNY' }, payAmount: { amount: 19800, currency: 'CNY' } }]);
    expect(await stockAvailable(p.id)).toBe(3);
  });

  it('refuses bad input with 400 and unknown products with 404', async () => {
    const p = await createProduct({ stock: 5 });
    const noKey = await callJson('/api/orders', { body: orderBody([{ productId: p.id, quantity: 1 }]) });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('invalid_input');
    const group = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    expect(group.status).toBe(400);
    expect(group.body.error.message).toBe('This product has no group offer.');
    for (const items of [[], [{ productId: p.id, quantity: 0 }], [{ productId: p.id, quantity: 100 }], [{ productId: 'nope', quantity: 1 }]]) {
      const r = await placeOrder(orderBody(items));
      expect(r.status).toBe(400);
    }
    const malformed = await call('/api/orders', { raw: '{"items":', headers: { 'idempotency-key': uniq() } });
    expect(malformed.status).toBe(400);
    const unknown = await placeOrder(orderBody([{ productId: 'p_doesNotExist01', quantity: 1 }]));
    expect(unknown.status).toBe(404);
    expect(await stockAvailable(p.id)).toBe(5);
  });

  it('replays the same response for the same key and body, 422 for another body', async () => {
    const p = await createProduct({ stock: 5 });
    const key = uniq('idem-');
    const body = orderBody([{ productId: p.id, quantity: 1 }]);
    const first = await placeOrder(body, key);
    expect(first.status).toBe(201);
    // Same JSON with fields in another order is the same request.
    const reordered = { shippingAddress: body.shippingAddress, buyer: body.buyer, items: body.items };
    const again = await Promise.all([placeOrder(body, key), placeOrder(reordered, key)]);
    for (const r of again) {
      expect(r.status).toBe(201);
      expect(r.body).toEqual(first.body);
    }
    expect(await stockAvailable(p.id)).toBe(4);
    const other = await placeOrder({ ...body, items: [{ productId: p.id, quantity: 2 }] }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_mismatch');
    expect(await stockAvailable(p.id)).toBe(4);
  });

  it('scopes keys per caller: the same key and body from another buyer or account never replays the first order', async () => {
    const p = await createProduct({ stock: 5 });
    const key = uniq('idem-');
    const mine = orderBody([{ productId: p.id, quantity: 1 }]);
    const first = await placeOrder(mine, key);
    expect(first.status).toBe(201);
    // Another buyer (another email) reusing the key: their own order, not our token.
    const theirs = { ...mine, buyer: { ...mine.buyer, email: `other-${uniq()}@example.test` } };
    const other = await placeOrder(theirs, key);
    expect(other.status).toBe(201);
    expect(other.body.order.id).not.toBe(first.body.order.id);
    expect(other.body.orderToken).not.toBe(first.body.orderToken);
    // A signed-in seller sending exactly our key and body: also their own scope.
    const seller = await signupSeller();
    const signedIn = await callJson('/api/orders', { body: mine, token: seller.token, headers: { 'idempotency-key': key } });
    expect(signedIn.status).toBe(201);
    expect(signedIn.body.order.id).not.toBe(first.body.order.id);
    // The first caller still gets their own replay.
    const replay = await placeOrder(mine, key);
    expect(replay.body).toEqual(first.body);
    expect(await stockAvailable(p.id)).toBe(2);
  });

  it('50 concurrent orders for stock 10: exactly 10 created, 40 out_of_stock, never negative', async () => {
    const p = await createProduct({ stock: 10 });
    const results = await Promise.all(Array.from({ length: 50 }, () => placeOrder(orderBody([{ productId: p.id, quantity: 1 }]))));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('out_of_stock');
    expect(await stockAvailable(p.id)).toBe(0);
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.order.id));
    expect(ids.size).toBe(10);
    const list = await callJson(`/api/ops/orders?limit=200&from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`, { token: await opsToken() });
    const forProduct = list.body.items.filter((o: any) => o.items.some((i: any) => i.productId === p.id));
    expect(forProduct).toHaveLength(10);
    // Paying all ten commits exactly ten units.
    for (const r of results.filter((x) => x.status === 201)) {
      const paid = await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total });
      expect(paid.status).toBe(200);
    }
    expect(await stockAvailable(p.id)).toBe(0);
    const more = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]));
    expect(more.status).toBe(409);
  });

  it('a multi-product order is all or nothing', async () => {
    const a = await createProduct({ stock: 3 });
    const b = await createProduct({ stock: 1 });
    const r = await placeOrder(orderBody([{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 2 }]));
    expect(r.status).toBe(409);
    expect(await stockAvailable(a.id)).toBe(3);
    expect(await stockAvailable(b.id)).toBe(1);
  });
});

describe('order access', () => {
  it("order A's token cannot read order B; missing or bad tokens are 401; ops read any", async () => {
    const p = await createProduct({ stock: 5 });
    const a = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]));
    const b = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]));
    const cross = await callJson(`/api/orders/${b.body.order.id}`, { token: a.body.orderToken });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe('forbidden');
    expect((await callJson(`/api/orders/${b.body.order.id}`)).status).toBe(401);
    expect((await callJson(`/api/orders/${b.body.order.id}`, { token: `${b.body.orderToken}x` })).status).toBe(401);
    const seller = await signupSeller();
    expect((await callJson(`/api/orders/${b.body.order.id}`, { token: seller.token })).status).toBe(401);
    const ops = await callJson(`/api/orders/${b.body.order.id}`, { token: await opsToken() });
    expect(ops.status).toBe(200);
    expect(ops.body.order.id).toBe(b.body.order.id);
    // The order page follows the same rule.
    expect((await call(`/o/${b.body.order.id}?t=${a.body.orderToken}`)).status).toBe(404);
    const page = await call(`/o/${b.body.order.id}?t=${b.body.orderToken}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-status="pending_payment"');
  });
});

describe('reservation expiry', () => {
  it('the alarm releases expired reservations and cancels the unpaid order; a late payment is refunded', async () => {
    const p = await createProduct({ stock: 2 });
    const r = await placeOrder(orderBody([{ productId: p.id, quantity: 2 }]));
    expect(r.status).toBe(201);
    const id = r.body.order.id;
    expect(await stockAvailable(p.id)).toBe(0);
    const stub = stockStub(p.id);
    // Not yet expired: an early alarm leaves the reservation alone.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stockAvailable(p.id)).toBe(0);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('UPDATE reservations SET expires_at = ? WHERE order_id = ?', Date.now() - 1, id);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stockAvailable(p.id)).toBe(2);
    const cancelled = await getOrder(id, r.body.orderToken);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.timeline.map((t: any) => t.status)).toEqual(['pending_payment', 'cancelled']);

    // Someone else buys the freed units, then the first buyer's payment arrives late.
    const other = await placeOrder(orderBody([{ productId: p.id, quantity: 2 }]));
    expect(other.status).toBe(201);
    const late = await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: r.body.order.total });
    expect(late.status).toBe(200);
    const after = await getOrder(id, r.body.orderToken);
    expect(after.status).toBe('cancelled');
    expect(after.payment.status).toBe('refunded');
    expect(await stockAvailable(p.id)).toBe(0);
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: other.body.order.id, amount: other.body.order.total })).status).toBe(200);
    expect((await getOrder(other.body.order.id, other.body.orderToken)).status).toBe('paid');
  });

  it('a reservation whose order never reached Postgres just expires', async () => {
    const p = await createProduct({ stock: 3 });
    const stub = stockStub(p.id);
    const key = { productId: p.id, shard: 0, shards: 1 };
    expect((await stub.hold(key, 'o_neverWritten01', 3, Date.now() + 60_000, 'hash')).kind).toBe('held');
    expect(await stockAvailable(p.id)).toBe(0);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('UPDATE reservations SET expires_at = 0');
    });
    await runDurableObjectAlarm(stub);
    expect(await stockAvailable(p.id)).toBe(3);
  });
});
