// Variants through the ops API and the product API: options, a variant grid, stock per variant,
// a price range, and a sold variant that retires instead of disappearing.
import { describe, expect, it } from 'vitest';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { call, callJson, createProduct, opsToken, productBody, uniq } from '../helpers';
import { TEE_OPTIONS, createTee, variantOf } from '../variant-helpers';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const patch = async (id: string, body: unknown, key?: string) =>
  callJson(`/api/ops/products/${id}`, { method: 'PATCH', token: await opsToken(), body, headers: key ? { 'idempotency-key': key } : {} });

describe('variants', () => {
  it('a product with options lists its variants, the lowest price and the range', async () => {
    const p = await createTee({ stock: 5 });
    expect(p.options).toEqual(TEE_OPTIONS);
    expect(p.variants).toHaveLength(6);
    expect(p.price).toEqual(cny(5900));
    expect(p.priceRange).toEqual({ min: cny(5900), max: cny(7900) });
    expect(p.stock).toBe(30);
    const got = (await callJson(`/api/products/${p.id}`)).body.product;
    const blackM = variantOf(got, '黑', 'M');
    expect(blackM).toMatchObject({ sku: 'TEE-B-M', options: { 颜色: '黑', 尺码: 'M' }, price: cny(7900), stockAvailable: 5 });
    expect(got.stockAvailable).toBe(30);
  });

  it('a product without options is one default variant with its own id, price and stock', async () => {
    const p = await createProduct({ stock: 7, groupBuy: { size: 2, price: cny(5900), durationMinutes: 60 } });
    const got = (await callJson(`/api/products/${p.id}`)).body.product;
    expect(got.options).toEqual([]);
    expect(got.variants).toEqual([{ id: p.id, sku: null, options: {}, price: cny(9900), stock: 7, stockAvailable: 7, image: null, groupPrice: cny(5900) }]);
    expect(got.priceRange).toEqual({ min: cny(9900), max: cny(9900) });
  });

  it('refuses a combination twice, an unknown value, too many options and variants without options', async () => {
    const token = await opsToken();
    const v = (colour: string, size: string) => ({ options: { 颜色: colour, 尺码: size }, price: cny(5900), stock: 1 });
    const bad = [
      { options: TEE_OPTIONS, variants: [v('黑', 'M'), v('黑', 'M')] },
      { options: TEE_OPTIONS, variants: [v('红', 'M')] },
      { options: [...TEE_OPTIONS, { name: 'a', values: ['x'] }, { name: 'b', values: ['y'] }], variants: [] },
      { options: [{ name: 'n', values: Array.from({ length: 21 }, (_, i) => `v${i}`) }], variants: [] },
      { variants: [v('黑', 'M')] },
      { options: TEE_OPTIONS, variants: [{ ...v('黑', 'M'), groupPrice: cny(5900) }] },
    ];
    for (const extra of bad) {
      const r = await callJson('/api/ops/products', { token, body: productBody({ price: undefined, stock: undefined, ...extra }) });
      expect([r.status, r.body.error?.code], JSON.stringify(extra).slice(0, 120)).toEqual([400, 'invalid_input']);
    }
  });

  it('a variant stock delta applies once per change key, and an absolute sets it', async () => {
    const p = await createTee({ stock: 5 });
    const list = p.variants.map((x: { id: string; price: unknown; options: unknown }) => ({ id: x.id, options: x.options, price: x.price }));
    const blackM = variantOf(p, '黑', 'M');
    const body = { variants: list.map((x: { id: string }) => (x.id === blackM.id ? { ...x, stockDelta: 3 } : x)) };
    const key = uniq('chg-');
    expect((await patch(p.id, body, key)).status).toBe(200);
    expect((await patch(p.id, body, key)).status).toBe(200);
    let got = (await callJson(`/api/products/${p.id}`)).body.product;
    expect(variantOf(got, '黑', 'M').stockAvailable).toBe(8);
    expect(got.stock).toBe(33);
    const abs = { variants: list.map((x: { id: string }) => (x.id === blackM.id ? { ...x, stock: 2 } : x)) };
    expect((await patch(p.id, abs)).status).toBe(200);
    got = (await callJson(`/api/products/${p.id}`)).body.product;
    expect(variantOf(got, '黑', 'M').stockAvailable).toBe(2);
    const under = { variants: list.map((x: { id: string }) => (x.id === blackM.id ? { ...x, stockDelta: -3 } : x)) };
    expect((await patch(p.id, under)).body.error.code).toBe('conflict');
    expect((await patch(p.id, { stockDelta: 1 })).status).toBe(400);
  });

  it('a variant that has sold is deactivated, never deleted; an unsold one goes; a new one comes', async () => {
    const p = await createTee({ stock: 5 });
    const blackM = variantOf(p, '黑', 'M');
    const whiteS = variantOf(p, '白', 'S');
    const o = await placeOrder(orderBody([{ productId: p.id, variantId: blackM.id, quantity: 1 }]));
    expect(o.status).toBe(201);
    expect((await sendTestEvent({ type: 'payment.succeeded', orderId: o.body.order.id, amount: o.body.order.total })).status).toBe(200);
    const keep = p.variants.filter((x: { id: string }) => x.id !== blackM.id && x.id !== whiteS.id).map((x: { id: string; options: unknown; price: unknown }) => ({ id: x.id, options: x.options, price: x.price }));
    const r = await patch(p.id, { variants: [...keep, { options: { 颜色: '白', 尺码: 'S' }, price: cny(4900), stock: 9 }] });
    expect(r.status).toBe(200);
    const got = (await callJson(`/api/products/${p.id}`)).body.product;
    expect(got.variants.map((x: { id: string }) => x.id)).not.toContain(blackM.id);
    expect(variantOf(got, '白', 'S')).toMatchObject({ price: cny(4900), stockAvailable: 9 });
    expect(got.priceRange.min).toEqual(cny(4900));
    // The sold variant's order still reads; buying it now is refused.
    const order = await callJson(`/api/orders/${o.body.order.id}`, { token: o.body.orderToken });
    expect(order.body.order.items[0]).toMatchObject({ variantId: blackM.id });
    const again = await placeOrder(orderBody([{ productId: p.id, variantId: blackM.id, quantity: 1 }]));
    expect([again.status, again.body.error.code]).toEqual([400, 'invalid_input']);
    // Sent again by its combination, the retired variant comes back with its id.
    const back = await patch(p.id, { variants: [...keep, { options: { 颜色: '黑', 尺码: 'M' }, price: cny(7900), stock: 4 }] });
    expect(variantOf(back.body.product, '黑', 'M').id).toBe(blackM.id);
  });
});

