// /flash and /flash/:id: the buyer's flash-sale pages. A sale's page reads the sale from its
// object (no Postgres), so a burst on the page at the start costs what a burst on the API does.
import { Hono, type Context } from 'hono';
import { ID_PATTERN } from '../../../../shared/ids';
import { storeTimeZone } from '../../../../shared/program/periods';
import type { FlashSaleView } from '../../../../shared/promotions/flash-sale-schemas';
import { shortLocal } from '../../../../shared/promotions/local-time';
import type { Product } from '../../../../shared/schemas';
import { ApiError } from '../../../../shared/errors';
import type { Ctx } from '../../../middleware';
import { FlashListPage, flashPageText, FlashSalePage, type SaleCard } from '../../../pages/storefront/flash';
import type { Meta } from '../../../pages/layout';
import { flashCardLine, flashCardVersion } from '../../../services/cards/flash-cards';
import { getProductView, getProductViews } from '../../../services/catalog/catalog';
import { getFlashSale, listFlashSales } from '../../../services/promotions/flash-sales';
import { html } from '../../html';
import { cardMeta } from '../card-meta';
import { notFoundPage } from '../catalog-pages';

type C = Context<Ctx>;
const absolute = (c: C, path: string) => new URL(path, c.req.url).toString();

function cardOf(c: C, sale: FlashSaleView, product: Product): SaleCard {
  const v = sale.variantId ? product.variants.find((x) => x.id === sale.variantId) : undefined;
  const label = v ? `${product.title} · ${product.options.map((o) => v.options[o.name]).join(' / ')}` : product.title;
  return { sale, product, regularAmount: (v?.price ?? product.price).amount, label, startsLocal: shortLocal(sale.startsAt, storeTimeZone(c.env.STORE_TIMEZONE)) };
}

export const flashPageRoutes = new Hono<Ctx>()
  .get('/flash', async (c) => {
    const now = Date.now();
    const sales = await listFlashSales(c.env, c.var.db(), undefined, now);
    const products = new Map((await getProductViews(c.env, c.var.db, [...new Set(sales.map((s) => s.productId))])).map((p) => [p.id, p]));
    const cards = sales.flatMap((s) => (products.has(s.productId) ? [cardOf(c, s, products.get(s.productId)!)] : []));
    const t = flashPageText(c.var.lang);
    const meta: Meta = { title: `${t.title} · Pinlink`, description: t.intro, url: absolute(c, '/flash') };
    c.header('cache-control', 'no-store');
    return html(c, <FlashListPage meta={meta} serverNow={new Date(now).toISOString()} cards={cards} />);
  })
  .get('/flash/:id', async (c) => {
    const id = c.req.param('id');
    const t = flashPageText(c.var.lang);
    if (!ID_PATTERN.test(id)) return notFoundPage(c, t.missing);
    const now = Date.now();
    let sale: FlashSaleView;
    try {
      sale = await getFlashSale(c.env, id, now);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_found') return notFoundPage(c, t.missing);
      throw e;
    }
    const product = await getProductView(c.env, c.var.db, sale.productId);
    if (!product || !product.active) return notFoundPage(c, t.missing);
    const card = cardOf(c, sale, product);
    const path = `/flash/${sale.id}`;
    const meta: Meta = {
      title: `${t.title} · ${card.label}`,
      description: `${t.statuses[sale.status]} · ${t.left(sale.remaining, sale.quantity)}`,
      ...cardMeta(c, `/card/t/${sale.id}.png`, flashCardVersion({ sale, product, line: flashCardLine(c.env, sale) }), card.label),
      url: absolute(c, path),
      type: 'product',
    };
    const q = new URLSearchParams({ flashSale: sale.id, ...(sale.variantId ? { variant: sale.variantId } : {}) });
    const ref = c.req.query('ref');
    if (ref && ref.length <= 2000) q.set('ref', ref);
    c.header('cache-control', 'no-store');
    return html(
      c,
      <FlashSalePage
        meta={meta}
        serverNow={new Date(now).toISOString()}
        card={card}
        buyHref={`/buy/${product.id}?${q.toString()}`}
        share={{ path, url: meta.url, title: meta.title, text: meta.description, posterUrl: `/flash/${sale.id}/poster.png` }}
      />,
    );
  });
