// Flash sales (秒杀) against real objects and Postgres: the quantity is set aside from the
// product when the sale is made, a burst sells exactly the quantity, refusals before the start,
// after the end and when sold out cost no Postgres statement, and what is unsold goes back.
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { createOrder } from '../../workers/services/orders/checkout';
import { createProduct as createProductAs } from '../../workers/services/catalog/product-writes';
import { availableStock } from '../../workers/services/catalog/stock';
import { createFlashSale } from '../../workers/services/promotions/flash-sales';
import { withDb } from '../../workers/storage/db';
import { findOrderRecord } from '../../workers/storage/orders/orders-repo';
import { orderBody, placeOrder, sendTestEvent, tripwire } from '../checkout-helpers';
import { callJson, createProduct, opsToken, productBody, uniq } from '../helpers';
import { createTee, variantOf } from '../variant-helpers';

const appEnv = env as unknown as AppEnv;
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

async function makeSale(body: Record<string, unknown>) {
  return callJson('/api/ops/flash-sales', { token: await opsToken(), body: { price: { amount: 1900, currency: 'CNY' }, quantity: 5, startsAt: iso(Date.now() - 1000), endsAt: iso(Date.now() + HOUR), ...body } });
}
const stockOf = async (productId: string) => (await callJson(`/api/products/${productId}`)).body.product.stockAvailable as number;
const saleOf = async (id: string) => (await callJson(`/api/flash-sales/${id}`)).body.flashSale;
const buy = (productId: string, flashSale: string, extra: Record<string, unknown> = {}, quantity = 1) => placeOrder(orderBody([{ productId, quantity }], { flashSale, ...extra }));
const viaVerb = (body: unknown) =>
  (wire: ReturnType<typeof tripwire>) =>
    createOrder({ env: appEnv, db: wire.db }, { body: body as never, idempotencyKey: uniq('w-'), origin: 'http://pinlink.test' }).then(
      (r) => `created ${r.status}`,
      (e: { code?: string }) => e.code ?? String(e),
    );

