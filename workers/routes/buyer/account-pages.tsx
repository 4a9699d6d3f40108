// Buyer pages. Plain forms and redirects, so they work in any in-app browser without JavaScript;
// posts must come from our own origin (sameOrigin), and the buyer cookie is SameSite=Lax.
import { secureCookies } from '../../security-headers';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { BecomeSellerBody, BuyerCodeBody, BuyerSessionBody, ReviewBody } from '../../../shared/buyers/buyer-schemas';
import { ApiError } from '../../../shared/errors';
import { HandleSchema, IdSchema } from '../../../shared/schemas';
import { messagesOf } from '../../language';
import type { Ctx } from '../../middleware';
import { AccountLoginPage, AccountPage } from '../../pages/buyer/account';
import type { Meta } from '../../pages/layout';
import { loadAccount } from '../../services/buyers/account';
import { clientAddress } from '../../services/limits/client-address';
import { openBuyerSession, requestBuyerCode, sendQueuedEmails } from '../../services/buyers/buyer-auth';
import { becomeSeller, followSeller } from '../../services/buyers/buyers';
import { createReview } from '../../services/buyers/reviews';
import { readBuyerSession, revokeSession } from '../../services/identity/sessions';
import { BUYER_COOKIE, BUYER_TTL_SECONDS } from '../../services/identity/tokens';
import { setSessionCookie } from '../seller/auth';
import { sameOrigin } from '../seller/dashboard-pages';
import { html } from '../html';
import { afterSaleErrorOf } from './after-sale-pages';
import { couponNoticeOf } from './coupon-pages';
import { pageLang } from '../storefront/catalog-pages';

const meta = (c: Context<Ctx>, title: string): Meta => ({ title: `${title} · Pinlink`, description: 'Pinlink', url: new URL(c.req.path, c.req.url).toString() });

async function buyerSessionOf(c: Context<Ctx>) {
  const token = getCookie(c, BUYER_COOKIE);
  return token ? readBuyerSession(c.env, token) : undefined;
}

const buyerOf = async (c: Context<Ctx>) => (await buyerSessionOf(c))?.sub;

async function form(c: Context<Ctx>): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const words = (c: Context<Ctx>) => messagesOf(c).account;

/**
 * A refusal in the page's language: service errors carry English for the API, so pages say
 * the same decision in their own words, by code (`conflict` names what the form was for).
 */
function messageOf(c: Context<Ctx>, e: ApiError, conflict: 'alreadyReviewed' | 'taken' = 'taken'): string {
  const t = words(c).errors;
  switch (e.code) {
    case 'rate_limited':
      return t.tooMany;
    case 'unauthorized':
      return t.wrongCode;
    case 'forbidden':
      return t.notReviewable;
    case 'conflict':
      return t[conflict];
    case 'not_found':
      return t.noStorefront;
    default:
      return t.failed;
  }
}

const loginPage = (c: Context<Ctx>, props: { email?: string; error?: string } = {}, status: 200 | 400 | 401 | 429 = 200) =>
  html(c, <AccountLoginPage meta={meta(c, words(c).loginTitle)} {...props} />, status);

async function renderAccount(c: Context<Ctx>, email: string, error?: string, status = 200) {
  c.header('cache-control', 'private, no-store');
  const data = await loadAccount(c.env, c.var.db, email);
  return html(c, <AccountPage meta={meta(c, words(c).myOrders)} data={data} error={error} afterSaleError={afterSaleErrorOf(c)} couponNotice={couponNoticeOf(c)} />, status as 200);
}

const loginRedirect = (c: Context<Ctx>) => c.redirect('/account/login', 303);

