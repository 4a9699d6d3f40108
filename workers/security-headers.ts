// Security headers on every response, and a Content-Security-Policy with a fresh nonce on every HTML one.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { CSP_NONCE_SLOT, CSP_NONCE_SWAPPED_VAR, CSP_NONCE_VAR } from '../shared/csp';
import { isPrivatePage } from '../shared/private-pages';
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
 * Pages render CSP_NONCE_SLOT where a nonce goes, and every HTML response gets its own nonce in
 * its place: the page cache splices it into the cached bytes (no second pass), and any other page
 * gets one native string replace here. A script without the slot is refused by the browser
 * (test/app/security-headers.test.ts checks every page for that).
 */
export const securityHeaders = createMiddleware<Ctx>(async (c, next) => {
  const nonce = newNonce();
  (c as unknown as Context).set(CSP_NONCE_VAR, nonce);
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
  // A route may ask for less (the short-link redirect sends no referrer at all).
  if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (c.env.ENVIRONMENT === 'production') h.set('Strict-Transport-Security', HSTS);
  // Also on their redirects and CSV downloads, which carry no meta tag.
  if (isPrivatePage(c.req.path)) h.set('X-Robots-Tag', 'noindex, nofollow');
  if (!(h.get('content-type') ?? '').startsWith('text/html')) return;
  h.set('Content-Security-Policy', contentSecurityPolicy(nonce, new URL(c.req.url)));
  h.set('X-Frame-Options', 'DENY');
  if (!res.body || (c as unknown as Context).get(CSP_NONCE_SWAPPED_VAR)) return;
  const text = await res.text();
  c.res = undefined;
  c.res = new Response(text.includes(CSP_NONCE_SLOT) ? text.replaceAll(CSP_NONCE_SLOT, nonce) : text, { status: res.status, statusText: res.statusText, headers: h });
});
