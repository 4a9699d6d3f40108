// The ops product editor with options: a grid of variants (price, stock, SKU, group price),
// without JavaScript, and the stock alert per variant.
import { describe, expect, it } from 'vitest';
import { BASE, call, callJson, opsToken, uniq } from '../helpers';
import { orderBody, placeOrder } from '../checkout-helpers';
import { createTee, variantOf } from '../variant-helpers';

const form = async (path: string, fields: Record<string, string>) =>
  call(path, { method: 'POST', token: await opsToken(), raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });
const page = async (path: string) => call(path, { token: await opsToken() });

const base = (over: Record<string, string> = {}) => ({
  title: uniq('Tee '),
  description: 'Cotton',
  category: 'OpsTest',
  images: '/img/tea/Test.svg',
  level1Bps: '1000',
  level2Bps: '300',
  groupSize: '',
  groupPrice: '',
  groupDurationMinutes: '',
  groupAutoFillPercent: '',
  active: '1',
  options: '颜色: 白, 黑\n尺码：S，M',
  ...over,
});

describe('ops editor: variants', () => {
  it('typing options first shows the grid; the grid saves one variant per filled row', async () => {
    const first = await form('/ops/products/new', base());
    expect(first.status).toBe(422);
    const html = await first.text();
    expect(html).toContain('data-variant-row="黑 / M"');
    expect(html).toContain('name="v.price.白 / S"');
    const created = await form('/ops/products/new', {
      ...base(),
      'v.price.白 / S': '59',
      'v.stock.白 / S': '10',
      'v.sku.白 / S': 'TEE-W-S',
      'v.price.黑 / M': '79',
      'v.stock.黑 / M': '3',
      'v.groupPrice.黑 / M': '69',
    });
    expect(created.status).toBe(303);
    const id = created.headers.get('location')!.match(/\/ops\/products\/(p_[^?]+)/)![1]!;
    const p = (await callJson(`/api/products/${id}`)).body.product;
    expect(p.variants).toHaveLength(2);
    expect(variantOf(p, '白', 'S')).toMatchObject({ sku: 'TEE-W-S', price: { amount: 5900 }, stockAvailable: 10 });
    expect(variantOf(p, '黑', 'M')).toMatchObject({ price: { amount: 7900 }, stockAvailable: 3 });
    expect(p.priceRange).toEqual({ min: { amount: 5900, currency: 'CNY' }, max: { amount: 7900, currency: 'CNY' } });

    // The editor shows the grid back, with what each variant has left; a low one says so.
    const edit = await (await page(`/ops/products/${id}`)).text();
    expect(edit).toContain('data-variant-available="3"');
    expect(edit).toMatch(/value="TEE-W-S"/);
    // A changed cell saves; an unchanged stock is not sent (a sale meanwhile stays counted).
    const cells = {
      ...base({ title: p.title }),
      'v.id.白 / S': variantOf(p, '白', 'S').id,
      'v.price.白 / S': '49',
      'v.stock.白 / S': '10',
      'v.stockWas.白 / S': '10',
      'v.id.黑 / M': variantOf(p, '黑', 'M').id,
      'v.price.黑 / M': '79',
      'v.stock.黑 / M': '8',
      'v.stockWas.黑 / M': '3',
      changeId: uniq('c'),
    };
    expect((await form(`/ops/products/${id}`, cells)).status).toBe(303);
    const after = (await callJson(`/api/products/${id}`)).body.product;
    expect(variantOf(after, '白', 'S').price.amount).toBe(4900);
    expect(variantOf(after, '黑', 'M').stockAvailable).toBe(8);
    // A bad cell is named beside its input.
    const bad = await form(`/ops/products/${id}`, { ...cells, 'v.price.黑 / M': 'abc', changeId: uniq('c') });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('data-error="v.price.黑 / M"');
  });

  it('a bad options line is refused beside the field', async () => {
    const r = await form('/ops/products/new', base({ options: '颜色 白 黑' }));
    expect(r.status).toBe(422);
    expect(await r.text()).toContain('data-error="options"');
  });

  it('the overview alerts per variant', async () => {
    const p = await createTee({ stock: 30, stockOf: { '黑/M': 1 } });
    const title = p.title as string;
    const o = await placeOrder(orderBody([{ productId: p.id, variantId: variantOf(p, '黑', 'M').id, quantity: 1 }]));
    expect(o.status).toBe(201);
    const html = await (await page('/ops')).text();
    const soldOut = html.slice(html.indexOf('data-alerts="sold-out"'));
    expect(soldOut.slice(0, 3000)).toContain(`${title} · 黑 / M`);
    expect(html).not.toContain(`${title} · 白 / S`);
  });
});
