import { env, exports } from 'cloudflare:workers';
import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clickCounterFor } from '../../workers/services/links/clicks';
import { verifyToken, type RefClaims } from '../../workers/services/identity/tokens';
import { BASE, call, callJson, createProduct, opsToken, signupSeller, uniq } from '../helpers';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40';
const MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const BOT = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)';

async function newLink(token: string, body: Record<string, unknown> = {}) {
  const r = await callJson('/api/links', { token, body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; code: string; url: string; qrSvgUrl: string };
}

function click(code: string, opts: { ip?: string; ua?: string; country?: string } = {}) {
  const headers: Record<string, string> = { 'user-agent': opts.ua ?? IPHONE, 'cf-connecting-ip': opts.ip ?? '203.0.113.7' };
  if (!opts.country) return call(`/r/${code}`, { headers });
  return exports.default.fetch(new Request(`${BASE}/r/${code}`, { headers, redirect: 'manual', cf: { country: opts.country } } as RequestInit));
}

async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await probe();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    v = await probe();
  }
  return v;
}

const totalRow = async (linkId: string) => (await clickCounterFor(env, linkId).snapshot()).find((r) => r.dimension === 'total');

/** Waits until the counter holds `n` clicks (+ bots), then drives its alarm and waits until Postgres has it all. */
async function settle(linkId: string, n: number, bots = 0) {
  await waitFor(() => totalRow(linkId), (r) => (r?.clicks ?? 0) + (r?.botClicks ?? 0) >= n + bots);
  const stub = clickCounterFor(env, linkId);
  await runDurableObjectAlarm(stub);
  const rows = await waitFor(() => stub.snapshot(), (rs) => rs.every((r) => !r.pending));
  expect(rows.every((r) => !r.pending)).toBe(true);
}

describe('POST /api/links', () => {
  it('creates a storefront link with an absolute short URL and QR URL', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token);
    expect(link.code).toMatch(/^[0-9A-Za-z]{7,}$/);
    expect(link.url).toBe(`${BASE}/r/${link.code}`);
    expect(link.qrSvgUrl).toBe(`${BASE}/r/${link.code}/qr.svg`);
  });

  it('gives every link its own code', async () => {
    const s = await signupSeller();
    const codes = await Promise.all(Array.from({ length: 20 }, () => newLink(s.token, { channel: 'wechat' }).then((l) => l.code)));
    expect(new Set(codes).size).toBe(20);
  });

  it('validates its input', async () => {
    const s = await signupSeller();
    const p = await createProduct();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ productId: 'p_doesnotexist00' }, 404, 'not_found'],
      [{ productId: 'not an id' }, 400, 'invalid_input'],
      [{ productId: p.id, groupId: 'g_abcdefgh' }, 400, 'invalid_input'],
      [{ groupId: 'p_abcdefgh' }, 400, 'invalid_input'],
      [{ channel: 'has spaces' }, 400, 'invalid_input'],
      [{ channel: 'x'.repeat(40) }, 400, 'invalid_input'],
    ];
    for (const [body, status, code] of cases) {
      const r = await callJson('/api/links', { token: s.token, body });
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await callJson('/api/links', { token: s.token, raw: '{"productId":' })).status).toBe(400);
  });

  it('needs a seller', async () => {
    expect((await callJson('/api/links', { body: {} })).body.error.code).toBe('unauthorized');
    const ops = await callJson('/api/links', { token: await opsToken(), body: {} });
    expect([ops.status, ops.body.error.code]).toEqual([403, 'forbidden']);
  });
});

