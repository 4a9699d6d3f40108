import { describe, expect, it } from 'vitest';
import { en } from './en';
import { dateTimeIn, LOCALES, messagesFor, moneyIn, toLocale } from './index';
import { zhCN } from './zh-CN';

/** Every leaf path of a dictionary, with the kind of message it is. */
function leaves(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}:${typeof v}`],
  );
}

describe('dictionaries', () => {
  it('have the same keys, each the same kind of message', () => {
    expect(leaves(en).sort()).toEqual(leaves(zhCN).sort());
  });

  it('never leave a message empty or mix the two languages on one page', () => {
    const han = /[\u4e00-\u9fff]/;
    for (const path of leaves(en)) {
      const value = path.split(':')[0]!.split('.').reduce<any>((o, k) => o[k], en);
      const text = typeof value === 'function' ? String(value(1, 'x', 'y')) : String(value);
      expect(text.trim(), path).not.toBe('');
      expect(han.test(text), `en ${path} has Chinese: ${text}`).toBe(false);
    }
  });

  it('functions take the same arguments in both languages', () => {
    expect(zhCN.group.moreNeeded(2)).toBe('还差 2 人');
    expect(en.group.moreNeeded(2)).toBe('2 more needed');
  });
});

describe('toLocale', () => {
  it('maps language tags to a UI locale', () => {
    expect(toLocale('en')).toBe('en');
    expect(toLocale('en-GB')).toBe('en');
    expect(toLocale('zh')).toBe('zh-CN');
    expect(toLocale('zh-TW')).toBe('zh-CN');
    expect(toLocale('fr')).toBeUndefined();
    expect(toLocale(undefined)).toBeUndefined();
  });
  it('knows a dictionary for every locale', () => {
    for (const l of LOCALES) expect(messagesFor(l)).toBeDefined();
  });
});

describe('formatting per locale', () => {
  it('formats money and times with Intl', () => {
    expect(moneyIn('zh-CN', { amount: 1290, currency: 'CNY' })).toBe('¥12.90');
    expect(moneyIn('en', { amount: 1290, currency: 'CNY' })).toBe('CN¥12.90');
    const at = '2026-11-29T00:05:00Z'; // 08:05 in Shanghai
    expect(dateTimeIn('zh-CN', at)).toContain('2026');
    expect(dateTimeIn('zh-CN', at)).toContain('08:05');
    expect(dateTimeIn('en', at)).toContain('Nov 29, 2026');
    expect(dateTimeIn('en', 'not a date')).toBe('');
  });
});
