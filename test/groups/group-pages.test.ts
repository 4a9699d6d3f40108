import { describe, expect, it } from 'vitest';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { call, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';

async function groupProduct(size = 3) {
  return createProduct({
    title: `拼团好物 Group thing ${uniq()}`,
    stock: 20,
    groupBuy: { size, price: { amount: 5900, currency: 'CNY' }, durationMinutes: 60 },
  });
}

const form = (fields: Record<string, string>) => ({
    method: 'POST',
    raw: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const buyer = (email = `${uniq('pg')}@example.test`) => ({
  email,
  name: 'Wang Wu',
  line1: '8 Huaihai Rd',
  city: 'Shanghai',
  postalCode: '200002',
  country: 'CN',
});

describe('group pages', () => {
  it('/g/:id shows the product, both prices, initials (never emails), seats needed, a countdown, join and share', async () => {
    const p = await groupProduct();
    const leaderEmail = `${uniq('lead')}@example.test`;
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { buyer: { email: leaderEmail, name: '张三' }, group: { open: true } }));
    const gid = leader.body.order.groupId;
    await sendTestEvent({ type: 'payment.succeeded', orderId: leader.body.order.id, amount: leader.body.order.total });
    const res = await call(`/g/${gid}?ref=abc.def`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(p.title);
    expect(html).toContain('¥59.00');
    expect(html).toContain('¥99.00');
    expect(html).toContain('还差 2 人');
    expect(html).toMatch(/<b data-members="true">1<\/b>/);
    expect(html).toMatch(/class="seat paid" data-seat="paid">张</);
    expect(html).toContain('data-countdown');
    expect(html).toContain(`href="/buy/${p.id}?mode=join&amp;group=${gid}&amp;ref=abc.def"`);
    expect(html).toContain('data-share');
    expect(html).toContain('/js/group-live.js');
    expect(html).not.toContain(leaderEmail);
    expect((await call('/g/g_doesNotExist9')).status).toBe(404);
    expect((await call('/g/nonsense')).status).toBe(404);
  });

  it('the product page lists open groups nearest to full first and offers start-a-group and buy-alone', async () => {
    const p = await groupProduct(3);
    const a = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    const b = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    await sendTestEvent({ type: 'payment.succeeded', orderId: b.body.order.id, amount: b.body.order.total });
    const html = await (await call(`/p/${p.id}?ref=r1`)).text();
    const listed = [...html.matchAll(/data-open-group="(g_[0-9A-Za-z]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual([b.body.order.groupId, a.body.order.groupId]);
    // The page is cached for every visitor: the ref is spliced in per response, and
    // /js/share.js carries it onto the buy links.
    expect(html).toContain(`href="/buy/${p.id}?mode=open"`);
    expect(html).toContain(`href="/buy/${p.id}?mode=alone"`);
    expect(html).toContain('<meta name="pinlink:ref" content="r1"/>');
    expect(html).toContain('发起拼团');
    expect(html).toContain('单独购买');
    const s = await signupSeller();
    await callJson('/api/me/storefront', { method: 'PUT', token: s.token, body: { productIds: [p.id] } });
    const attributed = await (await call(`/@${s.handle}/p/${p.id}`)).text();
    expect(attributed).toContain(`data-open-group="${b.body.order.groupId}"`);
  });
});

describe('checkout form /buy/:productId', () => {
  it('starts a group: the form posts, the order is created with the ref, and the buyer goes to payment; a double submit is one order', async () => {
    const p = await groupProduct();
    const s = await signupSeller();
    const link = await callJson('/api/links', { token: s.token, body: { productId: p.id } });
    const click = await call(`/r/${link.body.code}`);
    const ref = new URL(click.headers.get('location')!).searchParams.get('ref')!;

    const page = await call(`/buy/${p.id}?mode=open&ref=${encodeURIComponent(ref)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const idem = html.match(/name="idem" value="([^"]+)"/)![1]!;
    expect(html).toContain(`name="ref" value="${ref}"`);
    expect(html).toContain('¥59.00');

    const fields = { mode: 'open', idem, ref, ...buyer() };
    const first = await call(`/buy/${p.id}`, form(fields));
    expect(first.status).toBe(303);
    const checkout = new URL(first.headers.get('location')!);
    expect(checkout.pathname).toMatch(/^\/pay\/test\/o_/);
    const again = await call(`/buy/${p.id}`, form(fields));
    expect(again.headers.get('location')).toBe(first.headers.get('location'));

    const orderId = checkout.pathname.split('/').pop()!;
    const order = (await callJson(`/api/orders/${orderId}`, { token: await opsToken() })).body.order;
    expect(order).toMatchObject({ status: 'pending_payment', total: { amount: 5900 }, groupId: expect.stringMatching(/^g_/), attribution: { sellerId: s.id } });
    expect((await callJson(`/api/groups/${order.groupId}`)).body.group.held).toBe(1);
  });

  it('joins a group, and shows group_full, already_member and bad input on the form', async () => {
    const p = await groupProduct(2);
    const lead = buyer();
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { buyer: { email: lead.email, name: lead.name }, group: { open: true } }));
    const gid = leader.body.order.groupId;

    const again = await call(`/buy/${p.id}`, form({ mode: 'join', group: gid, idem: uniq('i'), ...lead }));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('你已经在这个团里了');

    const bad = await call(`/buy/${p.id}`, form({ mode: 'join', group: gid, idem: uniq('i'), ...buyer('not-an-email') }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('data-error');

    const ok = await call(`/buy/${p.id}`, form({ mode: 'join', group: gid, idem: uniq('i'), ...buyer() }));
    expect(ok.status).toBe(303);
    const full = await call(`/buy/${p.id}`, form({ mode: 'join', group: gid, idem: uniq('i'), ...buyer() }));
    expect(full.status).toBe(409);
    expect(await full.text()).toContain('这个团已满员');
  });

  it('buys alone at the single price', async () => {
    const p = await groupProduct();
    const res = await call(`/buy/${p.id}`, form({ mode: 'alone', idem: uniq('i'), quantity: '2', ...buyer() }));
    expect(res.status).toBe(303);
    const orderId = new URL(res.headers.get('location')!).pathname.split('/').pop()!;
    const order = (await callJson(`/api/orders/${orderId}`, { token: await opsToken() })).body.order;
    expect(order.total).toEqual({ amount: 19800, currency: 'CNY' });
    expect(order.groupId).toBeUndefined();
    expect((await call('/buy/p_doesNotExist1')).status).toBe(404);
    const plain = await createProduct();
    expect((await call(`/buy/${plain.id}?mode=open`)).status).toBe(404);
  });
});