describe('flash sales', () => {
  it('sets its quantity aside from the product, refuses more than is available, and refuses an overlap', async () => {
    const p = await createProduct({ stock: 10 });
    const made = await makeSale({ productId: p.id, quantity: 4 });
    expect(made.status).toBe(201);
    expect(made.body.flashSale).toMatchObject({ productId: p.id, quantity: 4, remaining: 4, status: 'ongoing', price: { amount: 1900 } });
    expect(made.body.flashSale.id).toMatch(/^t_/);
    expect(await stockOf(p.id)).toBe(6);

    const later = { startsAt: iso(Date.now() + 2 * HOUR), endsAt: iso(Date.now() + 3 * HOUR) };
    const tooMany = await makeSale({ productId: p.id, quantity: 7, ...later });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([409, 'out_of_stock']);
    expect(await stockOf(p.id)).toBe(6);
    const overlap = await makeSale({ productId: p.id, quantity: 1, startsAt: iso(Date.now() + HOUR / 2), endsAt: iso(Date.now() + 2 * HOUR) });
    expect([overlap.status, overlap.body.error.code]).toEqual([409, 'conflict']);
    // Two at once for the same window: the product's lock lets exactly one through.
    const twin = await Promise.all([1, 2].map(() => makeSale({ productId: p.id, quantity: 1, ...later })));
    expect(twin.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await stockOf(p.id)).toBe(5);
  });

  it('validates: a window that ends before it starts, a price over the regular one, a missing variant, a buyer', async () => {
    const p = await createProduct({ stock: 10 });
    const backwards = await makeSale({ productId: p.id, startsAt: iso(Date.now() + HOUR), endsAt: iso(Date.now() + 1000) });
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'invalid_input']);
    const dear = await makeSale({ productId: p.id, price: { amount: 99_900, currency: 'CNY' } });
    expect(dear.status).toBe(400);
    const tee = await createTee({ stock: 5 });
    expect((await makeSale({ productId: tee.id })).status).toBe(400);
    const unknown = await makeSale({ productId: 'p_nosuchproduct1' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    const anon = await callJson('/api/ops/flash-sales', { body: { productId: p.id } });
    expect(anon.status).toBe(401);
    expect((await callJson('/api/flash-sales/t_nosuchsale123')).status).toBe(404);
    expect((await callJson('/api/flash-sales/not-an-id')).status).toBe(400);
  });

  it('a burst of 40 buyers for 5 units: exactly 5 orders at the sale price, and the product keeps its own stock', async () => {
    const p = await createProduct({ stock: 20 });
    const sale = (await makeSale({ productId: p.id, quantity: 5 })).body.flashSale;
    const results = await Promise.all(Array.from({ length: 40 }, () => buy(p.id, sale.id)));
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(5);
    expect(results.filter((r) => r.status !== 201).map((r) => r.body.error.code)).toEqual(Array(35).fill('out_of_stock'));
    expect(new Set(won.map((r) => r.body.order.total.amount))).toEqual(new Set([1900]));
    expect(await stockOf(p.id)).toBe(15);
    expect(await saleOf(sale.id)).toMatchObject({ remaining: 0, status: 'sold_out' });
    // The regular product is still on sale at its regular price.
    const plain = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]));
    expect([plain.status, plain.body.order.total.amount]).toEqual([201, 9900]);
  });

  it('not started, ended and sold out are refused with no Postgres statement', async () => {
    const p = await createProduct({ stock: 10 });
    const upcoming = (await makeSale({ productId: p.id, quantity: 2, startsAt: iso(Date.now() + HOUR), endsAt: iso(Date.now() + 2 * HOUR) })).body.flashSale;
    expect((await buy(p.id, upcoming.id)).body.error.code).toBe('not_started');
    const q = await createProduct({ stock: 10 });
    const open = (await makeSale({ productId: q.id, quantity: 1 })).body.flashSale;
    expect((await buy(q.id, open.id)).status).toBe(201);
    expect((await buy(q.id, open.id)).body.error.code).toBe('out_of_stock');
    const r = await createProduct({ stock: 10 });
    const stopped = (await makeSale({ productId: r.id, quantity: 3 })).body.flashSale;
    expect((await callJson(`/api/ops/flash-sales/${stopped.id}/stop`, { method: 'POST', token: await opsToken() })).status).toBe(200);
    await new Promise((res) => setTimeout(res, 2_100)); // past this isolate's memo of the sale
    expect((await buy(r.id, stopped.id)).body.error.code).toBe('ended');

    const wire = tripwire();
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => viaVerb(orderBody([{ productId: p.id, quantity: 1 }], { flashSale: upcoming.id }))(wire)),
      ...Array.from({ length: 10 }, () => viaVerb(orderBody([{ productId: q.id, quantity: 1 }], { flashSale: open.id }))(wire)),
      ...Array.from({ length: 10 }, () => viaVerb(orderBody([{ productId: r.id, quantity: 1 }], { flashSale: stopped.id }))(wire)),
    ]);
    expect(answers).toEqual([...Array(10).fill('not_started'), ...Array(10).fill('out_of_stock'), ...Array(10).fill('ended')]);
    expect(wire.touched).toEqual([]);
  });

  it('orders must be one item of the sale’s product, and not another discount', async () => {
    const p = await createProduct({ stock: 10 });
    const other = await createProduct({ stock: 10 });
    const sale = (await makeSale({ productId: p.id })).body.flashSale;
    const wrong = await buy(other.id, sale.id);
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'invalid_input']);
    const two = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }, { productId: other.id, quantity: 1 }], { flashSale: sale.id }));
    expect(two.status).toBe(400);
    const withGroup = await buy(p.id, sale.id, { group: { open: true } });
    expect(withGroup.status).toBe(400);
    expect((await saleOf(sale.id)).remaining).toBe(5);
  });

  it('a per-buyer limit: one buyer sending 5 orders at once gets exactly 2 units, another buyer still gets theirs', async () => {
    const p = await createProduct({ stock: 10 });
    const sale = (await makeSale({ productId: p.id, quantity: 8, limits: { perBuyer: 2 } })).body.flashSale;
    const buyer = { email: `${uniq('fan')}@example.test`, name: 'Fan' };
    const over = await buy(p.id, sale.id, { buyer }, 3);
    expect([over.status, over.body.error.code]).toEqual([409, 'limit_reached']);
    const burst = await Promise.all(Array.from({ length: 5 }, () => buy(p.id, sale.id, { buyer })));
    expect(burst.filter((r) => r.status === 201)).toHaveLength(2);
    expect(burst.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(3).fill('limit_reached'));
    expect((await buy(p.id, sale.id)).status).toBe(201);
    // The refused orders gave their units back: 8 − 3 sold.
    expect((await saleOf(sale.id)).remaining).toBe(5);
  });

  it('the end gives the unsold units back, and a hold that lapses after the end follows; a sold line stays sold', async () => {
    const p = await createProduct({ stock: 10 });
    const sale = (await makeSale({ productId: p.id, quantity: 5 })).body.flashSale;
    expect(await stockOf(p.id)).toBe(5);
    const paid = (await buy(p.id, sale.id)).body.order;
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: paid.id, amount: paid.total })).status).toBe(200);
    // The order names its sale, and its line's units were the sale's: paying took none of the product's.
    const rec = (await withDb(appEnv, (db) => findOrderRecord(db, paid.id)))!;
    expect([rec.order.flashSaleId, rec.order.status, rec.items[0]!.stockUnit]).toEqual([sale.id, 'paid', sale.id]);
    expect(await stockOf(p.id)).toBe(5);
    const unpaid = (await buy(p.id, sale.id)).body.order;
    const stop = await callJson(`/api/ops/flash-sales/${sale.id}/stop`, { method: 'POST', token: await opsToken() });
    expect(stop.body.flashSale).toMatchObject({ status: 'ended', remaining: 0, returned: 3, settled: false });
    expect(await stockOf(p.id)).toBe(8);
    // Stopping twice is a conflict; the sale's own units are closed.
    expect((await callJson(`/api/ops/flash-sales/${sale.id}/stop`, { method: 'POST', token: await opsToken() })).status).toBe(409);

    // The unpaid order fails after the end: its unit returns to the product at the next pass.
    await sendTestEvent({ type: 'payment.failed', orderId: unpaid.id, amount: unpaid.total });
    const obj = appEnv.FLASH_SALE.get(appEnv.FLASH_SALE.idFromName(sale.id));
    await runDurableObjectAlarm(obj);
    expect(await stockOf(p.id)).toBe(9);
    const list = (await callJson('/api/ops/flash-sales', { token: await opsToken() })).body.items;
    expect(list.find((s: { id: string }) => s.id === sale.id)).toMatchObject({ returned: 4, settled: true });
    // Nothing comes back twice.
    await runDurableObjectAlarm(obj);
    expect(await stockOf(p.id)).toBe(9);
  });

  it('the end alarm closes the sale by itself', async () => {
    const p = await createProduct({ stock: 10 });
    const sale = (await makeSale({ productId: p.id, quantity: 3, endsAt: iso(Date.now() + 1_500) })).body.flashSale;
    expect((await buy(p.id, sale.id)).status).toBe(201);
    await new Promise((res) => setTimeout(res, 1_700));
    const obj = appEnv.FLASH_SALE.get(appEnv.FLASH_SALE.idFromName(sale.id));
    await runDurableObjectAlarm(obj);
    expect(await saleOf(sale.id)).toMatchObject({ status: 'ended', remaining: 0 });
    expect(await stockOf(p.id)).toBe(9);
    expect((await buy(p.id, sale.id)).body.error.code).toBe('ended');
  });

  it('a sale of one variant sets aside that variant’s units only', async () => {
    const tee = await createTee({ stock: 4 });
    const v = variantOf(tee, '白', 'M');
    const sale = await makeSale({ productId: tee.id, variantId: v.id, quantity: 3, price: { amount: 100, currency: 'CNY' } });
    expect(sale.status).toBe(201);
    const after = (await callJson(`/api/products/${tee.id}`)).body.product.variants;
    expect(after.find((x: { id: string }) => x.id === v.id).stockAvailable).toBe(1);
    const other = after.find((x: { id: string }) => x.id !== v.id);
    expect(other.stockAvailable).toBe(4);
    const wrongVariant = await placeOrder(orderBody([{ productId: tee.id, variantId: other.id, quantity: 1 }], { flashSale: sale.body.flashSale.id }));
    expect(wrongVariant.status).toBe(400);
    const ok = await placeOrder(orderBody([{ productId: tee.id, variantId: v.id, quantity: 1 }], { flashSale: sale.body.flashSale.id }));
    expect([ok.status, ok.body.order.total.amount]).toEqual([201, 100]);
  });

  it('lists ongoing and upcoming sales with the server time', async () => {
    const p = await createProduct({ stock: 10 });
    const soon = (await makeSale({ productId: p.id, quantity: 2, startsAt: iso(Date.now() + HOUR), endsAt: iso(Date.now() + 2 * HOUR) })).body.flashSale;
    const r = await callJson('/api/flash-sales?status=upcoming');
    expect(Date.parse(r.body.serverNow)).toBeGreaterThan(Date.now() - 60_000);
    expect(r.body.items.find((s: { id: string }) => s.id === soon.id)).toMatchObject({ status: 'upcoming', remaining: 2 });
    expect((await callJson('/api/flash-sales?status=ongoing')).body.items.some((s: { id: string }) => s.id === soon.id)).toBe(false);
    expect((await callJson('/api/flash-sales?status=nope')).status).toBe(400);
  });

  it('a product on 4 stock shards: the quantity is taken over its shards, all or nothing, and comes back', async () => {
    const sharded = { ...appEnv, STOCK_SHARDS: '4' } as AppEnv;
    const p = await withDb(sharded, (db) => createProductAs(sharded, db, productBody({ stock: 10 }) as never));
    const body = (quantity: number, from: number) => ({ productId: p.id, price: { amount: 100, currency: 'CNY' as const }, quantity, startsAt: iso(Date.now() + from), endsAt: iso(Date.now() + from + HOUR) });
    // 11 of 10: refused, and no shard keeps a unit aside.
    await expect(withDb(sharded, (db) => createFlashSale(sharded, db, 'a_test', body(11, HOUR)))).rejects.toMatchObject({ code: 'out_of_stock' });
    expect(await availableStock(sharded, p.id)).toBe(10);
    // 7 of 10: more than any one shard's share (3), so it is taken from several.
    const sale = await withDb(sharded, (db) => createFlashSale(sharded, db, 'a_test', body(7, HOUR)));
    expect(await availableStock(sharded, p.id)).toBe(3);
    await withDb(sharded, (db) => createFlashSale(sharded, db, 'a_test', body(3, 3 * HOUR)));
    expect(await availableStock(sharded, p.id)).toBe(0);
    expect((await callJson(`/api/ops/flash-sales/${sale.id}/stop`, { method: 'POST', token: await opsToken() })).status).toBe(200);
    expect(await availableStock(sharded, p.id)).toBe(7);
  });
});
