// Picks the page language per request: ?lang= (remembered in a cookie), then the cookie, then
// Accept-Language, else zh-CN. Hono's detector does the header parsing (q-values, region tags).
import { secureCookies } from './security-headers';
import { setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { languageDetector } from 'hono/language';
import { DEFAULT_LOCALE, LANG_COOKIE, LOCALES, messagesFor, toLocale, type Locale, type Messages } from '../shared/i18n';
import type { Ctx } from './middleware';

const detect = languageDetector({
  supportedLanguages: [...LOCALES],
  fallbackLanguage: DEFAULT_LOCALE,
  lookupQueryString: 'lang',
  lookupCookie: LANG_COOKIE,
  order: ['querystring', 'cookie', 'header'],
  convertDetectedLanguage: (tag) => toLocale(tag) ?? tag,
  // Only an explicit choice is remembered (below); a cookie per visit would also defeat caches.
  caches: false,
});

const ONE_YEAR = 365 * 24 * 3600;

export const language = createMiddleware<Ctx>(async (c, next) => {
  // JSON answers speak no language: the API skips the detector (the order route reads the
  // buyer's language itself, for their emails).
  if (c.req.path.startsWith('/api/')) return next();
  await detect(c as never, async () => {});
  const lang = (c.get('language' as never) as Locale | undefined) ?? DEFAULT_LOCALE;
  c.set('lang', lang);
  const chosen = toLocale(c.req.query('lang'));
  if (chosen) {
    setCookie(c, LANG_COOKIE, chosen, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: ONE_YEAR, secure: secureCookies(c) });
  }
  await next();
  // The same URL answers in two languages: shared caches must key on what chose it.
  if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('Vary', 'Accept-Language, Cookie', { append: true });
});

/** The dictionary of the request's language. */
export const messagesOf = (c: { var: { lang?: Locale } }): Messages => messagesFor(c.var.lang ?? DEFAULT_LOCALE);
