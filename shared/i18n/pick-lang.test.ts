import { describe, expect, it } from 'vitest';
import { langFromAcceptLanguage, pickLang } from './index';

describe('pickLang', () => {
  it('defaults to zh-CN', () => {
    expect(pickLang({})).toBe('zh-CN');
    expect(langFromAcceptLanguage('fr-FR,de;q=0.8')).toBe('zh-CN');
  });
  it('follows the browser when it ranks English above Chinese', () => {
    expect(langFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
    expect(langFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(langFromAcceptLanguage('zh;q=0.5,en-GB;q=0.9')).toBe('en');
    expect(langFromAcceptLanguage('en;q=0')).toBe('zh-CN');
  });
  it('lets ?lang and the cookie override the browser, query first', () => {
    expect(pickLang({ cookie: 'en', acceptLanguage: 'zh-CN' })).toBe('en');
    expect(pickLang({ query: 'zh-CN', cookie: 'en', acceptLanguage: 'en' })).toBe('zh-CN');
    expect(pickLang({ query: 'klingon', cookie: 'en' })).toBe('en');
  });
});
