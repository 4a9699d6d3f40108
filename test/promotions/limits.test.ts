// Purchase limits (限购, API.md v3): perOrder on one order's lines, perBuyer across one buyer
// email's orders that await payment or are paid. Real objects and Postgres; the refusals are
// proven to cost no Postgres statement with a database that trips on any touch.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { createOrder } from '../../workers/services/orders/checkout';
import { orderBody, tripwire } from '../checkout-helpers';
import { callJson, createProduct, opsToken } from '../helpers';
import { opsAction } from '../ledger-helpers';
import { createTee, variantOf } from '../variant-helpers';
import { buyerEmail, codeOf, lapse, orderOf, pay } from './limits-helpers';

const appEnv = env as unknown as AppEnv;

describe('purchase limits on a product', () => {
  it('ops set, show and remove them; out-of-range values are 400', async () => {
    const p = await createProduct({ limits: { perOrder: 3, perBuyer: 5 } });
    expect(p.limits).toEqual({ perOrder: 3, perBuyer: 5 });
    expect((await callJson(`/api/products/${p.id}`)).body.product.limits).toEqual({ perOrder: 3, perBuyer: 5 });
    const token = await opsToken();
    for (const bad of [{ perOrder: 100 }, { perBuyer: 0 }, { perBuyer: 1000 }, { perOrder: 1.5 }, { other: 1 }]) {
      const r = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, body: { limits: bad } });
      expect([r.status, r.body.error?.code], JSON.stringify(bad)).toEqual([400, 'invalid_input']);
    }
    const off = await callJson(`/api/ops/products/${p.id}`, { method: 'PATCH', token, body: { limits: null } });
    expect(off.body.product.limits).toBeNull();
    expect((await callJson(`/api/products/${p.id}`)).body.product.limits).toBeNull();
  });

  it('one buyer sending 10 one-unit orders at once with perBuyer 2 gets exactly 2 through', async () => {
    const p = await createProduct({ stock: 50, limits: { perBuyer: 2 } });
    const email = buyerEmail();
    const results = await Promise.all(Array.from({ length: 10 }, () => orderOf(email, [{ productId: p.id, quantity: 1 }])));
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 201)).toHaveLength(2);
    expect(codes.filter((c) => c === '409 limit_reached')).toHaveLength(8);
    // Another buyer is not affected, and only the two orders hold units.
    expect(codeOf(await orderOf(buyerEmail(), [{ productId: p.id, quantity: 2 }]))).toBe(201);
    expect((await callJson(`/api/products/${p.id}`)).body.product.stockAvailable).toBe(46);
  });

  it('perOrder caps one order; perBuyer counts every variant of the product together', async () => {
    const tee = await createTee({ stock: 10 });
    const token = await opsToken();
    expect((await callJson(`/api/ops/products/${tee.id}`, { method: 'PATCH', token, body: { limits: { perOrder: 2, perBuyer: 3 } } })).status).toBe(200);
    const white = variantOf(tee, '白', 'S').id;
    const black = variantOf(tee, '黑', 'M').id;
    const email = buyerEmail();
    expect(codeOf(await orderOf(email, [{ productId: tee.id, variantId: white, quantity: 3 }]))).toBe('409 limit_reached');
    expect(codeOf(await orderOf(email, [{ productId: tee.id, variantId: white, quantity: 2 }]))).toBe(201);
    // perBuyer 3: one more unit of any variant fits, then none.
    expect(codeOf(await orderOf(email, [{ productId: tee.id, variantId: black, quantity: 2 }]))).toBe('409 limit_reached');
    expect(codeOf(await orderOf(email, [{ productId: tee.id, variantId: black, quantity: 1 }]))).toBe(201);
    expect(codeOf(await orderOf(email, [{ productId: tee.id, variantId: variantOf(tee, '黑', 'L').id, quantity: 1 }]))).toBe('409 limit_reached');
    // Another product in the same order is not limited by this one.
    const other = await createProduct({ stock: 5 });
    expect(codeOf(await orderOf(email, [{ productId: other.id, quantity: 4 }]))).toBe(201);
  });

  it('a failed payment and a lapsed order give the quantity back; a paid order keeps counting', async () => {
    const p = await createProduct({ stock: 20, limits: { perBuyer: 2 } });
    const email = buyerEmail();
    const paid = await orderOf(email, [{ productId: p.id, quantity: 1 }]);
    expect((await pay(paid)).body.outcome).toBe('paid');
    const failed = await orderOf(email, [{ productId: p.id, quantity: 1 }]);
    expect(codeOf(failed)).toBe(201);
    expect(codeOf(await orderOf(email, [{ productId: p.id, quantity: 1 }]))).toBe('409 limit_reached');
    expect((await pay(failed, 'payment.failed')).body.outcome).toBe('cancelled');
    // The failed order's unit is free again; the paid one still counts.
    const unpaid = await orderOf(email, [{ productId: p.id, quantity: 1 }]);
    expect(codeOf(unpaid)).toBe(201);
    expect(codeOf(await orderOf(email, [{ productId: p.id, quantity: 1 }]))).toBe('409 limit_reached');
    // An hour on, the unpaid order has lapsed (its reservation is 15 minutes): its unit is free again.
    await lapse(p.id, email, 3_600_000);
    expect(codeOf(await orderOf(email, [{ productId: p.id, quantity: 1 }]))).toBe(201);
    // Back to the real clock: the new order's count holds, the lapsed one's is gone for good.
    await lapse(p.id, email, 0);
    expect(codeOf(await orderOf(email, [{ productId: p.id, quantity: 1 }]))).toBe('409 limit_reached');
  });

  it('a full refund gives the quantity back; a webhook replay changes nothing', async () => {
    const p = await createProduct({ stock: 20, limits: { perBuyer: 1 } });
    const email = buyerEmail();
    const first = await orderOf(email, [{ productId: p.id, quantity: 1 }]);
    expect((await pay(first)).body.outcome).toBe('paid');
    expect(codeOf(await orderOf(email, [{ productId: p.id, quantity: 1 }]))).toBe('409 limit_reached');
    await opsAction(first.body.order.id, 'refund');
    expect((await callJson(`/api/orders/${first.body.order.id}`, { token: await opsToken() })).body.order.status).toBe('refunded');
    const second = await orderOf(email, [{ productId: p.id, quantity: 1 }]);
    expect(codeOf(second)).toBe(201);
    // The first order's payment event replayed: the refunded order stays given back, the new one counts.
    expect((await pay(first)).status).toBe(200);
    expect(codeOf(await orderOf(email, [{ productId: p.id, quantity: 1 }]))).toBe('409 limit_reached');
  });

  it('refusals over a limit cost no Postgres statement', async () => {
    const p = await createProduct({ stock: 20, limits: { perOrder: 2, perBuyer: 2 } });
    const email = buyerEmail();
    expect(codeOf(await orderOf(email, [{ productId: p.id, quantity: 2 }]))).toBe(201);
    const wire = tripwire();
    const attempt = (quantity: number, who = email) => {
      const body = orderBody([{ productId: p.id, quantity }]);
      body.buyer.email = who;
      return createOrder({ env: appEnv, db: wire.db }, { body: body as never, idempotencyKey: `k-${Math.random()}`, origin: 'http://pinlink.test' }).then(
        () => 'created',
        (e: { code?: string }) => e.code ?? String(e),
      );
    };
    const refused = await Promise.all([...Array.from({ length: 10 }, () => attempt(1)), attempt(3, buyerEmail())]);
    expect(new Set(refused)).toEqual(new Set(['limit_reached']));
    expect(wire.touched).toEqual([]);
  });
});
