// Found by the history tests (test/histories): two payment events for one order racing its
// cancellation. The first voids the payment; the second had committed the units before the
// cancel won, then found the payment already voided and left them committed: a unit lost.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Stock } from '../../workers/objects/stock';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { callJson, createProduct, opsToken } from '../helpers';

const stub = (productId: string) => env.STOCK.get(env.STOCK.idFromName(`${productId}:0`));
const key = (productId: string) => ({ productId, shard: 0, shards: 1 });
const available = async (productId: string) => (await callJson(`/api/products/${productId}`)).body.product.stockAvailable as number;

describe('a payment racing the cancellation of its order', () => {
  it('leaves no unit committed to a cancelled order', async () => {
    const p = await createProduct({ stock: 3 });
    const r = await placeOrder(orderBody([{ productId: p.id, quantity: 2 }]));
    expect(r.status).toBe(201);
    const { id, total } = r.body.order;
    // The reservation window ends: the Stock alarm cancels the order.
    await runInDurableObject(stub(p.id), (inst: Stock) => {
      inst.now = () => Date.now() + 3_600_000;
    });
    expect(await runDurableObjectAlarm(stub(p.id))).toBe(true);
    const ops = await opsToken();
    expect((await callJson(`/api/orders/${id}`, { token: ops })).body.order.status).toBe('cancelled');
    expect(await available(p.id)).toBe(3);

    // Event A lands on the cancelled order: the payment is voided and refunded.
    const a = await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: total });
    expect(a.body.outcome).toBe('voided_late_payment');
    // Event B's first attempt read the order while it was still pending and committed the units
    // (the Stock commit is the first thing a payment does) before the cancel won.
    expect(await stub(p.id).commit(key(p.id), id, 2)).toEqual({ ok: true });
    expect(await available(p.id)).toBe(1);
    // Its retry finds the order cancelled and the payment already being returned.
    const b = await sendTestEvent({ type: 'payment.succeeded', orderId: id, amount: total });
    expect(b.status).toBe(200);
    expect(await available(p.id)).toBe(3);
    expect((await callJson(`/api/orders/${id}`, { token: ops })).body.order.status).toBe('cancelled');
  });
});
