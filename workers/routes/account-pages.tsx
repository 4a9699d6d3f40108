// Buyer pages. Plain forms and redirects, so they work in any in-app browser without JavaScript;
// posts must come from our own origin (sameOrigin), and the buyer cookie is SameSite=Lax.
import { secureCookies } from '../security-headers';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { BecomeSellerBody, BuyerCodeBody, BuyerSessionBody, ReviewBody } from '../../shared/buyer-schemas';
import { ApiError } from '../../shared/errors';
import { HandleSchema, IdSchema } from '../../shared/schemas';
import type { Ctx } from '../middleware';
import { AccountLoginPage, AccountPage } from '../pages/account';
import type { Meta } from '../pages/layout';
import { loadAccount } from '../services/account';
import { clientAddress } from '../services/abuse-limits';
import { openBuyerSession, requestBuyerCode, sendQueuedEmails } from '../services/buyer-auth';
import { becomeSeller, followSeller } from '../services/buyers';
import { createReview } from '../services/reviews';
import { BUYER_COOKIE, BUYER_TTL_SECONDS, verifyToken, type BuyerClaims } from '../services/tokens';
import { setSessionCookie } from './auth';
import { sameOrigin } from './dashboard';
import { messagesOf } from '../language';
import { pageLang } from './pages';

const meta = (c: Context<Ctx>, title: string): Meta => ({ title: `${title} · Pinlink`, description: 'Pinlink', url: new URL(c.req.path, c.req.url).toString() });

async function buyerOf(c: Context<Ctx>): Promise<string | undefined> {
  const token = getCookie(c, BUYER_COOKIE);
  const claims = token ? await verifyToken<BuyerClaims>(c.env.JWT_KEYS, 'buyer', token) : null;
  return claims?.sub;
}

async function form(c: Context<Ctx>): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const messageOf = (e: unknown) => (e instanceof ApiError ? e.message : undefined);

async function renderAccount(c: Context<Ctx>, email: string, error?: string, status = 200) {
  c.header('cache-control', 'private, no-store');
  const data = await loadAccount(c.env, c.var.db, email);
  return c.html(<AccountPage meta={meta(c, '我的订单')} data={data} error={error} />, status as 200);
}

const loginRedirect = (c: Context<Ctx>) => c.redirect('/account/login', 303);

export const accountPageRoutes = new Hono<Ctx>()
  .get('/account/login', (c) => {
    c.header('cache-control', 'private, no-store');
    return c.html(<AccountLoginPage meta={meta(c, '登录')} />);
  })
  .post('/account/login', sameOrigin, async (c) => {
    c.header('cache-control', 'private, no-store');
    const parsed = BuyerCodeBody.safeParse(await form(c));
    if (!parsed.success) return c.html(<AccountLoginPage meta={meta(c, '登录')} error="邮箱格式不对。 That email does not look right." />, 400);
    try {
      const id = await requestBuyerCode(c.env, c.var.db(), { email: parsed.data.email, lang: pageLang(c), address: clientAddress((n) => c.req.header(n)) });
      c.executionCtx.waitUntil(sendQueuedEmails(c.env, [id]));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      return c.html(<AccountLoginPage meta={meta(c, '登录')} error={e.code === 'rate_limited' ? messagesOf(c).site.tooManyRequests : e.message} />, e.status as 400);
    }
    return c.html(<AccountLoginPage meta={meta(c, '登录')} email={parsed.data.email} />);
  })
  .post('/account/login/verify', sameOrigin, async (c) => {
    c.header('cache-control', 'private, no-store');
    const f = await form(c);
    const parsed = BuyerSessionBody.safeParse(f);
    const ip = c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'local';
    try {
      if (!parsed.success) throw new ApiError('invalid_input', '验证码是 6 位数字。 The code is 6 digits.');
      const out = await openBuyerSession(c.env, c.var.db(), { ...parsed.data, ip });
      setCookie(c, BUYER_COOKIE, out.token, { httpOnly: true, sameSite: 'Lax', secure: secureCookies(c), path: '/', maxAge: BUYER_TTL_SECONDS });
      return c.redirect('/account', 303);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const email = BuyerCodeBody.safeParse(f).data?.email;
      return c.html(<AccountLoginPage meta={meta(c, '登录')} email={email} error={e.message} />, e.status as 400);
    }
  })
  .get('/account', async (c) => {
    const email = await buyerOf(c);
    return email ? renderAccount(c, email) : loginRedirect(c);
  })
  .post('/account/logout', sameOrigin, (c) => {
    deleteCookie(c, BUYER_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  })
  .post('/account/reviews/:id', sameOrigin, async (c) => {
    const email = await buyerOf(c);
    if (!email) return loginRedirect(c);
    const id = IdSchema.safeParse(c.req.param('id'));
    const body = ReviewBody.safeParse({ ...(await form(c)), rating: Number((await form(c)).rating) });
    try {
      if (!id.success || !body.success) throw new ApiError('invalid_input', '请选择星级并写几句。 Choose stars and write a few words.');
      await createReview(c.env, c.var.db(), email, id.data, body.data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return renderAccount(c, email, messageOf(e), e.status);
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
      return renderAccount(c, email, messageOf(e), e.status);
    }
    return c.redirect(`/@${handle.data}`, 303);
  })
  .post('/account/become-seller', sameOrigin, async (c) => {
    const email = await buyerOf(c);
    if (!email) return loginRedirect(c);
    const body = BecomeSellerBody.safeParse(await form(c));
    try {
      if (!body.success) throw new ApiError('invalid_input', '店铺名为 3–30 位 a-z 0-9 _，密码至少 8 位。 Handle 3–30 of a-z 0-9 _, password 8+.');
      const out = await becomeSeller(c.env, c.var.db(), email, body.data, clientAddress((n) => c.req.header(n)));
      setSessionCookie(c, out.token);
      return c.redirect('/me', 303);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return renderAccount(c, email, messageOf(e), e.status);
    }
  });
