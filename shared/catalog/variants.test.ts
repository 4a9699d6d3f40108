import { describe, expect, it } from 'vitest';
import { MAX_VARIANTS, combinationKey, findVariantByChoice, formatPriceFrom, optionsProblem, priceRange, variantsProblem, type ProductOption } from './variants';

const colourSize: ProductOption[] = [
  { name: '颜色', values: ['白', '黑'] },
  { name: '尺码', values: ['S', 'M', 'L'] },
];
const v = (colour: string, size: string, price = 5900, extra: object = {}) => ({ options: { 颜色: colour, 尺码: size }, price: { amount: price }, ...extra });

describe('variant combinations', () => {
  it('accepts every combination once', () => {
    const all = ['白', '黑'].flatMap((c) => ['S', 'M', 'L'].map((s) => v(c, s)));
    expect(variantsProblem(colourSize, all)).toBeNull();
  });

  it('refuses a combination listed twice, whatever the key order', () => {
    const twice = [v('黑', 'M'), { options: { 尺码: 'M', 颜色: '黑' }, price: { amount: 6900 } }];
    expect(variantsProblem(colourSize, twice)).toMatch(/listed twice/);
  });

  it('refuses unknown option values and unknown or missing options', () => {
    expect(variantsProblem(colourSize, [v('红', 'M')])).toMatch(/unknown value "红"/);
    expect(variantsProblem(colourSize, [{ options: { 颜色: '黑', 尺码: 'M', 材质: '棉' }, price: { amount: 1 } }])).toMatch(/unknown option "材质"/);
    expect(variantsProblem(colourSize, [{ options: { 颜色: '黑' }, price: { amount: 1 } }])).toMatch(/no value for option "尺码"/);
  });

  it('caps options, values and variants', () => {
    const four = ['a', 'b', 'c', 'd'].map((name) => ({ name, values: ['x'] }));
    expect(optionsProblem(four)).toMatch(/at most 3 options/);
    expect(optionsProblem([{ name: 'n', values: Array.from({ length: 21 }, (_, i) => `v${i}`) }])).toMatch(/more than 20 values/);
    expect(optionsProblem([{ name: 'n', values: ['a', 'a'] }])).toMatch(/twice/);
    expect(optionsProblem([{ name: 'n', values: ['a'] }, { name: 'n', values: ['b'] }])).toMatch(/named twice/);
    const wide: ProductOption[] = [
      { name: 'a', values: Array.from({ length: 20 }, (_, i) => `a${i}`) },
      { name: 'b', values: Array.from({ length: 6 }, (_, i) => `b${i}`) },
    ];
    const many = wide[0]!.values.flatMap((a) => wide[1]!.values.map((b) => ({ options: { a, b }, price: { amount: 100 } })));
    expect(many.length).toBeGreaterThan(MAX_VARIANTS);
    expect(variantsProblem(wide, many)).toMatch(/at most 100 variants/);
    expect(variantsProblem(wide, many.slice(0, MAX_VARIANTS))).toBeNull();
  });

  it('needs variants with options and none without', () => {
    expect(variantsProblem(colourSize, [])).toMatch(/at least one variant/);
    expect(variantsProblem([], [v('黑', 'M')])).toMatch(/need options/);
    expect(variantsProblem([], [])).toBeNull();
  });

  it('keeps group and leader prices below the variant price', () => {
    expect(variantsProblem(colourSize, [v('黑', 'M', 5900, { groupPrice: { amount: 5900 } })])).toMatch(/groupPrice/);
    expect(variantsProblem(colourSize, [v('黑', 'M', 5900, { groupPrice: { amount: 4900 }, leaderPrice: { amount: 6000 } })])).toMatch(/leaderPrice/);
    expect(variantsProblem(colourSize, [v('黑', 'M', 5900, { groupPrice: { amount: 4900 }, leaderPrice: { amount: 3900 } })])).toBeNull();
  });

  it('finds the variant a choice names', () => {
    const all = [v('白', 'S', 5900), v('黑', 'M', 6900)];
    expect(findVariantByChoice(colourSize, all, { 尺码: 'M', 颜色: '黑' })?.price.amount).toBe(6900);
    expect(findVariantByChoice(colourSize, all, { 颜色: '黑' })).toBeUndefined();
    expect(combinationKey(colourSize, { 尺码: 'M', 颜色: '黑' })).toBe(combinationKey(colourSize, { 颜色: '黑', 尺码: 'M' }));
  });
});

describe('price ranges', () => {
  it('is the lowest and highest price', () => {
    expect(priceRange([6900, 5900, 7900])).toEqual({ min: 5900, max: 7900 });
    expect(priceRange([5900])).toEqual({ min: 5900, max: 5900 });
    expect(priceRange([])).toBeNull();
  });

  it('says 起 only when the prices differ', () => {
    const fmt = (a: number) => `¥${a / 100}`;
    expect(formatPriceFrom({ min: { amount: 5900 }, max: { amount: 7900 } }, fmt, '起')).toBe('¥59 起');
    expect(formatPriceFrom({ min: { amount: 5900 }, max: { amount: 5900 } }, fmt, '起')).toBe('¥59');
  });
});
