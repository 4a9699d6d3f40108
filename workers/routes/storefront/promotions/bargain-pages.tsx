// Bargain pages (砍价): /b/:id with its card, square thumbnail and poster, the help and sign-in
// forms on it, and POST /b, the product page's 发起砍价. Plain forms and redirects, so they work
// in any in-app browser without JavaScript; posts must come from our own origin.
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { BuyerCodeBody } from '../../../../shared/buyers/buyer-schemas';
import { ApiError } from '../../../../shared/errors';
import { ID_PATTERN } from '../../../../shared/ids';
import { moneyIn } from '../../../../shared/i18n';
import type { BargainView } from '../../../../shared/promotions/bargain-schemas';
import { messagesOf } from '../../../language';
import type { Ctx } from '../../../middleware';
import { BargainPage, BargainStartPage } from '../../../pages/storefront/bargain';
import { withRef } from '../../../pages/storefront/group';
import { variantFromQuery } from '../../../pages/storefront/variant-picker';
import type { Meta } from '../../../pages/layout';
import { bargainCardVersion, loadBargainCard, loadBargainPoster } from '../../../services/cards/bargain-cards';
import { getProductView } from '../../../services/catalog/catalog';
import { requestBuyerCode, sendQueuedEmails } from '../../../services/buyers/buyer-auth';
import { readBuyerSession } from '../../../services/identity/sessions';
import { BUYER_COOKIE, REF_COOKIE } from '../../../services/identity/tokens';
import { clientAddress } from '../../../services/limits/client-address';
import { bargainViewer, findBargain, helpBargain, isBargainId, openBargain, openBargainOf } from '../../../services/promotions/bargains';
import { recentPng } from '../../../services/cards/share-cards';
import { sameOrigin } from '../../seller/dashboard-pages';
import { html } from '../../html';
import { cardMeta } from '../card-meta';
import { notFoundPage, pageLang } from '../catalog-pages';
import { png200, serve } from '../share-cards';

const absolute = (c: Context<Ctx>, path: string) => new URL(path, c.req.url).toString();
const png = (name: string) => (name.endsWith('.png') ? name.slice(0, -4) : null);

async function buyerEmailOf(c: Context<Ctx>): Promise<string | undefined> {
  const token = getCookie(c, BUYER_COOKIE);
  return token ? (await readBuyerSession(c.env, token))?.sub : undefined;
}

async function formOf(c: Context<Ctx>): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const ERROR_CODES = ['forbidden', 'already_helped', 'bargain_closed', 'conflict', 'unauthorized'] as const;
type PageError = (typeof ERROR_CODES)[number] | 'failed';
const pageError = (code: string | undefined): PageError | undefined =>
  code ? ((ERROR_CODES as readonly string[]).includes(code) ? (code as PageError) : 'failed') : undefined;

async function renderBargain(c: Context<Ctx>, b: BargainView, opts: { login?: { email?: string; error?: string }; status?: 200 | 400 | 429 } = {}) {
  const product = await getProductView(c.env, c.var.db, b.productId);
  const all = messagesOf(c);
  const t = all.bargain;
  if (!product || !product.active) return notFoundPage(c, all.product.missing);
  const email = await buyerEmailOf(c);
  const viewer = await bargainViewer(c.env, b.id, email);
  const lang = pageLang(c);
  const now = Date.now();
  const price = moneyIn(lang, b.price);
  const left = Math.max(0, b.helpersNeeded - b.helps);
  const path = `/b/${b.id}`;
  const meta: Meta = {
    title: t.pageTitle(price, product.title),
    description: `${t.pageDescription(b.status === 'open' ? left : 0)} · ${product.title}`,
    ...cardMeta(c, `/card/b/${b.id}.png`, bargainCardVersion(product, b, now), `${product.title} · ${price}`),
    url: absolute(c, path),
    type: 'product',
  };
  const cut = Number(c.req.query('cut'));
  const err = pageError(c.req.query('error'));
  const notice = Number.isInteger(cut) && cut > 0 ? { kind: 'ok' as const, text: t.helped(moneyIn(lang, { amount: cut, currency: 'CNY' })) } : err ? { kind: 'error' as const, text: t.errors[err] } : undefined;
  const ref = c.req.query('ref');
  const buyHref = `/buy/${product.id}?bargain=${b.id}${b.variantId ? `&variant=${b.variantId}` : ''}`;
  c.header('cache-control', 'private, no-store');
  return html(
    c,
    <BargainPage
      meta={meta}
      bargain={b}
      product={product}
      viewer={{ signedIn: !!email, ...viewer }}
      share={{ path, url: meta.url, title: meta.title, text: meta.description, posterUrl: `${path}/poster.png`, headline: b.status === 'open' && left > 0 ? t.share.headline(left) : undefined }}
      now={now}
      buyHref={buyHref}
      productHref={withRef(`/p/${product.id}`, ref && ref.length <= 2000 ? ref : undefined)}
      notice={notice}
      login={opts.login}
    />,
    opts.status ?? 200,
  );
}

