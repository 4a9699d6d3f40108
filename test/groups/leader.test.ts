// Group leader price (团长价) and the leader handover (API.md v3 "Group leader price"): the buyer
// who opens a group pays the offer's leader price, members the group price; a member refunded
// while the group is open frees the seat and is no longer shown, and a refunded leader hands over
// to the earliest paid member. Real GroupBuy objects, Stock and Postgres.
import { describe, expect, it } from 'vitest';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { call, callJson, createProduct, opsToken, productBody, uniq } from '../helpers';
import { opsAction } from '../ledger-helpers';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });
const offer = (leader?: number) => ({ size: 3, price: cny(5900), durationMinutes: 60, ...(leader !== undefined ? { leaderPrice: cny(leader) } : {}) });
const buyer = (name: string) => ({ email: `${uniq('g')}@example.test`, name });
const getGroup = async (id: string) => (await callJson(`/api/groups/${id}`)).body.group;
/** The group page's leader line, tags and whitespace dropped. */
const leaderLine = (html: string) => /<div[^>]*data-leader[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
const orderStatus = async (id: string) => (await callJson(`/api/orders/${id}`, { token: await opsToken() })).body.order.status;

async function groupOrder(productId: string, b: { email: string; name: string }, group: { open: true } | { join: string }) {
  const r = await placeOrder(orderBody([{ productId, quantity: 1 }], { buyer: b, group }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.order as { id: string; total: { amount: number; currency: string }; groupId: string };
}

async function paid(o: { id: string; total: { amount: number; currency: string } }) {
  expect((await sendTestEvent({ type: 'payment.succeeded', orderId: o.id, amount: o.total })).body.outcome).toBe('paid');
}

describe('the group leader price', () => {
  it('is at most the group price, shown on the offer and the product page, and paid by the leader only', async () => {
    const token = await opsToken();
    const tooHigh = await callJson('/api/ops/products', { token, body: productBody({ groupBuy: offer(6000) }) });
    expect([tooHigh.status, tooHigh.body.error?.code]).toEqual([400, 'invalid_input']);
    const p = await createProduct({ stock: 10, groupBuy: offer(4900) });
    expect(p.groupBuy.leaderPrice).toEqual(cny(4900));
    const patched = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, body: { groupBuy: offer(5901) } });
    expect([patched.status, patched.body.error?.code]).toEqual([400, 'invalid_input']);
    expect((await callJson(`/api/products/${p.id}`)).body.product.groupBuy).toMatchObject({ price: cny(5900), leaderPrice: cny(4900) });
    const page = await (await call(`/p/${p.id}`)).text();
    expect(page).toMatch(/data-leader-price[^>]*>[^<]*团长价 ¥49\.00/);

    const leader = await groupOrder(p.id, buyer('Leader Li'), { open: true });
    expect(leader.total).toEqual(cny(4900));
    const member = await groupOrder(p.id, buyer('Member Wang'), { join: leader.groupId });
    expect(member.total).toEqual(cny(5900));
    // Without a leader price the leader pays the group price, as before.
    const plain = await createProduct({ stock: 10, groupBuy: offer() });
    expect((await groupOrder(plain.id, buyer('Plain Zhou'), { open: true })).total).toEqual(cny(5900));
  });
});

describe('a member refunded while the group is open', () => {
  it('frees the seat and hands the leader over to the earliest paid member; the deadline stays', async () => {
    // Four seats, three paid: the group is open. The third pays before the second.
    const q = await createProduct({ stock: 10, groupBuy: { ...offer(4900), size: 4 } });
    const lead = await groupOrder(q.id, buyer('Leader Li'), { open: true });
    const g = lead.groupId;
    const m2 = await groupOrder(q.id, buyer('Wang Second'), { join: g });
    const m3 = await groupOrder(q.id, buyer('Third Zhao'), { join: g });
    await paid(lead);
    await paid(m3);
    await paid(m2);
    const open = await getGroup(g);
    expect(open).toMatchObject({ members: 3, held: 0, status: 'open' });
    const pageBefore = await (await call(`/g/${g}`)).text();
    expect(leaderLine(pageBefore)).toBe('团长：LL');

    await opsAction(lead.id, 'refund');
    expect(await orderStatus(lead.id)).toBe('refunded');
    const after = await getGroup(g);
    expect(after).toEqual({ ...open, members: 2 });
    expect(after.expiresAt).toBe(open.expiresAt);
    const page = await (await call(`/g/${g}`)).text();
    expect(page).not.toContain('>LL<');
    expect(leaderLine(page)).toBe('团长：TZ');
    // The seat is open again: two more buyers fill the group.
    const m4 = await groupOrder(q.id, buyer('Four Sun'), { join: g });
    const m5 = await groupOrder(q.id, buyer('Five Qian'), { join: g });
    await paid(m4);
    await paid(m5);
    expect(await getGroup(g)).toMatchObject({ members: 4, status: 'succeeded' });
    for (const o of [m2, m3, m4, m5]) expect(await orderStatus(o.id)).toBe('confirmed');
    expect(await orderStatus(lead.id)).toBe('refunded');
  });
});
