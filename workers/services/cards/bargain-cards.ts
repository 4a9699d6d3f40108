// A bargain's share card (1200×630), its square WeChat thumbnail and its poster with a QR code:
// the live price, the cuts still needed and the time left, drawn by the card engine like a group's.
import { renderSVG } from 'uqr';
import type { BargainView } from '../../../shared/promotions/bargain-schemas';
import type { Product } from '../../../shared/schemas';
import type { AppEnv } from '../../env';
import { getProductView, type LazyDb } from '../catalog/catalog';
import { bargainOrigin, findBargain } from '../promotions/bargains';
import { findSellerById } from '../../storage/sellers/accounts-repo';
import { getStorefrontSnapshot } from '../sellers/storefronts';
import { h, renderPng, type El } from './card-engine';
import { fingerprint, productCardVersion, timeBucket } from './card-version';
import { pictureOf } from './share-cards';
import { CARD, POSTER, SQUARE, brand, cut, poster, squareCard, wide, yuan, type Picture } from './share-card-layouts';

const RED = '#e4393c';

interface Loaded {
  version: string;
  draw: () => Promise<Uint8Array>;
  size: { width: number; height: number };
}

/** "还差 3 刀" / "已砍到底价" and "剩 5 小时 2 分". */
export function bargainLines(b: Pick<BargainView, 'status' | 'helps' | 'helpersNeeded' | 'expiresAt'>, now: number): { need: string; left: string } {
  const need =
    b.status === 'open' ? `还差 ${Math.max(0, b.helpersNeeded - b.helps)} 刀` : b.status === 'expired' ? '砍价已结束' : '已砍到底价';
  const mins = Math.max(0, Math.round((Date.parse(b.expiresAt) - now) / 60_000));
  const left = b.status !== 'open' ? '' : mins >= 60 ? `剩 ${Math.floor(mins / 60)} 小时 ${mins % 60} 分` : `剩 ${mins} 分钟`;
  return { need, left };
}

/** What the card draws: the page's og:image `?v=`, so a cut turns the card over. */
export const bargainCardVersion = (p: Product, b: BargainView, now: number) =>
  fingerprint(['b', productCardVersion(p), b.id, b.price.amount, b.helps, b.helpersNeeded, b.status, b.expiresAt, timeBucket(now)]);

function priceNow(b: BargainView): El {
  return h(
    'div',
    { alignItems: 'flex-end', gap: 16 },
    h('div', { fontSize: 64, color: RED }, yuan(b.price.amount)),
    b.price.amount < b.startPrice.amount ? h('div', { fontSize: 30, color: '#999', textDecoration: 'line-through', marginBottom: 10 }, yuan(b.startPrice.amount)) : null,
  );
}

export function bargainCard(p: Product, pic: Picture, b: BargainView, now: number): El {
  const { need, left } = bargainLines(b, now);
  return wide(
    pic,
    h('div', { flexDirection: 'column', gap: 12 }, h('div', { fontSize: 32, color: '#888' }, `${cut(b.ownerName, 12)} 邀你帮砍一刀`), h('div', { fontSize: 44, lineHeight: 1.3 }, cut(p.title, 24))),
    h(
      'div',
      { flexDirection: 'column', gap: 14 },
      h('div', { fontSize: 36, color: '#1d1d1f' }, `已砍 ${b.helps}/${b.helpersNeeded} 刀 · 底价 ${yuan(b.floorPrice.amount)}`),
      h('div', { fontSize: 56, color: RED }, need),
      left ? h('div', { fontSize: 30, color: '#888' }, left) : null,
    ),
    h('div', { flexDirection: 'column', gap: 12 }, priceNow(b), brand()),
  );
}

async function loadParts(env: AppEnv, db: LazyDb, id: string) {
  const b = await findBargain(env, db, id);
  const p = b ? await getProductView(env, db, b.productId) : null;
  return b && p && p.active ? { b, p } : null;
}

export async function loadBargainCard(env: AppEnv, db: LazyDb, id: string, square: boolean, now = Date.now()): Promise<Loaded | null> {
  const parts = await loadParts(env, db, id);
  if (!parts) return null;
  const { b, p } = parts;
  const version = bargainCardVersion(p, b, now);
  if (square) {
    return { version, size: SQUARE, draw: async () => renderPng(env, squareCard(await pictureOf(p.images[0], p.title), `${yuan(b.price.amount)} · ${bargainLines(b, now).need}`), SQUARE.width, SQUARE.height) };
  }
  return { version, size: CARD, draw: async () => renderPng(env, bargainCard(p, await pictureOf(p.images[0], p.title), b, now), CARD.width, CARD.height) };
}

const qrDataUri = (url: string) => `data:image/svg+xml;base64,${btoa(renderSVG(url, { ecc: 'M', border: 2 }))}`;

/** The portrait poster: the live price, the cuts to go, and a QR code to the bargain page. */
export async function loadBargainPoster(env: AppEnv, db: LazyDb, id: string, origin: string, now = Date.now()): Promise<Loaded | null> {
  const parts = await loadParts(env, db, id);
  if (!parts) return null;
  const { b, p } = parts;
  const url = `${origin}/b/${b.id}`;
  // The persona of the seller whose link brought the owner: the bargain spreads on their trust.
  const origin_ = await bargainOrigin(db(), b.id);
  const handle = origin_ ? ((await findSellerById(db(), origin_.sellerId))?.handle ?? null) : null;
  const sf = handle ? await getStorefrontSnapshot(env, db, handle) : null;
  const draw = async () => {
    const { need, left } = bargainLines(b, now);
    const seller = sf ? { displayName: sf.displayName, avatar: await pictureOf(sf.avatarUrl, sf.displayName) } : undefined;
    const el = poster({ product: p, pic: await pictureOf(p.images[0], p.title), groupPrice: b.price.amount, headline: [need, left].filter(Boolean).join(' · '), seller, qr: qrDataUri(url), caption: `帮 ${cut(b.ownerName, 8)} 砍一刀` });
    return renderPng(env, el, POSTER.width, POSTER.height);
  };
  return { version: fingerprint([bargainCardVersion(p, b, now), url, sf?.displayName ?? null, sf?.avatarUrl ?? null]), size: POSTER, draw };
}
