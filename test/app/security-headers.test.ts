// Security headers: every page route of the app (read from Hono's route table) answers with a
// per-response CSP nonce on its scripts, no 'unsafe-inline' scripts, no framing, nosniff and the
// referrer policy; HSTS and Secure cookies only in production.
import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../workers/app';
import { contentSecurityPolicy } from '../../workers/security-headers';
import { createFixtures, fillPath, pageRoutes, requestAs, type Fixtures, type Identity } from '../authz-fixtures';
import { BASE, call } from '../helpers';

/** Who sees each page itself (anyone else gets a redirect or a refusal page, checked too). */
const VIEWER: [RegExp, Identity][] = [
  [/^\/(me|ops)(\/|$)/, 'sellerA'],
  [/^\/ops(\/|$)/, 'ops'],
  [/^\/account$/, 'buyer'],
  [/^\/(o|pay\/test)\//, 'orderToken'],
];
const viewerOf = (route: string): Identity => (route.startsWith('/ops') ? 'ops' : (VIEWER.find(([re]) => re.test(route))?.[1] ?? 'anonymous'));
/** GET routes that are not documents: images, QR codes, the short-link redirect. */
const NOT_HTML_ROUTES = new Set(['/r/:code', '/r/:code/qr.svg', '/qr.svg', '/img/:palette/:label{.+\\.svg}']);
const NOT_HTML = { has: (route: string) => NOT_HTML_ROUTES.has(route) || route.startsWith('/card/') || route.endsWith('/poster.png') || route.includes('.csv') };

let f: Fixtures;
beforeAll(async () => {
  f = await createFixtures();
});

function expectBaseHeaders(res: Response, where: string) {
  expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), where).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
  expect(res.headers.get('strict-transport-security'), `${where}: HSTS only in production`).toBeNull();
}

async function expectPageHeaders(res: Response, where: string): Promise<string> {
  expectBaseHeaders(res, where);
  expect(res.headers.get('content-type'), where).toMatch(/^text\/html/);
  const csp = res.headers.get('content-security-policy') ?? '';
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
  const nonce = /'nonce-([A-Za-z0-9+/=]{16,})'/.exec(scriptSrc)?.[1];
  expect(nonce, `${where}: script-src has a nonce (${csp})`).toBeTruthy();
  expect(scriptSrc, where).not.toContain('unsafe-inline');
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("object-src 'none'");
  const html = await res.text();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, `${where}: every script carries the nonce`).toContain(`nonce="${nonce}"`);
  return nonce!;
}

describe('security headers', () => {
  it('the policy allows scripts only from this origin with the nonce', () => {
    const csp = contentSecurityPolicy('abc123abc123abc123==', new URL('https://pinlink.example/p/1'));
    expect(csp).toContain("script-src 'self' 'nonce-abc123abc123abc123=='");
    expect(csp).toContain('connect-src \'self\' wss://pinlink.example');
  });

  it('every page route answers with the headers, as its viewer and as an anonymous visitor', async () => {
    const routes = pageRoutes(app.routes);
    // The table really came from the app: known pages are in it.
    for (const known of ['/', '/p/:id', '/g/:id', '/o/:id', '/me', '/ops', '/account', '/login', '/signup']) expect(routes).toContain(known);
    let pagesWithScripts = 0;
    for (const route of routes) {
      const path = fillPath(f, route);
      for (const who of new Set<Identity>([viewerOf(route), 'anonymous'])) {
        const res = await requestAs(f, who, 'GET', path);
        const where = `GET ${path} as ${who} → ${res.status}`;
        expect(res.status, where).toBeLessThan(500);
        if (NOT_HTML.has(route)) {
          expectBaseHeaders(res, where);
          continue;
        }
        // Its viewer gets the page (or is sent on inside the site, like /ops → /ops/audit), never to sign in.
        if (who === viewerOf(route)) expect(res.status === 200 || (res.status === 302 && !/login/.test(res.headers.get('location') ?? '')), where).toBe(true);
        if (res.status >= 300 && res.status < 400) {
          expectBaseHeaders(res, where);
          continue;
        }
        const before = res.clone();
        await expectPageHeaders(res, where);
        if (/<script\b/.test(await before.text())) pagesWithScripts++;
      }
    }
    // Pages with islands exist (group, product, dashboard): the nonce check above really ran on scripts.
    expect(pagesWithScripts).toBeGreaterThan(0);
  });

  it('private pages say noindex by header and meta tag, public ones do not; every page links its icons', async () => {
    const PRIVATE = /^\/(me|account|ops|login|signup|o|pay|buy)(\/|$)/;
    let privatePages = 0;
    for (const route of pageRoutes(app.routes)) {
      const path = fillPath(f, route);
      const res = await requestAs(f, viewerOf(route), 'GET', path);
      const where = `GET ${path} → ${res.status}`;
      const isPrivate = PRIVATE.test(route);
      expect(res.headers.get('x-robots-tag'), where).toBe(isPrivate ? 'noindex, nofollow' : null);
      if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
      const html = await res.text();
      expect(/<meta name="robots" content="noindex, nofollow"\/?>/.test(html), where).toBe(isPrivate);
      expect(html, where).toContain('<link rel="icon" href="/favicon.ico"');
      expect(html, where).toContain('<link rel="apple-touch-icon" href="/apple-touch-icon.png"');
      if (isPrivate) privatePages++;
    }
    expect(privatePages).toBeGreaterThan(10);
  });

  it('every response gets its own nonce, cached pages included', async () => {
    const path = `/p/${f.product.id}`;
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) nonces.add(await expectPageHeaders(await call(path), `GET ${path} #${i}`));
    expect(nonces.size).toBe(3);
  });

  it('error and not-found pages carry the headers too; API responses get nosniff', async () => {
    await expectPageHeaders(await call('/no/such/page'), 'not found page');
    await expectPageHeaders(await call('/o/o_nosuchorder00000000?t=x'), 'order page without a valid token');
    const api = await call('/api/products');
    expectBaseHeaders(api, 'GET /api/products');
    expect(api.headers.get('content-security-policy')).toBeNull();
  });

  it('production adds HSTS and marks every cookie Secure, HttpOnly and SameSite', async () => {
    const prod = { ...env, ENVIRONMENT: 'production', ALLOW_TEST_PAYMENTS: 'true' };
    const fetchProd = async (path: string, init: RequestInit = {}) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(BASE + path, { redirect: 'manual', ...init }), prod, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const page = await fetchProd('/?lang=en');
    expect(page.status).toBe(200);
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    const cookies: string[] = [...page.headers.getSetCookie()];
    const login = await fetchProd('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: (env as any).OPS_EMAIL, password: (env as any).OPS_PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookies.push(...login.headers.getSetCookie());
    const click = await fetchProd(`/r/${f.linkCode}`);
    expect(click.status).toBe(302);
    cookies.push(...click.headers.getSetCookie());
    expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['pinlink_lang', 'pinlink_ref', 'pinlink_session']);
    for (const c of cookies) {
      expect(c, c.split('=')[0]).toMatch(/;\s*Secure/i);
      expect(c, c.split('=')[0]).toMatch(/;\s*HttpOnly/i);
      expect(c, c.split('=')[0]).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    }
  });

  it('outside production cookies over plain http are HttpOnly and SameSite but not Secure', async () => {
    const res = await call('/?lang=en');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pinlink_lang='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });
});
