// The pictures themselves: 1200×630 share cards and 750×1334 posters, as satori element trees.
// Every string arrives from the catalog, so nothing here trusts its length.
import { formatMoney } from '../../../shared/money';
import type { Product } from '../../../shared/schemas';
import { h, img, type El } from './card-engine';

export const CARD = { width: 1200, height: 630 } as const;
export const POSTER = { width: 750, height: 1334 } as const;
const RED = '#e4393c';

export const cut = (s: string, n: number) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n - 1).join('')}…` : s);
export const yuan = (amount: number) => formatMoney({ amount, currency: 'CNY' });

/** A product's picture, or a clean placeholder with its first characters when it has none. */
export interface Picture {
  /** data: URI of a PNG/JPEG the engine can draw, when there is one. */
  src?: string;
  colors: [string, string];
  label: string;
}

function picture(p: Picture, size: number, radius = 24): El {
  if (p.src) return img(p.src, size, size, { borderRadius: radius });
  return h(
    'div',
    // Small pictures (avatars) show one character; large ones the whole label, wrapped.
    { width: size, height: size, borderRadius: radius, backgroundImage: `linear-gradient(135deg, ${p.colors[0]}, ${p.colors[1]})`, alignItems: 'center', justifyContent: 'center', textAlign: 'center', padding: size < 200 ? 0 : Math.round(size / 10), color: '#fff', fontSize: size < 200 ? Math.round(size / 2) : Math.round(size / 9) },
    size < 200 ? Array.from(p.label)[0] ?? '' : Array.from(p.label).slice(0, 24).join(''),
  );
}

export const brand = (size = 30) => h('div', { fontSize: size, color: RED }, 'Pinlink 拼链');

/** " 起" (from) after a price when the product's variants cost different amounts. */
const from = (p: Product) => (p.priceRange && p.priceRange.max.amount > p.priceRange.min.amount ? ' 起' : '');

function priceLine(p: Product, groupPrice?: number): El {
  const gp = groupPrice ?? p.groupBuy?.price.amount;
  return h(
    'div',
    { alignItems: 'flex-end', gap: 16 },
    h('div', { fontSize: 64, color: RED }, yuan(gp ?? p.price.amount) + (groupPrice === undefined ? from(p) : '')),
    gp !== undefined ? h('div', { fontSize: 30, color: '#999', textDecoration: 'line-through', marginBottom: 10 }, yuan(p.price.amount)) : null,
  );
}

const pill = (text: string, size = 30) => h('div', { backgroundColor: '#fff0f0', color: RED, borderRadius: 12, padding: '6px 18px', fontSize: size }, text);

/** The wide card's frame: the picture on the left, a column of `right` beside it. */
export const wide = (pic: Picture, ...right: (El | null)[]): El =>
  h(
    'div',
    { width: CARD.width, height: CARD.height, backgroundColor: '#fff', padding: 48, gap: 48, fontFamily: 'Noto Sans SC' },
    picture(pic, 534),
    h('div', { flexDirection: 'column', flex: 1, justifyContent: 'space-between' }, ...right),
  );

export function productCard(p: Product, pic: Picture, seller?: { displayName: string }): El {
  return wide(
    pic,
    h(
      'div',
      { flexDirection: 'column', gap: 20 },
      seller ? pill(`${cut(seller.displayName, 12)} 推荐`) : null,
      h('div', { fontSize: 48, color: '#1d1d1f', lineHeight: 1.3 }, cut(p.title, 30)),
      p.groupBuy ? pill(`${p.groupBuy.size}人拼团`) : null,
    ),
    h('div', { flexDirection: 'column', gap: 12 }, priceLine(p), brand()),
  );
}

export function storefrontCard(s: { displayName: string; handle: string; bio: string }, avatar: Picture, picks: { product: Product; pic: Picture }[]): El {
  return h(
    'div',
    { width: CARD.width, height: CARD.height, backgroundColor: '#fff', padding: 48, flexDirection: 'column', justifyContent: 'space-between', fontFamily: 'Noto Sans SC' },
    h(
      'div',
      { gap: 28, alignItems: 'center' },
      picture(avatar, 120, 60),
      h('div', { flexDirection: 'column', gap: 6, flex: 1 }, h('div', { fontSize: 48 }, `${cut(s.displayName, 16)} 的小店`), h('div', { fontSize: 28, color: '#888' }, cut(s.bio || `@${s.handle}`, 34))),
    ),
    h(
      'div',
      { gap: 32 },
      ...picks.slice(0, 3).map(({ product, pic }) =>
        h('div', { flexDirection: 'column', gap: 8, width: 341 }, picture(pic, 260, 20), h('div', { fontSize: 26, color: RED }, yuan(product.groupBuy?.price.amount ?? product.price.amount) + from(product))),
      ),
    ),
    brand(),
  );
}

export interface GroupState {
  size: number;
  members: number;
  status: string;
  expiresAt: string;
  priceAmount: number;
}

export function groupLines(g: GroupState, now: number): { need: string; left: string } {
  const need = g.status === 'open' ? `还差 ${Math.max(0, g.size - g.members)} 人` : g.status === 'succeeded' ? '已成团' : '已结束';
  const mins = Math.max(0, Math.round((Date.parse(g.expiresAt) - now) / 60_000));
  const left = g.status !== 'open' ? '' : mins >= 60 ? `剩 ${Math.floor(mins / 60)} 小时 ${mins % 60} 分` : `剩 ${mins} 分钟`;
  return { need, left };
}

export function groupCard(p: Product, pic: Picture, g: GroupState, now: number): El {
  const { need, left } = groupLines(g, now);
  return wide(
    pic,
    h('div', { fontSize: 44, lineHeight: 1.3 }, cut(p.title, 24)),
    h(
      'div',
      { flexDirection: 'column', gap: 14 },
      h('div', { fontSize: 40, color: '#1d1d1f' }, `${g.members}/${g.size} 人已拼`),
      h('div', { fontSize: 56, color: RED }, need),
      left ? h('div', { fontSize: 30, color: '#888' }, left) : null,
    ),
    h('div', { flexDirection: 'column', gap: 12 }, priceLine(p, g.priceAmount), brand()),
  );
}

export interface PosterInput {
  product?: Product;
  pic?: Picture;
  picks?: { product: Product; pic: Picture }[];
  groupPrice?: number;
  seller?: { displayName: string; avatar: Picture };
  headline?: string;
  /** data: URI of the QR code's SVG. */
  qr: string;
  caption: string;
}

export function poster(i: PosterInput): El {
  return h(
    'div',
    { width: POSTER.width, height: POSTER.height, backgroundColor: '#fff7f5', padding: 40, flexDirection: 'column', gap: 28, fontFamily: 'Noto Sans SC' },
    i.seller
      ? h('div', { gap: 20, alignItems: 'center' }, picture(i.seller.avatar, 88, 44), h('div', { fontSize: 34 }, `${cut(i.seller.displayName, 14)} 推荐`))
      : brand(36),
    i.product && i.pic
      ? h(
          'div',
          { flexDirection: 'column', gap: 16, backgroundColor: '#fff', borderRadius: 24, padding: 24 },
          // Leaves room for the seller's header, two lines of title and the headline above the QR code.
          h('div', { justifyContent: 'center' }, picture(i.pic, i.headline ? 500 : 580, 20)),
          h('div', { fontSize: 36, lineHeight: 1.3 }, cut(i.product.title, 36)),
          priceLine(i.product, i.groupPrice),
          i.headline ? h('div', { fontSize: 36, color: RED }, i.headline) : null,
        )
      : h(
          'div',
          { flexWrap: 'wrap', gap: 22, backgroundColor: '#fff', borderRadius: 24, padding: 24 },
          ...(i.picks ?? []).slice(0, 4).map(({ product, pic }) =>
            h('div', { flexDirection: 'column', gap: 6, width: 289 }, picture(pic, 289, 16), h('div', { fontSize: 26 }, cut(product.title, 10)), h('div', { fontSize: 28, color: RED }, yuan(product.groupBuy?.price.amount ?? product.price.amount) + from(product))),
          ),
        ),
    h(
      'div',
      { alignItems: 'center', gap: 28, marginTop: 'auto' },
      img(i.qr, 220, 220, { objectFit: 'contain', backgroundColor: '#fff' }),
      h('div', { flexDirection: 'column', gap: 10, flex: 1 }, h('div', { fontSize: 32 }, '长按识别二维码'), h('div', { fontSize: 26, color: '#888' }, i.caption), brand(30)),
    ),
  );
}

export const SQUARE = { width: 600, height: 600 } as const;

/**
 * The square thumbnail WeChat's in-app browser takes from the first large image of a page when
 * it shares the page as a link: the picture, with one line (price or name) across its foot.
 */
export function squareCard(pic: Picture, line: string): El {
  return h(
    'div',
    { width: SQUARE.width, height: SQUARE.height, position: 'relative', backgroundColor: '#fff', fontFamily: 'Noto Sans SC' },
    picture(pic, SQUARE.width, 0),
    h('div', { position: 'absolute', left: 0, right: 0, bottom: 0, height: 96, backgroundColor: 'rgba(0,0,0,0.45)', color: '#fff', fontSize: 44, alignItems: 'center', justifyContent: 'center' }, cut(line, 14)),
  );
}

/** A flash sale's card (秒杀): the sale price over the regular one, and when it opens or that it is on. */
export function flashCard(p: Product, pic: Picture, sale: { priceAmount: number; regularAmount: number; line: string }): El {
  return wide(
    pic,
    h('div', { flexDirection: 'column', gap: 20 }, pill('限时秒杀'), h('div', { fontSize: 44, lineHeight: 1.3 }, cut(p.title, 24))),
    h('div', { fontSize: 48, color: RED }, sale.line),
    h(
      'div',
      { flexDirection: 'column', gap: 12 },
      h('div', { alignItems: 'flex-end', gap: 16 }, h('div', { fontSize: 64, color: RED }, yuan(sale.priceAmount)), h('div', { fontSize: 30, color: '#999', textDecoration: 'line-through', marginBottom: 10 }, yuan(sale.regularAmount))),
      brand(),
    ),
  );
}