export const bargainPageRoutes = new Hono<Ctx>()
  .get('/card/b/:file', async (c) => {
    const id = png(c.req.param('file'));
    if (!id || !isBargainId(id)) return c.text('Not found', 404);
    const square = c.req.query('square') !== undefined;
    const name = square ? `b/${id}/square` : `b/${id}`;
    const v = c.req.query('v');
    const memo = v ? recentPng(name, v) : undefined;
    if (memo && v) return png200(c, memo, v, 'memo');
    return serve(c, name, await loadBargainCard(c.env, c.var.db, id, square));
  })
  .get('/b/:id/poster.png', async (c) => {
    const id = c.req.param('id');
    if (!isBargainId(id)) return c.text('Not found', 404);
    return serve(c, `poster/b/${id}`, await loadBargainPoster(c.env, c.var.db, id, new URL(c.req.url).origin));
  })
  .get('/b/:id', async (c) => {
    const b = await findBargain(c.env, c.var.db, c.req.param('id'));
    if (!b) return notFoundPage(c, messagesOf(c).bargain.missing);
    return renderBargain(c, b);
  })
  .post('/b/:id/help', sameOrigin, async (c) => {
    const id = c.req.param('id');
    const email = await buyerEmailOf(c);
    if (!isBargainId(id)) return notFoundPage(c);
    if (!email) return c.redirect(`/b/${id}?error=unauthorized`, 303);
    try {
      const r = await helpBargain(c.env, c.var.db, id, { email });
      return c.redirect(`/b/${id}?cut=${r.cut}`, 303);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status >= 500) throw e;
      return c.redirect(`/b/${id}?error=${e.code}`, 303);
    }
  })
  .post('/b/:id/login', sameOrigin, async (c) => {
    const b = await findBargain(c.env, c.var.db, c.req.param('id'));
    if (!b) return notFoundPage(c);
    const t = messagesOf(c).account.errors;
    const parsed = BuyerCodeBody.safeParse(await formOf(c));
    if (!parsed.success) return renderBargain(c, b, { login: { error: t.badEmail }, status: 400 });
    try {
      const queued = await requestBuyerCode(c.env, c.var.db(), { email: parsed.data.email, lang: pageLang(c), address: clientAddress(c.env, c.req.raw) });
      c.executionCtx.waitUntil(sendQueuedEmails(c.env, [queued]));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      return renderBargain(c, b, { login: { error: e.code === 'rate_limited' ? t.tooMany : t.failed }, status: e.status === 429 ? 429 : 400 });
    }
    return renderBargain(c, b, { login: { email: parsed.data.email } });
  })
  // The product page's 发起砍价: a signed-in buyer's bargain opens (or their open one is shown).
  .post('/b', sameOrigin, async (c) => {
    const f = await formOf(c);
    const productId = f.product ?? '';
    if (!ID_PATTERN.test(productId)) return notFoundPage(c);
    const email = await buyerEmailOf(c);
    const product = await getProductView(c.env, c.var.db, productId);
    if (!product || !product.active || !product.bargain) return notFoundPage(c, messagesOf(c).product.missing);
    if (!email) {
      c.header('cache-control', 'private, no-store');
      const meta: Meta = { title: `${messagesOf(c).bargain.signInToStart} · Pinlink`, description: product.title, url: absolute(c, `/p/${product.id}`) };
      return html(c, <BargainStartPage meta={meta} product={product} next={`/p/${product.id}`} />);
    }
    try {
      // A product with options posts the picker's values (o0, o1, …), or a variant id.
      const variantId = f.variant || (product.options.length > 0 ? variantFromQuery(product, (n) => f[n])?.id : undefined);
      const b = await openBargain(c.env, c.var.db(), { ownerEmail: email, productId, variantId, ref: f.ref || undefined, refCookie: getCookie(c, REF_COOKIE) });
      return c.redirect(`/b/${b.id}`, 303);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status >= 500) throw e;
      const existing = e.code === 'conflict' ? await openBargainOf(c.var.db(), email, productId) : null;
      if (existing) return c.redirect(`/b/${existing}?error=conflict`, 303);
      return c.redirect(`/p/${productId}`, 303);
    }
  })
  // The start page's sign-in (email step): the code step goes back to the product page.
  .post('/b/login', sameOrigin, async (c) => {
    const f = await formOf(c);
    const productId = /^\/p\/([A-Za-z0-9_]+)$/.exec(f.next ?? '')?.[1];
    const product = productId ? await getProductView(c.env, c.var.db, productId) : null;
    if (!product || !product.active) return notFoundPage(c);
    const t = messagesOf(c).account.errors;
    const meta: Meta = { title: `${messagesOf(c).bargain.signInToStart} · Pinlink`, description: product.title, url: absolute(c, `/p/${product.id}`) };
    c.header('cache-control', 'private, no-store');
    const parsed = BuyerCodeBody.safeParse(f);
    if (!parsed.success) return html(c, <BargainStartPage meta={meta} product={product} next={`/p/${product.id}`} error={t.badEmail} />, 400);
    try {
      const queued = await requestBuyerCode(c.env, c.var.db(), { email: parsed.data.email, lang: pageLang(c), address: clientAddress(c.env, c.req.raw) });
      c.executionCtx.waitUntil(sendQueuedEmails(c.env, [queued]));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      return html(c, <BargainStartPage meta={meta} product={product} next={`/p/${product.id}`} error={e.code === 'rate_limited' ? t.tooMany : t.failed} />, e.status === 429 ? 429 : 400);
    }
    return html(c, <BargainStartPage meta={meta} product={product} next={`/p/${product.id}`} email={parsed.data.email} />);
  });
