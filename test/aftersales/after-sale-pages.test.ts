// The after-sale pages: the buyer's panel on the order page (order token) and on /account
// (buyer cookie), in both languages, and /ops/after-sales with its forms.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '../../workers/storage/schema';
import { BASE, call, callJson, createProduct } from '../helpers';
import { db, opsAction, shipAndDeliver } from '../ledger-helpers';
import { opsGet, opsPost } from '../ops-desk-helpers';
import { ask, buyerOrder, orderView, sendBack } from './helpers';

const form = (data: Record<string, string>, cookie?: string) => ({
  raw: new URLSearchParams(data).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, ...(cookie ? { cookie } : {}) },
});

describe('the order page', () => {
  it('asks for a refund before shipping with its token and shows it refunded, in both languages', async () => {
    const p = await createProduct({ price: { amount: 2500, currency: 'CNY' }, stock: 5 });
    const o = await buyerOrder([{ productId: p.id, quantity: 2 }]);
    const page = `/o/${o.id}?t=${encodeURIComponent(o.orderToken)}`;
    const zh = await (await call(`${page}&lang=zh-CN`)).text();
    expect(zh).toContain('data-ask="refund"');
    expect(zh).toContain('尚未发货，提交后立即退款');
    const en = await (await call(`${page}&lang=en`)).text();
    expect(en).toContain('Not shipped yet: refunded at once');

    // A form without the token opens nothing.
    const noToken = await call(`/o/${o.id}/after-sales`, form({ kind: 'refund', reason: 'x', [`q_${p.id}`]: '1' }));
    expect(noToken.status).toBe(404);
    // Zero units is a plain-words refusal, back on the page.
    const none = await call(`/o/${o.id}/after-sales`, form({ t: o.orderToken, kind: 'refund', reason: '不想要了', [`q_${p.id}`]: '0' }));
    expect(none.status).toBe(303);
    expect(none.headers.get('location')).toContain('as_error=pickUnits');
    expect(await (await call(`${none.headers.get('location')!.replace(/#.*$/, '')}&lang=en`)).text()).toContain('Pick at least one item');

    const posted = await call(`/o/${o.id}/after-sales`, form({ t: o.orderToken, kind: 'refund', reason: '不想要了', [`q_${p.id}`]: '1' }));
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).not.toContain('as_error');
    expect(await orderView(o.id)).toMatchObject({ status: 'paid', refundedAmount: { amount: 2500 } });
    const after = await (await call(`${page}&lang=zh-CN`)).text();
    expect(after).toContain('data-after-sale-status="refunded"');
    expect(after).toContain('已退款 ¥25.00');
  });

  it('says why a return can no longer be asked for once the window has passed', async () => {
    const p = await createProduct({ stock: 5 });
    const o = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    await shipAndDeliver(o.id);
    await db((d) => d.update(orders).set({ deliveredAt: sql`now() - interval '8 days'` }).where(eq(orders.id, o.id)));
    const page = `/o/${o.id}?t=${encodeURIComponent(o.orderToken)}`;
    const zh = await (await call(`${page}&lang=zh-CN`)).text();
    expect(zh).toContain('data-after-sale-block="window_passed"');
    expect(zh).toContain('退货期为签收后 7 天');
    expect(zh).not.toContain('data-ask=');
    const en = await (await call(`${page}&lang=en`)).text();
    expect(en).toContain('Returns are open for 7 days after delivery; this one closed on');
  });
});

describe('/account', () => {
  it('shows each order’s after-sales and takes the return’s tracking number', async () => {
    const p = await createProduct({ stock: 5 });
    const o = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    await shipAndDeliver(o.id);
    const cookie = `pinlink_buyer=${o.buyer}`;
    const page = await (await call('/account?lang=en', { headers: { cookie } })).text();
    expect(page).toContain(`data-after-sales="${o.id}"`);
    expect(page).toContain('data-ask="return"');
    const asked = await call(`/account/after-sales/${o.id}`, form({ kind: 'return', reason: 'Other', [`q_${p.id}`]: '1' }, cookie));
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe('/account#after-sales');
    const list = await (await call('/account?lang=zh-CN', { headers: { cookie } })).text();
    expect(list).toContain('待审核');
    // A second ask while one is open: refused in words.
    const second = await call(`/account/after-sales/${o.id}`, form({ kind: 'return', reason: 'Other', [`q_${p.id}`]: '1' }, cookie));
    expect(second.headers.get('location')).toContain('as_error');

    const mine = await callJson('/api/buyer/after-sales', { token: o.buyer });
    expect(mine.body.items).toHaveLength(1);
    const asId = mine.body.items[0].id as string;
    const queue = await (await opsGet('/ops/after-sales?status=requested&lang=en')).text();
    expect(queue).toContain(`data-after-sale="${asId}"`);
    // The queue names what was bought, not an id ops would have to look up.
    expect(queue).toContain(`${p.title} × 1`);
    const approved = await opsPost(`/ops/after-sales/${asId}/approve`, { status: 'requested' });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toContain('done=1');
    expect(await (await call('/account?lang=zh-CN', { headers: { cookie } })).text()).toContain('data-send-back');
    const sent = await call(`/account/after-sales/${asId}/return`, form({ carrier: '顺丰', trackingNumber: 'SF123' }, cookie));
    expect(sent.status).toBe(303);
    expect(await (await call('/account?lang=zh-CN', { headers: { cookie } })).text()).toContain('退货快递：顺丰 SF123');
    const received = await opsPost(`/ops/after-sales/${asId}/receive`, { status: 'returned' });
    expect(received.headers.get('location')).toContain('done=1');
    expect(await orderView(o.id)).toMatchObject({ status: 'refunded' });
  });
});

describe('/ops/after-sales', () => {
  it('is for ops only, lists by status in both languages, and rejects with a reason', async () => {
    expect((await call('/ops/after-sales')).status).not.toBe(200);
    const p = await createProduct({ stock: 5 });
    const o = await buyerOrder([{ productId: p.id, quantity: 1 }]);
    await opsAction(o.id, 'ship');
    await opsAction(o.id, 'deliver');
    const asked = await ask(o.buyer, o.id, { kind: 'return', lines: [{ productId: p.id, quantity: 1 }] });
    const id = asked.body.afterSale.id;
    const zh = await (await opsGet('/ops/after-sales?lang=zh-CN')).text();
    expect(zh).toContain('售后队列');
    expect(zh).toContain(`data-after-sale="${id}"`);
    const en = await (await opsGet('/ops/after-sales?status=rejected&lang=en')).text();
    expect(en).toContain('After-sales queue');
    expect((await opsGet('/ops/after-sales?status=bogus')).status).toBe(400);
    const noReason = await opsPost(`/ops/after-sales/${id}/reject`, { status: 'requested', reason: '' });
    expect(noReason.headers.get('location')).toContain('done=0');
    const rejected = await opsPost(`/ops/after-sales/${id}/reject`, { status: 'requested', reason: '已超过七天' });
    expect(rejected.headers.get('location')).toContain('done=1');
    expect(await (await opsGet('/ops/after-sales?status=rejected')).text()).toContain(`data-after-sale="${id}"`);
    // The tracking number is refused after a rejection.
    expect((await sendBack(o.buyer, id)).status).toBe(409);
  });
});
