import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, callJson, createProduct, opsToken, signupSeller } from '../../../test/helpers';
import { REVALIDATE_MS } from './page-cache';

async function view(path: string) {
  const res = await call(path);
  return { status: res.status, cache: res.headers.get('x-page-cache'), html: await res.text() };
}

async function patchProduct(id: string, body: Record<string, unknown>) {
  const r = await callJson(`/api/ops/products/${id}`, { method: 'PATCH', token: await opsToken(), body });
  expect(r.status).toBe(200);
}

describe('page cache', () => {
  it('serves warm product pages from the cache, and an ops change shows on the very next view', async () => {
    const s = await signupSeller();
    const p = await createProduct({ title: '缓存前 Before' });
    const paths = [`/p/${p.id}`, `/@${s.handle}/p/${p.id}`];
    for (const path of paths) {
      expect((await view(path)).cache).toBe('miss');
      const warm = await view(path);
      expect(warm.cache).toBe('hit');
      expect(warm.html).toContain('缓存前 Before');
    }
    await patchProduct(p.id, { title: '缓存后 After', price: { amount: 12300, currency: 'CNY' } });
    for (const path of paths) {
      const next = await view(path);
      expect(next.status).toBe(200);
      expect(next.html).toContain('缓存后 After');
      expect(next.html).toContain('¥123.00');
      expect(next.html).not.toContain('缓存前 Before');
    }
    await patchProduct(p.id, { active: false });
    for (const path of paths) expect((await view(path)).status).toBe(404);
  });

  it('a storefront change shows at once on the storefront and on its product pages', async () => {
    const s = await signupSeller();
    const p = await createProduct({ title: '店铺商品 Shop item' });
    const put = (body: Record<string, unknown>) => callJson('/api/me/storefront', { method: 'PUT', token: s.token, body });
    expect((await put({ productIds: [p.id] })).status).toBe(200);
    await view(`/@${s.handle}`);
    await view(`/@${s.handle}/p/${p.id}`);
    expect((await view(`/@${s.handle}`)).cache).toBe('hit');
    expect((await put({ displayName: '新名字 New name' })).status).toBe(200);
    expect((await view(`/@${s.handle}`)).html).toContain('新名字 New name');
    expect((await view(`/@${s.handle}/p/${p.id}`)).html).toContain('新名字 New name');
    // A product change reaches the storefront page that lists it.
    await patchProduct(p.id, { title: '改名商品 Renamed item' });
    expect((await view(`/@${s.handle}`)).html).toContain('改名商品 Renamed item');
  });

  it('a change written by another isolate (KV only) shows within the revalidation window', async () => {
    const p = await createProduct({ title: '原标题 Original' });
    const path = `/p/${p.id}`;
    await view(path);
    expect((await view(path)).cache).toBe('hit');
    // Another isolate's write: the snapshot changes in KV, this isolate is not told.
    const snap = await env.CATALOG.get<Record<string, unknown>>(`p:${p.id}`, 'json');
    await env.CATALOG.put(`p:${p.id}`, JSON.stringify({ ...snap, title: '别处改的 Changed elsewhere' }));
    await new Promise((r) => setTimeout(r, REVALIDATE_MS + 100));
    const next = await view(path);
    expect(next.cache).toBe('miss');
    expect(next.html).toContain('别处改的 Changed elsewhere');
    // Unchanged data revalidates without a re-render.
    await new Promise((r) => setTimeout(r, REVALIDATE_MS + 100));
    expect((await view(path)).cache).toBe('revalidated');
  });

  it('splices the visitor ref into each response and never caches it', async () => {
    const p = await createProduct();
    const path = `/p/${p.id}`;
    await view(path);
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzIjoiYSJ9.c2lnbmF0dXJl';
    const withRef = await view(`${path}?ref=${token}`);
    expect(withRef.cache).toBe('hit');
    expect(withRef.html).toContain(`<meta name="pinlink:ref" content="${token}"/></head>`);
    const other = await view(path);
    expect(other.html).not.toContain('pinlink:ref');
    const hostile = await view(`${path}?ref=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(hostile.status).toBe(200);
    expect(hostile.html).not.toContain('<script>alert(1)');
    expect(hostile.html).not.toContain('pinlink:ref');
  });
});
