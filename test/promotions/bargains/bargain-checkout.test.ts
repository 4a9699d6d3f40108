// Buying a bargain: the owner only, once it has succeeded, once, at the floor, with the bargain's
// attribution; refusals answered by the object without Postgres.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bargain } from '../../../workers/objects/bargain';
import { bargainStub } from '../../../workers/services/promotions/bargains';
import { findBargainRow } from '../../../workers/storage/promotions/bargains-repo';
import { createOrder } from '../../../workers/services/orders/checkout';
import { promotionsAfterMove } from '../../../workers/services/promotions/order-effects';
import { openDb } from '../../../workers/storage/db';
import { findOrderRecord } from '../../../workers/storage/orders/orders-repo';
import { refToken } from '../../buyer-helpers';
import { orderBody, placeOrder, sendTestEvent, tripwire } from '../../checkout-helpers';
import { callJson, signupSeller, uniq } from '../../helpers';
import { appEnv, bargainProduct, buyer, help, openBargain, succeededBargain } from './bargain-helpers';

async function orderRow(id: string) {
  const { db, close } = openDb(appEnv);
  try {
    return (await findOrderRecord(db, id))!;
  } finally {
    await close();
  }
}

const bargainOrder = (productId: string, email: string, bargain: string, extra: Record<string, unknown> = {}) =>
  orderBody([{ productId, quantity: 1 }], { buyer: { email, name: '小王' }, bargain, ...extra });

/** What the payments webhook's caller does after the move commits (services/orders/payments.ts). */
async function afterMove(orderId: string, to: 'paid' | 'cancelled') {
  const rec = await orderRow(orderId);
  await promotionsAfterMove(appEnv, rec.order, to, rec.items);
}

