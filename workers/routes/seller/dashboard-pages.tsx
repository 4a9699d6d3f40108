// The seller's web dashboard: server-rendered forms over the same verbs as the JSON API.
import { Hono, type Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { ApiError } from '../../../shared/errors';
import { LoginBody, SignupBody } from '../../../shared/accounts/account-schemas';
import { LinkCreateBody, StorefrontBody } from '../../../shared/schemas';
import type { Ctx } from '../../middleware';
import { LoginPage, SignupPage, type SignupForm } from '../../pages/seller/auth';
import { DashboardPage } from '../../pages/seller/dashboard';
import { StorefrontEditPage } from '../../pages/seller/storefront-edit';
import type { Meta } from '../../pages/layout';
import { clientAddress } from '../../services/limits/client-address';
import { findSessionSeller, loginAccount, type SellerRow } from '../../services/sellers/seller-auth';
import { enrollSeller } from '../../services/program/enrollment';
import { listProducts } from '../../services/catalog/catalog';
import { getSellerStats } from '../../services/links/clicks';
import { countSellerFollowers } from '../../services/buyers/buyers';
import { listMyCommissions, listMyPayouts } from '../../services/ledger/commissions';
import { createLink, listMyLinks } from '../../services/links/links';
import { getMyNetwork } from '../../services/sellers/network';
import { createSellerCode, sellerProgramPanel } from '../../services/program/codes';
import { SellerCodeSchema } from '../../../shared/program/distribution-schemas';
import { getInviteGraph } from '../../services/sellers/invite-graph';
import { getMyLeaderboard, setMyLeaderboardOptIn } from '../../services/program/leaderboards';
import { getStorefrontSnapshot, updateStorefront } from '../../services/sellers/storefronts';
import { revokeSession } from '../../services/identity/sessions';
import { SESSION_COOKIE } from '../../services/identity/tokens';
import { messagesOf } from '../../language';
import { setSessionCookie } from './auth';
import { html } from '../html';

type C = Context<Ctx>;
type Status = 400 | 401 | 403 | 404 | 409 | 429;

const originOf = (c: C) => new URL(c.req.url).origin;
const meta = (c: C, title: string, path: string): Meta => ({ title: `${title} · Pinlink`, description: messagesOf(c).dash.description, url: originOf(c) + path });
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const optional = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const firstIssue = (e: z.ZodError) => {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'input'}: ${i.message}` : 'Invalid input.';
};
const pageStatus = (e: ApiError): Status => (e.status === 500 || e.status === 503 ? 400 : (e.status as Status));

/** Private pages: never cached by a browser or an intermediary. */
const noStore = createMiddleware<Ctx>(async (c, next) => {
  await next();
  c.header('Cache-Control', 'private, no-store');
});

/**
 * CSRF: the session cookie is SameSite=Lax, which already keeps it off cross-site POSTs; on top,
 * a form post must come from our own origin (Origin, or Referer when a browser omits Origin).
 * A post that shows neither is refused: every browser we serve sends Origin on a form POST.
 */
export const sameOrigin = createMiddleware<Ctx>(async (c, next) => {
  const origin = c.req.header('origin');
  let from: string | undefined = origin && origin !== 'null' ? origin : undefined;
  if (!from && !origin) {
    try {
      from = new URL(c.req.header('referer') ?? '').origin;
    } catch {
      from = undefined;
    }
  }
  if (from !== originOf(c)) return c.text(messagesOf(c).dash.crossOrigin, 403);
  await next();
});

/** The signed-in seller, or a redirect to /login for anyone else (no session, ops, a deleted seller). */
export const pageSeller = createMiddleware<Ctx>(async (c, next) => {
  const s = c.var.session;
  const seller = s && s.role === 'seller' && s.sid ? await findSessionSeller(c.var.db(), s.sid, s.sub) : undefined;
  if (!seller) return c.redirect('/login', 302);
  c.set('seller', seller);
  await next();
});

async function renderDashboard(c: C, seller: SellerRow, error?: string, status: 200 | Status = 200, codeError?: string) {
  const db = c.var.db();
  const origin = originOf(c);
  const [stats, links, network, commissions, payouts, products, program, graph, standing] = await Promise.all([
    getSellerStats(db, seller.id, 30).then(async (s) => ({ ...s, followers: await countSellerFollowers(db, seller.id) })),
    listMyLinks(db, seller, origin, 100),
    getMyNetwork(db, seller, 500),
    listMyCommissions(db, seller.id, { limit: 20 }),
    listMyPayouts(db, seller.id, { limit: 10 }),
    listProducts(db, { limit: 100 }),
    sellerProgramPanel(db, seller),
    getInviteGraph(db, seller),
    // The rank is a nice-to-have on this page: if it can't be read, the page says so and renders.
    getMyLeaderboard(db, c.env.STORE_TIMEZONE, seller).catch((e) => (console.warn(JSON.stringify({ level: 'warn', msg: 'rank unavailable', error: String(e) })), null)),
  ]);
  const data = { seller, origin, stats, links, network, commissions: commissions.items, payouts: payouts.items, products: products.items, error, program: { ...program, error: codeError }, graph, standing };
  return html(c, <DashboardPage meta={meta(c, `${seller.displayName} · ${messagesOf(c).site.sellers}`, '/me')} data={data} />, status);
}

async function renderStorefrontForm(c: C, seller: SellerRow, error?: string, status: 200 | Status = 200) {
  const [snap, products] = await Promise.all([getStorefrontSnapshot(c.env, c.var.db, seller.handle), listProducts(c.var.db(), { limit: 100 })]);
  const form = { handle: seller.handle, displayName: seller.displayName, bio: seller.bio, avatarUrl: seller.avatarUrl, focusCategory: seller.focusCategory, productIds: snap?.productIds ?? [], notes: snap?.notes ?? {} };
  return html(c, <StorefrontEditPage meta={meta(c, messagesOf(c).dash.editStorefront, '/me/storefront')} form={form} products={products.items} error={error} />, status);
}

/** Where to go after signing in: a same-site path only (never `//host` or a URL), else the role's home. */
const safeNext = (v: unknown) => (typeof v === 'string' && /^\/(?![/\\])/.test(v) && v.length <= 500 ? v : undefined);

const loginPage = (c: C, error?: string, email?: string, status: 200 | Status = 200, next?: string) =>
  html(c, <LoginPage meta={meta(c, messagesOf(c).dash.signInTitle, '/login')} error={error} email={email} next={next} />, status);
const signupPage = (c: C, form: SignupForm, error?: string, status: 200 | Status = 200) =>
  html(c, <SignupPage meta={meta(c, messagesOf(c).dash.signUpTitle, '/signup')} form={form} error={error} />, status);

export const dashboardRoutes = new Hono<Ctx>()
  .use('/login', noStore)
  .use('/signup', noStore)
  .use('/me', noStore)
  .use('/me/*', noStore)
  .get('/login', (c) => {
    const role = c.var.session?.role;
    if (role === 'seller') return c.redirect('/me', 302);
    if (role === 'ops') return c.redirect(safeNext(c.req.query('next')) ?? '/ops', 302);
    return loginPage(c, undefined, undefined, 200, safeNext(c.req.query('next')));
  })
  .post('/login', sameOrigin, async (c) => {
    const form = await c.req.parseBody();
    const email = str(form.email);
    const next = safeNext(form.next);
    const parsed = LoginBody.safeParse({ email, password: str(form.password) });
    if (!parsed.success) return loginPage(c, messagesOf(c).dash.enterCredentials, email, 400, next);
    const ip = clientAddress(c.env, c.req.raw);
    try {
      const out = await loginAccount(c.env, c.var.db(), { ...parsed.data, ip });
      setSessionCookie(c, out.token);
      return c.redirect(next ?? (out.role === 'ops' ? '/ops' : '/me'), 303);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const msg = e.code === 'unauthorized' ? messagesOf(c).dash.wrongCredentials : e.message;
      if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      return loginPage(c, msg, email, pageStatus(e), next);
    }
  })
  .post('/logout', sameOrigin, async (c) => {
    if (c.var.session) await revokeSession(c.env, c.var.session);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  })
  .get('/signup', (c) => signupPage(c, { inviteCode: c.req.query('invite')?.slice(0, 32) }))
  .post('/signup', sameOrigin, async (c) => {
    const f = await c.req.parseBody();
    const form: SignupForm = { email: str(f.email), handle: str(f.handle), displayName: str(f.displayName), inviteCode: optional(f.inviteCode) };
    const parsed = SignupBody.safeParse({ ...form, password: str(f.password) });
    if (!parsed.success) return signupPage(c, form, firstIssue(parsed.error), 400);
    try {
      const out = await enrollSeller(c.env, c.var.db(), parsed.data, 'signup', clientAddress(c.env, c.req.raw));
      setSessionCookie(c, out.token);
      return c.redirect('/me', 303);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      return signupPage(c, form, e.code === 'rate_limited' ? messagesOf(c).site.tooManyRequests : e.message, pageStatus(e));
    }
  })
  .get('/me', pageSeller, (c) => renderDashboard(c, c.var.seller!))
  .post('/me/links', sameOrigin, pageSeller, async (c) => {
    const f = await c.req.parseBody();
    const parsed = LinkCreateBody.safeParse({ productId: optional(f.productId), channel: optional(f.channel) });
    if (!parsed.success) return renderDashboard(c, c.var.seller!, firstIssue(parsed.error), 400);
    try {
      await createLink(c.env, c.var.db(), c.var.seller!, parsed.data, originOf(c));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      return renderDashboard(c, c.var.seller!, e.code === 'rate_limited' ? messagesOf(c).site.tooManyRequests : e.message, pageStatus(e));
    }
    return c.redirect('/me', 303);
  })
  .post('/me/code', sameOrigin, pageSeller, async (c) => {
    const parsed = SellerCodeSchema.safeParse(str((await c.req.parseBody()).code) ?? '');
    if (!parsed.success) return renderDashboard(c, c.var.seller!, undefined, 400, parsed.error.issues[0]?.message);
    try {
      await createSellerCode(c.var.db(), c.var.seller!, parsed.data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return renderDashboard(c, c.var.seller!, undefined, pageStatus(e), e.message);
    }
    return c.redirect('/me#code', 303);
  })
  .post('/me/leaderboard', sameOrigin, pageSeller, async (c) => {
    const f = await c.req.parseBody();
    await setMyLeaderboardOptIn(c.var.db(), c.var.seller!.id, f.optIn === '1');
    return c.redirect('/me#rank', 303);
  })
  .get('/me/storefront', pageSeller, (c) => renderStorefrontForm(c, c.var.seller!))
  .post('/me/storefront', sameOrigin, pageSeller, async (c) => {
    const f = await c.req.parseBody({ all: true });
    const ids = f.productIds === undefined ? [] : Array.isArray(f.productIds) ? f.productIds : [f.productIds];
    const parsed = StorefrontBody.safeParse({
      displayName: str(f.displayName),
      bio: str(f.bio) ?? '',
      avatarUrl: optional(f.avatarUrl) ?? null,
      focusCategory: optional(f.focusCategory) ?? null,
      // Unticking every box is a valid choice: an empty storefront. Each pick carries its experience note.
      picks: ids.filter((v): v is string => typeof v === 'string').map((productId) => ({ productId, note: optional(f[`note_${productId}`]) })),
    });
    const seller = c.var.seller!;
    if (!parsed.success) return renderStorefrontForm(c, seller, firstIssue(parsed.error), 400);
    try {
      await updateStorefront(c.env, c.var.db(), seller, parsed.data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return renderStorefrontForm(c, seller, e.message, pageStatus(e));
    }
    return c.redirect(`/@${seller.handle}`, 303);
  });
