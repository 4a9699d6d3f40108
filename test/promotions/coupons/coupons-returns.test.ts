// A coupon follows its order (API.md v3 "Coupons"): back to unused when the order is cancelled,
// lapses or is refunded in full (ops or after-sales), still used after a partial refund.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Stock } from '../../../workers/objects/stock';
import { buyerCoupons } from '../../../workers/storage/schema';
import { sendTestEvent } from '../../checkout-helpers';
import { callJson, createProduct, opsToken } from '../../helpers';
import { db, opsAction } from '../../ledger-helpers';
import { ask } from '../../aftersales/helpers';
import { buyer, claimed, couponOrder, createCoupon, stateOf } from './coupon-helpers';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** A buyer with a claimed coupon and an unpaid order of these lines using it. */
async function lockedOrder(lines: { price?: number; quantity: number }[] = [{ quantity: 1 }]) {
  const products = await Promise.all(lines.map((l) => createProduct({ stock: 10, ...(l.price ? { price: cny(l.price) } : {}) })));
  const who = await buyer();
  const k = await claimed((await createCoupon()).id, who);
  const r = await couponOrder(who, products.map((p, i) => ({ productId: p.id, quantity: lines[i]!.quantity })), k);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(await stateOf(who.token, k)).toBe('locked');
  return { who, k, order: r.body.order as { id: string; total: { amount: number; currency: string } }, products };
}

async function pay(order: { id: string; total: unknown }) {
  const r = await sendTestEvent({ type: 'payment.succeeded', orderId: order.id, amount: order.total as never });
  expect(r.body.outcome).toBe('paid');
}

/** The same coupon goes on a new order: it really is free again. */
async function usableAgain(who: { email: string; token: string }, k: string, productId: string) {
  const r = await couponOrder(who, [{ productId, quantity: 1 }], k);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

describe('a coupon and its order', () => {
  it('comes back when the payment fails', async () => {
    const { who, k, order, products } = await lockedOrder();
    expect((await sendTestEvent({ type: 'payment.failed', orderId: order.id, amount: order.total })).status).toBe(200);
    expect(await stateOf(who.token, k)).toBe('unused');
    await usableAgain(who, k, products[0]!.id);
  });

  it('comes back when the order lapses unpaid', async () => {
    const { who, k, order, products } = await lockedOrder();
    const stub = env.STOCK.get(env.STOCK.idFromName(`${products[0]!.id}:0`));
    await runInDurableObject(stub, (s: Stock) => {
      s.now = () => Date.now() + 3_600_000;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await callJson(`/api/orders/${order.id}`, { token: await opsToken() })).body.order.status).toBe('cancelled');
    expect(await stateOf(who.token, k)).toBe('unused');
    await usableAgain(who, k, products[0]!.id);
  });

  it('is used once paid, and comes back on a full refund by ops', async () => {
    const { who, k, order, products } = await lockedOrder();
    await pay(order);
    expect(await stateOf(who.token, k)).toBe('used');
    await opsAction(order.id, 'refund');
    expect(await stateOf(who.token, k)).toBe('unused');
    await usableAgain(who, k, products[0]!.id);
  });

  it('comes back as expired when its window closed meanwhile', async () => {
    const { who, k, order } = await lockedOrder();
    await db((d) => d.update(buyerCoupons).set({ validFrom: new Date(Date.now() - 2000), validUntil: new Date(Date.now() - 1000) }).where(eq(buyerCoupons.id, k)));
    await sendTestEvent({ type: 'payment.failed', orderId: order.id, amount: order.total });
    expect(await stateOf(who.token, k)).toBe('expired');
  });

  it('stays used after a partial after-sale refund, and comes back once every line is refunded', async () => {
    const { who, k, order, products } = await lockedOrder([{ price: 6000, quantity: 1 }, { price: 4000, quantity: 2 }]);
    await pay(order);
    const first = await ask(who.token, order.id, { kind: 'refund', lines: [{ productId: products[0]!.id, quantity: 1 }] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(await stateOf(who.token, k)).toBe('used');
    const rest = await ask(who.token, order.id, { kind: 'refund', lines: [{ productId: products[1]!.id, quantity: 2 }] });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    // The refunds paid back exactly what was paid, discount taken into account.
    expect(first.body.afterSale.amount.amount + rest.body.afterSale.amount.amount).toBe(order.total.amount);
    expect((await callJson(`/api/orders/${order.id}`, { token: await opsToken() })).body.order.status).toBe('refunded');
    expect(await stateOf(who.token, k)).toBe('unused');
    await usableAgain(who, k, products[0]!.id);
  });
});
