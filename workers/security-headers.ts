// Security headers on every response, and a Content-Security-Policy with a fresh nonce on every HTML one.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Ctx } from './middleware';

/** Cookies are Secure in production whatever the scheme looks like, and over https anywhere. */
export function secureCookies(c: Context<Ctx>): boolean {
  return c.env.ENVIRONMENT === 'production' || new URL(c.req.url).protocol === 'https:';
}

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts run only from our origin and only when they carry this response's nonce; inline
 * styles stay allowed (pages use style attributes, which a nonce cannot cover). The live
 * group counter opens a WebSocket to this host. Checkout forms may redirect to Stripe.
 */
export function contentSecurityPolicy(nonce: string, url: URL): string {
  const ws = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    `connect-src 'self' ${ws}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self' https://checkout.stripe.com",
    "frame-ancestors 'none'",
  ].join('; ');
}

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Pages may come from the isolate's page cache, rendered for an earlier request, so the nonce
 * is put on the script tags of the outgoing bytes (HTMLRewriter streams them) rather than at
 * render time: every response gets its own.
 */
export const securityHeaders = createMiddleware<Ctx>(async (c, next) => {
  await next();
  // A WebSocket upgrade is no document, and its response cannot be rebuilt.
  if (c.res.status === 101) return;
  let res = c.res;
  try {
    res.headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    // Headers of a fetched response are immutable: copy it once.
    res = new Response(res.body, res);
    c.res = undefined;
    c.res = res;
  }
  const h = res.headers;
  h.set('X-Content-Type-Options', 'nosniff');
  // A route may ask for less (the short-link redirect sends no referrer at all).
  if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (c.env.ENVIRONMENT === 'production') h.set('Strict-Transport-Security', HSTS);
  if (!(h.get('content-type') ?? '').startsWith('text/html')) return;
  const nonce = newNonce();
  h.set('Content-Security-Policy', contentSecurityPolicy(nonce, new URL(c.req.url)));
  h.set('X-Frame-Options', 'DENY');
  if (!res.body) return;
  const rewritten = new HTMLRewriter()
    .on('script', {
      element(el) {
        el.setAttribute('nonce', nonce);
      },
    })
    .transform(res);
  c.res = undefined;
  c.res = new Response(rewritten.body, { status: res.status, statusText: res.statusText, headers: h });
});