export const accountPageRoutes = new Hono<Ctx>()
  .get('/account/login', (c) => {
    c.header('cache-control', 'private, no-store');
    return loginPage(c);
  })
  .post('/account/login', sameOrigin, async (c) => {
    c.header('cache-control', 'private, no-store');
    const parsed = BuyerCodeBody.safeParse(await form(c));
    if (!parsed.success) return loginPage(c, { error: words(c).errors.badEmail }, 400);
    try {
      const id = await requestBuyerCode(c.env, c.var.db(), { email: parsed.data.email, lang: pageLang(c), address: clientAddress(c.env, c.req.raw) });
      c.executionCtx.waitUntil(sendQueuedEmails(c.env, [id]));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      return loginPage(c, { error: messageOf(c, e) }, e.status as 429);
    }
    return loginPage(c, { email: parsed.data.email });
  })
  .post('/account/login/verify', sameOrigin, async (c) => {
    c.header('cache-control', 'private, no-store');
    const f = await form(c);
    const parsed = BuyerSessionBody.safeParse(f);
    const ip = clientAddress(c.env, c.req.raw);
    try {
      if (!parsed.success) throw new ApiError('invalid_input', 'The code is 6 digits.');
      const out = await openBuyerSession(c.env, c.var.db(), { ...parsed.data, ip });
      setCookie(c, BUYER_COOKIE, out.token, { httpOnly: true, sameSite: 'Lax', secure: secureCookies(c), path: '/', maxAge: BUYER_TTL_SECONDS });
      // Back to the page the code was asked from (a bargain page signs in on the page), never off the site.
      const next = f.next && /^\/[a-z]\/[A-Za-z0-9_]{1,60}$/.test(f.next) ? f.next : '/account';
      return c.redirect(next, 303);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const email = BuyerCodeBody.safeParse(f).data?.email;
      return loginPage(c, { email, error: e.code === 'invalid_input' ? words(c).errors.badCode : messageOf(c, e) }, e.status as 400);
    }
  })
  .get('/account', async (c) => {
    const email = await buyerOf(c);
    return email ? renderAccount(c, email) : loginRedirect(c);
  })
  .post('/account/logout', sameOrigin, async (c) => {
    const claims = await buyerSessionOf(c);
    if (claims) await revokeSession(c.env, claims, 'buyer');
    deleteCookie(c, BUYER_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  })
  .post('/account/reviews/:id', sameOrigin, async (c) => {
    const email = await buyerOf(c);
    if (!email) return loginRedirect(c);
    const id = IdSchema.safeParse(c.req.param('id'));
    const body = ReviewBody.safeParse({ ...(await form(c)), rating: Number((await form(c)).rating) });
    try {
      if (!id.success || !body.success) throw new ApiError('invalid_input', 'Choose stars and write a few words.');
      await createReview(c.env, c.var.db(), email, id.data, body.data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return renderAccount(c, email, e.code === 'invalid_input' ? words(c).errors.badReview : messageOf(c, e, 'alreadyReviewed'), e.status);
    }
    return c.redirect('/account', 303);
  })
  .post('/account/follow/:handle', sameOrigin, async (c) => {
    const email = await buyerOf(c);
    if (!email) return loginRedirect(c);
    const handle = HandleSchema.safeParse(c.req.param('handle'));
    if (!handle.success) return c.redirect('/account', 303);
    try {
      await followSeller(c.env, c.var.db(), email, handle.data, true);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return renderAccount(c, email, messageOf(c, e), e.status);
    }
    return c.redirect(`/@${handle.data}`, 303);
  })
  .post('/account/become-seller', sameOrigin, async (c) => {
    const email = await buyerOf(c);
    if (!email) return loginRedirect(c);
    const body = BecomeSellerBody.safeParse(await form(c));
    try {
      if (!body.success) throw new ApiError('invalid_input', 'Handle 3–30 of a-z 0-9 _, password 8+.');
      const out = await becomeSeller(c.env, c.var.db(), email, body.data, clientAddress(c.env, c.req.raw));
      setSessionCookie(c, out.token);
      return c.redirect('/me', 303);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return renderAccount(c, email, e.code === 'invalid_input' ? words(c).errors.badSeller : messageOf(c, e), e.status);
    }
  });
