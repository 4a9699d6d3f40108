// Share cards and posters through the real Worker: og tags on every page kind, PNG sizes read
// from the IHDR chunk, the group card following the group, and the card cache.
import { env } from 'cloudflare:workers';
import jsQR from 'jsqr';
import { messagesFor } from '../../shared/i18n';
import { describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import { orderBody, placeOrder, sendTestEvent } from '../checkout-helpers';
import { BASE, call, callJson, createProduct, signupSeller } from '../helpers';
import { RenderUnavailable, renderPng } from '../../workers/services/cards/card-engine';

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect(Array.from(bytes.slice(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

function ogTags(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"/g)) out[m[1]!] ??= m[2]!.replace(/&amp;/g, '&');
  return out;
}

async function image(url: string) {
  const r = await call(url.replace(BASE, ''));
  expect(r.status, url).toBe(200);
  expect(r.headers.get('content-type')).toBe('image/png');
  return { bytes: new Uint8Array(await r.arrayBuffer()), cache: r.headers.get('x-card-cache') };
}

async function cardOf(path: string) {
  const r = await call(path);
  expect(r.status, path).toBe(200);
  const og = ogTags(await r.text());
  expect(og['og:image'], path).toMatch(/^http:\/\/pinlink\.test\/card\/.+\.png\?v=/);
  expect([og['og:image:width'], og['og:image:height'], og['og:image:type'], og['twitter:card']]).toEqual(['1200', '630', 'image/png', 'summary_large_image']);
  expect(og['og:image:alt']).toBeTruthy();
  const img = await image(og['og:image']!);
  expect(pngSize(img.bytes)).toEqual({ width: 1200, height: 630 });
  expect(img.bytes.length).toBeLessThan(600 * 1024);
  return { url: og['og:image']!, bytes: img.bytes };
}

const groupProduct = () =>
  createProduct({ title: '云南普洱 Pu-erh 357g', images: [], groupBuy: { size: 3, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 60 } });

describe('share cards', () => {
  it('every page kind has a 1200×630 PNG card, including a product with no image and a short link target', async () => {
    const s = await signupSeller();
    const p = await groupProduct();
    const withArt = await createProduct({ title: '手工红茶 Black tea' });
    await callJson('/api/me/storefront', { method: 'PUT', token: s.token, body: { displayName: '小红的好物 Xiaohong', bio: '只推荐自己用过的', productIds: [p.id, withArt.id] } });
    await cardOf(`/p/${p.id}`);
    await cardOf(`/p/${withArt.id}`);
    await cardOf(`/@${s.handle}`);
    await cardOf(`/@${s.handle}/p/${p.id}`);
    const link = await callJson('/api/links', { token: s.token, body: { productId: p.id } });
    const r = await call(`/r/${link.body.code}`);
    expect(r.status).toBe(302);
    await cardOf(new URL(r.headers.get('location')!, BASE).pathname);
  });

  it('the group card follows the group: its URL and bytes change when a member pays', async () => {
    const p = await groupProduct();
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    const gid = leader.body.order.groupId as string;
    const before = await cardOf(`/g/${gid}`);
    // The page's own URL names the version: answered from the isolate, and cacheable for good.
    const again = await image(before.url);
    expect(again.cache).toBe('memo');
    expect(again.bytes).toEqual(before.bytes);
    // A forged or stale version is never answered from memory: the content is read, and the
    // answer is the current card, cached briefly.
    const forged = await call(before.url.replace(BASE, '').replace(/v=[^&]+/, 'v=forged1'));
    expect(forged.headers.get('x-card-cache')).toBe('hit');
    expect(forged.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await call(before.url.replace(BASE, ''))).headers.get('cache-control')).toContain('immutable');
    await sendTestEvent({ type: 'payment.succeeded', orderId: leader.body.order.id, amount: leader.body.order.total });
    const after = await cardOf(`/g/${gid}`);
    expect(after.url).not.toBe(before.url);
    expect(Buffer.from(after.bytes).equals(Buffer.from(before.bytes))).toBe(false);
  });

  it('posters are portrait PNGs; unknown targets are 404', async () => {
    const s = await signupSeller();
    const p = await groupProduct();
    const link = await callJson('/api/links', { token: s.token, body: { productId: p.id } });
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    const sfLink = await callJson('/api/links', { token: s.token, body: {} });
    const targets: [string, string][] = [
      [`/r/${link.body.code}/poster.png`, `${BASE}/r/${link.body.code}`],
      [`/r/${sfLink.body.code}/poster.png`, `${BASE}/r/${sfLink.body.code}`],
      [`/g/${leader.body.order.groupId}/poster.png`, `${BASE}/g/${leader.body.order.groupId}`],
      // Every shared page's sheet offers a poster of its own, leading back to that page.
      [`/p/${p.id}/poster.png`, `${BASE}/p/${p.id}`],
      [`/@${s.handle}/poster.png`, `${BASE}/@${s.handle}`],
      [`/@${s.handle}/p/${p.id}/poster.png`, `${BASE}/@${s.handle}/p/${p.id}`],
    ];
    for (const [path, url] of targets) {
      const { width, height, data, channels } = decode((await image(path)).bytes);
      expect(channels).toBe(4);
      expect(width).toBeGreaterThanOrEqual(600);
      expect(height).toBeGreaterThan(width);
      expect(jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height)?.data, path).toBe(url);
    }
    for (const path of ['/r/zzzzzzzz/poster.png', '/g/g_doesNotExist1/poster.png', '/card/p/p_nope.png', '/card/s/nobody_here.png', '/card/g/x.png']) {
      expect((await call(path)).status, path).toBe(404);
    }
    // Malformed names and versions are plain 404s, never a 500 or a render.
    for (const path of ['/card/p/.png', '/card/p/%ZZ.png', '/card/s/A.png?v=', '/card/g/g_x.png?v=%ZZ&square', '/r/!!/poster.png', '/p/%ZZ/poster.png', '/@no/poster.png', '/@nobody_here_x/p/p_nope/poster.png']) {
      expect((await call(path)).status, path).toBe(404);
    }
  });
});

describe('the invite loop', () => {
  it('after paying for a group that is not full, the order and group pages push the buyer to share, with the poster', async () => {
    const p = await groupProduct();
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    const gid = leader.body.order.groupId as string;
    const orderPath = `/o/${leader.body.order.id}?t=${encodeURIComponent(leader.body.orderToken)}`;
    expect(await (await call(orderPath)).text()).not.toContain('data-share-headline');
    await sendTestEvent({ type: 'payment.succeeded', orderId: leader.body.order.id, amount: leader.body.order.total });
    const order = await (await call(orderPath)).text();
    expect(order).toContain('还差 2 人成团');
    expect(order).toContain(`href="/g/${gid}/poster.png"`);
    expect(order).toContain('/js/share.js');
    const group = await (await call(`/g/${gid}`)).text();
    expect(group).toContain('还差 2 人成团');
    expect(group).toContain(`href="/g/${gid}/poster.png"`);
  });

  it("the seller dashboard offers each link's poster", async () => {
    const s = await signupSeller();
    const link = await callJson('/api/links', { token: s.token, body: {} });
    const login = await call('/login', { method: 'POST', raw: new URLSearchParams({ email: s.email, password: s.password }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });
    const session = login.headers.get('set-cookie')?.match(/pinlink_session=([^;]+)/)?.[1];
    expect(session).toBeTruthy();
    const me = await call('/me', { headers: { cookie: `pinlink_session=${session}` } });
    const html = await me.text();
    expect(html).toContain(`href="/r/${link.body.code}/poster.png"`);
    expect(html).toContain('data-orders-by-channel');
  });
});

describe('WeChat', () => {
  const WECHAT_UA =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

  it('product, storefront and group pages open with a square image of at least 300 px, which is a real square PNG', async () => {
    const s = await signupSeller();
    const p = await groupProduct();
    await callJson('/api/me/storefront', { token: s.token, method: 'PUT', body: { productIds: [p.id] } });
    const leader = await placeOrder(orderBody([{ productId: p.id, quantity: 1 }], { group: { open: true } }));
    for (const path of [`/p/${p.id}`, `/@${s.handle}`, `/@${s.handle}/p/${p.id}`, `/g/${leader.body.order.groupId}`]) {
      const html = await (await call(path, { headers: { 'user-agent': WECHAT_UA } })).text();
      const body = html.slice(html.indexOf('<body'));
      const first = body.match(/<img [^>]*>/)?.[0] ?? '';
      const width = Number(first.match(/width="(\d+)"/)?.[1]);
      const height = Number(first.match(/height="(\d+)"/)?.[1]);
      expect(width, path).toBeGreaterThanOrEqual(300);
      expect(height, path).toBe(width);
      // Early: before the page's own header.
      expect(body.indexOf(first), path).toBeLessThan(body.indexOf('<header'));
      const src = first.match(/src="([^"]+)"/)![1]!.replace(/&amp;/g, '&');
      expect(pngSize((await image(src)).bytes), path).toEqual({ width: 600, height: 600 });
    }
  });

  it('the share sheet carries the WeChat hint to save the poster', async () => {
    const p = await groupProduct();
    const html = await (await call(`/p/${p.id}`)).text();
    expect(html).toContain(`href="/p/${p.id}/poster.png"`);
    // The island shows it to WeChat's browser (web/src/share.ts); the text is the page's language.
    const js = await (await env.ASSETS.fetch('http://assets.local/js/share.js')).text();
    expect(js).toContain('MicroMessenger');
    // esbuild writes ASCII: non-ASCII characters as \uXXXX escapes.
    const ascii = (t: string) => t.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    expect(js).toContain(ascii(messagesFor('zh-CN').share.wechatHint));
    expect(js).toContain(ascii(messagesFor('en').share.wechatHint));
  });
});

describe('the card renderer Worker', () => {
  it('refuses a malformed render request with a 400, and an unreachable renderer is a 503 with Retry-After', async () => {
    const bad = await env.CARD_RENDERER.fetch('https://cards.internal/render', { method: 'POST', body: JSON.stringify({ el: {}, width: 99999, height: 1 }) });
    expect(bad.status).toBe(400);
    expect((await env.CARD_RENDERER.fetch('https://cards.internal/other')).status).toBe(404);
    const down = { CARD_RENDERER: { fetch: () => Promise.reject(new Error('connection refused')) } } as unknown as Pick<typeof env, 'CARD_RENDERER'>;
    const err = await renderPng(down, { type: 'div', props: {} }, 10, 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RenderUnavailable);
    expect((err as RenderUnavailable).status).toBe(503);
    expect((err as RenderUnavailable).headers?.['Retry-After']).toBe('5');
  });
});
