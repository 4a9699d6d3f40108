// A coupon at checkout (API.md v3 "Coupons"): the owner only, a plain order only, its scope,
// threshold and window, one order at a time, and the money split over the lines it covers.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { lockBuyerCoupon } from '../../../workers/storage/promotions/coupons-repo';
import { buyerCoupons, orderItems } from '../../../workers/storage/schema';
import { orderBody, placeOrder, sendTestEvent } from '../../checkout-helpers';
import { callJson, createProduct, signupSeller, uniq } from '../../helpers';
import { db, entriesOfOrder, refFor } from '../../ledger-helpers';
import { buyer, claimed, couponOrder, createCoupon, stateOf } from './coupon-helpers';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const linesOf = (orderId: string) => db((d) => d.select().from(orderItems).where(eq(orderItems.orderId, orderId)));

describe('a coupon at checkout', () => {
  it('splits the discount over the lines in scope only, and commission follows payAmount', async () => {
    const tea = `Tea${uniq()}`;
    const a = await createProduct({ category: tea, price: cny(10000), commission: { level1Bps: 1000, level2Bps: 0 } });
    const b = await createProduct({ category: 'Other', price: cny(5000), commission: { level1Bps: 2000, level2Bps: 0 } });
    const c = await createCoupon({ scope: { kind: 'category', categories: [tea] }, minSpend: cny(8000), discount: { kind: 'amount', amount: cny(2000) } });
    const who = await buyer();
    const k = await claimed(c.id, who);
    const seller = await signupSeller();
    const ref = await refFor(seller.token);
    const body = orderBody([{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 1 }], { buyer: { email: who.email, name: '赵六' }, coupon: k, ref });
    const r = await placeOrder(body, uniq('idem-'), { authorization: `Bearer ${who.token}` });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.order).toMatchObject({ subtotal: cny(15000), discount: cny(2000), total: cny(13000) });
    const pays = Object.fromEntries((await linesOf(r.body.order.id)).map((l) => [l.productId, l.payAmount]));
    // The whole discount on the tea line; the other line pays its full price.
    expect(pays).toEqual({ [a.id]: 8000, [b.id]: 5000 });
    expect(await stateOf(who.token, k)).toBe('locked');
    const paid = await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total });
    expect(paid.body.outcome, JSON.stringify(paid.body)).toBe('paid');
    expect(await stateOf(who.token, k)).toBe('used');
    // 10% of 8000 + 20% of 5000. A split over both lines would give 866 + 866.
    const earned = (await entriesOfOrder(r.body.order.id)).filter((e) => e.sellerId === seller.id && e.level === 1).reduce((s, e) => s + e.amount, 0);
    expect(earned).toBe(1800);
    // Used: a second order with it is refused.
    expect((await couponOrder(who, [{ productId: a.id, quantity: 1 }], k)).body.error.code).toBe('coupon_not_applicable');
  });

  it('takes a percentage capped by maxDiscount, with lines that sum exactly', async () => {
    const p1 = await createProduct({ price: cny(3333) });
    const p2 = await createProduct({ price: cny(6667) });
    const c = await createCoupon({ discount: { kind: 'percent', percentOff: 15, maxDiscount: cny(1234) } });
    const who = await buyer();
    const k = await claimed(c.id, who);
    const r = await couponOrder(who, [{ productId: p1.id, quantity: 2 }, { productId: p2.id, quantity: 1 }], k);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // 15% of 13333 is 1999, over the cap.
    expect(r.body.order.discount).toEqual(cny(1234));
    const lines = await linesOf(r.body.order.id);
    expect(lines.reduce((s, l) => s + l.payAmount!, 0)).toBe(13333 - 1234);
    expect(lines.every((l) => l.payAmount! >= 0 && l.payAmount! <= l.unitPriceAmount * l.quantity)).toBe(true);
  });

  it('gives one coupon to exactly one of two concurrent orders, and a retry of that order keeps it', async () => {
    const p = await createProduct({ stock: 10 });
    const c = await createCoupon();
    const who = await buyer();
    const k = await claimed(c.id, who);
    const keys = [uniq('idem-'), uniq('idem-')];
    const rs = await Promise.all(keys.map((key) => couponOrder(who, [{ productId: p.id, quantity: 1 }], k, key)));
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409]);
    const lost = rs.find((r) => r.status === 409)!;
    expect(lost.body.error.code).toBe('coupon_not_applicable');
    const won = rs.findIndex((r) => r.status === 201);
    const again = await couponOrder(who, [{ productId: p.id, quantity: 1 }], k, keys[won]);
    expect(again.status).toBe(201);
    expect(again.body.order.id).toBe(rs[won]!.body.order.id);
    const [row] = await db((d) => d.select().from(buyerCoupons).where(eq(buyerCoupons.id, k)));
    expect(row).toMatchObject({ state: 'locked', orderId: rs[won]!.body.order.id });
  });

  it('refuses anyone but the signed-in owner ordering with their own email', async () => {
    const p = await createProduct();
    const c = await createCoupon();
    const owner = await buyer();
    const other = await buyer();
    const k = await claimed(c.id, owner);
    const items = [{ productId: p.id, quantity: 1 }];
    const asOwner = orderBody(items, { buyer: { email: owner.email, name: 'x' }, coupon: k });
    // No session, another buyer's session, the owner's session with someone else's email.
    expect((await placeOrder(asOwner)).status).toBe(403);
    expect((await placeOrder(asOwner, uniq('idem-'), { authorization: `Bearer ${other.token}` })).status).toBe(403);
    expect((await couponOrder({ ...owner, email: other.email }, items, k)).status).toBe(403);
    expect((await couponOrder(other, items, k)).body.error.code).toBe('forbidden');
    expect((await placeOrder(asOwner, uniq('idem-'), { authorization: 'Bearer not-a-token' })).status).toBe(403);
    // Never with another discount.
    const withCode = orderBody(items, { buyer: { email: owner.email, name: 'x' }, coupon: k, promoCode: 'ABCD1234' });
    expect((await placeOrder(withCode, uniq('idem-'), { authorization: `Bearer ${owner.token}` })).body.error.code).toBe('coupon_not_applicable');
    // None of that touched it: the owner still can.
    expect(await stateOf(owner.token, k)).toBe('unused');
    expect((await couponOrder(owner, items, k)).status).toBe(201);
  });

  it('refuses a coupon out of scope, under its threshold or outside its window', async () => {
    const p = await createProduct({ price: cny(5000) });
    const other = await createProduct({ price: cny(5000) });
    const who = await buyer();
    const items = [{ productId: p.id, quantity: 1 }];
    const scoped = await claimed((await createCoupon({ scope: { kind: 'products', productIds: [other.id] } })).id, who);
    expect((await couponOrder(who, items, scoped)).body.error.code).toBe('coupon_not_applicable');
    const threshold = await claimed((await createCoupon({ minSpend: cny(5001) })).id, who);
    expect((await couponOrder(who, items, threshold)).body.error.code).toBe('coupon_not_applicable');
    // Two units reach it.
    expect((await couponOrder(who, [{ productId: p.id, quantity: 2 }], threshold)).status).toBe(201);
    const dated = await claimed((await createCoupon()).id, who);
    await db((d) => d.update(buyerCoupons).set({ validUntil: new Date(Date.now() - 1000) }).where(eq(buyerCoupons.id, dated)));
    expect(await stateOf(who.token, dated)).toBe('expired');
    expect((await couponOrder(who, items, dated)).body.error.code).toBe('coupon_not_applicable');
    expect((await couponOrder(who, items, 'k_nosuchcoupon1')).status).toBe(403);
  });

  it('frees a lock whose order was never written once its reservation ends, and not before', async () => {
    const p = await createProduct();
    const who = await buyer();
    const k = await claimed((await createCoupon()).id, who);
    const lock = (until: number) => db((d) => lockBuyerCoupon(d, { id: k, buyerEmail: who.email, orderId: 'o_neverwritten1', lockedUntil: new Date(until), now: new Date() }));
    // A checkout locked it, then failed before its order was written.
    expect(await lock(Date.now() + 60_000)).toBe(true);
    expect(await stateOf(who.token, k)).toBe('locked');
    expect((await couponOrder(who, [{ productId: p.id, quantity: 1 }], k)).body.error.code).toBe('coupon_not_applicable');
    await db((d) => d.update(buyerCoupons).set({ lockedUntil: new Date(Date.now() - 1) }).where(eq(buyerCoupons.id, k)));
    expect(await stateOf(who.token, k)).toBe('unused');
    const r = await couponOrder(who, [{ productId: p.id, quantity: 1 }], k);
    expect(r.status).toBe(201);
    expect(r.body.order.discount).toEqual(cny(2000));
  });

  it('shows the coupon on the order', async () => {
    const p = await createProduct();
    const who = await buyer();
    const k = await claimed((await createCoupon()).id, who);
    const r = await couponOrder(who, [{ productId: p.id, quantity: 1 }], k);
    const view = await callJson(`/api/orders/${r.body.order.id}`, { token: r.body.orderToken });
    expect(view.body.order).toMatchObject({ subtotal: cny(9900), discount: cny(2000), total: cny(7900) });
  });
});