describe('variant pages', () => {
  it('the product page picks a variant without JavaScript: radio buttons, a range, and /buy with the choice', async () => {
    const p = await createTee({ stock: 5, groupBuy: true });
    const page = await (await call(`/p/${p.id}`)).text();
    expect(page).toContain('data-variant-picker');
    expect(page).toMatch(/<input type="radio" name="o0" value="黑"/);
    expect(page).toContain('¥59.00 起');
    expect(page).toContain('/js/variant-picker.js');
    const buy = await call(`/buy/${p.id}?mode=alone&o0=${encodeURIComponent('黑')}&o1=M`);
    const html = await buy.text();
    expect(buy.status).toBe(200);
    expect(html).toContain(`name="variant" value="${variantOf(p, '黑', 'M').id}"`);
    expect(html).toContain('data-unit-price="7900"');
    const missing = await call(`/buy/${p.id}?mode=alone&o0=${encodeURIComponent('红')}&o1=M`);
    expect(missing.status).toBe(400);
    // A join without a choice asks for one first.
    expect(await (await call(`/buy/${p.id}?mode=alone`)).text()).toContain('data-variant-picker');
    const form = new URLSearchParams({ mode: 'alone', variant: variantOf(p, '黑', 'M').id, idem: uniq('f'), quantity: '1', email: `${uniq('b')}@example.test`, name: '张三', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' });
    const posted = await call(`/buy/${p.id}`, { method: 'POST', raw: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(posted.status).toBe(303);
    const got = (await callJson(`/api/products/${p.id}`)).body.product;
    expect(variantOf(got, '黑', 'M').stockAvailable).toBe(4);
  });

  it("a product without options keeps its page: no picker, one price", async () => {
    const p = await createProduct();
    const page = await (await call(`/p/${p.id}`)).text();
    expect(page).not.toContain('data-variant-picker');
    expect(page).not.toContain('.00 起');
    expect(page).toContain('¥99.00');
  });

  it('the group page shows the picks as counts only', async () => {
    const p = await createTee({ stock: 5, groupBuy: true });
    const leader = await placeOrder(orderBody([{ productId: p.id, variantId: variantOf(p, '黑', 'M').id, quantity: 1 }], { group: { open: true } }));
    const gid = leader.body.order.groupId;
    await placeOrder(orderBody([{ productId: p.id, variantId: variantOf(p, '黑', 'M').id, quantity: 1 }], { group: { join: gid } }));
    await placeOrder(orderBody([{ productId: p.id, variantId: variantOf(p, '白', 'S').id, quantity: 1 }], { group: { join: gid } }));
    const page = await (await call(`/g/${gid}`)).text();
    expect(page).toContain('黑 / M × 2');
    expect(page).toContain('白 / S × 1');
  });
});
