import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clickCounterFor } from '../../workers/services/links/clicks';
import { BASE, call, callJson, createProduct, signupSeller, uniq } from '../helpers';

const SAME = { origin: BASE };
const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};
const post = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = SAME) =>
  call(path, { method: 'POST', raw: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

/** The session cookie a response set, as a Cookie header. */
function sessionCookie(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  const m = set.match(/pinlink_session=([^;]+)/);
  if (!m) throw new Error(`no session cookie in ${set}`);
  return `pinlink_session=${m[1]}`;
}

async function loginCookie(email: string, password: string) {
  const res = await post('/login', { email, password });
  expect(res.status).toBe(303);
  return sessionCookie(res);
}

const page = (path: string, cookie?: string) => call(path, { headers: cookie ? { cookie } : {} });

describe('login form', () => {
  it('GET /login renders the form', async () => {
    const res = await page('/login');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/login"');
    expect(html).toContain('type="password"');
  });

  it('sets the HttpOnly session cookie and sends a seller to /me', async () => {
    const s = await signupSeller();
    const res = await post('/login', { email: s.email, password: s.password });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me');
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/pinlink_session=/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    const me = await page('/me', sessionCookie(res));
    expect(me.status).toBe(200);
    expect(await me.text()).toContain(`@${s.handle}`);
  });

  it('re-renders the form with 401 on a wrong password, without a cookie', async () => {
    const s = await signupSeller();
    const res = await post('/login', { email: s.email, password: 'wrong-password-123' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain('邮箱或密码错误');
    expect(html).toContain(`value="${s.email}"`);
  });

  it('answers 400 with the form for a malformed or empty submission, never a 500', async () => {
    expect((await post('/login', { email: 'not-an-email', password: 'x' })).status).toBe(400);
    expect((await post('/login', {})).status).toBe(400);
    const res = await call('/login', { method: 'POST', raw: '%%%', headers: { ...SAME, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBeLessThan(500);
  });

  it('refuses cross-origin and origin-less form posts with 403', async () => {
    const s = await signupSeller();
    const evil = await post('/login', { email: s.email, password: s.password }, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('set-cookie')).toBeNull();
    expect((await post('/login', { email: s.email, password: s.password }, {})).status).toBe(403);
    expect((await post('/login', { email: s.email, password: s.password }, { origin: 'null' })).status).toBe(403);
    // A same-origin Referer is accepted when a browser leaves Origin out.
    expect((await post('/login', { email: s.email, password: s.password }, { referer: `${BASE}/login` })).status).toBe(303);

    const cookie = await loginCookie(s.email, s.password);
    const link = await post('/me/links', { channel: 'csrf' }, { origin: 'https://evil.example', cookie });
    expect(link.status).toBe(403);
    expect((await callJson('/api/me/links', { token: s.token })).body.items).toEqual([]);
  });

  it('POST /logout clears the cookie', async () => {
    const res = await post('/logout', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.get('set-cookie')).toMatch(/pinlink_session=;.*Max-Age=0/i);
  });
});

describe('signup form', () => {
  it('prefills the invite code and signs the new seller up under the inviter', async () => {
    const inviter = await signupSeller();
    const html = await (await page(`/signup?invite=${inviter.inviteCode}`)).text();
    expect(html).toContain(`value="${inviter.inviteCode}"`);
    const handle = uniq('f_').toLowerCase().slice(0, 30);
    const res = await post('/signup', { email: `${handle}@example.test`, password: 'correct-horse-battery', handle, displayName: 'Form 新人', inviteCode: inviter.inviteCode });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me');
    expect((await page('/me', sessionCookie(res))).status).toBe(200);
    const tree = await (await page('/me', await loginCookie(inviter.email, inviter.password))).text();
    expect(tree).toContain(`@${handle}`);
  });

  it('re-renders with an error for a taken handle or a bad invite code', async () => {
    const s = await signupSeller();
    const taken = await post('/signup', { email: `${uniq('x')}@example.test`, password: 'correct-horse-battery', handle: s.handle, displayName: 'X' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('That handle is taken');
    const handle = uniq('g_').toLowerCase().slice(0, 30);
    const bad = await post('/signup', { email: `${handle}@example.test`, password: 'correct-horse-battery', handle, displayName: 'X', inviteCode: 'nosuchcode' });
    expect(bad.status).toBe(400);
    expect((await post('/signup', { email: 'a@b.test', password: 'short', handle: 'ok_handle', displayName: 'X' })).status).toBe(400);
  });
});

describe('/me dashboard', () => {
  it('redirects to /login without a session, with a bad cookie, or for ops', async () => {
    for (const cookie of [undefined, 'pinlink_session=garbage']) {
      const res = await page('/me', cookie);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/login');
    }
    const ops = await post('/login', { email: env.OPS_EMAIL, password: env.OPS_PASSWORD });
    expect(ops.headers.get('location')).toBe('/ops');
    expect((await page('/me', sessionCookie(ops))).headers.get('location')).toBe('/login');
    expect((await page('/me/storefront')).headers.get('location')).toBe('/login');
    expect((await post('/me/links', {})).headers.get('location')).toBe('/login');
  });

  it('shows empty states for a new seller', async () => {
    const s = await signupSeller();
    const res = await page('/me', await loginCookie(s.email, s.password));
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = await res.text();
    expect(html).toContain('还没有链接');
    expect(html).toContain('还没有邀请');
    expect(html).toContain('还没有佣金');
    expect(html).toContain('还没有打款');
    expect(html).toContain(`/signup?invite=${s.inviteCode}`);
  });

  it("shows the seller's own numbers and links and not another seller's", async () => {
    const a = await signupSeller();
    const b = await signupSeller();
    const la = (await callJson('/api/links', { token: a.token, body: { channel: 'wechat' } })).body;
    const lb = (await callJson('/api/links', { token: b.token, body: { channel: 'weibo' } })).body;
    for (let i = 0; i < 3; i++) await call(`/r/${la.code}`, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Mobile', 'cf-connecting-ip': `198.51.100.${i + 1}` } });
    const stub = clickCounterFor(env, la.id);
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      const total = (await stub.snapshot()).find((r) => r.dimension === 'total');
      if ((total?.clicks ?? 0) >= 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await runDurableObjectAlarm(stub);
    const stats = (await callJson('/api/me/stats', { token: a.token })).body;
    expect(stats.clicks).toBe(3);

    const html = await (await page('/me', await loginCookie(a.email, a.password))).text();
    expect(html).toMatch(/<div class="v">3<\/div><div class="k">点击</);
    expect(html).toContain(`data-link="${la.code}"`);
    expect(html).toContain(`/r/${la.code}/qr.svg`);
    expect(html).toContain('<svg');
    expect(html).toContain('wechat');
    expect(html).not.toContain(lb.code);
    expect(html).not.toContain(b.handle);
    expect(html).not.toContain('weibo');

    const other = await (await page('/me', await loginCookie(b.email, b.password))).text();
    expect(other).toMatch(/<div class="v">0<\/div><div class="k">点击</);
    expect(other).toContain(`data-link="${lb.code}"`);
    expect(other).not.toContain(la.code);
  });

  it('the new-link form creates a link and returns to /me', async () => {
    const s = await signupSeller();
    const p = await createProduct();
    const cookie = await loginCookie(s.email, s.password);
    const res = await post('/me/links', { productId: p.id, channel: 'WeChat' }, { ...SAME, cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me');
    const items = (await callJson('/api/me/links', { token: s.token })).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ productId: p.id, channel: 'wechat', kind: 'product' });
    expect(await (await page('/me', cookie)).text()).toContain(`data-link="${items[0].code}"`);

    const bad = await post('/me/links', { channel: 'bad channel!' }, { ...SAME, cookie });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('channel');
    expect((await post('/me/links', { productId: 'p_doesnotexist' }, { ...SAME, cookie })).status).toBe(404);
  });
});

describe('/me/storefront', () => {
  it('edits the persona and picks, then shows the storefront', async () => {
    const s = await signupSeller();
    const [p1, p2] = [await createProduct(), await createProduct()];
    const cookie = await loginCookie(s.email, s.password);
    const edit = await (await page('/me/storefront', cookie)).text();
    expect(edit).toContain(`value="${p1.id}"`);
    const res = await post(
      '/me/storefront',
      { displayName: '表单小店 Form shop', bio: '用表单改的 Edited by form', avatarUrl: '', focusCategory: 'Tea', productIds: [p1.id, p2.id] },
      { ...SAME, cookie },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/@${s.handle}`);
    const sf = await (await page(`/@${s.handle}`)).text();
    expect(sf).toContain('表单小店 Form shop');
    expect(sf).toContain('用表单改的 Edited by form');
    expect(sf).toContain(p1.title);
    expect(sf).toContain(p2.title);

    // Unticking every product empties the storefront; the form shows what is saved.
    expect((await post('/me/storefront', { displayName: '表单小店 Form shop', bio: '' }, { ...SAME, cookie })).status).toBe(303);
    expect(await (await page(`/@${s.handle}`)).text()).not.toContain(p1.title);

    const bad = await post('/me/storefront', { displayName: '', avatarUrl: 'http://insecure.example/a.png' }, { ...SAME, cookie });
    expect(bad.status).toBe(400);
  });
});
