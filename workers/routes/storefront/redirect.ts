import { Hono } from 'hono';
import { secureCookies } from '../../security-headers';
import { setCookie } from 'hono/cookie';
import { LinkCodeSchema } from '../../../shared/schemas';
import type { Ctx } from '../../middleware';
import { recordClick } from '../../services/links/clicks';
import { buildRedirect, linkQrSvg, resolveLink, shortLinkUrls } from '../../services/links/links';
import { REF_COOKIE } from '../../services/identity/tokens';
import { notFoundPage } from './catalog-pages';

const svg = (body: string, cacheControl: string) =>
  new Response(body, { headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' } });

export const redirectRoutes = new Hono<Ctx>()
  .get('/r/:code', async (c) => {
    const code = c.req.param('code');
    const link = LinkCodeSchema.safeParse(code).success ? await resolveLink(c.env, c.var.db, code) : null;
    if (!link) return notFoundPage(c);
    const origin = new URL(c.req.url).origin;
    const { location, token, maxAge } = await buildRedirect(c.env, link, origin);
    // Off the response path: the visitor is redirected while the counter object counts.
    c.executionCtx.waitUntil(recordClick(c.env, link, c.req.raw));
    setCookie(c, REF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge, secure: secureCookies(c) });
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.redirect(location, 302);
  })
  .get('/r/:code/qr.svg', async (c) => {
    const code = c.req.param('code');
    const link = LinkCodeSchema.safeParse(code).success ? await resolveLink(c.env, c.var.db, code) : null;
    if (!link) return notFoundPage(c);
    return svg(linkQrSvg(shortLinkUrls(new URL(c.req.url).origin, code).url), 'public, max-age=86400');
  })
  // QR of one of this site's own pages, for share sheets on pages that have no short link.
  .get('/qr.svg', (c) => {
    const path = c.req.query('path') ?? '';
    if (!/^\/(?!\/)[^\s\\]{0,511}$/.test(path)) return c.text('path must be a site path such as /p/p_abc', 400);
    return svg(linkQrSvg(new URL(path, new URL(c.req.url).origin).toString()), 'public, max-age=3600');
  });