describe('GET /r/:code', () => {
  it('redirects a product link with the ref token in the URL and the cookie', async () => {
    const s = await signupSeller();
    const p = await createProduct();
    const link = await newLink(s.token, { productId: p.id, channel: 'WeChat' });
    const res = await click(link.code);
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.pathname).toBe(`/@${s.handle}/p/${p.id}`);
    const ref = loc.searchParams.get('ref')!;
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toContain(`pinlink_ref=${ref}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toContain(`Max-Age=${30 * 86400}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const claims = await verifyToken<RefClaims>(env.JWT_KEYS, 'ref', ref);
    expect(claims).toMatchObject({ sub: s.id, lid: link.id, ch: 'wechat' });
    expect(claims!.exp! - claims!.iat!).toBe(30 * 86400);
    // A ref token is not a session.
    expect(await verifyToken(env.JWT_KEYS, 'session', ref)).toBeNull();
  });

  it('lands on a page with the seller persona in OG tags and a share sheet', async () => {
    const s = await signupSeller();
    await callJson('/api/me/storefront', { method: 'PUT', token: s.token, body: { displayName: '小红的好物' } });
    const p = await createProduct();
    const link = await newLink(s.token, { productId: p.id });
    const loc = new URL((await click(link.code)).headers.get('location')!);
    const html = await (await call(loc.pathname + loc.search)).text();
    expect(html).toMatch(/<meta property="og:title" content="[^"]*小红的好物 推荐"/);
    expect(html).toContain(`<meta property="og:url" content="${BASE}/@${s.handle}/p/${p.id}"`);
    expect(html).toContain(`data-path="/@${s.handle}/p/${p.id}"`);
    expect(html).toContain('src="/js/share.js"');
    const store = await (await call(`/@${s.handle}`)).text();
    expect(store).toMatch(/<meta property="og:title" content="小红的好物 的小店/);
    expect(store).toContain(`data-path="/@${s.handle}"`);
    expect(await (await call(`/p/${p.id}`)).text()).toContain(`data-path="/p/${p.id}"`);
  });

  it('sends a storefront link to the storefront and the page renders', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token);
    const res = await click(link.code);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.pathname).toBe(`/@${s.handle}`);
    const page = await call(loc.pathname + loc.search);
    expect(page.status).toBe(200);
  });

  it('sends a group link to the group page', async () => {
    const s = await signupSeller();
    const p = await createProduct({ groupBuy: { size: 2, price: { amount: 5000, currency: 'CNY' }, durationMinutes: 60 } });
    const opened = await callJson('/api/orders', {
      headers: { 'idempotency-key': uniq('idem-') },
      body: {
        items: [{ productId: p.id, quantity: 1 }],
        buyer: { email: `${uniq('b')}@example.test`, name: 'Leader' },
        shippingAddress: { name: 'L', line1: '1 Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' },
        group: { open: true },
      },
    });
    const gid = opened.body.order.groupId;
    const link = await newLink(s.token, { groupId: gid });
    const loc = new URL((await click(link.code)).headers.get('location')!);
    expect(loc.pathname).toBe(`/g/${gid}`);
    expect(loc.searchParams.get('ref')).toBeTruthy();
  });

  it('answers an unknown or malformed code with a 404 page', async () => {
    for (const code of ['Zz9Zz9Zz9', 'bad!code', 'x']) {
      const res = await click(code);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('resolves from the KV snapshot, and on a miss reads Postgres once and fills it', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token);
    expect(await env.CATALOG.get(`link:${link.code}`, 'json')).toMatchObject({ id: link.id, sellerId: s.id, handle: s.handle, kind: 'storefront' });
    await env.CATALOG.delete(`link:${link.code}`);
    expect((await click(link.code)).status).toBe(302);
    expect(await env.CATALOG.get(`link:${link.code}`, 'json')).toMatchObject({ id: link.id, active: true });
  });

  it('serves the QR code of the short link as SVG', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token);
    const res = await call(`/r/${link.code}/qr.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const body = await res.text();
    expect(body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect((await call('/r/Zz9Zz9Zz9/qr.svg')).status).toBe(404);
    expect((await call('/qr.svg?path=/p/p_abc')).status).toBe(200);
    expect((await call('/qr.svg?path=//evil.example/')).status).toBe(400);
    expect((await call('/qr.svg?path=https://evil.example/')).status).toBe(400);
  });

  it('stops redirecting once the owner deactivates the link; no other seller can', async () => {
    const a = await signupSeller();
    const b = await signupSeller();
    const link = await newLink(a.token);
    expect((await call(`/api/links/${link.code}`, { method: 'DELETE', token: b.token })).status).toBe(404);
    expect((await click(link.code)).status).toBe(302);
    expect((await call(`/api/links/${link.code}`, { method: 'DELETE', token: a.token })).status).toBe(204);
    expect((await click(link.code)).status).toBe(404);
    const mine = await callJson(`/api/links/${link.code}`, { token: a.token });
    expect(mine.body.link.active).toBe(false);
  });
});

describe('click counting', () => {
  it('counts 200 concurrent clicks exactly, off the response path', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token, { channel: 'weibo' });
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => click(link.code, { ip: `198.51.100.${i % 250}`, ua: IPHONE })));
    expect(responses.every((r) => r.status === 302)).toBe(true);
    await settle(link.id, 200);
    // Nothing more arrives later: exactly 200, not at least 200.
    await new Promise((r) => setTimeout(r, 300));
    expect((await totalRow(link.id))?.clicks).toBe(200);
    const stats = await callJson('/api/me/stats', { token: s.token });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ clicks: 200, uniqueVisitors: 200, botClicks: 0, orders: 0 });
    expect(stats.body.byChannel).toEqual([{ channel: 'weibo', clicks: 200, uniqueVisitors: 200 }]);
    expect(stats.body.byDevice).toEqual([{ device: 'mobile', clicks: 200 }]);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.body.byDay.at(-1)).toEqual({ day: today, clicks: 200, uniqueVisitors: 200, botClicks: 0 });
  });

  it('excludes bots, reports them apart, dedupes visitors and records device and country', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token);
    const clicks = [
      click(link.code, { ip: '192.0.2.1', ua: IPHONE }),
      click(link.code, { ip: '192.0.2.1', ua: IPHONE }),
      click(link.code, { ip: '192.0.2.1', ua: IPHONE }),
      click(link.code, { ip: '192.0.2.2', ua: MAC, country: 'CN' }),
      click(link.code, { ip: '192.0.2.3', ua: BOT }),
      click(link.code, { ip: '192.0.2.3', ua: '' }),
    ];
    expect((await Promise.all(clicks)).map((r) => r.status)).toEqual([302, 302, 302, 302, 302, 302]);
    await settle(link.id, 4, 2);
    const st = (await callJson('/api/me/stats', { token: s.token })).body;
    expect(st).toMatchObject({ clicks: 4, uniqueVisitors: 2, botClicks: 2, conversionRate: 0 });
    expect(st.byChannel).toEqual([{ channel: 'direct', clicks: 4, uniqueVisitors: 2 }]);
    expect(st.byDevice).toEqual([
      { device: 'mobile', clicks: 3 },
      { device: 'desktop', clicks: 1 },
    ]);
    expect(st.byCountry).toEqual([
      { country: 'XX', clicks: 3 },
      { country: 'CN', clicks: 1 },
    ]);
    const listed = (await callJson('/api/me/links', { token: s.token })).body.items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ code: link.code, clicks: 4, uniqueVisitors: 2, botClicks: 2 });
  });

  it('sums a batch in one pass and dedupes visitors within and across batches, per dimension', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token);
    const stub = clickCounterFor(env, link.id);
    const day = new Date().toISOString().slice(0, 10);
    const a = { day, visitor: 'visitor-a', bot: false, device: 'mobile' as const, country: 'CN' };
    const b = { day, visitor: 'visitor-b', bot: false, device: 'desktop' as const, country: 'XX' };
    const bot = { day, visitor: 'bot', bot: true, device: 'desktop' as const, country: 'XX' };
    await stub.recordMany(link.id, [a, a, a, b, bot]);
    await stub.recordMany(link.id, [a, bot, { ...b, visitor: 'visitor-c' }]);
    const rows = Object.fromEntries((await stub.snapshot()).map((r) => [r.dimension, [r.clicks, r.uniqueVisitors, r.botClicks]]));
    expect(rows).toEqual({
      total: [6, 3, 2],
      'device:mobile': [4, 1, 0],
      'device:desktop': [2, 2, 0],
      'country:CN': [4, 1, 0],
      'country:XX': [2, 2, 0],
    });
  });

  it('hands every visitor of a link the same valid attribution token within the reuse window', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token, { channel: 'wechat' });
    const [r1, r2] = await Promise.all([click(link.code, { ip: '198.51.100.1' }), click(link.code, { ip: '198.51.100.2' })]);
    const t1 = new URL(r1.headers.get('location')!).searchParams.get('ref');
    const t2 = new URL(r2.headers.get('location')!).searchParams.get('ref');
    expect(t1).toBeTruthy();
    expect(t2).toBe(t1);
    const claims = await verifyToken<RefClaims>(env.JWT_KEYS, 'ref', t1!);
    expect(claims).toMatchObject({ sub: s.id, lid: link.id, ch: 'wechat' });
  });

  it('flushes idempotently: a replayed flush changes nothing', async () => {
    const s = await signupSeller();
    const link = await newLink(s.token);
    await click(link.code);
    await settle(link.id, 1);
    const stub = clickCounterFor(env, link.id);
    expect(await stub.flush()).toBe(0);
    expect((await callJson('/api/me/stats', { token: s.token })).body.clicks).toBe(1);
  });
});

describe('stats shape', () => {
  it('is exactly the API.md shape with Money earnings, plus chart series', async () => {
    const s = await signupSeller();
    const r = await callJson('/api/me/stats?days=7', { token: s.token });
    expect(r.status).toBe(200);
    const zero = { amount: 0, currency: 'CNY' };
    expect(r.body).toMatchObject({ clicks: 0, uniqueVisitors: 0, orders: 0, conversionRate: 0, earnings: { pending: zero, available: zero, paid: zero, reversed: zero } });
    expect(r.body.byDay).toHaveLength(7);
    expect(r.body.byChannel).toEqual([]);
    expect((await callJson('/api/me/stats?days=0', { token: s.token })).status).toBe(400);
    expect((await callJson('/api/me/stats')).status).toBe(401);
  });
});

describe('seller isolation', () => {
  it('keeps links, stats and storefronts to their owner', async () => {
    const a = await signupSeller();
    const b = await signupSeller();
    const la = await newLink(a.token);
    await click(la.code);
    await settle(la.id, 1);

    // Links: B lists only B's, and cannot read A's.
    const lb = await newLink(b.token);
    const listB = (await callJson('/api/me/links', { token: b.token })).body.items.map((l: { code: string }) => l.code);
    expect(listB).toEqual([lb.code]);
    expect((await callJson(`/api/links/${la.code}`, { token: b.token })).status).toBe(404);
    expect((await callJson(`/api/links/${la.code}`, { token: a.token })).status).toBe(200);

    // Stats: A's click is A's alone.
    expect((await callJson('/api/me/stats', { token: a.token })).body.clicks).toBe(1);
    expect((await callJson('/api/me/stats', { token: b.token })).body.clicks).toBe(0);

    // Storefront: B's update changes B's page only, and A's page shows A's change at once.
    const p = await createProduct();
    expect((await callJson('/api/me/storefront', { method: 'PUT', token: a.token, body: { displayName: 'Alice 的好物', productIds: [p.id] } })).status).toBe(200);
    expect((await call(`/@${a.handle}`).then((r) => r.text()))).toContain('Alice 的好物');
    expect((await callJson('/api/me/storefront', { method: 'PUT', token: b.token, body: { displayName: 'Bob 杂货铺' } })).status).toBe(200);
    const pageA = await call(`/@${a.handle}`).then((r) => r.text());
    expect(pageA).toContain('Alice 的好物');
    expect(pageA).not.toContain('Bob 杂货铺');
    expect(pageA).toContain(`/@${a.handle}/p/${p.id}`);
  });
});
