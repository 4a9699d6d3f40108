import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ErrorCode } from '../../../shared/errors';
import { LANG_COOKIE, pickLang, type Locale } from '../../../shared/i18n';
import { ErrorPage, errorTitle } from '../../pages/error';
import { InLang } from '../../pages/i18n';
import { ID_PATTERN } from '../../../shared/ids';
import { moneyIn } from '../../../shared/i18n';
import { messagesOf } from '../../language';
import type { Product } from '../../../shared/schemas';
import type { Ctx } from '../../middleware';
import { HomePage } from '../../pages/storefront/home';
import type { ShareInfo } from '../../pages/components';
import type { Meta } from '../../pages/layout';
import { cardMeta } from './card-meta';
import { productCardVersion, storefrontCardVersion } from '../../services/cards/card-version';
import { NotFoundPage } from '../../pages/not-found';
import { ProductPage } from '../../pages/storefront/product';
import { StorefrontPage } from '../../pages/storefront/storefront';
import { getHomeSnapshot, getProductView, getProductViews, withLiveStock } from '../../services/catalog/catalog';
import { listOpenGroups } from '../../services/catalog/group-listings';
import { cachedPage } from '../../services/catalog/page-cache';
import { listReviews } from '../../services/buyers/reviews';
import { getStorefrontSnapshot, getStorefrontPage } from '../../services/sellers/storefronts';
import { html, inLangOf } from '../html';

