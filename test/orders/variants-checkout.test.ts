// Checkout with variants: a burst on one variant leaves its siblings alone, refusals per variant
// never reach Postgres, a line must name a variant of its own product, and one group's members
// may pick different variants, each paying its own group price.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../workers/env';
import { createOrder } from '../../workers/services/orders/checkout';
import { orderBody, placeOrder, sendTestEvent, tripwire } from '../checkout-helpers';
import { call, callJson, createProduct, uniq } from '../helpers';
import { createTee, variantOf } from '../variant-helpers';

const appEnv = env as unknown as AppEnv;
const cny = (amount: number) => ({ amount, currency: 'CNY' });


const post = (body: unknown, key = uniq('v-')) =>
  call('/api/orders', { body, headers: { 'idempotency-key': key } }).then(async (res) => ({ status: res.status, text: await res.text() }));

describe('checkout with variants', () => {
  it('100 buyers on a variant with 10 units sell exactly 10 while another variant sells normally', async () => {
    const p = await createTee({ stock: 40, stockOf: { '黑/M': 10 } });
    const hot = variantOf(p, '黑', 'M');
    const calm = variantOf(p, '白', 'L');
    const burst = Array.from({ length: 100 }, () => post(orderBody([{ productId: p.id, variantId: hot.id, quantity: 1 }])));
    const others = Array.from({ length: 12 }, () => post(orderBody([{ productId: p.id, variantId: calm.id, quantity: 1 }])));
    const [hotResults, calmResults] = await Promise.all([Promise.all(burst), Promise.all(others)]);
    expect(hotResults.filter((r) => r.status === 201)).toHaveLength(10);
    expect(hotResults.filter((r) => r.status !== 201).every((r) => r.status === 409 && JSON.parse(r.text).error.code === 'out_of_stock')).toBe(true);
    expect(calmResults.every((r) => r.status === 201)).toBe(true);
    // Each paid the variant's price, and each line names its variant.
    expect(JSON.parse(hotResults.find((r) => r.status === 201)!.text).order.total).toEqual(cny(7900));
    expect(JSON.parse(calmResults[0]!.text).order.total).toEqual(cny(5900));
    const got = (await callJson(`/api/products/${p.id}`)).body.product;
    expect(variantOf(got, '黑', 'M').stockAvailable).toBe(0);
    expect(variantOf(got, '白', 'L').stockAvailable).toBe(28);
    expect(variantOf(got, '黑', 'S').stockAvailable).toBe(40);
  });

  it('a sold-out variant refuses with 0 statements while its sibling still sells', async () => {
    const p = await createTee({ stock: 3, stockOf: { '黑/M': 1 } });
    const hot = variantOf(p, '黑', 'M');
    const sibling = variantOf(p, '黑', 'L');
    expect((await post(orderBody([{ productId: p.id, variantId: hot.id, quantity: 1 }]))).status).toBe(201);
    expect((await post(orderBody([{ productId: p.id, variantId: hot.id, quantity: 1 }]))).status).toBe(409);
    const wire = tripwire();
    const refused = await Promise.all(
      Array.from({ length: 30 }, () =>
        createOrder({ env: appEnv, db: wire.db }, { body: orderBody([{ productId: p.id, variantId: hot.id, quantity: 1 }]) as never, idempotencyKey: uniq('late-'), origin: 'http://pinlink.test' }).then(
          () => 'created',
          (e: { code?: string }) => e.code ?? String(e),
        ),
      ),
    );
    expect(new Set(refused)).toEqual(new Set(['out_of_stock']));
    expect(wire.touched).toEqual([]);
    expect((await post(orderBody([{ productId: p.id, variantId: sibling.id, quantity: 2 }]))).status).toBe(201);
  });

  it('a line without variantId on a product with options, or with a variant of another product, is 400', async () => {
    const p = await createTee();
    const other = await createTee();
    const plain = await createProduct();
    const missing = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }]));
    expect([missing.status, missing.body.error.code]).toEqual([400, 'invalid_input']);
    expect(missing.body.error.message).toContain('variantId');
    const foreign = await placeOrder(orderBody([{ productId: p.id, variantId: variantOf(other, '黑', 'M').id, quantity: 1 }]));
    expect([foreign.status, foreign.body.error.code]).toEqual([400, 'invalid_input']);
    const onPlain = await placeOrder(orderBody([{ productId: plain.id, variantId: variantOf(p, '白', 'S').id, quantity: 1 }]));
    expect([onPlain.status, onPlain.body.error.code]).toEqual([400, 'invalid_input']);
    // A product without options may name its default variant (its own id), or none.
    expect((await placeOrder(orderBody([{ productId: plain.id, variantId: plain.id, quantity: 1 }]))).status).toBe(201);
    expect((await placeOrder(orderBody([{ productId: plain.id, quantity: 1 }]))).status).toBe(201);
  });

  it("a group's members pick different variants; each pays its variant's group price, the leader its leader price", async () => {
    const p = await createTee({ stock: 5, groupBuy: true });
    const blackM = variantOf(p, '黑', 'M');
    const whiteS = variantOf(p, '白', 'S');
    const blackL = variantOf(p, '黑', 'L');
    const leader = await placeOrder(orderBody([{ productId: p.id, variantId: blackM.id, quantity: 1 }], { group: { open: true } }));
    expect(leader.status).toBe(201);
    expect(leader.body.order.total).toEqual(cny(7900 - 2000));
    const gid = leader.body.order.groupId;
    const a = await placeOrder(orderBody([{ productId: p.id, variantId: whiteS.id, quantity: 1 }], { group: { join: gid } }));
    const b = await placeOrder(orderBody([{ productId: p.id, variantId: blackL.id, quantity: 1 }], { group: { join: gid } }));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.order.total).toEqual(cny(5900 - 1000));
    expect(b.body.order.total).toEqual(cny(6900 - 1000));
    const noVariant = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { join: gid } }));
    expect(noVariant.status).toBe(400);
    for (const o of [leader, a, b]) {
      expect((await sendTestEvent({ type: 'payment.succeeded', orderId: o.body.order.id, amount: o.body.order.total })).status).toBe(200);
    }
    expect((await callJson(`/api/groups/${gid}`)).body.group.status).toBe('succeeded');
    const got = (await callJson(`/api/products/${p.id}`)).body.product;
    expect([variantOf(got, '黑', 'M'), variantOf(got, '白', 'S'), variantOf(got, '黑', 'L'), variantOf(got, '白', 'M')].map((v) => v.stockAvailable)).toEqual([4, 4, 4, 5]);
  });
});