describe('buying a bargain', () => {
  it('the owner buys once at the floor: a second order is bargain_closed, and once paid the bargain is purchased', async () => {
    const { product, owner, id } = await succeededBargain({ helpers: 2, price: 9900, floor: 1900 });
    const key = uniq('k');
    const body = bargainOrder(product.id, owner.email, id);
    const first = await placeOrder(body, key);
    expect(first.status).toBe(201);
    expect(first.body.order.total).toEqual({ amount: 1900, currency: 'CNY' });
    expect((await placeOrder(body, key)).body).toEqual(first.body);
    const rec = await orderRow(first.body.order.id);
    expect(rec.order.bargainId).toBe(id);
    expect(rec.items[0]!.unitPriceAmount).toBe(1900);

    // The same order retried (above) took its own purchase again; another order of the owner is refused.
    const retry = await placeOrder(bargainOrder(product.id, owner.email, id), uniq('k'));
    expect([retry.status, retry.body.error.code]).toEqual([409, 'bargain_closed']);

    const paid = await sendTestEvent({ type: 'payment.succeeded', orderId: first.body.order.id, amount: first.body.order.total });
    expect(paid.status).toBe(200);
    await afterMove(first.body.order.id, 'paid');
    expect((await callJson(`/api/bargains/${id}`)).body.bargain.status).toBe('purchased');
    const { db, close } = openDb(appEnv);
    const row = await findBargainRow(db, id).finally(close);
    expect([row?.status, row?.orderId]).toEqual(['purchased', first.body.order.id]);
    const again = await placeOrder(bargainOrder(product.id, owner.email, id));
    expect([again.status, again.body.error.code]).toEqual([409, 'bargain_closed']);
  });

  it('many orders of the owner at once: exactly one takes the purchase', async () => {
    const { product, owner, id } = await succeededBargain({ helpers: 2 });
    // Five: the test's limit of unpaid orders per email (LIMIT_UNPAID_ORDERS_PER_EMAIL) is 5.
    const tries = await Promise.all(Array.from({ length: 5 }, () => placeOrder(bargainOrder(product.id, owner.email, id))));
    expect(tries.filter((r) => r.status === 201)).toHaveLength(1);
    expect(tries.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.error.code}`)).toEqual(Array(4).fill('409 bargain_closed'));
  });

  it('a cancelled order gives the purchase back', async () => {
    const { product, owner, id } = await succeededBargain({ helpers: 2 });
    const first = await placeOrder(bargainOrder(product.id, owner.email, id));
    expect(first.status).toBe(201);
    const failed = await sendTestEvent({ type: 'payment.failed', orderId: first.body.order.id, amount: first.body.order.total });
    expect(failed.status).toBe(200);
    expect((await orderRow(first.body.order.id)).order.status).toBe('cancelled');
    await afterMove(first.body.order.id, 'cancelled');
    expect((await callJson(`/api/bargains/${id}`)).body.bargain.status).toBe('succeeded');
    expect((await placeOrder(bargainOrder(product.id, owner.email, id))).status).toBe(201);
  });

  it('an unpaid order that lapses gives the purchase back by itself, at its reservation end', async () => {
    const { product, owner, id } = await succeededBargain({ helpers: 2 });
    expect((await placeOrder(bargainOrder(product.id, owner.email, id))).status).toBe(201);
    const stub = bargainStub(appEnv, id);
    expect(await stub.checkPurchase(owner.email, 'o_another000001')).toEqual({ ok: false, code: 'bargain_closed' });
    await runInDurableObject(stub, (inst: Bargain) => {
      inst.now = () => Date.now() + 24 * 3_600_000;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.checkPurchase(owner.email, 'o_another000001')).toMatchObject({ ok: true, floorPriceAmount: 1900 });
  });

  it("refuses another buyer's email (403), an open bargain (bargain_closed), a wrong shape (400), all without Postgres", async () => {
    const p = await bargainProduct({ helpers: 2 });
    const owner = await buyer('owner');
    const openId = (await openBargain(owner.token, { productId: p.id })).body.bargain.id;
    const { product, owner: winner, id } = await succeededBargain({ helpers: 2 });

    const wire = tripwire();
    const attempt = (body: unknown) =>
      createOrder({ env: appEnv, db: wire.db }, { body: body as never, idempotencyKey: uniq('x-'), origin: 'http://pinlink.test' }).then(
        (r) => String(r.status),
        (e: { code?: string }) => e.code ?? String(e),
      );
    expect(await attempt(bargainOrder(product.id, `${uniq('someone')}@example.test`, id))).toBe('forbidden');
    expect(await attempt(bargainOrder(p.id, owner.email, openId))).toBe('bargain_closed');
    expect(await attempt(orderBody([{ productId: product.id, quantity: 2 }], { buyer: { email: winner.email, name: 'x' }, bargain: id }))).toBe('invalid_input');
    expect(await attempt(bargainOrder(p.id, winner.email, id))).toBe('invalid_input');
    expect(await attempt(bargainOrder(product.id, winner.email, id, { group: { open: true } }))).toBe('invalid_input');
    expect(wire.touched).toEqual([]);
    const forbidden = await placeOrder(bargainOrder(product.id, `${uniq('someone')}@example.test`, id));
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'forbidden']);
  });

  it("the bargain's purchase carries the seller's attribution from the link that opened it", async () => {
    const seller = await signupSeller();
    const p = await bargainProduct({ helpers: 2 });
    const owner = await buyer('owner');
    const opened = await openBargain(owner.token, { productId: p.id, ref: await refToken(seller.id) });
    const id = opened.body.bargain.id;
    for (let i = 0; i < 2; i++) expect((await help(id, (await buyer('h')).token)).status).toBe(201);
    const order = await placeOrder(bargainOrder(p.id, owner.email, id));
    expect(order.status).toBe(201);
    const rec = await orderRow(order.body.order.id);
    expect(rec.order.attributedSellerId).toBe(seller.id);
    expect(rec.order.attributedLinkId).toBe('l_testLink0001');
  });
});
