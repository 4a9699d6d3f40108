// The coupon pages: ops create, stop and raise with plain forms (audited); a buyer claims in the
// coupon centre without JavaScript and picks the coupon on the checkout form; the order shows it.
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../../workers/storage/schema';
import { BASE, call, callJson, createProduct, opsToken, uniq } from '../../helpers';
import { db } from '../../ledger-helpers';
import { buyer, createCoupon, myCoupons } from './coupon-helpers';

const urlencoded = { 'content-type': 'application/x-www-form-urlencoded', origin: BASE };
const opsForm = async (path: string, fields: Record<string, string>) =>
  call(path, { method: 'POST', token: await opsToken(), raw: new URLSearchParams(fields).toString(), headers: urlencoded });
const buyerForm = (path: string, fields: Record<string, string>, token: string) =>
  call(path, { method: 'POST', raw: new URLSearchParams(fields).toString(), headers: { ...urlencoded, cookie: `pinlink_buyer=${token}` } });
const opsCoupon = async (title: string) => ((await callJson('/api/ops/coupons', { token: await opsToken() })).body.items as any[]).find((c) => c.title === title);

describe('coupon pages', () => {
  it('lets ops create, stop and raise a coupon from /ops/coupons, audited', async () => {
    const title = uniq('满50减5 ');
    const made = await opsForm('/ops/coupons', {
      title, kind: 'percent', percentOff: '15', maxDiscount: '20', minSpend: '50', scope: 'category', categories: 'Tea, 茶具',
      totalCount: '10', perBuyerLimit: '2', validity: 'fixed', startsAt: '2026-01-01T10:00', endsAt: '2099-01-01T10:00',
    });
    expect(made.status).toBe(303);
    const c = await opsCoupon(title);
    expect(c).toMatchObject({
      discount: { kind: 'percent', percentOff: 15, maxDiscount: { amount: 2000, currency: 'CNY' } },
      minSpend: { amount: 5000, currency: 'CNY' },
      scope: { kind: 'category', categories: ['Tea', '茶具'] },
      totalCount: 10, perBuyerLimit: 2,
      validity: { kind: 'fixed', startsAt: '2026-01-01T02:00:00.000Z', endsAt: '2099-01-01T02:00:00.000Z' },
    });
    const page = await (await call('/ops/coupons', { token: await opsToken() })).text();
    expect(page).toContain(`data-coupon="${c.id}"`);
    expect(page).toContain('data-counts="0/0/10"');
    // A bad form is answered on the page, in words, with nothing created.
    const bad = await opsForm('/ops/coupons', { title: uniq('bad '), kind: 'amount', amount: 'lots', scope: 'all', validity: 'after_claim', days: '7' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('discount.amount');
    // Lowering is refused in words; raising and stopping go through.
    expect((await opsForm(`/ops/coupons/${c.id}`, { totalCount: '5' })).status).toBe(409);
    expect((await opsForm(`/ops/coupons/${c.id}`, { totalCount: '12' })).status).toBe(303);
    expect((await opsForm(`/ops/coupons/${c.id}`, { active: 'false' })).status).toBe(303);
    expect(await opsCoupon(title)).toMatchObject({ totalCount: 12, active: false });
    const audit = await db((d) => d.select().from(auditLog).where(eq(auditLog.target, `coupon:${c.id}`)).orderBy(desc(auditLog.createdAt)));
    expect(audit.map((a) => a.action)).toEqual(['coupon.update', 'coupon.update', 'coupon.create']);
    // Another origin is refused.
    const evil = await call(`/ops/coupons/${c.id}`, { method: 'POST', token: await opsToken(), raw: 'active=true', headers: { ...urlencoded, origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
  });

  it('lets a buyer claim in the coupon centre and use it on the checkout form', async () => {
    const p = await createProduct({ price: { amount: 5000, currency: 'CNY' }, stock: 5 });
    const c = await createCoupon({ title: uniq('新人券 '), totalCount: 1 });
    const who = await buyer();
    const cookie = `pinlink_buyer=${who.token}`;
    const account = await (await call('/account', { headers: { cookie } })).text();
    expect(account).toContain(`action="/account/coupons/${c.id}/claim"`);
    const claimed = await buyerForm(`/account/coupons/${c.id}/claim`, {}, who.token);
    expect(claimed.status).toBe(303);
    expect(claimed.headers.get('location')).toBe('/account?coupon=claimed#coupons');
    const [mine] = (await myCoupons(who.token)).filter((x) => x.couponId === c.id);
    expect(mine!.state).toBe('unused');
    // Exhausted now: another buyer is told so.
    const late = await buyer();
    expect((await buyerForm(`/account/coupons/${c.id}/claim`, {}, late.token)).headers.get('location')).toBe('/account?coupon=coupon_exhausted#coupons');
    expect(await (await call('/account?coupon=coupon_exhausted', { headers: { cookie: `pinlink_buyer=${late.token}` } })).text()).toContain('data-coupon-notice');
    // Not signed in: to the sign-in page.
    expect((await call(`/account/coupons/${c.id}/claim`, { method: 'POST', raw: '', headers: urlencoded })).headers.get('location')).toBe('/account/login');

    const buy = await (await call(`/buy/${p.id}`, { headers: { cookie } })).text();
    expect(buy).toContain(`data-coupon-option="${mine!.id}"`);
    expect(buy).toContain(`value="${who.email}"`);
    const posted = await buyerForm(
      `/buy/${p.id}`,
      { mode: 'alone', idem: uniq('i'), quantity: '1', email: who.email, name: '钱七', line1: '1 Road', city: 'Shanghai', postalCode: '200001', country: 'CN', coupon: mine!.id },
      who.token,
    );
    expect(posted.status, await posted.clone().text()).toBe(303);
    expect((await myCoupons(who.token)).find((x) => x.id === mine!.id)).toMatchObject({ state: 'locked' });
    const orderId = (await myCoupons(who.token)).find((x) => x.id === mine!.id)!.orderId!;
    const order = await callJson(`/api/orders/${orderId}`, { token: await opsToken() });
    expect(order.body.order).toMatchObject({ total: { amount: 3000 }, discount: { amount: 2000 } });
    // Used up: the form no longer offers it.
    expect(await (await call(`/buy/${p.id}`, { headers: { cookie } })).text()).not.toContain(`data-coupon-option="${mine!.id}"`);
  });

  it('shows the subtotal and discount on the order page', async () => {
    const p = await createProduct({ price: { amount: 5000, currency: 'CNY' } });
    const who = await buyer();
    const c = await createCoupon();
    const k = (await callJson(`/api/coupons/${c.id}/claim`, { token: who.token, method: 'POST' })).body.buyerCoupon.id;
    const r = await callJson('/api/orders', {
      body: { items: [{ productId: p.id, quantity: 1 }], buyer: { email: who.email, name: 'x' }, shippingAddress: { name: 'x', line1: '1', city: 'S', postalCode: '200001', country: 'CN' }, coupon: k },
      headers: { 'idempotency-key': uniq('k'), cookie: `pinlink_buyer=${who.token}` },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const html = await (await call(`/o/${r.body.order.id}?t=${r.body.orderToken}`)).text();
    expect(html).toContain('data-discount="2000"');
  });
});
