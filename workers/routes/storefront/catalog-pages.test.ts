import { describe, expect, it } from 'vitest';
import { call, callJson, createProduct, signupSeller } from '../../../test/helpers';

function meta(html: string, attr: 'property' | 'name', key: string): string | undefined {
  const m = html.match(new RegExp(`<meta ${attr}="${key.replace(':', '\\:')}" content="([^"]*)"`));
  return m?.[1];
}

describe('pages', () => {
  it('product page renders Chinese and English text with OG and Twitter tags', async () => {
    const p = await createProduct({ title: '龙井茶 Longjing tea', description: '明前头采 First picking' });
    const res = await call(`/p/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html; charset=UTF-8/i);
    const html = await res.text();
    expect(html).toContain('龙井茶 Longjing tea');
    expect(html).toContain('<meta charset="utf-8"/>');
    expect(meta(html, 'property', 'og:title')).toBe('龙井茶 Longjing tea · Pinlink');
    expect(meta(html, 'property', 'og:description')).toContain('¥99.00');
    // The raster share card, versioned by its content (see test/cards/share-cards.test.ts).
    expect(meta(html, 'property', 'og:image')).toMatch(/^http:\/\/pinlink\.test\/card\/p\/p_[A-Za-z0-9_-]+\.png\?v=\w+$/);
    expect(meta(html, 'property', 'og:url')).toBe(`http://pinlink.test/p/${p.id}`);
    expect(meta(html, 'name', 'twitter:card')).toBe('summary_large_image');
    expect(meta(html, 'name', 'twitter:title')).toBe('龙井茶 Longjing tea · Pinlink');
    expect(html).toContain(`<link rel="canonical" href="http://pinlink.test/p/${p.id}"/>`);
  });

  it('storefront shows the persona and curated products, and reflects curation at once', async () => {
    const s = await signupSeller();
    const a = await createProduct({ title: '精选一号 Pick one' });
    const b = await createProduct({ title: '精选二号 Pick two' });
    const empty = await (await call(`/@${s.handle}`)).text();
    expect(empty).toContain('店主还在挑选商品');
    const put = await callJson('/api/me/storefront', {
      method: 'PUT',
      token: s.token,
      body: { displayName: '小美 Mei', bio: '只卖好茶 Only good tea', focusCategory: '茶 Tea', productIds: [b.id, a.id] },
    });
    expect(put.status).toBe(200);
    expect(put.body.storefront).toMatchObject({ handle: s.handle, displayName: '小美 Mei', productIds: [b.id, a.id] });
    const html = await (await call(`/@${s.handle}`)).text();
    expect(html).toContain('小美 Mei');
    expect(html).toContain('只卖好茶 Only good tea');
    expect(html.indexOf('精选二号 Pick two')).toBeLessThan(html.indexOf('精选一号 Pick one'));
    expect(html).toContain(`href="/@${s.handle}/p/${a.id}"`);
    expect(meta(html, 'property', 'og:title')).toBe('小美 Mei 的小店 · Pinlink');
    expect(meta(html, 'property', 'og:url')).toBe(`http://pinlink.test/@${s.handle}`);
  });

  it('attributed product page carries the seller persona in the page and OG tags', async () => {
    const s = await signupSeller();
    const p = await createProduct({ title: '香薰机 Diffuser' });
    const res = await call(`/@${s.handle}/p/${p.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(s.displayName);
    expect(meta(html, 'property', 'og:title')).toBe(`香薰机 Diffuser · ${s.displayName} 推荐`);
    expect(meta(html, 'property', 'og:url')).toBe(`http://pinlink.test/@${s.handle}/p/${p.id}`);
  });

  it('home lists products by category', async () => {
    const p = await createProduct({ category: '首页测试 Home test', title: '首页商品 Home item' });
    const html = await (await call('/')).text();
    expect(html).toContain('首页测试 Home test');
    expect(html).toContain(`href="/p/${p.id}"`);
  });

  it('product art renders the label, Chinese included, and survives malformed escapes', async () => {
    const ok = await call(`/img/tea/${encodeURIComponent('龙井 100%')}.svg`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('image/svg+xml');
    expect(await ok.text()).toContain('龙井 100%');
    expect((await call('/img/tea/%E4%B8.svg')).status).toBe(200);
  });

  it('unknown pages get the 404 page', async () => {
    for (const path of ['/p/p_doesnotexist01', '/p/garbage', '/@nobody_here_404', '/nothing/here']) {
      const res = await call(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain('页面不存在');
    }
  });

  it('storefront curation refuses unknown products and other sellers cannot change it', async () => {
    const s = await signupSeller();
    const bad = await callJson('/api/me/storefront', { method: 'PUT', token: s.token, body: { productIds: ['p_doesnotexist01'] } });
    expect(bad.status).toBe(400);
    const anon = await callJson('/api/me/storefront', { method: 'PUT', body: { bio: 'x' } });
    expect(anon.status).toBe(401);
  });
});
