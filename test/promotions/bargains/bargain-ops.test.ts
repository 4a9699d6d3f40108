// The ops product editor sets, shows and removes a product's bargain, with the refusals in the
// page's words; the API and the shop follow.
import { describe, expect, it } from 'vitest';
import { BASE, call, callJson, opsToken, uniq } from '../../helpers';

const form = async (path: string, fields: Record<string, string>) =>
  call(path, { method: 'POST', token: await opsToken(), raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });
const page = async (path: string) => (await call(path, { token: await opsToken() })).text();

const product = (over: Record<string, string> = {}) => ({
  title: uniq('砍价商品 Bargain product '),
  description: 'ops bargain test',
  category: 'OpsTest',
  images: '/img/tea/Test.svg',
  price: '99',
  stock: '20',
  level1Bps: '1000',
  level2Bps: '300',
  bargainFloor: '19',
  bargainHelpers: '5',
  bargainHours: '24',
  active: '1',
  ...over,
});

describe('ops product editor: the bargain block', () => {
  it('creates a product with a bargain, shows it back, refuses a floor at the price, and removes it when emptied', async () => {
    const fields = product();
    const res = await form('/ops/products/new', fields);
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.match(/\/ops\/products\/(p_[0-9A-Za-z]+)/)![1]!;
    expect((await callJson(`/api/products/${id}`)).body.product.bargain).toEqual({ floorPrice: { amount: 1900, currency: 'CNY' }, helpersNeeded: 5, durationHours: 24 });
    const edit = await page(`/ops/products/${id}`);
    expect(edit).toContain('data-bargain-fields');
    expect(edit).toMatch(/name="bargainFloor"[^>]*value="19.00"|value="19.00"[^>]*name="bargainFloor"/);
    expect(await (await call(`/p/${id}`)).text()).toContain('data-start-bargain');

    const refused = await form(`/ops/products/${id}`, { ...fields, stockWas: '20', bargainFloor: '99' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('底价必须低于售价');
    const partial = await form(`/ops/products/${id}`, { ...fields, stockWas: '20', bargainHours: '' });
    expect(partial.status).toBe(422);

    const removed = await form(`/ops/products/${id}`, { ...fields, stockWas: '20', bargainFloor: '', bargainHelpers: '', bargainHours: '' });
    expect(removed.status).toBe(303);
    expect((await callJson(`/api/products/${id}`)).body.product.bargain).toBeNull();
    expect(await (await call(`/p/${id}`)).text()).not.toContain('data-start-bargain');
  });
});
