import { describe, expect, it } from 'vitest';
import { combinations, parseOptionsText } from './options-text';
import { parseProductForm, parseYuan } from './ops-product-form';
import { productFormValues } from './ops-product-form-values';

const base = {
  title: 'Tea',
  description: 'Green',
  category: 'Tea',
  images: '/img/a.svg\nhttps://cdn.example/b.png',
  price: '59.9',
  stock: '10',
  level1Bps: '1000',
  level2Bps: '300',
  active: '1',
};

describe('ops product form', () => {
  it('reads yuan as minor units, and nothing else', () => {
    expect(parseYuan('59')).toBe(5900);
    expect(parseYuan('59.9')).toBe(5990);
    expect(parseYuan('0.05')).toBe(5);
    for (const bad of ['', '-1', '1.234', '1e3', '12,5', ' 1']) expect(parseYuan(bad), bad).toBeUndefined();
  });

  it('builds the API bodies: no group offer when its fields are empty, a full one when all are given', () => {
    const r = parseProductForm(productFormValues(base), 'create');
    expect(r.ok && r.create).toMatchObject({ price: { amount: 5990 }, stock: 10, images: ['/img/a.svg', 'https://cdn.example/b.png'], groupBuy: null });
    const g = parseProductForm(productFormValues({ ...base, groupSize: '3', groupPrice: '49', groupDurationMinutes: '60', groupAutoFillPercent: '80' }), 'create');
    expect(g.ok && g.create.groupBuy).toEqual({ size: 3, price: { amount: 4900, currency: 'CNY' }, durationMinutes: 60, autoFillPercent: 80 });
  });

  it('reports every bad field at once', () => {
    const r = parseProductForm(productFormValues({ ...base, title: '', price: 'x', level2Bps: '5001', groupSize: '3' }), 'create');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['groupDurationMinutes', 'groupPrice', 'level2Bps', 'price', 'title']);
  });

  it('edits send stock only when it changed, or the delta, never both', () => {
    const same = parseProductForm(productFormValues({ ...base, stockWas: '10' }), 'edit');
    expect(same.ok && 'stock' in same.patch).toBe(false);
    const delta = parseProductForm(productFormValues({ ...base, stockWas: '10', stockDelta: '-3' }), 'edit');
    expect(delta.ok && delta.patch.stockDelta).toBe(-3);
    const both = parseProductForm(productFormValues({ ...base, stock: '12', stockWas: '10', stockDelta: '2' }), 'edit');
    expect(both.ok).toBe(false);
    const below = parseProductForm(productFormValues({ ...base, stockWas: '10', stockDelta: '-11' }), 'edit');
    expect(!below.ok && below.errors.stockDelta).toEqual({ code: 'stockBelowZero' });
    const off = parseProductForm(productFormValues({ ...base, active: undefined as unknown as string, stockWas: '10' }), 'edit');
    expect(off.ok && off.patch.active).toBe(false);
  });

  it('reads options one a line, in either width of punctuation, and refuses what breaks the rules', () => {
    expect(parseOptionsText('颜色: 白, 黑\n尺码：S，M、L')).toEqual([
      { name: '颜色', values: ['白', '黑'] },
      { name: '尺码', values: ['S', 'M', 'L'] },
    ]);
    expect(parseOptionsText('颜色 白 黑')).toBeUndefined();
    expect(parseOptionsText('a: x\nb: y\nc: z\nd: w')).toBeUndefined();
    expect(parseOptionsText('颜色: 白, 白')).toBeUndefined();
    expect(combinations([{ name: 'a', values: ['1', '2'] }, { name: 'b', values: ['x', 'y'] }])).toEqual([['1', 'x'], ['1', 'y'], ['2', 'x'], ['2', 'y']]);
  });

  it('turns the variant grid into variants: blank rows are not sold, a bad cell is named', () => {
    const form = { ...base, price: '', stock: '', options: '颜色: 白, 黑\n尺码: M', 'v.price.白 / M': '59', 'v.stock.白 / M': '3', 'v.sku.白 / M': 'W-M' };
    const r = parseProductForm(productFormValues(form), 'create');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.create.options).toEqual([
      { name: '颜色', values: ['白', '黑'] },
      { name: '尺码', values: ['M'] },
    ]);
    expect(r.create.variants).toEqual([{ sku: 'W-M', options: { 颜色: '白', 尺码: 'M' }, price: { amount: 5900, currency: 'CNY' }, stock: 3, groupPrice: null }]);
    const bad = parseProductForm(productFormValues({ ...form, 'v.price.黑 / M': 'x', 'v.stock.黑 / M': '1' }), 'create');
    expect(bad.ok ? null : bad.errors.cells).toEqual({ 'v.price.黑 / M': { code: 'money' } });
    const none = parseProductForm(productFormValues({ ...form, 'v.price.白 / M': '', 'v.stock.白 / M': '' }), 'create');
    expect(none.ok ? null : none.errors.variants).toEqual({ code: 'required' });
  });
});
