import { describe, expect, it } from 'vitest';
import { parseProductForm } from './ops-product-form';
import { productFormValues, productToFormValues } from './ops-product-form-values';

const base = { title: 'Tea', description: 'Green', category: 'Tea', images: '/img/a.svg', price: '59.9', stock: '10', level1Bps: '1000', level2Bps: '300', active: '1' };
const group = { groupSize: '3', groupPrice: '49', groupDurationMinutes: '60' };

describe('the editor’s limits and leader price', () => {
  it('blank is no limit; the fields become limits and the offer’s leaderPrice', () => {
    const none = parseProductForm(productFormValues(base), 'create');
    expect(none.ok && none.create.limits).toBeNull();
    const r = parseProductForm(productFormValues({ ...base, ...group, perOrder: '3', groupLeaderPrice: '45' }), 'create');
    expect(r.ok && r.create.limits).toEqual({ perOrder: 3 });
    expect(r.ok && r.create.groupBuy?.leaderPrice).toEqual({ amount: 4500, currency: 'CNY' });
    const edit = parseProductForm(productFormValues({ ...base, perBuyer: '2' }), 'edit');
    expect(edit.ok && edit.patch.limits).toEqual({ perBuyer: 2 });
  });

  it('refuses a leader price above the group price or without an offer, and limits out of range', () => {
    const r = parseProductForm(productFormValues({ ...base, ...group, groupLeaderPrice: '49.01', perOrder: '100', perBuyer: '0' }), 'create');
    expect(r.ok ? null : r.errors).toEqual({ groupLeaderPrice: { code: 'leaderPriceHigh' }, perOrder: { code: 'wholeNumber', min: 1, max: 99 }, perBuyer: { code: 'wholeNumber', min: 1, max: 999 } });
    const alone = parseProductForm(productFormValues({ ...base, groupLeaderPrice: '40' }), 'create');
    expect(alone.ok ? null : alone.errors).toEqual({ groupLeaderPrice: { code: 'groupIncomplete' } });
  });

  it('shows a product’s limits and leader price back', () => {
    const parsed = parseProductForm(productFormValues({ ...base, ...group, perOrder: '2', perBuyer: '5', groupLeaderPrice: '45' }), 'create');
    if (!parsed.ok) throw new Error('form did not parse');
    const c = parsed.create;
    const product = {
      ...c,
      id: 'p_abcdefgh',
      price: c.price!,
      priceRange: { min: c.price!, max: c.price! },
      options: [],
      variants: [],
      stock: 10,
      stockAvailable: 10,
      groupBuy: { ...c.groupBuy!, autoFillPercent: null, leaderPrice: c.groupBuy!.leaderPrice! },
      active: true,
      createdAt: '',
      updatedAt: '',
    };
    expect(productToFormValues(product, 'x')).toMatchObject({ perOrder: '2', perBuyer: '5', groupLeaderPrice: '45.00' });
  });
});
