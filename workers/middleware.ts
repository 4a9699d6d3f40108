import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../shared/errors';
import type { Locale } from '../shared/i18n';
import type { AppBindings } from './env';
import { openDb, type Db } from './storage/db';
import { findSessionSeller, type SellerRow } from './services/sellers/seller-auth';
import { readBuyerSession, readSession } from './services/identity/sessions';
import { BUYER_COOKIE, SESSION_COOKIE, type BuyerClaims } from './services/identity/tokens';

export type Vars = AppBindings['Variables'] & { db: () => Db; seller?: SellerRow; buyerEmail?: string; buyerSession?: BuyerClaims; lang: Locale };
export type Ctx = { Bindings: AppBindings['Bindings']; Variables: Vars };

/** A request id for logs and the X-Request-Id header. */
export const requestId = createMiddleware<Ctx>(async (c, next) => {
  const id = c.req.header('cf-ray') ?? crypto.randomUUID();
  c.set('requestId', id);
  await next();
  c.header('X-Request-Id', id);
});

/**
 * A lazily opened per-request pool: pages served from snapshots never connect.
 * The pool is closed after the response, off the response path.
 */
export const database = createMiddleware<Ctx>(async (c, next) => {
  let opened: ReturnType<typeof openDb> | undefined;
  c.set('db', () => (opened ??= openDb(c.env)).db);
  try {
    await next();
  } finally {
    if (opened) {
      const close = opened.close();
      try {
        c.executionCtx.waitUntil(close);
      } catch {
        await close; // no execution context (app.request in unit tests)
      }
    }
  }
});

/** The token of an `Authorization: Bearer …` header. */
export function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}

/** Reads the session from Authorization or the cookie. Invalid or revoked tokens count as no session here. */
export const session = createMiddleware<Ctx>(async (c, next) => {
  const token = bearer(c.req.header('authorization')) ?? getCookie(c, SESSION_COOKIE);
  c.set('session', token ? await readSession(c.env, token) : undefined);
  await next();
});

export const requireSession = createMiddleware<Ctx>(async (c, next) => {
  if (!c.var.session) throw new ApiError('unauthorized', 'Sign in first: the token is missing, expired or invalid.');
  await next();
});

export const requireOps = createMiddleware<Ctx>(async (c, next) => {
  if (!c.var.session) throw new ApiError('unauthorized', 'Sign in first: the token is missing, expired or invalid.');
  if (c.var.session.role !== 'ops') throw new ApiError('forbidden', 'This needs an ops account.');
  await next();
});

export const requireSeller = createMiddleware<Ctx>(async (c, next) => {
  const s = c.var.session;
  if (!s) throw new ApiError('unauthorized', 'Sign in first: the token is missing, expired or invalid.');
  if (s.role !== 'seller' || !s.sid) throw new ApiError('forbidden', 'This needs a seller account.');
  const seller = await findSessionSeller(c.var.db(), s.sid, s.sub);
  if (!seller) throw new ApiError('unauthorized', 'That seller no longer exists.');
  c.set('seller', seller);
  await next();
});

/** A buyer signed in by one-time code: the buyer token as Bearer or the buyer cookie, not revoked since. */
export const requireBuyer = createMiddleware<Ctx>(async (c, next) => {
  const token = bearer(c.req.header('authorization')) ?? getCookie(c, BUYER_COOKIE);
  const claims = token ? await readBuyerSession(c.env, token) : undefined;
  if (!claims) throw new ApiError('unauthorized', 'Sign in with the code we email you first.');
  c.set('buyerEmail', claims.sub);
  c.set('buyerSession', claims);
  await next();
});