const absolute = (c: Context<Ctx>, path: string) => (/^https?:\/\//.test(path) ? path : new URL(path, c.req.url).toString());

/** The language of this request's page (the page middleware's pick; `pickLang` where it did not run). */
export const pageLang = (c: Context<Ctx>): Locale =>
  c.var.lang ?? pickLang({ query: c.req.query('lang'), cookie: getCookie(c, LANG_COOKIE), acceptLanguage: c.req.header('accept-language') });

export function errorPage(c: Context<Ctx>, code: ErrorCode, status: number, headers?: Record<string, string>) {
  const lang = pageLang(c);
  const meta: Meta = { title: `${errorTitle(lang, code)} · Pinlink`, description: errorTitle(lang, code), url: absolute(c, new URL(c.req.url).pathname) };
  if (headers) for (const [k, v] of Object.entries(headers)) c.header(k, v);
  c.header('cache-control', 'no-store');
  return c.html(
    <InLang lang={lang}>
      <ErrorPage meta={meta} lang={lang} code={code} requestId={c.var.requestId} />
    </InLang>,
    status as 400,
  );
}

export function notFoundPage(c: Context<Ctx>, message?: string) {
  const t = messagesOf(c).notFound;
  const meta: Meta = { title: t.title, description: t.description, url: absolute(c, new URL(c.req.url).pathname) };
  return html(c, <NotFoundPage meta={meta} message={message} />, 404);
}

function productMeta(c: Context<Ctx>, p: Product, canonicalPath: string, sellerName?: string, sellerHandle?: string): Meta {
  const t = messagesOf(c).catalog;
  const price = moneyIn(c.var.lang, p.groupBuy?.price ?? p.price);
  return {
    title: sellerName ? t.recommendsTitle(p.title, sellerName) : `${p.title} · Pinlink`,
    description: `${price}${p.groupBuy ? ` ${t.groupOfferShort(p.groupBuy.size)}` : ''} · ${p.description.slice(0, 120)}`,
    ...cardMeta(c, sellerHandle ? `/card/s/${sellerHandle}/p/${p.id}.png` : `/card/p/${p.id}.png`, productCardVersion(p, sellerName), p.title),
    url: absolute(c, canonicalPath),
    type: 'product',
  };
}

// Every shared page's sheet offers its poster: the page's path + /poster.png (routes/storefront/share-cards.ts).
const shareOf = (meta: Meta, path: string): ShareInfo => ({ path, url: meta.url, title: meta.title, text: meta.description, posterUrl: `${path}/poster.png` });

async function activeProduct(c: Context<Ctx>, id: string) {
  if (!ID_PATTERN.test(id)) return null;
  const p = await getProductView(c.env, c.var.db, id);
  return p && p.active ? p : null;
}

/**
 * A product with what changes without ops touching it: live availability from the Stock
 * object and the open groups from their KV listing. Page loaders run once per revalidation,
 * not per view, so neither is on the hot path; both are part of the cached page's version.
 */
async function liveProduct(c: Context<Ctx>, id: string) {
  const p = await activeProduct(c, id);
  if (!p) return null;
  const [product, openGroups, reviews] = await Promise.all([
    withLiveStock(c.env, p),
    p.groupBuy ? listOpenGroups(c.env, p.id) : [],
    listReviews(c.env, c.var.db, p.id),
  ]);
  return { product, openGroups, reviews };
}

export const pageRoutes = new Hono<Ctx>()
  .get('/', async (c) => {
    const snap = await getHomeSnapshot(c.env, c.var.db);
    const all = await getProductViews(c.env, c.var.db, snap.categories.flatMap((s) => s.productIds));
    const byId = new Map(all.map((p) => [p.id, p]));
    const sections = snap.categories
      .map((s) => ({ category: s.category, products: s.productIds.map((id) => byId.get(id)).filter((p): p is Product => !!p) }))
      .filter((s) => s.products.length > 0);
    const t = messagesOf(c).site;
    const meta: Meta = {
      title: t.homeTitle,
      description: t.homeDescription,
      image: all[0]?.images[0] ? absolute(c, all[0].images[0]) : undefined,
      url: absolute(c, '/'),
    };
    return html(c, <HomePage meta={meta} sections={sections} />);
  })
  .get('/p/:id', async (c) => {
    const id = c.req.param('id');
    const page = await cachedPage(c, `p/${id}`, async () => {
      const live = await liveProduct(c, id);
      if (!live) return null;
      const { product: p, openGroups, reviews } = live;
      return {
        version: live,
        tags: [`p:${p.id}`],
        render: () => {
          const meta = productMeta(c, p, `/p/${p.id}`);
          return inLangOf(c, <ProductPage meta={meta} product={p} share={shareOf(meta, `/p/${p.id}`)} openGroups={openGroups} reviews={reviews} now={Date.now()} />);
        },
      };
    });
    return page ?? notFoundPage(c, messagesOf(c).product.missing);
  })
  .get('/:at{@[a-z0-9_]{3,30}}', async (c) => {
    const handle = c.req.param('at').slice(1);
    const cached = await cachedPage(c, `sf/${handle}`, async () => {
      const page = await getStorefrontPage(c.env, c.var.db, handle);
      if (!page) return null;
      const s = page.storefront;
      const t = messagesOf(c).catalog;
      const meta: Meta = {
        title: t.storefrontTitle(s.displayName),
        description: s.bio || t.storefrontDescription(s.displayName, s.handle),
        ...cardMeta(c, `/card/s/${s.handle}.png`, storefrontCardVersion(page), s.displayName),
        url: absolute(c, `/@${s.handle}`),
        type: 'profile',
      };
      const tags = [`sf:${handle}`, ...s.productIds.map((id) => `p:${id}`)];
      return { version: page, tags, render: () => inLangOf(c, <StorefrontPage meta={meta} storefront={s} products={page.products} share={shareOf(meta, `/@${s.handle}`)} />) };
    });
    return cached ?? notFoundPage(c, messagesOf(c).notFound.noStorefront);
  })
  .get('/:at{@[a-z0-9_]{3,30}}/p/:id', async (c) => {
    const handle = c.req.param('at').slice(1);
    const id = c.req.param('id');
    const cached = await cachedPage(c, `sf/${handle}/p/${id}`, async () => {
      const [sf, live] = await Promise.all([getStorefrontSnapshot(c.env, c.var.db, handle), liveProduct(c, id)]);
      if (!sf || !live) return null;
      const { product: p, openGroups, reviews } = live;
      const seller = { handle: sf.handle, displayName: sf.displayName, avatarUrl: sf.avatarUrl, bio: sf.bio, note: sf.notes?.[p.id] };
      const path = `/@${sf.handle}/p/${p.id}`;
      const meta = productMeta(c, p, path, sf.displayName, sf.handle);
      const render = () => inLangOf(c, <ProductPage meta={meta} product={p} seller={seller} share={shareOf(meta, path)} openGroups={openGroups} reviews={reviews} now={Date.now()} />);
      return { version: [sf, live], tags: [`sf:${handle}`, `p:${p.id}`], render };
    });
    return cached ?? notFoundPage(c);
  });
