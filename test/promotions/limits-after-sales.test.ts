// Purchase limits and after-sales (API.md v3): refunding some of an order's units keeps its count;
// refunding the last of them (the order is then refunded in full) gives the whole count back.
import { describe, expect, it } from 'vitest';
import { buyerOrder } from '../aftersales/helpers';
import { callJson, createProduct, opsToken } from '../helpers';
import { codeOf, orderOf } from './limits-helpers';

const refund = (orderId: string, token: string, productId: string, quantity: number) =>
  callJson(`/api/buyer/orders/${orderId}/after-sales`, { token, body: { kind: 'refund', lines: [{ productId, quantity }], reason: 'changed my mind' } });

describe('purchase limits and after-sales', () => {
  it('a partial refund keeps the count; the refund of the last unit gives it back', async () => {
    const p = await createProduct({ stock: 20, limits: { perBuyer: 2 } });
    const o = await buyerOrder([{ productId: p.id, quantity: 2 }]);
    expect(codeOf(await orderOf(o.email, [{ productId: p.id, quantity: 1 }]))).toBe('409 limit_reached');
    expect((await refund(o.id, o.buyer, p.id, 1)).status).toBe(201);
    expect(codeOf(await orderOf(o.email, [{ productId: p.id, quantity: 1 }]))).toBe('409 limit_reached');
    expect((await refund(o.id, o.buyer, p.id, 1)).status).toBe(201);
    expect((await callJson(`/api/orders/${o.id}`, { token: await opsToken() })).body.order.status).toBe('refunded');
    expect(codeOf(await orderOf(o.email, [{ productId: p.id, quantity: 2 }]))).toBe(201);
  });
});
