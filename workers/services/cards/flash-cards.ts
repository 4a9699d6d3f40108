// A flash sale's (秒杀) pictures: its share card, its square thumbnail and its poster, with the
// sale price over the regular one and when it opens. The sale comes from its object, never
// Postgres; the version changes with what is drawn (price, status, start), not with every unit sold.
import { shortLocal } from '../../../shared/promotions/local-time';
import { storeTimeZone } from '../../../shared/program/periods';
import type { FlashSaleView } from '../../../shared/promotions/flash-sale-schemas';
import type { Product } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import { getProductView, type LazyDb } from '../catalog/catalog';
import { getFlashSale } from '../promotions/flash-sales';
import { renderPng } from './card-engine';
import { fingerprint, productCardVersion } from './card-version';
import { CARD, flashCard, POSTER, poster, SQUARE, squareCard } from './share-card-layouts';
import { pictureOf, qrDataUri, type Loaded } from './share-cards';

interface SaleShown {
  sale: FlashSaleView;
  product: Product;
  regularAmount: number;
  line: string;
}

async function shown(env: AppEnv, db: LazyDb, id: string, now: number): Promise<SaleShown | null> {
  const sale = await getFlashSale(env, id, now).catch(() => null);
  const product = sale ? await getProductView(env, db, sale.productId) : null;
  if (!sale || !product || !product.active) return null;
  const v = sale.variantId ? product.variants.find((x) => x.id === sale.variantId) : undefined;
  return { sale, product, regularAmount: (v?.price ?? product.price).amount, line: flashCardLine(env, sale) };
}

/** The card's one line of state (cards speak Chinese, as every share card does). */
export const flashCardLine = (env: Pick<AppEnv, 'STORE_TIMEZONE'>, sale: Pick<FlashSaleView, 'status' | 'startsAt'>) =>
  sale.status === 'upcoming' ? `${shortLocal(sale.startsAt, storeTimeZone(env.STORE_TIMEZONE))} 开抢` : sale.status === 'ongoing' ? '正在抢购' : sale.status === 'sold_out' ? '已抢光' : '已结束';

/** What the pictures draw, so the page's og:image URL names exactly this content. */
export const flashCardVersion = (s: Pick<SaleShown, 'sale' | 'product' | 'line'>) => fingerprint(['t', productCardVersion(s.product), s.sale.id, s.sale.price.amount, s.line]);

export async function loadFlashCard(env: AppEnv, db: LazyDb, id: string, square: boolean, now = Date.now()): Promise<Loaded | null> {
  const s = await shown(env, db, id, now);
  if (!s) return null;
  const pic = () => pictureOf(s.product.images[0], s.product.title);
  const draw = square
    ? async () => renderPng(env, squareCard(await pic(), `秒杀 ${s.line}`), SQUARE.width, SQUARE.height)
    : async () => renderPng(env, flashCard(s.product, await pic(), { priceAmount: s.sale.price.amount, regularAmount: s.regularAmount, line: s.line }), CARD.width, CARD.height);
  return { version: flashCardVersion(s), size: square ? SQUARE : CARD, draw };
}

export async function loadFlashPoster(env: AppEnv, db: LazyDb, id: string, origin: string, now = Date.now()): Promise<Loaded | null> {
  const s = await shown(env, db, id, now);
  if (!s) return null;
  const url = `${origin}/flash/${s.sale.id}`;
  const draw = async () =>
    renderPng(
      env,
      poster({ product: s.product, pic: await pictureOf(s.product.images[0], s.product.title), groupPrice: s.sale.price.amount, headline: `限时秒杀 · ${s.line}`, qr: qrDataUri(url), caption: '限时秒杀 · 手慢无' }),
      POSTER.width,
      POSTER.height,
    );
  return { version: fingerprint([flashCardVersion(s), url]), size: POSTER, draw };
}
