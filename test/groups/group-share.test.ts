// The group invite loop through the real Worker and Postgres: joiners inherit the group's seller.
import { describe, expect, it } from 'vitest';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { callJson, createProduct, opsToken, signupSeller } from '../helpers';
import { entriesOfOrder, refFor } from '../ledger-helpers';

const groupProduct = (size: number) =>
  createProduct({ price: { amount: 6000, currency: 'CNY' }, groupBuy: { size, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 60 } });

async function paid(body: unknown) {
  const r = await placeOrder(body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await sendTestEvent({ type: 'payment.succeeded', orderId: r.body.order.id, amount: r.body.order.total });
  return r.body.order as { id: string; groupId: string };
}

const opsOrder = async (id: string) => (await callJson(`/api/orders/${id}`, { token: await opsToken() })).body.order;

describe('group joiners inherit the seller who opened the group', () => {
  it('a joiner with no ref and no cookie pays the group seller, with the group_share channel, in the ledger', async () => {
    const s = await signupSeller();
    const p = await groupProduct(2);
    const leader = await paid(orderBody([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token), group: { open: true } }));
    const joiner = await paid(orderBody([{ productId: p.id, quantity: 1 }], { group: { join: leader.groupId } }));
    expect(await opsOrder(joiner.id)).toMatchObject({ attribution: { sellerId: s.id, channel: 'group_share', commissionable: true } });
    expect((await entriesOfOrder(joiner.id)).map((e) => [e.sellerId, e.level, e.kind, e.amount])).toEqual([[s.id, 1, 'accrue', 500]]);
    expect((await entriesOfOrder(leader.id)).map((e) => e.sellerId)).toEqual([s.id]);
    // The seller sees which way of sharing sold: the leader came by the link, the joiner by the group page.
    const stats = (await callJson('/api/me/stats', { token: s.token })).body;
    expect(stats.ordersByChannel).toEqual(expect.arrayContaining([{ channel: 'group_share', orders: 1 }]));
    expect(stats.orders).toBe(2);
  });

  it("a joiner's own ref wins over the group's seller", async () => {
    const s = await signupSeller();
    const other = await signupSeller();
    const p = await groupProduct(2);
    const leader = await paid(orderBody([{ productId: p.id, quantity: 1 }], { ref: await refFor(s.token), group: { open: true } }));
    const joiner = await paid(orderBody([{ productId: p.id, quantity: 1 }], { ref: await refFor(other.token), group: { join: leader.groupId } }));
    expect((await entriesOfOrder(joiner.id)).map((e) => e.sellerId)).toEqual([other.id]);
  });

  it('a group opened with no seller link credits nobody, and the seller joining their own group earns nothing', async () => {
    const s = await signupSeller();
    const p = await groupProduct(3);
    const plain = await paid(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    const j1 = await paid(orderBody([{ productId: p.id, quantity: 1 }], { group: { join: plain.groupId } }));
    expect(await opsOrder(j1.id)).toMatchObject({ attribution: null });
    const p2 = await groupProduct(2);
    const leader = await paid(orderBody([{ productId: p2.id, quantity: 1 }], { ref: await refFor(s.token), group: { open: true } }));
    const self = await paid(orderBody([{ productId: p2.id, quantity: 1 }], { buyer: { email: s.email, name: 'Self' }, group: { join: leader.groupId } }));
    expect(await entriesOfOrder(self.id)).toEqual([]);
  });
});
