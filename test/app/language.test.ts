// One language per page: chosen by ?lang=, then the pinlink_lang cookie, then Accept-Language.
import { describe, expect, it } from 'vitest';
import { call, createProduct } from '../helpers';

const htmlLang = (html: string) => html.match(/<html lang="([^"]+)"/)?.[1];
const han = /[\u4e00-\u9fff]/;

describe('language', () => {
  it('is zh-CN by default, with no English UI text', async () => {
    const html = await (await call('/')).text();
    expect(htmlLang(html)).toBe('zh-CN');
    expect(html).toContain('今日好物');
    expect(html).not.toContain('Group buys are cheaper');
    expect(html).not.toContain(' · English'); // the old doubled labels
    expect(html).toMatch(/<a href="\/\?lang=en"[^>]*data-lang-switch[^>]*>English<\/a>/);
  });

  it('is English when Accept-Language prefers it, and Chinese when it prefers Chinese', async () => {
    const en = await (await call('/', { headers: { 'accept-language': 'en-US,en;q=0.9,zh-CN;q=0.5' } })).text();
    expect(htmlLang(en)).toBe('en');
    expect(en).toContain('Group buys are cheaper');
    expect(en).not.toContain('今日好物');
    const zh = await (await call('/', { headers: { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.8' } })).text();
    expect(htmlLang(zh)).toBe('zh-CN');
    const other = await (await call('/', { headers: { 'accept-language': 'fr-FR' } })).text();
    expect(htmlLang(other)).toBe('zh-CN');
  });

  it('?lang= switches and sets the cookie; the cookie wins over Accept-Language', async () => {
    const res = await call('/?lang=en');
    expect(htmlLang(await res.text())).toBe('en');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/pinlink_lang=en/);
    expect(cookie).toMatch(/Path=\//);
    const later = await call('/', { headers: { cookie: 'pinlink_lang=en', 'accept-language': 'zh-CN' } });
    expect(htmlLang(await later.text())).toBe('en');
    expect(later.headers.get('set-cookie')).toBeNull(); // only an explicit choice is stored
    const back = await call('/?lang=zh-CN', { headers: { cookie: 'pinlink_lang=en' } });
    expect(htmlLang(await back.text())).toBe('zh-CN');
    expect(back.headers.get('set-cookie')).toMatch(/pinlink_lang=zh-CN/);
    // Garbage is ignored, not echoed.
    const bad = await call('/?lang=%3Cscript%3E');
    expect(htmlLang(await bad.text())).toBe('zh-CN');
    expect(bad.headers.get('set-cookie')).toBeNull();
  });

  it('caches each language of a product page separately; catalog data stays as entered', async () => {
    const p = await createProduct({ title: '语言测试 Lang item', stock: 5 });
    const zh1 = await (await call(`/p/${p.id}`)).text();
    const en1 = await (await call(`/p/${p.id}`, { headers: { cookie: 'pinlink_lang=en' } })).text();
    const zh2 = await call(`/p/${p.id}`);
    expect(zh2.headers.get('x-page-cache')).toBe('hit');
    const zh2html = await zh2.text();
    expect(htmlLang(zh1)).toBe('zh-CN');
    expect(htmlLang(zh2html)).toBe('zh-CN');
    expect(htmlLang(en1)).toBe('en');
    expect(zh1).toContain('库存 5 件');
    expect(en1).toContain('5 in stock');
    expect(en1).toContain('CN¥');
    expect(en1).toContain('语言测试 Lang item');
    // Outside catalog data, an English page has no Chinese text.
    const body = en1.slice(en1.indexOf('<body>')).replaceAll('语言测试 Lang item', '').replaceAll('好东西 A good thing', '');
    expect(han.test(body.replace(/<footer>[\s\S]*<\/footer>/, '')), body).toBe(false);
    // The switch on a cached page points at the canonical path, never a visitor's query.
    const withRef = await (await call(`/p/${p.id}?ref=abc.def.ghi`)).text();
    expect(withRef).toContain(`href="/p/${p.id}?lang=en"`);
  });

  it('keeps the query (an order token) when switching on an uncached page', async () => {
    const html = await (await call('/login?next=%2Fops', { headers: { 'accept-language': 'en' } })).text();
    expect(html).toContain('href="/login?next=%2Fops&amp;lang=zh-CN"');
    expect(html).toContain('<label for="email">Email</label>');
  });
});
