// Found by the history tests (seed 829009155): a join retried with its Idempotency-Key after its
// hold had lapsed took a fresh seat in the group, for an order that was already cancelled. The
// seat was held for another reservation window, keeping a real buyer out of a full group.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { GroupBuy } from '../../workers/objects/group-buy';
import type { Stock } from '../../workers/objects/stock';
import { orderBody, placeOrder } from '../checkout-helpers';
import { callJson, createProduct, opsToken, uniq } from '../helpers';

const HOUR = 3_600_000;
const stockStub = (productId: string) => env.STOCK.get(env.STOCK.idFromName(`${productId}:0`));
const groupStub = (id: string) => env.GROUP_BUY.get(env.GROUP_BUY.idFromName(id));
const getGroup = async (id: string) => (await callJson(`/api/groups/${id}`)).body.group;
const orderStatus = async (id: string) => (await callJson(`/api/orders/${id}`, { token: await opsToken() })).body.order.status;
const buyer = (tag: string) => ({ email: `${uniq(tag)}@example.test`, name: '李四 Li Si' });

describe('a join retried after its hold lapsed', () => {
  it('takes no seat for its cancelled order', async () => {
    const p = await createProduct({ stock: 10, groupBuy: { size: 3, price: { amount: 5900, currency: 'CNY' }, durationMinutes: 600 } });
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { buyer: buyer('leader'), group: { open: true } }));
    expect(leader.status).toBe(201);
    const gid = leader.body.order.groupId as string;
    const joinBody = orderBody([{ productId: p.id, quantity: 1 }], { buyer: buyer('joiner'), group: { join: gid } });
    const key = uniq('join-');
    const first = await placeOrder(joinBody, key);
    expect(first.status).toBe(201);
    expect((await getGroup(gid)).held).toBe(2);

    // An hour on, inside the group's deadline: both holds lapse, and both orders are cancelled.
    await runInDurableObject(stockStub(p.id), (inst: Stock) => {
      inst.now = () => Date.now() + HOUR;
    });
    await runInDurableObject(groupStub(gid), (inst: GroupBuy) => {
      inst.now = () => Date.now() + HOUR;
    });
    await runDurableObjectAlarm(stockStub(p.id));
    await runDurableObjectAlarm(groupStub(gid));
    expect(await orderStatus(first.body.order.id)).toBe('cancelled');
    expect((await getGroup(gid)).held).toBe(0);

    // The client retries the same request: it gets the order it made, which holds nothing.
    const again = await placeOrder(joinBody, key);
    expect(again.status).toBe(201);
    expect(again.body.order.id).toBe(first.body.order.id);
    expect(await orderStatus(first.body.order.id)).toBe('cancelled');
    expect((await getGroup(gid)).held).toBe(0);
    const seats = (await groupStub(gid).opsView())!.seats;
    expect(seats.some((s) => s.orderId === first.body.order.id)).toBe(false);
  });
});
