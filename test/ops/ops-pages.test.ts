// Access to the ops console and its audit log page.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { recordAudit } from '../../workers/services/trust/audit';
import { BASE, call, signupSeller, uniq } from '../helpers';
import { db } from '../ledger-helpers';

const loginForm = (fields: Record<string, string>) =>
  call('/login', { method: 'POST', raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE } });

function cookieOf(res: Response): string {
  const m = (res.headers.get('set-cookie') ?? '').match(/pinlink_session=([^;]+)/);
  if (!m) throw new Error('no session cookie');
  return `pinlink_session=${m[1]}`;
}

describe('ops console access', () => {
  it('sends anonymous visitors to sign in, with where they were going', async () => {
    const res = await call('/ops/audit?x=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fops%2Faudit%3Fx%3D1');
    expect((await call('/ops')).headers.get('location')).toBe('/login?next=%2Fops');
    const form = await (await call('/login?next=%2Fops%2Faudit')).text();
    expect(form).toContain('<input type="hidden" name="next" value="/ops/audit"/>');
  });

  it('refuses sellers with a 403 page, by cookie or bearer token', async () => {
    const s = await signupSeller();
    const byToken = await call('/ops/audit', { token: s.token });
    expect(byToken.status).toBe(403);
    expect(byToken.headers.get('content-type')).toMatch(/text\/html/);
    expect(await byToken.text()).toContain('这里只对运营账号开放');
    const seller = await loginForm({ email: s.email, password: s.password });
    const byCookie = await call('/ops', { headers: { cookie: cookieOf(seller), 'accept-language': 'en' } });
    expect(byCookie.status).toBe(403);
    expect(await byCookie.text()).toContain('This area is for ops accounts only.');
  });

  it('lands ops on /ops after signing in, or on a same-site next, never off-site', async () => {
    const ops = await loginForm({ email: env.OPS_EMAIL, password: env.OPS_PASSWORD });
    expect(ops.status).toBe(303);
    expect(ops.headers.get('location')).toBe('/ops');
    const next = await loginForm({ email: env.OPS_EMAIL, password: env.OPS_PASSWORD, next: '/ops/audit' });
    expect(next.headers.get('location')).toBe('/ops/audit');
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const r = await loginForm({ email: env.OPS_EMAIL, password: env.OPS_PASSWORD, next: evil });
      expect(r.headers.get('location'), evil).toBe('/ops');
    }
    const page = await call('/ops', { headers: { cookie: cookieOf(ops) } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('href="/ops/audit"');
  });

  it('shows audit entries (who, what, when, before and after), newest first, to ops', async () => {
    const target = `product:${uniq('p_')}`;
    await db((d) => recordAudit(d, { actor: 'a_tester', action: 'product.update', target, before: { stock: 10 }, after: { stock: 25 } }));
    await new Promise((r) => setTimeout(r, 10)); // distinct timestamps, so "newest first" is defined
    await db((d) => recordAudit(d, { actor: 'a_tester', action: 'review.hide', target: `${target}-2` }));
    const ops = await loginForm({ email: env.OPS_EMAIL, password: env.OPS_PASSWORD });
    const res = await call('/ops/audit', { headers: { cookie: cookieOf(ops) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    expect(html).toContain('操作日志');
    expect(html).toContain(target);
    expect(html).toContain('{&quot;stock&quot;:10}');
    expect(html).toContain('{&quot;stock&quot;:25}');
    expect(html.indexOf(`${target}-2`)).toBeLessThan(html.indexOf(`${target}<`));
    expect(html).toContain('<th scope="col">');
  });
});
